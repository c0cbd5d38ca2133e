// Who is signed in and what their role may do (GET /me), the organization's time zone for
// dates, sign-in and sign-out. Menus and buttons ask can(permission); the server enforces it
// again on every call.
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { api } from '../api/client.ts';
import { unwrap } from '../api/errors.ts';
import { session } from './session.ts';

export type Permission =
  | 'org.read'
  | 'org.write'
  | 'program.read'
  | 'program.write'
  | 'guests.read'
  | 'guests.write'
  | 'balances.adjust'
  | 'integration.read'
  | 'integration.write'
  | 'reports.read'
  | 'users.manage'
  | 'audit.read'
  | 'installation.manage';

export interface Me {
  user_id: number;
  /** null for the installation's operator, who is in no organization. */
  org_id: number | null;
  scope: 'organization' | 'installation';
  name: string;
  role: string;
  permissions: Permission[];
}

interface Auth {
  me: Me | null;
  /** The organization's IANA time zone: every date on screen is shown in it. */
  timeZone: string;
  orgName: string;
  loading: boolean;
  can: (p: Permission) => boolean;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [org, setOrg] = useState({ timeZone: 'Europe/Moscow', name: '' });
  const [loading, setLoading] = useState(() => session.token() !== null);

  const load = useCallback(async () => {
    if (!session.token()) {
      setMe(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    try {
      const who = await unwrap<Me>(api.GET('/api/admin/v1/me'));
      // The installation's operator has no organization to read (and may not read one).
      const inOrg = who.scope !== 'installation';
      const [o, restaurants] = await Promise.all([
        inOrg
          ? unwrap<{ name: string }>(api.GET('/api/admin/v1/organization')).catch(() => null)
          : null,
        inOrg
          ? unwrap<{ rows: { time_zone: string }[] }>(api.GET('/api/admin/v1/restaurants')).catch(
              () => null,
            )
          : null,
      ]);
      setMe(who);
      // The organization's zone is its restaurants' (the first one's when they differ).
      setOrg({
        timeZone: restaurants?.rows[0]?.time_zone ?? 'Europe/Moscow',
        name: o?.name ?? '',
      });
    } catch {
      setMe(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
    return session.onExpire(() => setMe(null));
  }, [load]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const r = await unwrap<{ token: string }>(
        api.POST('/api/admin/v1/auth/login', { body: { email, password } }),
      );
      session.set(r.token);
      await load();
    },
    [load],
  );

  const signOut = useCallback(async () => {
    await api.POST('/api/admin/v1/auth/logout').catch(() => undefined);
    session.clear();
    setMe(null);
  }, []);

  const value = useMemo<Auth>(
    () => ({
      me,
      loading,
      timeZone: org.timeZone,
      orgName: org.name,
      can: (p) => me?.permissions.includes(p) ?? false,
      signIn,
      signOut,
    }),
    [me, loading, org, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
