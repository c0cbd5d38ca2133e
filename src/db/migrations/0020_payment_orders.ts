// Every payment at a till is a sale with its own order. Before, one-shot payments (POS API,
// iikoFront) and committed holds wrote ledger entries only, and the reports and the guests' rank
// spend, which read orders, missed them. This gives each such past payment the order it would
// have now: one line per item it was spread over (price unknown, so the line is one unit at
// what was paid), or one line «Оплата без состава заказа», its entries and their reversals
// linked to it, and what came back of it counted as returned. No amount is changed.
import { sql, type Kysely } from 'kysely';

const NO_LINES_ITEM = 'Оплата без состава заказа / Payment without order lines';

/** The order a payment's entry belongs to, as the application names it (app/payment-order.ts). */
const ORDER_KEY = sql`(case when e.hold_id is null then 'payment:' else 'hold:' end) || e.pos_txn_id`;

const ORDERLESS_PAYMENT = sql`e.order_id is null and e.type in ('payment', 'bonus_payment')
  and e.pos_txn_id is not null and e.restaurant_id is not null and e.reverses_entry_id is null`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into orders (org_id, restaurant_id, terminal_id, pos_order_id, check_number, card_id,
      guest_id, closed_at, total, net_total, status, soft_offline, operator, payments)
    select p.org_id, p.restaurant_id, p.terminal_id, p.pos_order_id, p.check_number, p.card_id,
      c.guest_id, p.closed_at, p.paid, p.paid, 'closed', p.soft_offline, p.operator,
      jsonb_build_array(jsonb_build_object('kind', p.kind, 'amount', p.paid,
        'account_id', p.account_id, 'card_id', p.card_id))
    from (
      select e.org_id, e.restaurant_id, ${ORDER_KEY} as pos_order_id, min(e.terminal_id) as terminal_id,
        min(e.pos_check_id) as check_number, min(e.card_id) as card_id,
        min(e.account_id) as account_id, min(e.occurred_at) as closed_at,
        -sum(e.amount) as paid, bool_or(e.soft_offline) as soft_offline,
        min(e.operator) as operator,
        case when min(e.type) = 'payment' then 'deposit' else 'bonus' end as kind
      from ledger_entries e
      where ${ORDERLESS_PAYMENT}
      group by e.org_id, e.restaurant_id, ${ORDER_KEY}
    ) p
    left join cards c on c.org_id = p.org_id and c.id = p.card_id
    on conflict do nothing`.execute(db);
  await sql`
    insert into order_lines (org_id, order_id, line_no, item_code, item_name, base_price, price,
      quantity_milli, amount, deposit_paid, bonus_paid)
    select e.org_id, o.id, coalesce(e.line_no, 1), coalesce(min(e.item_code), ''),
      coalesce(min(e.item_name), ${NO_LINES_ITEM}), -sum(e.amount), -sum(e.amount), 1000,
      -sum(e.amount), coalesce(-sum(e.amount) filter (where e.type = 'payment'), 0),
      coalesce(-sum(e.amount) filter (where e.type = 'bonus_payment'), 0)
    from ledger_entries e
    join orders o on o.org_id = e.org_id and o.restaurant_id = e.restaurant_id
      and o.pos_order_id = ${ORDER_KEY}
    where ${ORDERLESS_PAYMENT}
    group by e.org_id, o.id, coalesce(e.line_no, 1)`.execute(db);
  await sql`
    update ledger_entries e set order_id = o.id, line_no = coalesce(e.line_no, 1),
      item_name = coalesce(e.item_name, ${NO_LINES_ITEM})
    from orders o
    where ${ORDERLESS_PAYMENT} and o.org_id = e.org_id and o.restaurant_id = e.restaurant_id
      and o.pos_order_id = ${ORDER_KEY}`.execute(db);
  // Their reversals follow them (a reversal of a closed check's entry always names its order).
  await sql`
    update ledger_entries r set order_id = e.order_id, line_no = e.line_no, item_name = e.item_name
    from ledger_entries e
    where r.org_id = e.org_id and r.reverses_entry_id = e.id and r.order_id is null
      and e.order_id is not null`.execute(db);
  // What came back of each payment is returned of its order, line by line.
  const money = sql`
    m as (
      select e.org_id, e.order_id, e.line_no, -sum(e.amount) as paid,
        coalesce(sum(r.amount), 0) as returned
      from orders o
      join ledger_entries e on e.org_id = o.org_id and e.order_id = o.id
      left join lateral (
        select sum(x.amount) as amount from ledger_entries x
        where x.org_id = e.org_id and x.reverses_entry_id = e.id) r on true
      where (o.pos_order_id like 'payment:%' or o.pos_order_id like 'hold:%')
        and e.type in ('payment', 'bonus_payment')
      group by e.org_id, e.order_id, e.line_no
    ), t as (
      select org_id, order_id, sum(paid) as paid, sum(returned) as returned
      from m group by org_id, order_id having sum(returned) > 0
    )`;
  await sql`
    with ${money}
    update order_lines as l set refunded_quantity_milli = case
        when t.returned >= t.paid then l.quantity_milli
        else coalesce((select case when m.paid = 0 then 0 else l.quantity_milli * m.returned / m.paid end
          from m where m.org_id = l.org_id and m.order_id = l.order_id and m.line_no = l.line_no), 0) end
    from t
    where l.org_id = t.org_id and l.order_id = t.order_id`.execute(db);
  await sql`
    with ${money}
    update orders set net_total = (select coalesce(sum(l.amount - (l.amount * l.refunded_quantity_milli)
        / l.quantity_milli), 0) from order_lines as l where l.org_id = orders.org_id and l.order_id = orders.id),
      status = case when t.returned >= t.paid then 'refunded' else 'partially_refunded' end
    from t
    where orders.org_id = t.org_id and orders.id = t.order_id`.execute(db);
}

/** The orders stay: removing them would drop sales the reports have shown since. */
export async function down(): Promise<void> {}
