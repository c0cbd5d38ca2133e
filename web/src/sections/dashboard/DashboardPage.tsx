// Обзор: what the organization owes its guests right now — deposits and bonus points.
import { SimpleGrid, Stack, Title } from '@mantine/core';
import { api } from '../../api/client.ts';
import { unwrap } from '../../api/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../../app/auth.tsx';
import { count, dateTime, money } from '../../app/format.ts';
import { Stat } from '../../ui/Stat.tsx';
import { LoadError, Loading } from '../../ui/status.tsx';
import { useLoad } from '../../ui/useLoad.ts';

interface Liability {
  as_of: string;
  rows: { kind: 'bonus' | 'deposit'; net: number | string; pending: number | string | null }[];
}

/** Today's date in the organization's zone, as the reports take it. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
}

export default function DashboardPage() {
  const { t, lang } = useI18n();
  const { timeZone } = useAuth();
  const liability = useLoad(
    () =>
      unwrap<Liability>(
        api.GET('/api/admin/v1/reports/liability', {
          params: { query: { as_of: todayIn(timeZone), time_zone: timeZone } },
        }),
      ),
    [timeZone],
  );
  const sum = (kind: 'bonus' | 'deposit', field: 'net' | 'pending') =>
    (liability.data?.rows ?? [])
      .filter((r) => r.kind === kind)
      .reduce((n, r) => n + Number(r[field] ?? 0), 0);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('nav.dashboard')}
      </Title>
      {liability.loading && !liability.data && <Loading />}
      {liability.error !== undefined && (
        <LoadError error={liability.error} retry={liability.reload} />
      )}
      {liability.data && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Stat
            label={t('dashboard.deposits')}
            value={money(sum('deposit', 'net'))}
            hint={t('dashboard.asOf', { time: dateTime(liability.data.as_of, timeZone, lang) })}
          />
          <Stat
            label={t('dashboard.bonuses')}
            value={count(sum('bonus', 'net'))}
            hint={t('dashboard.pending', { n: count(sum('bonus', 'pending')) })}
          />
        </SimpleGrid>
      )}
    </Stack>
  );
}
