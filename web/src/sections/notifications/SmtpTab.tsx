// Почтовый сервер: the SMTP server the organization's letters leave through (the password is
// written, never read back; a new host or port needs it typed again), and «Отправить тестовое
// письмо», which sends one letter now and says plainly whether the server took it and, if not,
// why (wrong password, unreachable host, TLS, a refused address).
import { useEffect, useState } from 'react';
import { Alert, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { api } from '../../api/client.ts';
import { ApiFailure, unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import {
  ConnectionFields,
  type Connection,
  type ConnectionKey,
} from '../../ui/ConnectionFields.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';

type Security = 'tls' | 'starttls' | 'none';
interface Smtp {
  host: string;
  port: number;
  security: Security;
  username: string;
  has_password: boolean;
  from_address: string;
  from_name: string;
  updated_at: string;
}
const NAMES: Record<ConnectionKey, string> = {
  host: 'host',
  port: 'port',
  user: 'username',
  password: 'password',
};
const FIELDS = ['host', 'port', 'security', 'username', 'password', 'from_address', 'from_name'];
const PORTS: Record<Security, string> = { tls: '465', starttls: '587', none: '25' };

const notConfigured = (e: unknown) => {
  if (e instanceof ApiFailure && e.code === 'smtp_not_configured') return null;
  throw e;
};

export function SmtpTab() {
  const { t, lang } = useI18n();
  const { can, timeZone } = useAuth();
  const writable = can('integration.write');
  const stored = useLoad(
    () => unwrap<Smtp>(api.GET('/api/admin/v1/notifications/smtp')).catch(notConfigured),
    [],
  );
  const [conn, setConn] = useState<Connection>({ host: '', port: '587', user: '', password: '' });
  const [security, setSecurity] = useState<Security>('starttls');
  const [from, setFrom] = useState({ address: '', name: '' });
  const [saved, setSaved] = useState(false);
  const save = useSubmit();
  const reset = () => {
    const s = stored.data;
    save.reset();
    if (!s) return;
    setConn({ host: s.host, port: String(s.port), user: s.username, password: '' });
    setSecurity(s.security);
    setFrom({ address: s.from_address, name: s.from_name });
  };
  useEffect(reset, [stored.data]);

  if (stored.error !== undefined) return <LoadError error={stored.error} retry={stored.reload} />;
  if (stored.data === undefined) return <Loading />;
  const s = stored.data;

  const onSave = async () => {
    setSaved(false);
    const answer = await save.submit(() =>
      unwrap<Smtp>(
        api.PUT('/api/admin/v1/notifications/smtp', {
          body: {
            host: conn.host.trim(),
            port: Number(conn.port),
            security,
            ...(conn.user ? { username: conn.user } : {}),
            ...(conn.password ? { password: conn.password } : {}),
            from_address: from.address.trim(),
            ...(from.name ? { from_name: from.name } : {}),
          },
        }),
      ),
    );
    if (answer) {
      setSaved(true);
      stored.reload();
    }
  };

  return (
    <Stack>
      <Paper withBorder p="md" radius="md" data-testid="smtp">
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void onSave();
          }}
        >
          <Stack>
            <Title order={2} size="h4">
              {t('notify.smtp')}
            </Title>
            <Text size="sm" c="dimmed" maw={760}>
              {t('notify.smtp.help')}
            </Text>
            {s && (
              <Text size="sm" c="dimmed">
                {t('notify.smtp.savedAt', { at: dateTime(s.updated_at, timeZone, lang) })}
              </Text>
            )}
            <ConnectionFields
              value={conn}
              onChange={(k, v) => {
                setSaved(false);
                setConn((c) => ({ ...c, [k]: v }));
              }}
              names={NAMES}
              stored={s && { host: s.host, port: s.port, passwordSet: s.has_password }}
              writable={writable}
              error={save.fieldError}
              userLabel="notify.smtp.username"
              userRequired={false}
            >
              <Select
                label={t('notify.smtp.security')}
                description={t(`notify.smtp.security.${security}.help` as MessageKey)}
                data={(['starttls', 'tls', 'none'] as const).map((v) => ({
                  value: v,
                  label: t(`notify.smtp.security.${v}` as MessageKey),
                }))}
                value={security}
                allowDeselect={false}
                readOnly={!writable}
                onChange={(v) => {
                  if (!v) return;
                  // The usual port of the new mode, unless the person typed their own.
                  if (Object.values(PORTS).includes(conn.port))
                    setConn((c) => ({ ...c, port: PORTS[v as Security] }));
                  setSecurity(v as Security);
                }}
                error={save.fieldError('security')}
              />
              <TextInput
                label={t('notify.smtp.fromAddress')}
                description={t('notify.smtp.fromAddress.help')}
                required
                type="email"
                value={from.address}
                readOnly={!writable}
                onChange={(e) => {
                  const address = e.currentTarget.value;
                  setFrom((f) => ({ ...f, address }));
                }}
                error={save.fieldError('from_address')}
              />
              <TextInput
                label={t('notify.smtp.fromName')}
                value={from.name}
                readOnly={!writable}
                onChange={(e) => {
                  const name = e.currentTarget.value;
                  setFrom((f) => ({ ...f, name }));
                }}
                error={save.fieldError('from_name')}
              />
            </ConnectionFields>
            {saved && (
              <Alert color="green" p="xs" role="status">
                {t('form.saved')}
              </Alert>
            )}
            {writable && (
              <FormActions general={save.formError(FIELDS)} busy={save.busy} onCancel={reset} />
            )}
          </Stack>
        </form>
      </Paper>
      {writable && s && <TestLetter />}
    </Stack>
  );
}

/** «Отправить тестовое письмо»: one letter now through the saved server, and what happened. */
function TestLetter() {
  const { t } = useI18n();
  const [to, setTo] = useState('');
  const send = useSubmit();
  const [sent, setSent] = useState<{ to: string; id: string } | null>(null);
  const go = async () => {
    setSent(null);
    const r = await send.submit(() =>
      unwrap<{ message_id: string }>(
        api.POST('/api/admin/v1/notifications/smtp/test', { body: { to: to.trim() } }),
      ),
    );
    if (r) setSent({ to: to.trim(), id: r.message_id });
  };
  // A refusal about the address stands under it; the server's account of the SMTP failure
  // (what the mail server said) stands as the outcome.
  const outcome = send.formError(['to']);
  return (
    <Paper withBorder p="md" radius="md" data-testid="smtp-test">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void go();
        }}
      >
        <Stack>
          <Title order={2} size="h4">
            {t('notify.test')}
          </Title>
          <Text size="sm" c="dimmed" maw={760}>
            {t('notify.test.help')}
          </Text>
          <Group align="flex-start" gap="xs">
            <TextInput
              label={t('notify.test.to')}
              type="email"
              required
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              error={send.fieldError('to')}
              style={{ flex: 1, maxWidth: 360 }}
            />
            <Button type="submit" loading={send.busy} mt={25} disabled={!to.trim()}>
              {t('notify.test.send')}
            </Button>
          </Group>
          {sent && (
            <Alert
              color="teal"
              role="status"
              title={t('notify.test.ok')}
              data-testid="test-outcome"
            >
              {t('notify.test.okDetail', { to: sent.to, id: sent.id })}
            </Alert>
          )}
          {outcome && (
            <Alert
              color="red"
              role="alert"
              title={t('notify.test.failed')}
              data-testid="test-outcome"
            >
              {outcome}
            </Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
