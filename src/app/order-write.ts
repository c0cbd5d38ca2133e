// The close's one write: the order, its lines, its loyalty record and every ledger change of
// the close (entries, lots, draws, balances) in one statement, inside the caller's transaction
// or, for the optimistic FarCards Sale, on its own with the packet's claim (OptimisticClose).
import { sql } from 'kysely';
import { fail } from '../domain/errors.ts';
import { orderTotal, type OrderLine } from '../domain/order.ts';
import type { AccountWant } from '../db/repositories/ledger.ts';
import type { Account, OrderPaymentRecord } from '../db/schema.ts';
import type { PosPrincipal, Tx } from './context.ts';
import { claimStatement } from './idempotency.ts';
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
  /** Optimistic: the packet's claim, made by the same statement. */
  claim: OptimisticClose['claim'] | null;
}

/**
 * The order, its lines, its loyalty record and every ledger change of the close (entries, lots,
 * balances) in one statement: a close is on the till's critical path. Returns the order's id
 * and the entries' ids by position.
 */
export async function insertOrder(
  tx: Tx,
  p: PosPrincipal,
  order: OrderToWrite,
): Promise<{ id: number; entryIds: number[] }> {
  const { lines, paid, work, claim } = order;
  const rows = lines.map((l, i) => ({
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
  }));
  const r = order.loyalty.record;
  const explanation = order.loyalty.explanation;
  // Optimistic: the statement claims the packet too, and undoes everything unless it claimed
  // it, inserted the order and moved every account as read.
  const claimed = claim
    ? sql`claim as (${claimStatement(p, claim.operation, claim.posId, claim.hash, claim.answer)} returning 1), `
    : sql``;
  const inserted = await sql<{ id: number | null; entry_ids: number[] | null }>`
    with ${claimed}o as (
      insert into orders (org_id, restaurant_id, terminal_id, pos_order_id, check_number, card_id,
        guest_id, opened_at, closed_at, total, net_total, status, soft_offline, operator, payments,
        loyalty)
      select ${p.orgId}, ${p.restaurantId}, ${p.terminalId}, ${order.posOrderId},
        ${order.checkNumber}, ${order.cardId}, ${order.guestId},
        ${order.openedAt}::timestamptz, ${order.closedAt}::timestamptz,
        ${orderTotal(lines)}, ${orderTotal(lines)}, 'closed', ${order.softOffline},
        ${order.operator}, ${JSON.stringify(order.payments)}::jsonb,
        ${explanation.length > 0 ? JSON.stringify(explanation) : null}::jsonb
      ${claim ? sql`where exists (select 1 from claim)` : sql``}
      on conflict do nothing
      returning id
    ), l as (
      insert into order_lines (org_id, order_id, line_no, item_code, item_name, category_code,
        category_name, base_price, price, quantity_milli, amount, deposit_paid, bonus_paid)
      select ${p.orgId}, o.id, x.line_no, x.item_code, x.item_name, x.category_code,
        x.category_name, x.base_price, x.price, x.quantity_milli, x.amount, x.deposit_paid,
        x.bonus_paid
      from o, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(line_no integer,
        item_code text, item_name text, category_code text, category_name text,
        base_price bigint, price bigint, quantity_milli bigint, amount bigint,
        deposit_paid bigint, bonus_paid bigint)
    ), lo as (
      insert into loyalty_orders (org_id, order_id, guest_id, day, discount, accrual, spend)
      select ${p.orgId}, o.id, ${r?.guestId ?? null}, ${r?.day ?? null}, ${r?.discount ?? 0},
        ${r?.accrual ?? 0}, ${JSON.stringify(r?.spend ?? [])}
      from o where ${r !== null}
    ), ${work.withOrder()}
    select (select id from o) as id,
      case when not exists (select 1 from o) then ${claim ? sql`to_json(kopilka_refuse('not claimed'))` : sql`null`}
        when not ${work.movedAll()} then to_json(kopilka_refuse('an account moved since it was read'))
        else coalesce((select json_agg(id order by id) from e), '[]') end as entry_ids`.execute(tx);
  const written = inserted.rows[0];
  if (!written?.id || !written.entry_ids) {
    fail(
      'conflict',
      'order_already_closed',
      {
        ru: `Заказ ${order.posOrderId} уже закрыт с другими данными`,
        en: `Order ${order.posOrderId} was already closed with different data`,
      },
      { order_id: order.posOrderId },
    );
  }
  return { id: written.id, entryIds: written.entry_ids };
}

/**
 * A close written optimistically (FarCards' Sale, rkeeper/farcards/sale.ts): outside a
 * transaction, on accounts read without a lock and adopted with their versions, the claim made
 * by the order's own statement. That statement undoes all it wrote (error KP409) if the packet
 * was claimed meanwhile, the order exists or an account changed; the caller then posts the
 * packet the pessimistic way, which answers each of those cases.
 */
export interface OptimisticClose {
  /** The instant the accounts were read and adopted at: the close's own, so what was read holds. */
  now: Date;
  accounts: readonly Account[];
  claim: { operation: string; posId: string; hash: string; answer: unknown };
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

