// Спрос на позиции: when guests buy (revenue and checks by hour of the day and by day of the
// week, in each venue's local time) and what they buy (by item, category or venue).
import { SimpleGrid, Stack } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { DemandChart } from './DemandChart.tsx';
import { TableReport } from './TableReport.tsx';
import type { Period } from './period.ts';
import type { TableAnswer } from './types.ts';

export type DemandGroup = 'item' | 'category' | 'restaurant';

export function demandQuery(
  period: Period,
  restaurant: string | null,
  groupBy: string,
): Period & Record<string, string> {
  return { ...period, group_by: groupBy, ...(restaurant ? { restaurant_id: restaurant } : {}) };
}

const demand = (query: ReturnType<typeof demandQuery>) =>
  unwrap<TableAnswer>(api.GET('/api/admin/v1/reports/demand', { params: { query } }));

/** Every hour 0–23 and every day 1–7, with nothing sold where the report has no row. */
function filled(
  answer: TableAnswer,
  key: 'hour' | 'weekday',
  keys: number[],
  label: (k: number) => string,
) {
  const by = new Map(answer.rows.map((r) => [Number(r[key]), r]));
  return keys.map((k) => ({
    label: label(k),
    revenue: Number(by.get(k)?.revenue ?? 0),
    orders: Number(by.get(k)?.orders ?? 0),
  }));
}

export function DemandReport(props: {
  period: Period;
  restaurant: string | null;
  groupBy: DemandGroup;
}) {
  const { t } = useI18n();
  const { period, restaurant, groupBy } = props;
  const data = useLoad(
    () =>
      Promise.all([
        demand(demandQuery(period, restaurant, groupBy)),
        demand(demandQuery(period, restaurant, 'hour')),
        demand(demandQuery(period, restaurant, 'weekday')),
      ]),
    [period.from, period.to, restaurant, groupBy],
  );
  if (data.error !== undefined) return <LoadError error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading />;
  const [table, byHour, byWeekday] = data.data;
  const hours = Array.from({ length: 24 }, (_, h) => h);
  const days = [1, 2, 3, 4, 5, 6, 7];
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <DemandChart
          title={t('reports.demand.byHour')}
          testId="chart-hour"
          points={filled(byHour, 'hour', hours, (h) => String(h))}
        />
        <DemandChart
          title={t('reports.demand.byWeekday')}
          testId="chart-weekday"
          points={filled(byWeekday, 'weekday', days, (d) =>
            t(`reports.weekdayShort.${d}` as MessageKey),
          )}
        />
      </SimpleGrid>
      <TableReport answer={table} testId="demand" heading={false} />
    </Stack>
  );
}
