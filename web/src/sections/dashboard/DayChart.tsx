// One per-day chart of the dashboard: a bar per series per day, the axis in short numbers
// («2,4 тыс.»), the tooltip in the figure's own format (money, points, counts).
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
import { useI18n } from '../../i18n/index.tsx';
import { dayMonth } from '../../app/format.ts';

export interface Series<K extends string> {
  key: K;
  label: string;
  /** A Mantine colour and shade: 'teal.6'. */
  color: string;
}

export function DayChart<K extends string>({
  title,
  days,
  series,
  show,
  hundredths = false,
}: {
  title: string;
  days: readonly ({ date: string } & Record<K, number>)[];
  series: Series<K>[];
  /** The figure as the cabinet writes it; amounts come in hundredths (kopecks, points). */
  show: (n: number) => string;
  /** Money and points are kept in hundredths: the axis reads whole roubles and points. */
  hundredths?: boolean;
}) {
  const { lang } = useI18n();
  const theme = useMantineTheme();
  const colour = (c: string) => {
    const [name = 'gray', shade = '6'] = c.split('.');
    return theme.colors[name]?.[Number(shade)] ?? c;
  };
  const compact = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', {
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  return (
    <Paper withBorder p="md" radius="md" data-testid="chart">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart
          data={days as unknown as Record<string, number | string>[]}
          margin={{ left: 0, right: 8 }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="date"
            tickFormatter={(d: string) => dayMonth(d, lang)}
            fontSize={12}
            minTickGap={16}
          />
          <YAxis
            fontSize={12}
            width={48}
            allowDecimals={false}
            // An empty month still gets a readable axis: 0 to 1 (rouble, point, check).
            domain={[0, (max: number) => Math.max(max, hundredths ? 100 : 1)]}
            tickFormatter={(n: number) => compact.format(hundredths ? n / 100 : n)}
          />
          <Tooltip
            formatter={(n) => show(Number(n))}
            labelFormatter={(d) => dayMonth(String(d), lang)}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={colour(s.color)}
              maxBarSize={18}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Paper>
  );
}
