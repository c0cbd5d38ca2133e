// Установка пароля: the page of a one-time set-up link (/setup#kps_…). The token is in the
// fragment, so it never reaches a server log; the page asks what the link is for, takes the
// password (and, for the installation's first operator, e-mail and name), then signs in.
import { useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { unwrap } from '../api/errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { useSubmit } from '../ui/useSubmit.ts';
import { Loading } from '../ui/status.tsx';
import { useAuth } from './auth.tsx';

interface Setup {
  purpose: 'first_operator' | 'user';
  email: string | null;
  organization: string | null;
  expires_at: string;
}

export function SetupPage() {
  const { t } = useI18n();
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [token] = useState(() => window.location.hash.slice(1));
  const [setup, setSetup] = useState<Setup | null | 'invalid'>(null);
  const [form, setForm] = useState({ email: '', name: '', password: '' });
  const { submit, busy, fieldError, formError } = useSubmit();

  useEffect(() => {
    unwrap<Setup>(api.POST('/api/admin/v1/auth/password-setup/check', { body: { token } })).then(
      setSetup,
      () => setSetup('invalid'),
    );
  }, [token]);

  if (setup === null) return <Loading />;
  const first = setup !== 'invalid' && setup.purpose === 'first_operator';
  const save = async () => {
    const ok = await submit(async () => {
      const done = await unwrap<{ email: string }>(
        api.POST('/api/admin/v1/auth/password-setup', {
          body: {
            token,
            password: form.password,
            ...(first ? { email: form.email.trim(), name: form.name.trim() } : {}),
          },
        }),
      );
      await signIn(done.email, form.password);
      return true;
    });
    if (ok) navigate('/', { replace: true });
  };
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const v = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: v }));
  };

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w="100%" maw={440}>
        <Stack>
          <Title order={1} size="h3">
            {t('setup.title')}
          </Title>
          {setup === 'invalid' ? (
            <>
              <Alert color="red" role="alert">
                {t('setup.invalid')}
              </Alert>
              <Link to="/login">{t('login.submit')}</Link>
            </>
          ) : (
            <form
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              <Stack>
                <Text>
                  {first
                    ? t('setup.firstOperator')
                    : t('setup.forUser', {
                        email: setup.email ?? '',
                        organization: setup.organization ?? '',
                      })}
                </Text>
                {first && (
                  <>
                    <TextInput
                      label={t('login.email')}
                      type="email"
                      autoComplete="username"
                      required
                      value={form.email}
                      onChange={set('email')}
                      error={fieldError('email')}
                    />
                    <TextInput
                      label={t('setup.name')}
                      required
                      value={form.name}
                      onChange={set('name')}
                      error={fieldError('name')}
                    />
                  </>
                )}
                <PasswordInput
                  label={t('setup.password')}
                  description={t('users.passwordHint')}
                  autoComplete="new-password"
                  required
                  value={form.password}
                  onChange={set('password')}
                  error={fieldError('password')}
                />
                {formError(['email', 'name', 'password']) && (
                  <Alert color="red" role="alert">
                    {formError(['email', 'name', 'password'])}
                  </Alert>
                )}
                <Button type="submit" loading={busy} disabled={!form.password}>
                  {t('setup.submit')}
                </Button>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
