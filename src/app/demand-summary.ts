// The item-demand read model (table demand_hourly, migration 0009): per restaurant, UTC hour,
// item and category, the units, revenue, refunds and per-line deposit and bonus payments of the
// checks closed then. A check's close adds its rows and a refund adjusts them, in the same
// transaction, so a month of item demand reads tens of thousands of summed rows instead of
// joining every check's lines and payment entries (docs/benchmarks.md, Reports).
//
// "Checks" are distinct per report group, which sums do not give: a check is counted once per
// (item, category) in `checks`, and once more in the row of its first line of the item
// (`item_checks`), of the category (`category_checks`) and of the whole check (`order_checks`),
// so every grouping has a column that counts each of its checks exactly once.
import { sql, type RawBuilder } from 'kysely';

/** The summary rows of the orders matching `where` (a condition on orders `o`), added in. */
export function addDemand(where: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    insert into demand_hourly as s (org_id, restaurant_id, hour, item_code, item_name,
      category_name, checks, item_checks, category_checks, order_checks, quantity_milli, amount,
      refunded_milli, refunded, deposit, bonus)
    select org_id, restaurant_id, hour, item_code, item_name, category_name,
           count(*) filter (where pair_first), count(*) filter (where item_first),
           count(*) filter (where category_first), count(*) filter (where order_first),
           sum(quantity_milli), sum(amount), sum(refunded_quantity_milli),
           sum(amount * refunded_quantity_milli / quantity_milli), sum(deposit), sum(bonus)
    from (
      select l.org_id, o.restaurant_id, date_trunc('hour', o.closed_at, 'UTC') as hour,
             l.item_code, l.item_name, l.category_name, l.quantity_milli, l.amount,
             l.refunded_quantity_milli,
             l.line_no = min(l.line_no) over (partition by l.order_id, l.item_code, l.item_name,
               l.category_name) as pair_first,
             l.line_no = min(l.line_no) over (partition by l.order_id, l.item_code, l.item_name)
               as item_first,
             l.line_no = min(l.line_no) over (partition by l.order_id, l.category_name)
               as category_first,
             l.line_no = min(l.line_no) over (partition by l.order_id) as order_first,
             coalesce(p.deposit, 0) as deposit, coalesce(p.bonus, 0) as bonus
      from orders o
      join order_lines l on l.org_id = o.org_id and l.order_id = o.id
      left join lateral (
        select -sum(e.amount) filter (where e.type = 'payment') as deposit,
               -sum(e.amount) filter (where e.type = 'bonus_payment') as bonus
        from ledger_entries e
        where e.org_id = l.org_id and e.order_id = l.order_id and e.line_no = l.line_no
          and e.type in ('payment', 'bonus_payment')
      ) p on true
      where ${where}
    ) x
    group by org_id, restaurant_id, hour, item_code, item_name, category_name
    on conflict (org_id, hour, restaurant_id, item_code, item_name, category_name) do update set
      checks = s.checks + excluded.checks, item_checks = s.item_checks + excluded.item_checks,
      category_checks = s.category_checks + excluded.category_checks,
      order_checks = s.order_checks + excluded.order_checks,
      quantity_milli = s.quantity_milli + excluded.quantity_milli,
      amount = s.amount + excluded.amount, refunded_milli = s.refunded_milli + excluded.refunded_milli,
      refunded = s.refunded + excluded.refunded, deposit = s.deposit + excluded.deposit,
      bonus = s.bonus + excluded.bonus`;
}

/**
 * A refund's units on the summary, run after the order's lines got their new refunded
 * quantities: `returning` is line number → units returned now. The refunded amount moves by
 * each line's amount × refunded / quantity after minus before, as the report rounds it.
 */
export function refundDemand(
  orgId: number,
  orderId: number,
  returning: ReadonlyMap<number, number>,
): RawBuilder<unknown> {
  const rows = JSON.stringify([...returning].map(([line_no, q]) => ({ line_no, q })));
  return sql`
    update demand_hourly s
    set refunded_milli = s.refunded_milli + d.q, refunded = s.refunded + d.amount
    from (
      select o.restaurant_id, date_trunc('hour', o.closed_at, 'UTC') as hour, l.item_code,
             l.item_name, l.category_name, sum(r.q) as q,
             sum(l.amount * l.refunded_quantity_milli / l.quantity_milli
                 - l.amount * (l.refunded_quantity_milli - r.q) / l.quantity_milli) as amount
      from jsonb_to_recordset(${rows}::jsonb) as r(line_no integer, q bigint)
      join order_lines l on l.org_id = ${orgId} and l.order_id = ${orderId} and l.line_no = r.line_no
      join orders o on o.org_id = ${orgId} and o.id = ${orderId}
      group by 1, 2, 3, 4, 5
    ) d
    where s.org_id = ${orgId} and s.hour = d.hour and s.restaurant_id = d.restaurant_id
      and s.item_code = d.item_code and s.item_name = d.item_name
      and s.category_name is not distinct from d.category_name`;
}
