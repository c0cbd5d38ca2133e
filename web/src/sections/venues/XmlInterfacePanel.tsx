// The r_keeper XML interface (the cash or reference server's XML port): where it is and the
// user Kopilka signs in as, «Проверить подключение», and the import of the dictionaries
// (discounts, menu items, categories, currencies, restaurants, cash stations) to look through.
import { useEffect, useState } from 'react';
import { Paper, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { api } from '../../api/client.ts';
import { ApiFailure, unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { FormActions } from '../../ui/FormActions.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { useSubmit } from '../../ui/useSubmit.ts';
import { ConnectionFields } from '../../ui/ConnectionFields.tsx';
import { ConnectionActions } from './ConnectionResult.tsx';

interface XmlSettings {
  kind: 'mid' | 'ref';
  host: string;
  port: number;
  user: string;
  has_password: boolean;
  allow_self_signed: boolean;
}
type CheckAnswer =
  | { ok: true; server_version?: string; net_name?: string | null }
  | { ok: false; reason: string; reason_en: string };

const REF_NAMES = [
  'DISCOUNTS',
  'MENUITEMS',
  'CATEGLIST',
  'CURRENCIES',
  'RESTAURANTS',
  'CASHES',
] as const;
type RefName = (typeof REF_NAMES)[number];

const NAMES = { host: 'host', port: 'port', user: 'user', password: 'password' } as const;

const notConfigured = (e: unknown) => {
  if (e instanceof ApiFailure && e.code === 'rkeeper_xml_not_configured') return null;
  throw e;
};

export function XmlInterfacePanel() {
  const { t, lang } = useI18n();
  const { can } = useAuth();
  const writable = can('integration.write');
  const stored = useLoad(
    () => unwrap<XmlSettings>(api.GET('/api/admin/v1/rkeeper/xml-settings')).catch(notConfigured),
    [],
  );
  const [form, setForm] = useState({
    kind: 'mid',
    host: '',
    port: '',
    user: '',
    password: '',
    allow_self_signed: false,
  });
  useEffect(() => {
    const s = stored.data;
    if (s)
      setForm({
        kind: s.kind,
        host: s.host,
        port: String(s.port),
        user: s.user,
        password: '',
        allow_self_signed: s.allow_self_signed,
      });
  }, [stored.data]);
  const save = useSubmit();
  const action = useSubmit();
  const [result, setResult] = useState<{ ok: boolean; detail: string } | null>(null);
  const [imported, setImported] = useState<Record<string, number> | null>(null);
  const [dictionary, setDictionary] = useState<RefName>('MENUITEMS');
  const set = (k: keyof typeof form, v: string | boolean) => setForm((f) => ({ ...f, [k]: v }));

  const onSave = async () => {
    setResult(null);
    const ok = await save.submit(() =>
      unwrap(
        api.PUT('/api/admin/v1/rkeeper/xml-settings', {
          body: {
            kind: form.kind as 'mid' | 'ref',
            host: form.host,
            port: Number(form.port),
            user: form.user,
            ...(form.password ? { password: form.password } : {}),
            allow_self_signed: form.allow_self_signed,
          },
        }),
      ),
    );
    if (ok !== undefined) stored.reload();
  };
  const check = async () => {
    setResult(null);
    const r = await action.submit(() =>
      unwrap<CheckAnswer>(api.POST('/api/admin/v1/rkeeper/xml-settings/check')),
    );
    if (!r) return;
    setResult(
      r.ok
        ? {
            ok: true,
            detail: t('venues.xmlConnected', {
              version: r.server_version ?? '—',
              name: r.net_name ?? '—',
            }),
          }
        : { ok: false, detail: lang === 'en' ? r.reason_en : r.reason },
    );
  };
  const runImport = async () => {
    const r = await action.submit(() =>
      unwrap<{ imported: { ref_name: string; count: number }[] }>(
        api.POST('/api/admin/v1/rkeeper/dictionaries/import'),
      ),
    );
    // r_keeper answers a list in import order; the result line shows it as name: count.
    if (r) setImported(Object.fromEntries(r.imported.map((d) => [d.ref_name, d.count])));
  };

  if (stored.error !== undefined) return <LoadError error={stored.error} retry={stored.reload} />;
  if (stored.loading && stored.data === undefined) return <Loading />;
  const fields = ['kind', 'host', 'port', 'user', 'password'];
  return (
    <Paper withBorder p="md" radius="md" data-testid="xml-interface">
      <Stack>
        <Title order={2} size="h4">
          {t('venues.xml')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('venues.xmlHint')}
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
              value={{ host: form.host, port: form.port, user: form.user, password: form.password }}
              onChange={set}
              names={NAMES}
              stored={
                stored.data
                  ? {
                      host: stored.data.host,
                      port: stored.data.port,
                      passwordSet: stored.data.has_password,
                    }
                  : null
              }
              writable={writable}
              error={save.fieldError}
            >
              <Select
                label={t('venues.xmlKind')}
                data={[
                  { value: 'mid', label: t('venues.xmlKind.mid') },
                  { value: 'ref', label: t('venues.xmlKind.ref') },
                ]}
                value={form.kind}
                allowDeselect={false}
                readOnly={!writable}
                onChange={(v) => v && set('kind', v)}
                error={save.fieldError('kind')}
              />
            </ConnectionFields>
            <Switch
              label={t('venues.selfSigned')}
              checked={form.allow_self_signed}
              disabled={!writable}
              onChange={(e) => set('allow_self_signed', e.currentTarget.checked)}
            />
            {writable && (
              <FormActions
                general={save.formError(fields)}
                busy={save.busy}
                onCancel={() => stored.reload()}
              />
            )}
          </Stack>
        </form>
        <ConnectionActions
          show={writable && !!stored.data}
          busy={action.busy}
          onCheck={() => void check()}
          onImport={() => void runImport()}
          refused={action.formError([])}
          result={result}
          imported={imported}
        />
        <Dictionary
          name={dictionary}
          onName={setDictionary}
          key={imported ? JSON.stringify(imported) : ''}
        />
      </Stack>
    </Paper>
  );
}

function Dictionary(props: { name: RefName; onName: (n: RefName) => void }) {
  const { t } = useI18n();
  const rows = useLoad(
    () =>
      unwrap<{
        rows: { ident: string; code: string | null; name: string; status: string | null }[];
      }>(
        api.GET('/api/admin/v1/rkeeper/dictionaries/{refName}', {
          params: { path: { refName: props.name } },
        }),
      ),
    [props.name],
  );
  return (
    <Stack gap="xs">
      <Select
        label={t('venues.dictionary')}
        data={[...REF_NAMES]}
        value={props.name}
        allowDeselect={false}
        onChange={(v) => v && props.onName(v as RefName)}
        w={{ base: '100%', xs: 240 }}
      />
      {rows.error !== undefined && <LoadError error={rows.error} retry={rows.reload} />}
      {rows.data &&
        (rows.data.rows.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('venues.dictionaryEmpty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={480} mah={360}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Ident</Table.Th>
                  <Table.Th>{t('venues.dictCode')}</Table.Th>
                  <Table.Th>{t('venues.dictName')}</Table.Th>
                  <Table.Th>{t('venues.dictStatus')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.data.rows.map((r) => (
                  <Table.Tr key={r.ident}>
                    <Table.Td>{r.ident}</Table.Td>
                    <Table.Td>{r.code ?? '—'}</Table.Td>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td>{r.status ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
    </Stack>
  );
}
