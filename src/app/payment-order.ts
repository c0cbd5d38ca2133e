// A payment at the till — one-shot (POS API, iikoFront) or a hold committed — is a sale like a
// closed check: it is written as its own order, through the close's one statement, with the
// lines the till sent or one line that says it sent none, so that the reports and the guest's
// rank spend count it. The order records what the payment paid: each line's amount is its part
// of the payment. The rest of the till's order was paid otherwise and Kopilka never saw it, and
// two payments of one till order are never counted twice.
import { sql } from 'kysely';
import { fail } from '../domain/errors.ts';
import { allocatePayments, orderTotal, type OrderLine } from '../domain/order.ts';
import type { Account, Card, LedgerEntry } from '../db/schema.ts';
import type { PosPrincipal, Tx } from './context.ts';
import { fillIds, idSlot } from '../db/repositories/requests.ts';
import type { CloseClaim } from './close-command.ts';
import { LedgerWork, type EntryMeta, type EntryPart } from './ledger-posting.ts';
import { insertOrder, NET_OF_LINES } from './order-write.ts';
import { toLines, type EntryView, type LineInput } from './pos-common.ts';
import { paymentOrderEvents } from './payment-events.ts';

/** The one line of a payment the till sent without its order's lines (Russian first). */
export const NO_LINES_ITEM = 'Оплата без состава заказа / Payment without order lines';

/** What a payment's order is known by: its kind and the POS's own id, apart from closed checks. */
export type PaidBy = 'payment' | 'hold';

export function paymentOrderId(by: PaidBy, posId: string): string {
  return `${by}:${posId}`;
}

/** Whether an order is a payment's own (SQL, on orders as `o`). */
const IS_PAYMENT_ORDER = sql<boolean>`(o.pos_order_id like 'payment:%' or o.pos_order_id like 'hold:%')`;

/** A payment's order lines and the entries' parts, line by line. */
export interface PaymentSale {
  lines: OrderLine[];
  parts: EntryPart[];
}

/** The sale a payment makes: one part per line (one history entry per item), or one in all. */
export function paymentSale(amount: number, lines: LineInput[] | undefined): PaymentSale {
  if (!lines || lines.length === 0) {
    return {
      lines: [
        {
          lineNo: 1,
          itemCode: '',
          itemName: NO_LINES_ITEM,
          categoryCode: null,
          categoryName: null,
          basePrice: amount,
          price: amount,
          quantityMilli: 1000,
          amount,
        },
      ],
      parts: [{ amount, lineNo: 1, itemCode: null, itemName: NO_LINES_ITEM }],
    };
  }
  const normalized = toLines(lines);
  const total = orderTotal(normalized);
  if (amount > total) {
    fail(
      'validation',
      'payment_exceeds_lines',
      {
        ru: 'Сумма оплаты больше суммы переданных строк',
        en: 'The payment is larger than the sum of its lines',
      },
      { amount, lines_total: total },
    );
  }
  const [shares = []] = allocatePayments(
    normalized.map((l) => l.amount),
    [amount],
  );
  return {
    lines: normalized.map((l, i) => ({ ...l, amount: shares[i] ?? 0 })),
    parts: normalized.map((l, i) => ({
      amount: shares[i] ?? 0,
      lineNo: l.lineNo,
      itemCode: l.itemCode,
      itemName: l.itemName,
    })),
  };
}

export interface PaymentToPost {
  by: PaidBy;
  posId: string;
  sale: PaymentSale;
  /** The locked, settled account paid from, and the card presented. */
  account: Account;
  card: Pick<Card, 'id' | 'guest_id'>;
  meta: EntryMeta;
  now: Date;
  /** The size of the hold the payment consumes. */
  fromHold?: number;
}

/** What the till is answered of entries written for `parts` (the non-empty ones, in order). */
export function entryViews(ids: number[], parts: readonly EntryPart[], sign: number): EntryView[] {
  const nonEmpty = parts.filter((p) => p.amount > 0);
  return ids.map((id, i) => ({
    id,
    amount: sign * (nonEmpty[i]?.amount ?? 0),
    line_no: nonEmpty[i]?.lineNo ?? null,
    item_name: nonEmpty[i]?.itemName ?? null,
  }));
}

/**
 * Debits the payment and writes its order and the till's claim in one statement. `answer` is
 * given the entries as the till sees them, with their ids as placeholders (idSlot), once the
 * debit moved the account; the statement stores it and the till gets it with the ids filled in.
 */
