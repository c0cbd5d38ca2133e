// «Детальный по продажам» of one venue, laid out as the r_keeper report staff know: a row per
// sale («Продажа 2226634», the card, the local time), its items with base price, price and
// units, and under each item how it was paid («Депозит (счет): 290; 61366822»).
import { useState } from 'react';
import { Button, Stack, Table, Text } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { money } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { usePaged } from '../../ui/usePaged.ts';
import type { Period } from './period.ts';
import type { Sale, SalesAnswer } from './types.ts';

const units = (n: number) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 3 }).format(n);

export function SalesReport({ restaurant, period }: { restaurant: string; period: Period }) {
  const { t } = useI18n();
  const [heading, setHeading] = useState<string[]>([]);
  const sales = usePaged<Sale>(
    async (cursor) => {
      const answer = await unwrap<SalesAnswer>(
        api.GET('/api/admin/v1/reports/sales', {
          params: {
            query: { restaurant_id: restaurant, ...period, ...(cursor ? { cursor } : {}) },
          },
        }),
      );
      if (!cursor) setHeading(answer.heading);
      return { rows: answer.rows, next_cursor: answer.next_cursor };
    },
    [restaurant, period.from, period.to],
  );

  if (sales.error) return <LoadError error={sales.error} />;
  if (sales.loading && sales.rows.length === 0) return <Loading />;
  return (
    <Stack gap="xs">
      <Stack gap={0}>
        {heading.map((h, i) => (
          <Text key={i} size="sm" c={i === 0 ? undefined : 'dimmed'} fw={i === 0 ? 600 : undefined}>
            {h}
          </Text>
        ))}
      </Stack>
      {sales.rows.length === 0 ? (
        <Text c="dimmed">{t('reports.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table data-testid="sales">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reports.sales.item')}</Table.Th>
                <Table.Th>{t('reports.sales.card')}</Table.Th>
                <Table.Th ta="right">{t('reports.sales.basePrice')}</Table.Th>
                <Table.Th ta="right">{t('reports.sales.price')}</Table.Th>
                <Table.Th ta="right">{t('reports.sales.units')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sales.rows.map((s) => (
                <SaleRows key={s.id} sale={s} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {sales.more && (
        <Button variant="default" loading={sales.loading} onClick={() => void sales.more?.()}>
          {t('list.more')}
        </Button>
      )}
    </Stack>
  );
}

function SaleRows({ sale }: { sale: Sale }) {
  const { t } = useI18n();
  return (
    <>
      <Table.Tr bg="var(--mantine-color-gray-1)" data-testid="sale">
        <Table.Td fw={700}>
          {t('reports.sales.sale', { number: sale.number })}
          {sale.status !== 'closed' && (
            <Text span c="orange" size="sm" ml="xs">
              {t(`reports.sales.status.${sale.status === 'refunded' ? 'refunded' : 'partly'}`)}
            </Text>
          )}
        </Table.Td>
        <Table.Td>{sale.card ?? ''}</Table.Td>
        <Table.Td ta="right">{sale.closed_at_local}</Table.Td>
        <Table.Td ta="right" fw={700}>
          {money(sale.total)}
        </Table.Td>
        <Table.Td />
      </Table.Tr>
      {sale.lines.map((l) => (
        <LineRows key={l.line_no} line={l} />
      ))}
    </>
  );
}

function LineRows({ line }: { line: Sale['lines'][number] }) {
  return (
    <>
      <Table.Tr data-testid="sale-line">
        <Table.Td pl="lg">{line.item}</Table.Td>
        <Table.Td />
        <Table.Td ta="right">{money(line.base_price)}</Table.Td>
        <Table.Td ta="right">{money(line.price)}</Table.Td>
        <Table.Td ta="right">{units(line.units)}</Table.Td>
      </Table.Tr>
      {line.payments.map((p, i) => (
        <Table.Tr key={i}>
          <Table.Td pl={40} c="dimmed" colSpan={5}>
            {p.text}
          </Table.Td>
        </Table.Tr>
      ))}
    </>
  );
}
