// The cabinet's overview: today and the last 30 days in the organization's time zone — checks,
// revenue through Kopilka, deposit debits and top-ups, bonuses accrued and spent, new guests —
// a per-day series for the charts, and what the organization owes its guests right now.
// Days are local calendar days; every figure is read from orders, the ledger and guests in
// three grouped queries over the window, so the page costs the same on any day.
import { sql } from 'kysely';
import type { Tx } from '../app/context.ts';
import { liabilityAt } from './liability.ts';
import { findRestaurant, localPeriod, parseLocal, reportTimeZone } from './period.ts';
import { utcBounds } from './sales.ts';

export const DASHBOARD_DAYS = 30;

export interface DayFigures {
  /** Checks closed through Kopilka. */
  checks: number;
  /** Their total, kopecks. */
  revenue: number;
  /** Paid from deposits, kopecks (refunds not netted out). */
  deposit_debits: number;
  deposit_topups: number;
  /** Bonus points, hundredths. */
  bonus_accrued: number;
  bonus_spent: number;
  /** Guests registered (of the whole organization). */
  new_guests: number;
}

export interface DashboardQuery {
  restaurantId?: number;
  /** The local day taken as "today", YYYY-MM-DD; the current one when left out. */
  date?: string;
}

const ZERO: DayFigures = {
  checks: 0,
  revenue: 0,
  deposit_debits: 0,
  deposit_topups: 0,
  bonus_accrued: 0,
  bonus_spent: 0,
  new_guests: 0,
};

const DAY = 86_400_000;
const isoDay = (wall: number) => new Date(wall).toISOString().slice(0, 10);

/** Today's local date in a zone, as YYYY-MM-DD. */
function localToday(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

export async function dashboard(tx: Tx, orgId: number, q: DashboardQuery, now: Date) {
  if (q.restaurantId) await findRestaurant(tx, orgId, q.restaurantId);
  const timeZone = await reportTimeZone(
    tx,
    orgId,
    q.restaurantId ? { restaurantId: q.restaurantId } : {},
  );
  const today = q.date ?? localToday(now, timeZone);
  const todayWall = parseLocal(today, 'date').wall;
  const first = isoDay(todayWall - (DASHBOARD_DAYS - 1) * DAY);
  const period = localPeriod(first, today, DASHBOARD_DAYS);
  const { from, to } = await utcBounds(tx, period, timeZone);
  const restaurant = q.restaurantId ?? null;
  const localDay = (column: string) =>
    sql<string>`to_char((${sql.ref(column)} at time zone ${timeZone})::date, 'YYYY-MM-DD')`;

  const orders = await sql<{ day: string; checks: number; revenue: number }>`
    select ${localDay('o.closed_at')} as day, count(*)::int as checks,
           coalesce(sum(o.total), 0)::bigint as revenue
    from orders o
    where o.org_id = ${orgId} and o.closed_at >= ${from} and o.closed_at < ${to}
      and (${restaurant}::bigint is null or o.restaurant_id = ${restaurant})
    group by 1`.execute(tx);
  const money = await sql<Omit<DayFigures, 'checks' | 'revenue' | 'new_guests'> & { day: string }>`
    select ${localDay('e.occurred_at')} as day,
      coalesce(-sum(e.amount) filter (where e.type = 'payment' and a.kind = 'deposit'), 0)::bigint
        as deposit_debits,
      coalesce(sum(e.amount) filter (where e.type = 'topup' and a.kind = 'deposit'), 0)::bigint
        as deposit_topups,
      coalesce(sum(e.amount) filter (where e.type = 'bonus_accrual'), 0)::bigint as bonus_accrued,
      coalesce(-sum(e.amount) filter (where e.type = 'bonus_payment'), 0)::bigint as bonus_spent
    from ledger_entries e
    join accounts a on a.org_id = e.org_id and a.id = e.account_id
    where e.org_id = ${orgId} and e.occurred_at >= ${from} and e.occurred_at < ${to}
      and e.type in ('payment', 'topup', 'bonus_accrual', 'bonus_payment')
      and (${restaurant}::bigint is null or e.restaurant_id = ${restaurant})
    group by 1`.execute(tx);
  const guests = await sql<{ day: string; new_guests: number }>`
    select ${localDay('g.created_at')} as day, count(*)::int as new_guests
    from guests g
    where g.org_id = ${orgId} and g.created_at >= ${from} and g.created_at < ${to}
    group by 1`.execute(tx);

  const days = Array.from({ length: DASHBOARD_DAYS }, (_, i) => ({
    date: isoDay(todayWall - (DASHBOARD_DAYS - 1 - i) * DAY),
    ...ZERO,
  }));
  const byDate = new Map(days.map((d) => [d.date, d]));
  for (const rows of [orders.rows, money.rows, guests.rows] as Record<string, unknown>[][]) {
    for (const { day, ...figures } of rows) {
      const d = byDate.get(String(day));
      if (d)
        for (const [k, v] of Object.entries(figures)) (d as Record<string, unknown>)[k] = Number(v);
    }
  }
  const total = (list: DayFigures[]): DayFigures => {
    const sum = { ...ZERO };
    for (const d of list) for (const k of Object.keys(ZERO) as (keyof DayFigures)[]) sum[k] += d[k];
    return sum;
  };
  const last = days[days.length - 1];
  const todayFigures: DayFigures = { ...ZERO };
  if (last) for (const k of Object.keys(ZERO) as (keyof DayFigures)[]) todayFigures[k] = last[k];

  const owed = await liabilityAt(tx, orgId, now);
  const sumOf = (kind: 'bonus' | 'deposit', key: 'positive' | 'negative' | 'net') =>
    owed.filter((r) => r.kind === kind).reduce((s, r) => s + Number(r[key]), 0);
  const bonusPending = owed.reduce((s, r) => s + Number(r.pending ?? 0), 0);
  const bonusExpired = owed.reduce((s, r) => s + Number(r.expired_unposted ?? 0), 0);

  return {
    time_zone: timeZone,
    restaurant_id: restaurant,
    today,
    period: { from: first, to: today },
    totals: { today: todayFigures, last_30_days: total(days) },
    days,
    liabilities: {
      as_of: now.toISOString(),
      /** What guests hold on deposits, and what guests on credit owe. */
      deposits: {
        balances: sumOf('deposit', 'positive'),
        owed_by_guests: -sumOf('deposit', 'negative'),
      },
      bonus: {
        points: sumOf('bonus', 'net'),
        pending: bonusPending,
        expired_unposted: bonusExpired,
        available: sumOf('bonus', 'net') - bonusPending - bonusExpired,
      },
    },
  };
}
