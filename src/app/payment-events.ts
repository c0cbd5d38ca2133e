// What payments outside a check close tell the world, written in the transaction that makes
// them (the outbox): a one-shot payment (POS API, iikoFront) and a committed hold are sales of
// their own order, so they tell `order.closed` and `deposit.debited` / `bonus.spent` as a
// check's close does (in the order's own statement, keyed by the order); a hold tells when it
// is made, committed, cancelled or found expired; money given back tells `order.refunded` (a
// check's refund) or `payment.returned` (a payment's return, reversal or emergency cancel).
// Each POS operation runs once per its POS id (idempotency.ts), and each event is keyed by
// the row or the operation it tells about, so a replay writes nothing new.
import type { Account, Card } from '../db/schema.ts';
import type { PosPrincipal, Tx } from './context.ts';
import { recordEvents, type NewEvent, type OrderEvent } from './events.ts';
/** How a payment's order was paid: one-shot (POS API, iikoFront) or a committed hold. */
type PaidBy = 'payment' | 'hold';

/** The events of a payment's order, written by the statement that writes the order. */
export function paymentOrderEvents(
  p: PosPrincipal,
  pay: {
    by: PaidBy;
    posId: string;
    orderId: string;
    account: Pick<Account, 'id' | 'kind'>;
    card: Pick<Card, 'id' | 'guest_id'>;
    amount: number;
    at: Date;
    softOffline: boolean;
  },
): OrderEvent[] {
  const order = {
    restaurant_id: p.restaurantId,
    terminal_id: p.terminalId,
    order_id: pay.orderId,
    guest_id: pay.card.guest_id,
    card_id: pay.card.id,
    // Tells a payment's order from a check: `payment` (one-shot, iikoFront) or `hold`.
    paid_by: pay.by,
    [pay.by === 'hold' ? 'hold_id' : 'payment_id']: pay.posId,
  };
  return [
    {
      type: 'order.closed',
      key: ['', ''],
      at: pay.at,
      data: {
        ...order,
        total: pay.amount,
        discount: 0,
        closed_at: pay.at.toISOString(),
        soft_offline: pay.softOffline,
        payments: [{ kind: pay.account.kind, amount: pay.amount }],
      },
    },
    {
      type: pay.account.kind === 'deposit' ? 'deposit.debited' : 'bonus.spent',
      key: ['', ':0'],
      at: pay.at,
      data: { ...order, account_id: pay.account.id, amount: pay.amount },
    },
  ];
}

export interface HoldFacts {
  /** Kopilka's id of the hold (the key of its events). */
  id: number;
  pos_hold_id: string;
  restaurant_id: number;
  account_id: number;
  card_id: number;
  amount: number;
}

const holdData = (h: HoldFacts, terminalId: number | null) => ({
  hold_id: h.pos_hold_id,
  restaurant_id: h.restaurant_id,
  terminal_id: terminalId,
  account_id: h.account_id,
  card_id: h.card_id,
  amount: h.amount,
});

export const holdCreated = (
  h: HoldFacts,
  p: PosPrincipal,
  guestId: number | null,
  expiresAt: Date,
  at: Date,
): NewEvent => ({
  type: 'hold.created',
  key: String(h.id),
  at,
  data: { ...holdData(h, p.terminalId), guest_id: guestId, expires_at: expiresAt.toISOString() },
});

/** Committed: `committed` was debited (the order's events), the rest of the hold released. */
export const holdCommitted = (
  h: HoldFacts,
  p: PosPrincipal,
  committed: number,
  orderId: string,
  at: Date,
): NewEvent => ({
  type: 'hold.committed',
  key: String(h.id),
  at,
  data: {
    ...holdData(h, p.terminalId),
    committed,
    released: h.amount - committed,
    order_id: orderId,
  },
});

export const holdCancelled = (h: HoldFacts, p: PosPrincipal, at: Date): NewEvent => ({
  type: 'hold.cancelled',
  key: String(h.id),
  at,
  data: { ...holdData(h, p.terminalId), released: h.amount },
});

