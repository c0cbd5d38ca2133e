// The close's one write (a hot statement: its SQL is kept in test/db/snapshots/ and compared
// by a test, so a change to it shows in review). The order, its lines, its loyalty record,
// every ledger change of the close (entries, lots, draws, balances), the events it tells
// and the till's claim of the operation with its answer: one statement, one round trip, all or
// nothing. The caller decided every amount; the statement only stores.
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../connect.ts';
import { ledgerCtes, movedAll, type LedgerWrite } from './ledger.ts';
import { orderEventsCte, type OrderEventRow } from './outbox.ts';
import { claimCte, type WriteClaim } from './requests.ts';

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
  /**
   * The till's operation, claimed by the same statement after the order (one idempotency
   * mechanism for every close): nothing is written unless both the order and the claim are new.
   */
  claim: WriteClaim;
}

/**
 * The statement. It answers the order's id and the entries' ids in planning order; it refuses (KP409, undoing
 * everything) when the order or the claim was made before or an account moved since it was read.
 * The claim comes last so that its answer can carry the ids the statement makes: the order's
 * as id 0, the entries' as 1, 2, … in planning order (`idSlot`).
 */
export function closedOrderStatement(p: OrderScope, w: ClosedOrderWrite) {
  const { claim } = w;
  const r = w.loyalty;
  const events: RawBuilder<unknown> =
    w.events.length > 0 ? sql`, ${orderEventsCte(p.orgId, w.events)}` : sql``;
  const claimed = claimCte(
    p,
    claim,
    sql<boolean>`exists (select 1 from o)`,
    sql`array[(select id from o)] || coalesce((select array_agg(id order by id) from e), '{}')`,
  );
  return sql<{ id: number | null; entry_ids: number[] | null }>`
    with o as (
      insert into orders (org_id, restaurant_id, terminal_id, pos_order_id, check_number, card_id,
        guest_id, opened_at, closed_at, total, net_total, status, soft_offline, operator, payments,
        loyalty)
      values (${p.orgId}, ${p.restaurantId}, ${p.terminalId}, ${w.posOrderId},
        ${w.checkNumber}, ${w.cardId}, ${w.guestId},
        ${w.openedAt}::timestamptz, ${w.closedAt}::timestamptz,
        ${w.total}, ${w.total}, 'closed', ${w.softOffline},
        ${w.operator}, ${JSON.stringify(w.payments)}::jsonb,
        ${w.explanation === null ? null : JSON.stringify(w.explanation)}::jsonb)
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
    )${events}, ${ledgerCtes(p.orgId, w.ledger, true)}, ${claimed}
    select (select id from o) as id,
      case when not exists (select 1 from claim) then to_json(kopilka_refuse('not claimed'))
        when not ${movedAll(w.ledger)} then to_json(kopilka_refuse('an account moved since it was read'))
        else coalesce((select json_agg(id order by id) from e), '[]') end as entry_ids`;
}

/** Runs the statement: the order's id and the entries' ids (a refusal is an error, KP409). */
export async function writeClosedOrder(tx: Tx, p: OrderScope, w: ClosedOrderWrite) {
  const r = await closedOrderStatement(p, w).execute(tx);
  const written = r.rows[0];
  return { id: written?.id ?? null, entryIds: written?.entry_ids ?? null };
}
