// Обзор: today and the last 30 days in the organization's time zone — checks, revenue through
// Kopilka, deposit debits and top-ups, bonuses accrued and spent, new guests — as figures and
// as per-day charts, and what the organization owes its guests right now.
import { useState } from 'react';
import { Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { api } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { unwrap } from '../../api/errors.ts';
import { useAuth } from '../../app/auth.tsx';
import { count, dateTime, dayMonth, money, points } from '../../app/format.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Stat } from '../../ui/Stat.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';
import { loadRestaurants } from '../program/OverridesTab.tsx';
import { DayChart } from './DayChart.tsx';

type Answer =
  paths['/api/admin/v1/dashboard']['get']['responses'][200]['content']['application/json'];
type Figures = Answer['totals']['today'];

/** The figures of a period, each with how it reads. */
const FIGURES: { key: keyof Figures & string; label: MessageKey; show: (n: number) => string }[] = [
  { key: 'checks', label: 'dashboard.checks', show: count },
  { key: 'revenue', label: 'dashboard.revenue', show: money },
  { key: 'deposit_debits', label: 'dashboard.depositDebits', show: money },
  { key: 'deposit_topups', label: 'dashboard.depositTopups', show: money },
  { key: 'bonus_accrued', label: 'dashboard.bonusAccrued', show: points },
  { key: 'bonus_spent', label: 'dashboard.bonusSpent', show: points },
  { key: 'new_guests', label: 'dashboard.newGuests', show: count },
];

export default function DashboardPage() {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const [restaurant, setRestaurant] = useState<string | null>(null);
  const restaurants = useLoad(loadRestaurants, []);
  const board = useLoad(
    () =>
      unwrap<Answer>(
        api.GET('/api/admin/v1/dashboard', {
          params: { query: restaurant ? { restaurant_id: restaurant } : {} },
        }),
      ),
    [restaurant],
  );
  const d = board.data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {t('nav.dashboard')}
        </Title>
        <Select
          label={t('dashboard.restaurant')}
          placeholder={t('dashboard.allRestaurants')}
          data={(restaurants.data ?? []).map((r) => ({ value: String(r.id), label: r.name }))}
          value={restaurant}
          onChange={setRestaurant}
          clearable
          w={260}
        />
      </Group>
      {board.loading && !d && <Loading />}
      {board.error !== undefined && <LoadError error={board.error} retry={board.reload} />}
      {d && (
        <>
          <Period title={t('dashboard.today')} figures={d.totals.today} testId="today" />
          <Period
            title={t('dashboard.last30', {
              from: dayMonth(d.period.from, lang),
              to: dayMonth(d.period.to, lang),
            })}
            figures={d.totals.last_30_days}
            testId="last30"
          />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <DayChart
              title={t('dashboard.chart.money')}
              days={d.days}
              series={[
                { key: 'revenue', label: t('dashboard.revenue'), color: 'teal.6' },
                { key: 'deposit_debits', label: t('dashboard.depositDebits'), color: 'indigo.5' },
                { key: 'deposit_topups', label: t('dashboard.depositTopups'), color: 'orange.5' },
              ]}
              show={money}
              hundredths
            />
            <DayChart
              title={t('dashboard.chart.bonus')}
              days={d.days}
              series={[
                { key: 'bonus_accrued', label: t('dashboard.bonusAccrued'), color: 'grape.5' },
                { key: 'bonus_spent', label: t('dashboard.bonusSpent'), color: 'red.5' },
              ]}
              show={points}
              hundredths
            />
            <DayChart
              title={t('dashboard.chart.guests')}
              days={d.days}
              series={[
                { key: 'checks', label: t('dashboard.checks'), color: 'blue.6' },
                { key: 'new_guests', label: t('dashboard.newGuests'), color: 'lime.7' },
              ]}
              show={count}
            />
            <Paper withBorder p="md" radius="md" data-testid="liabilities">
              <Title order={2} size="h4">
                {t('dashboard.liabilities')}
              </Title>
              <Text size="xs" c="dimmed" mb="sm">
                {t('dashboard.asOf', { time: dateTime(d.liabilities.as_of, timeZone, lang) })}
              </Text>
              <SimpleGrid cols={2}>
                <Stat
                  label={t('dashboard.deposits')}
                  value={money(d.liabilities.deposits.balances)}
                />
                <Stat
                  label={t('dashboard.owed')}
                  value={money(d.liabilities.deposits.owed_by_guests)}
                />
                <Stat
                  label={t('dashboard.bonuses')}
                  value={points(d.liabilities.bonus.points)}
                  hint={t('dashboard.available', { n: points(d.liabilities.bonus.available) })}
                />
                <Stat
                  label={t('dashboard.pendingPoints')}
                  value={points(d.liabilities.bonus.pending)}
                  hint={t('dashboard.expired', { n: points(d.liabilities.bonus.expired_unposted) })}
                />
              </SimpleGrid>
            </Paper>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function Period({ title, figures, testId }: { title: string; figures: Figures; testId: string }) {
  const { t } = useI18n();
  return (
    <Stack gap="xs" data-testid={testId}>
      <Title order={2} size="h4">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }}>
        {FIGURES.map((f) => (
          <Stat key={f.key} label={t(f.label)} value={f.show(figures[f.key])} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
