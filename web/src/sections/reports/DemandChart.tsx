// Revenue (bars, left axis, roubles) and checks (bars, right axis) per hour or per weekday.
import { Paper, Title, useMantineTheme } from '@mantine/core';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { count, money } from '../../app/format.ts';
import { useI18n } from '../../i18n/index.tsx';

export interface DemandPoint {
  label: string;
  /** Roubles, as the demand report gives them. */
  revenue: number;
  orders: number;
}

export function DemandChart(props: { title: string; points: DemandPoint[]; testId: string }) {
  const { t, lang } = useI18n();
  const theme = useMantineTheme();
  const compact = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', {
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  return (
    <Paper withBorder p="md" radius="md" data-testid={props.testId}>
      <Title order={2} size="h4" mb="sm">
        {props.title}
      </Title>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={props.points} margin={{ left: 0, right: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" fontSize={12} interval="preserveStartEnd" />
          <YAxis
            yAxisId="money"
            fontSize={12}
            width={60}
            domain={[0, (max: number) => Math.max(max, 1)]}
            tickFormatter={(n: number) => compact.format(n)}
          />
          <YAxis
            yAxisId="checks"
            orientation="right"
            fontSize={12}
            width={32}
            allowDecimals={false}
            domain={[0, (max: number) => Math.max(max, 1)]}
          />
          <Tooltip
            formatter={(n, name) =>
              name === t('reports.demand.revenue')
                ? money(Math.round(Number(n) * 100))
                : count(Number(n))
            }
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            yAxisId="money"
            dataKey="revenue"
            name={t('reports.demand.revenue')}
            fill={theme.colors.teal[6]}
            maxBarSize={18}
          />
          <Bar
            yAxisId="checks"
            dataKey="orders"
            name={t('reports.demand.checks')}
            fill={theme.colors.blue[4]}
            maxBarSize={18}
          />
        </BarChart>
      </ResponsiveContainer>
    </Paper>
  );
}
