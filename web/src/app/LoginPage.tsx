// Вход: e-mail and password; the server's answer shown as it is meant — a wrong password, or
// the lockout after five failures; after sign-in, back to where the
// person was (?next=), e.g. when their session expired mid-work.
import { useRef, useState, type FormEvent } from 'react';
import {
  Alert,
  Anchor,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiFailure } from '../api/errors.ts';
import { useI18n, type Lang } from '../i18n/index.tsx';
import { useAuth } from './auth.tsx';
import { session } from './session.ts';

/** The server's sign-in policy: five failures lock an address for a quarter of an hour. */
const LOCK_AFTER = 5;
const LOCK_MINUTES = 15;

/** Only a path inside the cabinet: never another site. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login')
    ? next
    : '/';
}

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { me, signIn } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Counts failed tries, so the same message after another try is seen as new (and tested).
  const [tries, setTries] = useState(0);
  const failures = useRef(new Map<string, number>());
  const next = safeNext(params.get('next'));
  const reason = session.ended();

  if (me) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (err) {
      setPassword('');
      setTries((n) => n + 1);
      // The server answers every refusal alike (it does not tell a locked address from a
      // wrong password); the cabinet counts this tab's failures for the address and, at the
      // policy's fifth, says plainly that the address is now locked.
      const key = email.trim().toLowerCase();
      const failed = (failures.current.get(key) ?? 0) + 1;
      failures.current.set(key, failed);
      if (err instanceof ApiFailure && err.code === 'invalid_credentials') {
        setError(failed >= LOCK_AFTER ? t('login.locked', { minutes: LOCK_MINUTES }) : err.message);
      } else {
        setError(err instanceof Error ? err.message : String(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w="100%" maw={400}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group justify="space-between">
              <Title order={1} size="h3">
                {t('login.title')}
              </Title>
              <SegmentedControl
                size="xs"
                value={lang}
                onChange={(v) => setLang(v as Lang)}
                aria-label={t('app.language')}
                data={[
                  { value: 'ru', label: 'RU' },
                  { value: 'en', label: 'EN' },
                ]}
              />
            </Group>
            {reason === 'expired' && (
              <Alert color="yellow" role="status">
                {t('login.expired')}
              </Alert>
            )}
            {reason === 'logout' && (
              <Alert color="gray" role="status">
                {t('login.loggedOut')}
              </Alert>
            )}
            <TextInput
              label={t('login.email')}
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label={t('login.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            {error && (
              <Alert color="red" role="alert" data-testid="login-error" data-try={tries}>
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy} disabled={!email || !password}>
              {t('login.submit')}
            </Button>
            <Text size="xs" c="dimmed">
              {t('login.hint')}{' '}
              <Anchor href="/docs" size="xs">
                API
              </Anchor>
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
