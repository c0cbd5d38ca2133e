// Обязательства и остатки на дату: per account, what guests hold (and owe on credit deposits),
// and for bonus points what is pending, expired but not yet written off, and available.
import { Stack, Table, Text } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { count, money, points } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import type { LiabilityAnswer, LiabilityRow } from './types.ts';

export function LiabilityReport({ asOf }: { asOf: string }) {
  const { t } = useI18n();
  const data = useLoad(
    () =>
      unwrap<LiabilityAnswer>(
        api.GET('/api/admin/v1/reports/liability', { params: { query: { as_of: asOf } } }),
      ),
    [asOf],
  );
  if (data.error !== undefined) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading />;
  const d = data.data;
  // Deposits are money (kopecks), bonus accounts points (hundredths).
  const show = (r: LiabilityRow, n: number | null) =>
    n === null ? '—' : r.kind === 'deposit' ? money(n) : points(n);
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('reports.liability.asOf', { time: d.as_of_local, zone: d.time_zone })}
      </Text>
      {d.rows.length === 0 ? (
        <Text c="dimmed">{t('reports.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped data-testid="liability">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.liability.account')}</Table.Th>
                <Table.Th ta="right">{t('reports.liability.accounts')}</Table.Th>
                <Table.Th ta="right">{t('reports.liability.positive')}</Table.Th>
                <Table.Th ta="right">{t('reports.liability.negative')}</Table.Th>
                <Table.Th ta="right">{t('reports.liability.net')}</Table.Th>
                <Table.Th ta="right">{t('reports.liability.pending')}</Table.Th>
                <Table.Th ta="right">{t('reports.liability.expired')}</Table.Th>
                <Table.Th ta="right">{t('reports.liability.available')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.rows.map((r) => (
                <Table.Tr key={`${r.kind}:${r.account}`}>
                  <Table.Td>
                    {r.account}{' '}
                    <Text span size="xs" c="dimmed">
                      {t(
                        r.kind === 'deposit'
                          ? 'reports.liability.deposit'
                          : 'reports.liability.bonus',
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{count(r.accounts)}</Table.Td>
                  <Table.Td ta="right">{show(r, r.positive)}</Table.Td>
                  <Table.Td ta="right">{show(r, r.negative)}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {show(r, r.net)}
                  </Table.Td>
                  <Table.Td ta="right">{show(r, r.pending)}</Table.Td>
                  <Table.Td ta="right">{show(r, r.expired_unposted)}</Table.Td>
                  <Table.Td ta="right">{show(r, r.available)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
