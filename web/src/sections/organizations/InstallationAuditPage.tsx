// Журнал установки: what the installation's operators did — sign-ins, organizations, owners,
// restaurants, set-up links — newest first, with the organization each action concerned.
import { Stack, Text, Title } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { usePaged } from '../../ui/usePaged.ts';
import { AuditTable, type AuditEntry } from '../audit/AuditTable.tsx';

export default function InstallationAuditPage() {
  const { t } = useI18n();
  const orgs = useLoad(
    () =>
      unwrap<{ rows: { id: number; name: string }[] }>(
        api.GET('/api/admin/v1/installation/organizations'),
      ),
    [],
  );
  const { rows, more, loading, error } = usePaged(
    (cursor?: string) =>
      unwrap<{ rows: AuditEntry[]; next_cursor: string | null }>(
        api.GET('/api/admin/v1/installation/audit', {
          params: { query: { limit: '50', ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [],
  );
  const names = new Map((orgs.data?.rows ?? []).map((o) => [o.id, o.name]));
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('nav.installationAudit')}
      </Title>
      <Text c="dimmed">{t('ilog.intro')}</Text>
      {error !== null && <LoadError error={error} />}
      <AuditTable rows={rows} loading={loading} more={more} orgNames={names} />
    </Stack>
  );
}
