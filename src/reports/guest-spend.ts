// A3 guest spend: per guest over a period — visits, average check, total net of refunds, last
// visit — and an RFM segment from fixed, documented thresholds (fixed so that a guest's
// segment does not depend on who else is in the export, and pages can stream by guest id).
import { sql } from 'kysely';
import type { Tx } from '../app/context.ts';
import { keysetPages, type Cell, type Column, type Lang, type ReportTable } from './export.ts';
import { findRestaurant, formatLocal, localPeriod, MAX_DAYS, reportTimeZone, roubleNumber } from './period.ts';
import { utcBounds } from './sales.ts';

/** RFM scores 1–3; thresholds in docs/reports.md. */
export const RFM = {
  /** Days since the last visit, counted to the end of the period: ≤ 30 → 3, ≤ 90 → 2, else 1. */
  recencyDays: [30, 90],
  /** Visits in the period: ≥ 4 → 3, ≥ 2 → 2, else 1. */
  visits: [2, 4],
  /** Spend in the period, kopecks: ≥ 10 000 ₽ → 3, ≥ 3 000 ₽ → 2, else 1. */
  spend: [300_000, 1_000_000],
} as const;

export const SEGMENTS: Record<string, { ru: string; en: string }> = {
  champions: { ru: 'Лучшие', en: 'Champions' },
  loyal: { ru: 'Постоянные', en: 'Loyal' },
  new: { ru: 'Новые', en: 'New' },
  at_risk: { ru: 'Под угрозой', en: 'At risk' },
  sleeping: { ru: 'Засыпающие', en: 'Falling asleep' },
  lost: { ru: 'Ушедшие', en: 'Lost' },
};

export interface GuestSpendQuery {
  from: string;
  to: string;
  restaurantId?: number;
  timeZone?: string;
}

export interface GuestSpendScope {
  orgId: number;
  restaurantId: number | null;
  timeZone: string;
  bounds: { from: Date; to: Date };
}

export const GUEST_SPEND_COLUMNS: readonly Column[] = [
  { key: 'guest_id', ru: 'Гость №', en: 'Guest id' },
  { key: 'guest', ru: 'Гость', en: 'Guest' },
  { key: 'card', ru: 'Карта', en: 'Card' },
  { key: 'visits', ru: 'Визитов', en: 'Visits' },
  { key: 'average_check', ru: 'Средний чек', en: 'Average check' },
  { key: 'total', ru: 'Сумма', en: 'Total' },
  { key: 'last_visit', ru: 'Последний визит', en: 'Last visit' },
  { key: 'recency_days', ru: 'Дней с визита', en: 'Days since visit' },
  { key: 'rfm', ru: 'RFM', en: 'RFM' },
  { key: 'segment', ru: 'Сегмент', en: 'Segment' },
];

export async function guestSpendScope(tx: Tx, orgId: number, q: GuestSpendQuery): Promise<GuestSpendScope> {
  const period = localPeriod(q.from, q.to, MAX_DAYS.guests);
  if (q.restaurantId) await findRestaurant(tx, orgId, q.restaurantId);
  const timeZone = await reportTimeZone(tx, orgId, q);
  return { orgId, restaurantId: q.restaurantId ?? null, timeZone, bounds: await utcBounds(tx, period, timeZone) };
}

