// The guest search: by phone, name, e-mail, card number or UID, newest first, a page at a time
// (the server pages by keyset, so the next page costs the same on 200,000 guests).
import { useState } from 'react';
import { Anchor, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError } from '../../ui/status.tsx';
import { usePaged } from '../../ui/usePaged.ts';
import { fullName, type GuestRow, type Page } from './types.ts';

const PAGE = 25;

async function fetchPage(q: string, cursor?: string) {
  return unwrap<Page<GuestRow>>(
    api.GET('/api/admin/v1/guests', {
      params: {
        query: { limit: String(PAGE), ...(q ? { q } : {}), ...(cursor ? { cursor } : {}) },
      },
    }),
  );
}

export function GuestSearch() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 300);
  const { rows, more, loading, error } = usePaged<GuestRow>(
    (cursor) => fetchPage(debounced, cursor),
    [debounced],
  );

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('nav.guests')}
      </Title>
      <TextInput
        label={t('guests.search')}
        description={t('guests.searchHint')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        type="search"
        maw={480}
      />
      {error !== null && <LoadError error={error} />}
      <Table.ScrollContainer minWidth={560}>
        <Table striped highlightOnHover aria-busy={loading}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('guests.name')}</Table.Th>
              <Table.Th>{t('guests.phone')}</Table.Th>
              <Table.Th>{t('guests.email')}</Table.Th>
              <Table.Th>{t('guests.cards')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/guests/${g.id}`}>
                    {fullName(g) || t('guests.noName', { id: g.id })}
                  </Anchor>
                </Table.Td>
                <Table.Td>{g.phone ?? '—'}</Table.Td>
                <Table.Td>{g.email ?? '—'}</Table.Td>
                <Table.Td>{g.cards.map((c) => c.number).join(', ') || '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!loading && rows.length === 0 && <Text c="dimmed">{t('list.empty')}</Text>}
      <Group>
        {more && (
          <Button variant="default" onClick={more} loading={loading}>
            {t('list.more')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
