// The close's one write (a hot statement: its SQL is kept in test/db/snapshots/ and compared
// by a test, so a change to it shows in review). The order, its lines, its loyalty record,
// every ledger change of the close (entries, lots, draws, balances), the events it tells
// and, for a write made outside a transaction, the operation's claim: one statement, one
// round trip, all or nothing. The caller decided every amount; the statement only stores.
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../connect.ts';
import { ledgerCtes, movedAll, type LedgerWrite } from './ledger.ts';
import { orderEventsCte, type OrderEventRow } from './outbox.ts';
import { claimStatement } from './requests.ts';

/** The till the order comes from. */
export interface OrderScope {
  orgId: number;
  restaurantId: number;
  terminalId: number | null;
}

/** One order line as stored, with what the deposit and bonus payments paid of it. */
export interface OrderLineRow {
  line_no: number;
  item_code: string | null;
  item_name: string | null;
  category_code: string | null;
  category_name: string | null;
  base_price: number;
  price: number;
  quantity_milli: number;
  amount: number;
  deposit_paid: number;
  bonus_paid: number;
}

/** The loyalty record of the order (what it earned and spent, for budgets and reports). */
export interface LoyaltyOrderRow {
  guestId: number | null;
  day: string | null;
  discount: number;
  accrual: number;
  spend: unknown;
}

export interface ClosedOrderWrite {
  posOrderId: string;
  checkNumber: string | null;
  openedAt: Date | null;
  closedAt: Date;
  softOffline: boolean;
  operator: string | null;
  cardId: number | null;
  guestId: number | null;
  total: number;
  /** The payments as the order keeps them (jsonb). */
  payments: unknown;
  /** Why each privilege applied or not; null when none did. */
  explanation: unknown;
  lines: readonly OrderLineRow[];
  loyalty: LoyaltyOrderRow | null;
  ledger: LedgerWrite;
  events: readonly OrderEventRow[];
  /** A write outside a transaction claims its operation itself, and writes nothing unless it did. */
  claim: { operation: string; posId: string; hash: string; answer: unknown } | null;
}

/**
 * The statement. It answers the order's id (null when an order with that POS id exists) and
 * the entries' ids in planning order; it refuses (KP409, undoing everything) when the claim was
 * made before or an account moved since it was read.
 */
export function closedOrderStatement(p: OrderScope, w: ClosedOrderWrite) {
  const { claim } = w;
  const r = w.loyalty;
  const claimed = claim
    ? sql`claim as (${claimStatement(p, claim.operation, claim.posId, claim.hash, claim.answer)} returning 1), `
    : sql``;
  const events: RawBuilder<unknown> =
    w.events.length > 0 ? sql`, ${orderEventsCte(p.orgId, w.events)}` : sql``;
  return sql<{ id: number | null; entry_ids: number[] | null }>`
    with ${claimed}o as (
      insert into orders (org_id, restaurant_id, terminal_id, pos_order_id, check_number, card_id,
        guest_id, opened_at, closed_at, total, net_total, status, soft_offline, operator, payments,
        loyalty)
      select ${p.orgId}, ${p.restaurantId}, ${p.terminalId}, ${w.posOrderId},
        ${w.checkNumber}, ${w.cardId}, ${w.guestId},
        ${w.openedAt}::timestamptz, ${w.closedAt}::timestamptz,
        ${w.total}, ${w.total}, 'closed', ${w.softOffline},
        ${w.operator}, ${JSON.stringify(w.payments)}::jsonb,
        ${w.explanation === null ? null : JSON.stringify(w.explanation)}::jsonb
      ${claim ? sql`where exists (select 1 from claim)` : sql``}
      on conflict do nothing
      returning id
    ), l as (
      insert into order_lines (org_id, order_id, line_no, item_code, item_name, category_code,
        category_name, base_price, price, quantity_milli, amount, deposit_paid, bonus_paid)
      select ${p.orgId}, o.id, x.line_no, x.item_code, x.item_name, x.category_code,
        x.category_name, x.base_price, x.price, x.quantity_milli, x.amount, x.deposit_paid,
        x.bonus_paid
      from o, jsonb_to_recordset(${JSON.stringify(w.lines)}::jsonb) as x(line_no integer,
        item_code text, item_name text, category_code text, category_name text,
        base_price bigint, price bigint, quantity_milli bigint, amount bigint,
        deposit_paid bigint, bonus_paid bigint)
    ), lo as (
      insert into loyalty_orders (org_id, order_id, guest_id, day, discount, accrual, spend)
      select ${p.orgId}, o.id, ${r?.guestId ?? null}, ${r?.day ?? null}, ${r?.discount ?? 0},
        ${r?.accrual ?? 0}, ${JSON.stringify(r?.spend ?? [])}
      from o where ${r !== null}
    )${events}, ${ledgerCtes(p.orgId, w.ledger, true)}
    select (select id from o) as id,
      case when not exists (select 1 from o) then ${claim ? sql`to_json(kopilka_refuse('not claimed'))` : sql`null`}
        when not ${movedAll(w.ledger)} then to_json(kopilka_refuse('an account moved since it was read'))
        else coalesce((select json_agg(id order by id) from e), '[]') end as entry_ids`;
}

/** Runs the statement: the order's id and the entries' ids, or nulls when the order existed. */
export async function writeClosedOrder(tx: Tx, p: OrderScope, w: ClosedOrderWrite) {
  const r = await closedOrderStatement(p, w).execute(tx);
  const written = r.rows[0];
  return { id: written?.id ?? null, entryIds: written?.entry_ids ?? null };
}
