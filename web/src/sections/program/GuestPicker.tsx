// A guest chosen by typing a phone, a name or a card number: the guest search's first matches
// as options (the search pages by keyset on the server, so it stays quick on many guests).
import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { fullName, type GuestRow, type Page } from '../guests/types.ts';
import { useLoad } from '../../ui/useLoad.ts';

export function GuestPicker(props: {
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const found = useLoad(
    () =>
      q
        ? unwrap<Page<GuestRow>>(
            api.GET('/api/admin/v1/guests', { params: { query: { q, limit: '10' } } }),
          ).then((p) => p.rows)
        : Promise.resolve([]),
    [q],
  );
  const options = (found.data ?? []).map((g) => ({
    value: String(g.id),
    label: [fullName(g) || `#${g.id}`, g.phone, g.cards[0]?.number].filter(Boolean).join(' · '),
  }));
  return (
    <Select
      label={t('codes.guest')}
      description={t('codes.guest.help')}
      searchable
      clearable
      data={options}
      filter={({ options: all }) => all}
      value={props.value}
      onChange={props.onChange}
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={q ? t('list.empty') : undefined}
      error={props.error}
    />
  );
}
