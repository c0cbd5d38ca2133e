// A2 item demand: quantity and revenue grouped by any of item, category, restaurant, local
// hour and local day of week, with the part paid from deposits and with bonus points (from
// the per-line ledger entries of each check). Each restaurant's period is read in its zone.
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../app/context.ts';
import { fail } from '../domain/errors.ts';
import type { Cell, Column, ReportTable } from './export.ts';
import { findRestaurant, localPeriod, MAX_DAYS, roubleNumber } from './period.ts';

export const DEMAND_DIMENSIONS = ['item', 'category', 'restaurant', 'hour', 'weekday'] as const;
export type DemandDimension = (typeof DEMAND_DIMENSIONS)[number];

export interface DemandQuery {
  from: string;
  to: string;
  groupBy: string;
  restaurantId?: number;
}

interface Dim {
  columns: Column[];
  select: RawBuilder<unknown>[];
}

const DIMS: Record<DemandDimension, Dim> = {
  item: {
    columns: [
      { key: 'item_code', ru: 'Код', en: 'Code' },
      { key: 'item', ru: 'Товар', en: 'Item' },
    ],
    select: [sql`l.item_code`, sql`l.item_name`],
  },
  category: {
    columns: [{ key: 'category', ru: 'Категория', en: 'Category' }],
    select: [sql`l.category_name`],
  },
  restaurant: {
    columns: [
      { key: 'restaurant_id', ru: 'Ресторан №', en: 'Restaurant id' },
      { key: 'restaurant', ru: 'Ресторан', en: 'Restaurant' },
    ],
    select: [sql`o.restaurant_id`, sql`o.restaurant_name`],
  },
  hour: {
    columns: [{ key: 'hour', ru: 'Час', en: 'Hour' }],
    select: [sql`extract(hour from o.local_at)::int`],
  },
  weekday: {
    columns: [{ key: 'weekday', ru: 'День недели (1 — пн)', en: 'Day of week (1 = Mon)' }],
    select: [sql`extract(isodow from o.local_at)::int`],
  },
};

export const DEMAND_MEASURES: readonly Column[] = [
  { key: 'orders', ru: 'Чеков', en: 'Checks' },
  { key: 'quantity', ru: 'Количество', en: 'Quantity' },
  { key: 'revenue', ru: 'Выручка', en: 'Revenue' },
  { key: 'refunded_quantity', ru: 'Возвращено, ед.', en: 'Refunded units' },
  { key: 'refunded', ru: 'Сумма возвратов', en: 'Refunded amount' },
  { key: 'deposit_paid', ru: 'Оплачено депозитом', en: 'Paid from deposit' },
  { key: 'deposit_share', ru: 'Доля депозита, %', en: 'Deposit share, %' },
  { key: 'bonus_paid', ru: 'Оплачено бонусами', en: 'Paid with bonuses' },
  { key: 'bonus_share', ru: 'Доля бонусов, %', en: 'Bonus share, %' },
];

export function parseDimensions(groupBy: string): DemandDimension[] {
  const dims = groupBy.split(',').map((d) => d.trim());
  const unknown = dims.filter((d) => !(DEMAND_DIMENSIONS as readonly string[]).includes(d));
  if (dims.length === 0 || dims.length > 3 || unknown.length > 0 || new Set(dims).size !== dims.length) {
    fail(
      'validation',
      'invalid_group_by',
      {
        ru: `group_by: от одного до трёх разных измерений из ${DEMAND_DIMENSIONS.join(', ')}`,
        en: `group_by: one to three distinct dimensions of ${DEMAND_DIMENSIONS.join(', ')}`,
      },
      { group_by: groupBy, allowed: DEMAND_DIMENSIONS },
    );
  }
  return dims as DemandDimension[];
}

/** Percent with two decimals; 0 when there was no revenue. */
const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part * 10000) / whole) / 100);

export async function demandTable(tx: Tx, orgId: number, q: DemandQuery): Promise<ReportTable> {
  const dims = parseDimensions(q.groupBy);
  const period = localPeriod(q.from, q.to, MAX_DAYS.demand);
  if (q.restaurantId) await findRestaurant(tx, orgId, q.restaurantId);
  const select = dims.flatMap((d) => DIMS[d].select);
  // The dimensions are the leading select columns: group and order by their positions.
  const positions = select.map((_, i) => sql.raw(String(i + 1)));
  const dimCols = select.map((x, i) => sql`${x} as ${sql.ref(`d${i}`)}`);
  // Zone bounds once per restaurant, so orders are read by the (org, restaurant, closed_at)
  // index. What the deposit and bonuses paid is kept on each line by the close (migration
  // 0009), so no ledger entry is read; checks are counted per group as distinct orders.
  const query = sql<Record<string, unknown>>`
    with rb as materialized (
      select r.id, r.name, r.time_zone,
             (${period.from.sql}::timestamp at time zone r.time_zone) as f,
             (${period.toExclusive.sql}::timestamp at time zone r.time_zone) as t
      from restaurants r
      where r.org_id = ${orgId} ${q.restaurantId ? sql`and r.id = ${q.restaurantId}` : sql``}
    ), o as (
      select o.id, o.restaurant_id, rb.name as restaurant_name,
             o.closed_at at time zone rb.time_zone as local_at
      from rb join orders o on o.org_id = ${orgId} and o.restaurant_id = rb.id
       and o.closed_at >= rb.f and o.closed_at < rb.t
    )
    select ${sql.join(dimCols)}, count(distinct l.order_id) as orders,
           sum(l.quantity_milli)::bigint as quantity_milli, sum(l.amount)::bigint as revenue,
           sum(l.refunded_quantity_milli)::bigint as refunded_milli,
           sum(l.amount * l.refunded_quantity_milli / l.quantity_milli)::bigint as refunded,
           sum(l.deposit_paid)::bigint as deposit, sum(l.bonus_paid)::bigint as bonus
    from o
    join order_lines l on l.org_id = ${orgId} and l.order_id = o.id
    group by ${sql.join(positions)}
    order by revenue desc, ${sql.join(positions)}`;
  // One analytic statement: room to hash in memory, and no JIT compile for a query this short.
  const rows = await tx.transaction().execute(async (t) => {
    await sql`set local work_mem = '64MB'`.execute(t);
    await sql`set local jit = off`.execute(t);
    return (await query.execute(t)).rows;
  });
  const columns = [...dims.flatMap((d) => DIMS[d].columns), ...DEMAND_MEASURES];
  const cells: Cell[][] = rows.map((r) => {
    const revenue = r.revenue as number;
    return [
      ...select.map((_, i) => (r[`d${i}`] ?? null) as Cell),
      r.orders as number,
      (r.quantity_milli as number) / 1000,
      roubleNumber(revenue),
      (r.refunded_milli as number) / 1000,
      roubleNumber(r.refunded as number),
      roubleNumber(r.deposit as number),
      share(r.deposit as number, revenue),
      roubleNumber(r.bonus as number),
      share(r.bonus as number, revenue),
    ];
  });
  return {
    title: { ru: 'Спрос на позиции', en: 'Item demand' },
    heading: [`${period.from.text} — ${period.toText}`, `group_by: ${dims.join(', ')}`],
    columns,
    pages: (async function* () {
      yield cells;
    })(),
  };
}