export async function postPayment<A>(
  tx: Tx,
  p: PosPrincipal,
  pay: PaymentToPost,
  claim: CloseClaim,
  answer: (entries: EntryView[]) => Promise<A>,
): Promise<A> {
  const { account, sale, meta } = pay;
  const work = new LedgerWork(p.orgId);
  const positions = await work.debit(tx, account, sale.parts, meta, pay.now, {
    fromHold: pay.fromHold ?? 0,
  });
  const slots = positions.map((k) => idSlot(k + 1) as unknown as number);
  const template = await answer(entryViews(slots, sale.parts, -1));
  const shares = sale.lines.map((l) => l.amount);
  const none = shares.map(() => 0);
  const inserted = await insertOrder(tx, p, {
    posOrderId: paymentOrderId(pay.by, pay.posId),
    checkNumber: meta.posCheckId ?? null,
    openedAt: null,
    closedAt: meta.occurredAt,
    softOffline: meta.softOffline ?? false,
    operator: meta.operator ?? null,
    cardId: pay.card.id,
    guestId: pay.card.guest_id,
    lines: sale.lines,
    payments: [
      {
        kind: account.kind,
        amount: orderTotal(sale.lines),
        account_id: account.id,
        card_id: pay.card.id,
        allocation: shares,
      },
    ],
    paid:
      account.kind === 'bonus'
        ? { deposit: none, bonus: shares }
        : { deposit: shares, bonus: none },
    loyalty: { explanation: [], record: null },
    work,
    events: paymentOrderEvents(p, {
      by: pay.by,
      posId: pay.posId,
      orderId: paymentOrderId(pay.by, pay.posId),
      account,
      card: pay.card,
      amount: orderTotal(sale.lines),
      at: meta.occurredAt,
      softOffline: meta.softOffline ?? false,
    }),
    claim: { ...claim, answer: template, withIds: true },
  });
  return fillIds(template, [inserted.id, ...inserted.entryIds]) as A;
}

/** The payment (or payments) entries of the payments' orders with these keys, oldest first. */
export function paymentOrderEntries(
  tx: Tx,
  p: PosPrincipal,
  keys: readonly string[],
  types: readonly ('payment' | 'bonus_payment')[],
): Promise<LedgerEntry[]> {
  return tx
    .selectFrom('ledger_entries as e')
    .innerJoin('orders as o', (j) =>
      j.onRef('o.org_id', '=', 'e.org_id').onRef('o.id', '=', 'e.order_id'),
    )
    .selectAll('e')
    .where('o.org_id', '=', p.orgId)
    .where('o.restaurant_id', '=', p.restaurantId)
    .where('o.pos_order_id', 'in', keys)
    .where('e.org_id', '=', p.orgId)
    .where('e.type', 'in', types)
    .orderBy('e.id')
    .execute();
}

/**
 * After money of payments came back (a return, a reversal, an emergency cancel): their orders
 * count only what is left. Each line is returned in the share of its payment that came back, a
 * fully returned order is refunded, and the order's net total follows its lines, as a refund
 * of a closed check does. Closed checks among `orderIds` are left to their own refunds.
 */
export async function reflectPaymentReturns(
  tx: Tx,
  orgId: number,
  orderIds: readonly (number | null)[],
): Promise<void> {
  const ids = [...new Set(orderIds.filter((id): id is number => id !== null))];
  if (ids.length === 0) return;
  const money = sql`
    m as (
      select e.order_id, e.line_no, -sum(e.amount) as paid, coalesce(sum(r.amount), 0) as returned
      from ledger_entries e
      join orders o on o.org_id = e.org_id and o.id = e.order_id
      left join lateral (
        select sum(x.amount) as amount from ledger_entries x
        where x.org_id = e.org_id and x.reverses_entry_id = e.id) r on true
      where e.org_id = ${orgId} and e.order_id in (${sql.join(ids)})
        and e.type in ('payment', 'bonus_payment') and ${IS_PAYMENT_ORDER}
      group by e.order_id, e.line_no
    ), t as (
      select order_id, sum(paid) as paid, sum(returned) as returned from m group by order_id
    )`;
  await sql`
    with ${money}
    update order_lines as l set refunded_quantity_milli = case
        when t.returned >= t.paid then l.quantity_milli
        else coalesce((select case when m.paid = 0 then 0 else l.quantity_milli * m.returned / m.paid end
          from m where m.order_id = l.order_id and m.line_no = l.line_no), 0) end
    from t
    where l.org_id = ${orgId} and l.order_id = t.order_id`.execute(tx);
  await sql`
    with ${money}
    update orders set net_total = ${NET_OF_LINES},
      status = case when t.returned >= t.paid then 'refunded'
        when t.returned > 0 then 'partially_refunded' else 'closed' end
    from t
    where orders.org_id = ${orgId} and orders.id = t.order_id`.execute(tx);
}
