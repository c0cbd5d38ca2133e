// The iiko Server connection: where it is and the login Kopilka uses (the password is kept
// only as iiko's SHA-1 digest, sealed, never shown), «Проверить подключение» with the reason of
// a failure in plain words, and the import of products, groups, categories and payment types.
import { useEffect, useState } from 'react';
import { Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { ConnectionFields } from '../../ui/ConnectionFields.tsx';
import { ConnectionActions } from './ConnectionResult.tsx';

interface ServerSettings {
  serverName: string | null;
  protocol: 'http' | 'https';
  address: string;
  port: number;
  login: string;
  passwordSet: boolean;
  timeoutMs: number | null;
  tlsCa: string | null;
}
type CheckAnswer =
  | { ok: true; baseUrl: string }
  | { ok: false; baseUrl?: string; message: { ru: string; en: string } };

const EMPTY = {
  serverName: '',
  protocol: 'https',
  address: '',
  port: '',
  login: '',
  password: '',
  timeoutMs: '',
  tlsCa: '',
};
const FIELDS = Object.keys(EMPTY);
/** The form's (and the API's) name of each connection field. */
const FORM_KEY = { host: 'address', port: 'port', user: 'login', password: 'password' } as const;

export function IikoServerPanel(props: { onImported: () => void }) {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const writable = can('integration.write');
  const stored = useLoad(
    () => unwrap<{ settings: ServerSettings | null }>(api.GET('/api/admin/v1/iiko/server')),
    [],
  );
  const [form, setForm] = useState(EMPTY);
  useEffect(() => {
    const s = stored.data?.settings;
    if (s)
      setForm({
        serverName: s.serverName ?? '',
        protocol: s.protocol,
        address: s.address,
        port: String(s.port),
        login: s.login,
        password: '',
        timeoutMs: s.timeoutMs === null ? '' : String(s.timeoutMs),
        tlsCa: s.tlsCa ?? '',
      });
  }, [stored.data]);
  const save = useSubmit();
  const action = useSubmit();
  const [result, setResult] = useState<{ ok: boolean; detail: string } | null>(null);
  const [imported, setImported] = useState<Record<string, number> | null>(null);
  const set = (k: keyof typeof EMPTY, v: string) => setForm((f) => ({ ...f, [k]: v }));

  const onSave = async () => {
    setResult(null);
    const ok = await save.submit(() =>
      unwrap(
        api.PUT('/api/admin/v1/iiko/server', {
          body: {
            serverName: form.serverName,
            protocol: form.protocol as 'http' | 'https',
            address: form.address,
            port: Number(form.port),
            login: form.login,
            ...(form.password ? { password: form.password } : {}),
            ...(form.timeoutMs ? { timeoutMs: Number(form.timeoutMs) } : {}),
            ...(form.tlsCa ? { tlsCa: form.tlsCa } : {}),
          },
        }),
      ),
    );
    if (ok !== undefined) stored.reload();
  };
  const check = async () => {
    setResult(null);
    const r = await action.submit(() =>
      unwrap<CheckAnswer>(api.POST('/api/admin/v1/iiko/server/check')),
    );
    if (r)
      setResult(
        r.ok
          ? { ok: true, detail: t('venues.iikoConnected', { url: r.baseUrl }) }
          : { ok: false, detail: r.message[lang] },
      );
  };
  const runImport = async () => {
    setResult(null);
    const r = await action.submit(() =>
      unwrap<{ imported: Record<string, number> }>(api.POST('/api/admin/v1/iiko/import')),
    );
    if (r) {
      setImported(r.imported);
      props.onImported();
    }
  };

  if (stored.error !== undefined) return <LoadError error={stored.error} retry={stored.reload} />;
  if (!stored.data) return <Loading />;
  const settings = stored.data.settings;
  const configured = settings !== null;
  return (
    <Paper withBorder p="md" radius="md" data-testid="iiko-server">
      <Stack>
        <Title order={2} size="h4">
          {t('venues.iikoServer')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('venues.iikoServerHint')}
        </Text>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void onSave();
          }}
        >
          <Stack>
            <ConnectionFields
              value={{
                host: form.address,
                port: form.port,
                user: form.login,
                password: form.password,
              }}
              onChange={(k, v) => set(FORM_KEY[k], v)}
              names={FORM_KEY}
              stored={
                settings
                  ? {
                      host: settings.address,
                      port: settings.port,
                      passwordSet: settings.passwordSet,
                    }
                  : null
              }
              writable={writable}
              error={save.fieldError}
              userLabel="venues.login"
            >
              <TextInput
                label={t('venues.iikoName')}
                value={form.serverName}
                readOnly={!writable}
                onChange={(e) => set('serverName', e.currentTarget.value)}
                error={save.fieldError('serverName')}
              />
              <Select
                label={t('venues.protocol')}
                data={['https', 'http']}
                value={form.protocol}
                allowDeselect={false}
                readOnly={!writable}
                onChange={(v) => v && set('protocol', v)}
                error={save.fieldError('protocol')}
              />
              <TextInput
                label={t('venues.timeout')}
                inputMode="numeric"
                value={form.timeoutMs}
                readOnly={!writable}
                onChange={(e) => set('timeoutMs', e.currentTarget.value)}
                error={save.fieldError('timeoutMs')}
              />
            </ConnectionFields>
            <Textarea
              label={t('venues.tlsCa')}
              description={t('venues.tlsCaHint')}
              autosize
              minRows={2}
              maxRows={6}
              value={form.tlsCa}
              readOnly={!writable}
              onChange={(e) => set('tlsCa', e.currentTarget.value)}
              error={save.fieldError('tlsCa')}
              styles={{ input: { fontFamily: 'monospace' } }}
            />
            {writable && (
              <FormActions
                general={save.formError(FIELDS)}
                busy={save.busy}
                onCancel={() => stored.reload()}
              />
            )}
          </Stack>
        </form>
        <ConnectionActions
          show={writable && configured}
          busy={action.busy}
          onCheck={() => void check()}
          onImport={() => void runImport()}
          refused={action.formError([])}
          result={result}
          imported={imported}
        />
      </Stack>
    </Paper>
  );
}