/** Found past its expiry when its account was next used: the whole hold released. */
export const holdExpired = (h: HoldFacts, at: Date): NewEvent => ({
  type: 'hold.expired',
  key: String(h.id),
  at,
  data: { ...holdData(h, null), released: h.amount },
});

export interface Returned {
  kind: 'deposit' | 'bonus';
  account_id: number;
  /** Kopecks back on the account (an accrual taken back is negative on the bonus wallet). */
  amount: number;
}

/** Sums what came back per account and kind. */
export function returnedOf(parts: readonly Returned[]): Returned[] {
  const out = new Map<string, Returned>();
  for (const r of parts) {
    if (r.amount === 0) continue;
    const k = `${r.kind}:${r.account_id}`;
    const was = out.get(k);
    out.set(k, { ...r, amount: (was?.amount ?? 0) + r.amount });
  }
  return [...out.values()];
}

/**
 * Money given back to a payment's accounts: `by` names the POS operation (its id is the
 * event's key with the restaurant), `orders` the orders whose payments came back.
 */
export function paymentReturned(
  p: PosPrincipal,
  by: 'return' | 'return_unlinked' | 'cancel' | 'reversal',
  posId: string,
  o: { paymentId: string | null; orders: readonly string[]; guestId: number | null },
  returned: readonly Returned[],
  at: Date,
): NewEvent {
  return {
    type: 'payment.returned',
    key: `${by}:${p.restaurantId}:${posId}`,
    at,
    data: {
      restaurant_id: p.restaurantId,
      terminal_id: p.terminalId,
      by,
      pos_id: posId,
      payment_id: o.paymentId,
      order_ids: o.orders,
      guest_id: o.guestId,
      amount: returned.reduce((s, r) => s + Math.max(0, r.amount), 0),
      returned,
    },
  };
}

/** A check's (or a payment order's) units given back: what came back to each account. */
export function orderRefunded(
  p: PosPrincipal,
  refundId: string,
  o: { orderId: string; guestId: number | null; status: 'refunded' | 'partially_refunded' },
  returned: readonly Returned[],
  at: Date,
): NewEvent {
  return {
    type: 'order.refunded',
    key: `${p.restaurantId}:${refundId}`,
    at,
    data: {
      restaurant_id: p.restaurantId,
      terminal_id: p.terminalId,
      refund_id: refundId,
      order_id: o.orderId,
      guest_id: o.guestId,
      status: o.status,
      amount: returned.reduce((s, r) => s + Math.max(0, r.amount), 0),
      returned,
    },
  };
}

/** The POS ids of orders by Kopilka's ids (what events name orders by). */
export async function posOrderIds(
  tx: Tx,
  orgId: number,
  ids: readonly (number | null)[],
): Promise<string[]> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return [];
  const rows = await tx
    .selectFrom('orders')
    .select('pos_order_id')
    .where('org_id', '=', orgId)
    .where('id', 'in', wanted)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.pos_order_id);
}

/** Records `payment.returned` for money that came back to one account (none: nothing moved). */
export async function tellReturned(
  tx: Tx,
  p: PosPrincipal,
  by: 'return' | 'return_unlinked' | 'cancel' | 'reversal',
  posId: string,
  paymentId: string | null,
  account: Pick<Account, 'id' | 'kind' | 'guest_id'>,
  entries: readonly { order_id: number | null }[],
  amount: number,
  at: Date,
): Promise<void> {
  if (amount === 0) return;
  const orders = await posOrderIds(
    tx,
    p.orgId,
    entries.map((e) => e.order_id),
  );
  const back = [{ kind: account.kind, account_id: account.id, amount }];
  const event = paymentReturned(
    p,
    by,
    posId,
    { paymentId, orders, guestId: account.guest_id },
    back,
    at,
  );
  await recordEvents(tx, p.orgId, [event]);
}
