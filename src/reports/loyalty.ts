// A4 loyalty reports: how many guests hold each rank as of a moment (by the same rule the
// engine applies: the higher of the ranks earned by the current and the previous rank
// period's spend, net of refunds), and what each promotion cost against the checks it
// fired on.
import { sql } from 'kysely';
import type { Tx } from '../app/context.ts';
import { rankPeriodBounds } from '../domain/loyalty/ranks.ts';
import { DEFAULT_SETTINGS } from '../domain/loyalty/settings.ts';
import type { ProgramSettings } from '../domain/loyalty/types.ts';
import type { Cell, Column, ReportTable } from './export.ts';
import { findRestaurant, localPeriod, MAX_DAYS, reportTimeZone, roubleNumber } from './period.ts';
import { utcBounds } from './sales.ts';

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part * 10000) / whole) / 100);
const single = (cells: Cell[][]) =>
  (async function* () {
    yield cells;
  })();

export const RANK_COLUMNS: readonly Column[] = [
  { key: 'rank', ru: 'Ранг', en: 'Rank' },
  { key: 'threshold', ru: 'Порог', en: 'Threshold' },
  { key: 'guests', ru: 'Гостей', en: 'Guests' },
  { key: 'share', ru: 'Доля, %', en: 'Share, %' },
  { key: 'spend', ru: 'Траты за период ранга', en: 'Spend in the rank period' },
];

export async function rankTable(
  tx: Tx,
  orgId: number,
  q: { asOf: string; timeZone?: string },
): Promise<ReportTable> {
  const period = localPeriod(q.asOf, q.asOf, 1);
  const timeZone = await reportTimeZone(tx, orgId, q);
  const at = (await utcBounds(tx, period, timeZone)).to;
  const program = await tx
    .selectFrom('loyalty_programs')
    .select('settings')
    .where('org_id', '=', orgId)
    .where('restaurant_id', '=', 0)
    .executeTakeFirst();
  const rankPeriod =
    (program?.settings as Partial<ProgramSettings> | undefined)?.rankPeriod ?? DEFAULT_SETTINGS.rankPeriod;
  const b = rankPeriodBounds(rankPeriod, new Date(at.getTime() - 1), timeZone);
  const net = sql`l.amount - (l.amount * l.refunded_quantity_milli) / l.quantity_milli`;
  const { rows } = await sql<{ rank_id: number | null; guests: number; spend: number }>`
    with s as (
      select o.guest_id,
        sum(${b.currentStart ? sql`case when o.closed_at >= ${b.currentStart} then ${net} else 0 end` : net}) as cur,
        sum(${b.currentStart ? sql`case when o.closed_at < ${b.currentStart} then ${net} else 0 end` : sql`0`}) as prev
      from orders o join order_lines l on l.org_id = o.org_id and l.order_id = o.id
      where o.org_id = ${orgId} and o.guest_id is not null and o.closed_at < ${at}
        ${b.previousStart ? sql`and o.closed_at >= ${b.previousStart}` : sql``}
      group by o.guest_id
    ), g as (
      select greatest(coalesce(s.cur, 0), coalesce(s.prev, 0)) as spend, coalesce(s.cur, 0) as cur
      from guests gu left join s on s.guest_id = gu.id
      where gu.org_id = ${orgId}
    )
    select (select r.id from loyalty_ranks r where r.org_id = ${orgId} and r.threshold <= g.spend
            order by r.threshold desc limit 1) as rank_id,
           count(*) as guests, coalesce(sum(g.cur), 0)::bigint as spend
    from g group by 1`.execute(tx);
  const ranks = await tx
    .selectFrom('loyalty_ranks')
    .select(['id', 'name', 'threshold'])
    .where('org_id', '=', orgId)
    .orderBy('threshold')
    .execute();
  const all = rows.reduce((n, r) => n + r.guests, 0);
  const line = (name: string, threshold: number | null, id: number | null): Cell[] => {
    const r = rows.find((x) => x.rank_id === id);
    return [name, threshold === null ? null : roubleNumber(threshold), r?.guests ?? 0, percent(r?.guests ?? 0, all), roubleNumber(r?.spend ?? 0)];
  };
  return {
    title: { ru: 'Распределение по рангам', en: 'Rank distribution' },
    heading: [`${period.toText} (${timeZone})`],
    columns: RANK_COLUMNS,
    pages: single([line('Без ранга', null, null), ...ranks.map((r) => line(r.name, r.threshold, r.id))]),
  };
}

