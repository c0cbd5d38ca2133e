// Журнал аудита: who changed what and when, newest first, with the change as before → after
// per field; filters by entity and action; a page at a time.
import { useState } from 'react';
import { Button, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { dateTime } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError } from '../../ui/status.tsx';
import { usePaged } from '../../ui/usePaged.ts';
import { diff, show } from './diff.ts';

interface Entry {
  id: number;
  at: string;
  actor: { type: string; id: string | null; name: string | null };
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
}

export default function AuditPage() {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
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
      <Table.ScrollContainer minWidth={760}>
        <Table striped verticalSpacing="xs" data-testid="audit" aria-busy={loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.who')}</Table.Th>
              <Table.Th>{t('audit.what')}</Table.Th>
              <Table.Th>{t('audit.change')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {dateTime(e.at, timeZone, lang)}
                </Table.Td>
                <Table.Td>{e.actor.name ?? e.actor.type}</Table.Td>
                <Table.Td>
                  <Code>{e.action}</Code> {e.entity}
                  {e.entity_id ? ` #${e.entity_id}` : ''}
                </Table.Td>
                <Table.Td>
                  {diff(e.before, e.after).map((c) => (
                    <Text key={c.path} size="sm" data-testid="change">
                      <b>{c.path}</b>:{' '}
                      {e.before === null ? show(c.after) : `${show(c.before)} → ${show(c.after)}`}
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!loading && rows.length === 0 && <Text c="dimmed">{t('list.empty')}</Text>}
      {more && (
        <Button variant="default" onClick={more} loading={loading} w="fit-content">
          {t('list.more')}
        </Button>
      )}
    </Stack>
  );
}