/** Per-guest figures with their scores and segment; `page` limits to guests after an id. */
function scored(s: GuestSpendScope, page: { after: number; limit: number } | null) {
  const [r1, r2] = RFM.recencyDays;
  const [f1, f2] = RFM.visits;
  const [m1, m2] = RFM.spend;
  return sql`
    with g as (
      select o.guest_id, count(*) as visits, max(o.closed_at) as last_at,
             sum(o.total - case when o.status = 'partially_refunded' then coalesce((
               select sum(l.amount * l.refunded_quantity_milli / l.quantity_milli)
               from order_lines l where l.org_id = o.org_id and l.order_id = o.id), 0) else 0 end
             )::bigint as total
      from orders o
      where o.org_id = ${s.orgId} and o.guest_id is not null and o.status <> 'refunded'
        and o.closed_at >= ${s.bounds.from} and o.closed_at < ${s.bounds.to}
        ${s.restaurantId ? sql`and o.restaurant_id = ${s.restaurantId}` : sql``}
        ${page ? sql`and o.guest_id > ${page.after}` : sql``}
      group by o.guest_id
      ${page ? sql`order by o.guest_id limit ${page.limit}` : sql``}
    ), s as (
      select g.*, floor(extract(epoch from (${s.bounds.to}::timestamptz - g.last_at)) / 86400)::int as recency_days
      from g
    ), r as (
      select s.*,
        case when recency_days <= ${r1} then 3 when recency_days <= ${r2} then 2 else 1 end as r,
        case when visits >= ${f2} then 3 when visits >= ${f1} then 2 else 1 end as f,
        case when total >= ${m2} then 3 when total >= ${m1} then 2 else 1 end as m
      from s
    )
    select r.*, case
        when r = 3 and f = 3 then 'champions'
        when r >= 2 and f >= 2 then 'loyal'
        when r = 3 then 'new'
        when f >= 2 then 'at_risk'
        when r = 2 then 'sleeping'
        else 'lost' end as segment
    from r`;
}

interface ScoredRow {
  guest_id: number;
  visits: number;
  total: number;
  last_at: Date;
  recency_days: number;
  r: number;
  f: number;
  m: number;
  segment: string;
}

export async function guestSpendPage(tx: Tx, s: GuestSpendScope, after: number, limit: number) {
  const { rows } = await sql<ScoredRow & { name: string | null; card: string | null }>`
    select x.*, concat_ws(' ', gu.last_name, gu.first_name, gu.middle_name) as name,
           (select c.number from cards c where c.org_id = ${s.orgId} and c.guest_id = x.guest_id
            order by (c.status = 'active') desc, c.id limit 1) as card
    from (${scored(s, { after, limit })}) x
    join guests gu on gu.org_id = ${s.orgId} and gu.id = x.guest_id
    order by x.guest_id`.execute(tx);
  return {
    rows: rows.map((r) => ({
      guest_id: r.guest_id,
      guest: r.name || null,
      card: r.card,
      visits: r.visits,
      average_check: Math.round(r.total / r.visits),
      total: r.total,
      last_visit: r.last_at.toISOString(),
      last_visit_local: formatLocal(r.last_at, s.timeZone),
      recency_days: r.recency_days,
      rfm: `${r.r}${r.f}${r.m}`,
      segment: r.segment,
    })),
    next: rows.length === limit ? (rows[rows.length - 1] as ScoredRow).guest_id : null,
  };
}

/** Guests, total spend and visits per segment over the whole period. */
export async function guestSegments(tx: Tx, s: GuestSpendScope) {
  const { rows } = await sql<{ segment: string; guests: number; visits: number; total: number }>`
    select segment, count(*) as guests, sum(visits)::bigint as visits, sum(total)::bigint as total
    from (${scored(s, null)}) x group by segment`.execute(tx);
  return Object.entries(SEGMENTS).map(([code, label]) => {
    const r = rows.find((x) => x.segment === code);
    return { segment: code, name: label, guests: r?.guests ?? 0, visits: r?.visits ?? 0, total: r?.total ?? 0 };
  });
}

export function guestSpendTable(tx: Tx, s: GuestSpendScope, lang: Lang): ReportTable {
  return {
    title: { ru: 'Траты гостей', en: 'Guest spend' },
    heading: [],
    columns: GUEST_SPEND_COLUMNS,
    pages: keysetPages<number, Cell[]>(0, async (after) => {
      const page = await guestSpendPage(tx, s, after, 2000);
      return {
        rows: page.rows.map((r) => [
          r.guest_id,
          r.guest,
          r.card,
          r.visits,
          roubleNumber(r.average_check),
          roubleNumber(r.total),
          r.last_visit_local,
          r.recency_days,
          r.rfm,
          SEGMENTS[r.segment]?.[lang] ?? r.segment,
        ]),
        key: page.next,
      };
    }),
  };
}