export const PROMOTION_COLUMNS: readonly Column[] = [
  { key: 'promotion_id', ru: 'Акция №', en: 'Promotion id' },
  { key: 'promotion', ru: 'Акция', en: 'Promotion' },
  { key: 'checks', ru: 'Чеков', en: 'Checks' },
  { key: 'checks_share', ru: 'Доля чеков, %', en: 'Share of checks, %' },
  { key: 'guests', ru: 'Гостей', en: 'Guests' },
  { key: 'revenue', ru: 'Выручка чеков', en: 'Revenue of the checks' },
  { key: 'average_check', ru: 'Средний чек', en: 'Average check' },
  { key: 'cost', ru: 'Затраты (скидки, бонусы, подарки)', en: 'Cost (discounts, bonuses, gifts)' },
  { key: 'cost_share', ru: 'Затраты к выручке, %', en: 'Cost to revenue, %' },
];

export async function promotionTable(
  tx: Tx,
  orgId: number,
  q: { from: string; to: string; restaurantId?: number },
): Promise<ReportTable> {
  const period = localPeriod(q.from, q.to, MAX_DAYS.demand);
  if (q.restaurantId) await findRestaurant(tx, orgId, q.restaurantId);
  const orders = sql`
    select o.id, o.guest_id, o.total
    from restaurants r
    join orders o on o.org_id = r.org_id and o.restaurant_id = r.id
     and o.closed_at >= (${period.from.sql}::timestamp at time zone r.time_zone)
     and o.closed_at < (${period.toExclusive.sql}::timestamp at time zone r.time_zone)
    where r.org_id = ${orgId} ${q.restaurantId ? sql`and r.id = ${q.restaurantId}` : sql``}`;
  const [per, all] = await Promise.all([
    sql<{ promotion_id: number; name: string | null; checks: number; guests: number; revenue: number; cost: number }>`
      with o as (${orders})
      select (s->>'promotion_id')::bigint as promotion_id, p.name,
             count(distinct o.id) as checks, count(distinct o.guest_id) as guests,
             sum(o.total)::bigint as revenue, sum((s->>'cost')::bigint)::bigint as cost
      from o
      join loyalty_orders lo on lo.org_id = ${orgId} and lo.order_id = o.id
      cross join lateral jsonb_array_elements(lo.spend) s
      left join loyalty_promotions p on p.org_id = ${orgId} and p.id = (s->>'promotion_id')::bigint
      group by 1, 2 order by 1`.execute(tx),
    sql<{ checks: number; revenue: number; plain_checks: number; plain_revenue: number }>`
      with o as (${orders})
      select count(*) as checks, coalesce(sum(o.total), 0)::bigint as revenue,
             count(*) filter (where lo.order_id is null or lo.spend = '[]') as plain_checks,
             coalesce(sum(o.total) filter (where lo.order_id is null or lo.spend = '[]'), 0)::bigint as plain_revenue
      from o left join loyalty_orders lo on lo.org_id = ${orgId} and lo.order_id = o.id`.execute(tx),
  ]);
  const t = all.rows[0] as { checks: number; revenue: number; plain_checks: number; plain_revenue: number };
  const cells: Cell[][] = per.rows.map((r) => [
    r.promotion_id,
    r.name,
    r.checks,
    percent(r.checks, t.checks),
    r.guests,
    roubleNumber(r.revenue),
    roubleNumber(Math.round(r.revenue / r.checks)),
    roubleNumber(r.cost),
    percent(r.cost, r.revenue),
  ]);
  const plainAverage = t.plain_checks === 0 ? 0 : Math.round(t.plain_revenue / t.plain_checks);
  return {
    title: { ru: 'Эффективность акций', en: 'Promotion effectiveness' },
    heading: [
      `${period.from.text} — ${period.toText}`,
      `Чеков всего: ${t.checks}; без акций: ${t.plain_checks}, средний чек без акций: ${roubleNumber(plainAverage)}`,
    ],
    columns: PROMOTION_COLUMNS,
    pages: single(cells),
  };
}
