// Журнал аудита: who changed what and when, newest first, with the change as before → after
// per field; filters by entity and action; a page at a time.
import { useState } from 'react';
import { Group, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError } from '../../ui/status.tsx';
import { usePaged } from '../../ui/usePaged.ts';
import { AuditTable, type AuditEntry as Entry } from './AuditTable.tsx';

export default function AuditPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState({ entity: '', action: '' });
  const [debounced] = useDebouncedValue(filter, 300);
  const fetchPage = (cursor?: string) =>
    unwrap<{ rows: Entry[]; next_cursor: string | null }>(
      api.GET('/api/admin/v1/audit', {
        params: {
          query: {
            limit: '50',
            ...(debounced.entity.trim() ? { entity: debounced.entity.trim() } : {}),
            ...(debounced.action.trim() ? { action: debounced.action.trim() } : {}),
            ...(cursor ? { cursor } : {}),
          },
        },
      }),
    );

  const { rows, more, loading, error } = usePaged(fetchPage, [debounced]);

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('nav.audit')}
      </Title>
      <Group>
        <TextInput
          label={t('audit.entity')}
          description={t('audit.entityHint')}
          value={filter.entity}
          onChange={(e) => setFilter((f) => ({ ...f, entity: e.currentTarget.value }))}
        />
        <TextInput
          label={t('audit.action')}
          description={t('audit.actionHint')}
          value={filter.action}
          onChange={(e) => setFilter((f) => ({ ...f, action: e.currentTarget.value }))}
        />
      </Group>
      {error !== null && <LoadError error={error} />}
      <AuditTable rows={rows} loading={loading} more={more} />
    </Stack>
  );
}
