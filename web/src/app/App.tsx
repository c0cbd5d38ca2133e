// Routes: the login page, and behind it the shell with one route per section (sections/index.ts).
import { lazy, Suspense, useEffect } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { SECTIONS, type Section } from '../sections/index.ts';
import { useAuth } from './auth.tsx';
import { session } from './session.ts';
import { LoginPage } from './LoginPage.tsx';
import { SetupPage } from './SetupPage.tsx';
import { Shell } from './Shell.tsx';
import { Loading, Notice } from '../ui/status.tsx';
import { ErrorBoundary } from '../ui/ErrorBoundary.tsx';

const pages = new Map(SECTIONS.map((s) => [s.path, lazy(s.load)]));

/** Where the person was, so that signing in again brings them back. */
export function here(loc: { pathname: string; search: string }): string {
  return encodeURIComponent(loc.pathname + loc.search);
}

function RequireAuth({ children }: { children: React.ReactNode }) {
  const { me, loading } = useAuth();
  const loc = useLocation();
  if (loading) return <Loading />;
  if (!me) return <Navigate to={`/login?next=${here(loc)}`} replace />;
  return children;
}

/** Sends the person to the login page when the server ends the session mid-work. */
function SessionWatcher() {
  const navigate = useNavigate();
  const loc = useLocation();
  useEffect(
    () =>
      session.onExpire(() => {
        if (loc.pathname !== '/login' && loc.pathname !== '/setup')
          navigate(`/login?next=${here(loc)}`, { replace: true });
      }),
    [navigate, loc],
  );
  return null;
}

function SectionPage({ section }: { section: Section }) {
  const { can } = useAuth();
  const Page = pages.get(section.path);
  if (!can(section.permission) || !Page) return <Notice kind="forbidden" />;
  return (
    <ErrorBoundary key={section.path}>
      <Suspense fallback={<Loading />}>
        <Page />
      </Suspense>
    </ErrorBoundary>
  );
}

/** The first section the role may open. */
function Home() {
  const { can } = useAuth();
  const first = SECTIONS.find((s) => can(s.permission));
  return first ? <Navigate to={`/${first.path}`} replace /> : <Notice kind="forbidden" />;
}

export function App() {
  return (
    <>
      <SessionWatcher />
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/setup" element={<SetupPage />} />
        <Route
          element={
            <RequireAuth>
              <Shell />
            </RequireAuth>
          }
        >
          <Route index element={<Home />} />
          {SECTIONS.map((s) => (
            <Route key={s.path} path={`${s.path}/*`} element={<SectionPage section={s} />} />
          ))}
          <Route path="*" element={<Notice kind="notFound" />} />
        </Route>
      </Routes>
    </>
  );
}
