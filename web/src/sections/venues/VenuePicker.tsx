// The venue a tab is about: the organization's restaurants, the first chosen until the person
// picks another.
import { useState } from 'react';
import { Select } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { rowsOf } from '../../ui/lists.ts';

export interface Venue {
  id: number;
  name: string;
  code: string;
  time_zone: string;
  integration: 'rkeeper7' | 'rkeeper_lite' | 'iiko' | 'api';
  test_mode: boolean;
}

export const loadVenues = () =>
  unwrap(api.GET('/api/admin/v1/restaurants')).then((x) => rowsOf<Venue>(x));

export function useVenues() {
  const venues = useLoad(loadVenues, []);
  const [chosen, setChosen] = useState<string | null>(null);
  const list = venues.data ?? [];
  const id = chosen ?? (list[0] ? String(list[0].id) : null);
  return { venues, list, id, venue: list.find((v) => String(v.id) === id), choose: setChosen };
}

export function VenueSelect(props: {
  list: readonly Venue[];
  value: string | null;
  onChange: (id: string) => void;
  /** Only the venues this tab is about (r_keeper's, iiko's). */
  filter?: (v: Venue) => boolean;
}) {
  const { t } = useI18n();
  return (
    <Select
      label={t('dashboard.restaurant')}
      data={props.list
        .filter(props.filter ?? (() => true))
        .map((v) => ({ value: String(v.id), label: v.name }))}
      value={props.value}
      onChange={(v) => v && props.onChange(v)}
      allowDeselect={false}
      w={{ base: '100%', xs: 320 }}
    />
  );
}
