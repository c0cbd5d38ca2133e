// Траты гостей: how many guests fall in each RFM segment (recency, frequency, money; fixed
// thresholds, docs/reports.md) with their visits and spend, then every guest of the period
// with visits, average check, spend, last visit and segment, a page at a time.
import { Badge, Button, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { count, dateTime, money } from '../../app/format.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Stat } from '../../ui/Stat.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { usePaged } from '../../ui/usePaged.ts';
import type { Period } from './period.ts';
import type { GuestSpendRow, SegmentRow } from './types.ts';

const SEGMENT_COLOUR: Record<string, string> = {
  champions: 'teal',
  loyal: 'green',
  new: 'blue',
  at_risk: 'orange',
  sleeping: 'yellow',
  lost: 'gray',
};

export function guestSpendQuery(period: Period, restaurant: string | null) {
  return { ...period, ...(restaurant ? { restaurant_id: restaurant } : {}) };
}

export function GuestSpendReport({
  period,
  restaurant,
}: {
  period: Period;
  restaurant: string | null;
}) {
  const { t, lang } = useI18n();
  const { timeZone, can } = useAuth();
  const query = guestSpendQuery(period, restaurant);
  const segments = useLoad(
    () =>
      unwrap<{ rows: SegmentRow[] }>(
        api.GET('/api/admin/v1/reports/guest-spend/segments', { params: { query } }),
      ),
    [period.from, period.to, restaurant],
  );
  const guests = usePaged<GuestSpendRow>(
    (cursor) =>
      unwrap(
        api.GET('/api/admin/v1/reports/guest-spend', {
          params: { query: { ...query, ...(cursor ? { cursor } : {}) } },
        }),
      ),
    [period.from, period.to, restaurant],
  );
  return (
    <Stack>
      {segments.error !== undefined && <LoadError error={segments.error} retry={segments.reload} />}
      {segments.data && (
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} data-testid="segments">
          {segments.data.rows.map((s) => (
            <Stat
              key={s.segment}
              label={s.name[lang]}
              value={count(s.guests)}
              hint={t('reports.guests.segmentHint', {
                visits: count(s.visits),
                total: money(s.total),
              })}
            />
          ))}
        </SimpleGrid>
      )}
      <Text size="xs" c="dimmed">
        {t('reports.guests.rfm')}
      </Text>
      {guests.error ? <LoadError error={guests.error} /> : null}
      {guests.loading && guests.rows.length === 0 ? (
        <Loading />
      ) : guests.rows.length === 0 ? (
        <Text c="dimmed">{t('reports.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table striped data-testid="guest-spend">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.guests.guest')}</Table.Th>
                <Table.Th>{t('reports.sales.card')}</Table.Th>
                <Table.Th ta="right">{t('reports.guests.visits')}</Table.Th>
                <Table.Th ta="right">{t('reports.guests.average')}</Table.Th>
                <Table.Th ta="right">{t('reports.guests.total')}</Table.Th>
                <Table.Th>{t('reports.guests.lastVisit')}</Table.Th>
                <Table.Th ta="right">{t('reports.guests.recency')}</Table.Th>
                <Table.Th>RFM</Table.Th>
                <Table.Th>{t('reports.guests.segment')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {guests.rows.map((g) => (
                <Table.Tr key={g.guest_id}>
                  <Table.Td>
                    {can('guests.read') ? (
                      <Link to={`/guests/${g.guest_id}`}>{g.guest}</Link>
                    ) : (
                      g.guest
                    )}
                  </Table.Td>
                  <Table.Td>{g.card ?? '—'}</Table.Td>
                  <Table.Td ta="right">{count(g.visits)}</Table.Td>
                  <Table.Td ta="right">{money(g.average_check)}</Table.Td>
                  <Table.Td ta="right">{money(g.total)}</Table.Td>
                  <Table.Td>{dateTime(g.last_visit, timeZone, lang)}</Table.Td>
                  <Table.Td ta="right">{count(g.recency_days)}</Table.Td>
                  <Table.Td>{g.rfm}</Table.Td>
                  <Table.Td>
                    <Badge color={SEGMENT_COLOUR[g.segment] ?? 'gray'} variant="light">
                      {t(`reports.segment.${g.segment}` as MessageKey)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {guests.more && (
        <Button variant="default" loading={guests.loading} onClick={() => void guests.more?.()}>
          {t('list.more')}
        </Button>
      )}
    </Stack>
  );
}
