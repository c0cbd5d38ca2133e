// The close's one write: the order, its lines, its loyalty record, every ledger change of the
// close (entries, lots, draws, balances), its events and the till's claim in one statement,
// inside the caller's transaction or, for an optimistic close, on its own (OptimisticClose).
import { sql } from 'kysely';
import { config } from '../config.ts';
import { orderTotal, type OrderLine } from '../domain/order.ts';
import type { AccountWant } from '../db/repositories/ledger.ts';
import { writeClosedOrder } from '../db/repositories/orders.ts';
import type { WriteClaim } from '../db/repositories/requests.ts';
import type { Account, OrderPaymentRecord } from '../db/schema.ts';
import type { PosPrincipal, Tx } from './context.ts';
import type { OrderEvent } from './events.ts';
import type { LedgerWork } from './ledger-posting.ts';
import type { LoyaltyPlan } from './loyalty-hook.ts';

/** What an order still counts for the guest's rank: its lines net of what was returned. */
export const NET_OF_LINES = sql<number>`(select coalesce(sum(l.amount - (l.amount * l.refunded_quantity_milli)
  / l.quantity_milli), 0) from order_lines as l where l.org_id = orders.org_id and l.order_id = orders.id)`;

/** Per line (by index), what the deposit and bonus charges paid of it. */
export interface LinePaid {
  deposit: number[];
  bonus: number[];
}

export function linePaid(
  lineCount: number,
  charges: readonly { index: number }[],
  kinds: readonly string[],
  allocation: readonly (readonly number[] | undefined)[],
): LinePaid {
  const paid: LinePaid = {
    deposit: new Array(lineCount).fill(0),
    bonus: new Array(lineCount).fill(0),
  };
  for (const [ci, c] of charges.entries()) {
    const into = kinds[c.index] === 'bonus' ? paid.bonus : paid.deposit;
    allocation[ci]?.forEach((amount, i) => (into[i] = (into[i] ?? 0) + amount));
  }
  return paid;
}

/** One order as the close writes it: a check closed at the till, or a payment's own order. */
export interface OrderToWrite {
  posOrderId: string;
  checkNumber: string | null;
  openedAt: Date | null;
  closedAt: Date;
  softOffline: boolean;
  operator: string | null;
  /** The card and guest the sale counts for (rank spend, guest reports); null without a card. */
  cardId: number | null;
  guestId: number | null;
  lines: readonly OrderLine[];
  payments: readonly OrderPaymentRecord[];
  /** What the deposit and bonus payments paid of each line. */
  paid: LinePaid;
  /** Why each privilege applied or not (stored when any did), and the loyalty record. */
  loyalty: Pick<LoyaltyPlan, 'explanation' | 'record'>;
  /** Every ledger change of the close, written by the same statement with the order's id. */
  work: LedgerWork;
  /** What the close tells the world (app/close-events.ts), written by the same statement. */
  events: readonly OrderEvent[];
  /** The till's operation, claimed by the same statement once the order is written. */
  claim: WriteClaim;
}

/**
 * The order, its lines, its loyalty record, every ledger change of the close (entries, lots,
 * balances), its events and its claim in one statement (db/repositories/orders.ts): a close is
 * on the till's critical path. Returns the order's id and the entries' ids by position; a
 * claim or an order made before is refused (KP409: app/close-command.ts answers it).
 */
export async function insertOrder(
  tx: Tx,
  p: PosPrincipal,
  order: OrderToWrite,
): Promise<{ id: number; entryIds: number[] }> {
  const { lines, paid } = order;
  const r = order.loyalty.record;
  const explanation = order.loyalty.explanation;
  const written = await writeClosedOrder(tx, p, {
    posOrderId: order.posOrderId,
    checkNumber: order.checkNumber,
    openedAt: order.openedAt,
    closedAt: order.closedAt,
    softOffline: order.softOffline,
    operator: order.operator,
    cardId: order.cardId,
    guestId: order.guestId,
    total: orderTotal(lines),
    payments: order.payments,
    explanation: explanation.length > 0 ? explanation : null,
    lines: lines.map((l, i) => ({
      line_no: l.lineNo,
      item_code: l.itemCode,
      item_name: l.itemName,
      category_code: l.categoryCode,
      category_name: l.categoryName,
      base_price: l.basePrice,
      price: l.price,
      quantity_milli: l.quantityMilli,
      amount: l.amount,
      deposit_paid: paid.deposit[i] ?? 0,
      bonus_paid: paid.bonus[i] ?? 0,
    })),
    loyalty: r,
    ledger: order.work.plan,
    // An installation that delivers nothing may skip writing events (KOPILKA_EVENTS=off).
    events: config.events ? order.events : [],
    claim: order.claim,
  });
  // With a claim the statement refuses rather than answer nothing.
  if (!written.id || !written.entryIds) throw new Error(`order ${order.posOrderId} not written`);
  return { id: written.id, entryIds: written.entryIds };
}

/**
 * A close written optimistically (app/close-command.ts): outside a transaction, on accounts
 * read without a lock and adopted with their versions. The order's own statement undoes all it
 * wrote (error KP409) if the operation was claimed meanwhile, the order exists or an account
 * changed; the caller then posts the close the locked way, which answers each of those cases.
 */
export interface OptimisticClose {
  /** The instant the accounts were read and adopted at: the close's own, so what was read holds. */
  now: Date;
  accounts: readonly Account[];
}

/** The close cannot be written optimistically: post it the pessimistic way. */
export class NotOptimistic extends Error {}

/** The adopted account each want names, in the order of `wants`. */
export function adopted(accounts: readonly Account[], wants: readonly AccountWant[]): Account[] {
  return wants.map((w) => {
    const a = accounts.find(
      (x) =>
        x.guest_id === w.guestId &&
        x.kind === w.kind &&
        (w.accountId === undefined || x.id === w.accountId),
    );
    if (!a) throw new NotOptimistic(`no ${w.kind} account of guest ${w.guestId} was read`);
    return a;
  });
}
