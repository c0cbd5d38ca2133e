// Closing an order at the till: the sale is recorded line by line, deposit and bonus payments
// are split over the lines (seed 000: one history entry per item), the loyalty hook's
// accruals are posted, and a restaurant in test mode leaves it (C1). One transaction.
import { sql } from 'kysely';
import { assertCardUsable } from '../domain/cards.ts';
import { fail } from '../domain/errors.ts';
import { allocatePayments, orderTotal, type OrderLine } from '../domain/order.ts';
import type { Account, Card, OrderPaymentRecord } from '../db/schema.ts';
import { cardState, describeAccount, findCard, type AccountView, type CardRef } from './cards.ts';
import { inTransaction, type AppContext, type PosPrincipal, type Tx } from './context.ts';
import { claimStatement, once } from './idempotency.ts';
import { LedgerWork, type EntryMeta, type EntryPart } from './ledger-posting.ts';
import type { GuestBasics, KnownSpend } from './loyalty/guest-context.ts';
import type { ProgramHead } from './loyalty/program-store.ts';
import type { LoyaltyPlan } from './loyalty-hook.ts';
import { activeHold, closeHold, type EntryView } from './pay.ts';
import {
  chargeTarget,
  lockWanted,
  occurredAt,
  posMeta,
  toLines,
  type LineInput,
  type PosOperationInput,
} from './pos-common.ts';
import type { AccountWant } from '../db/repositories/ledger.ts';

export type PaymentLineInput =
  | {
      kind: 'deposit' | 'bonus';
      amount: number;
      card?: CardRef;
      account_id?: number;
      hold_id?: string;
    }
  | { kind: 'cash' | 'card' | 'other'; amount: number; name?: string };

export interface CloseOrderInput extends PosOperationInput {
  order_id: string;
  card?: CardRef;
  opened_at?: string;
  lines: LineInput[];
  payments: PaymentLineInput[];
  manager_confirmed?: boolean;
  /** L14: promo codes typed at the till. */
  promo_codes?: string[];
  /** L7: payments over the total are change the guest puts to the bonus wallet. */
  change_to_wallet?: boolean;
}

export interface CloseOrderResult {
  order_id: string;
  id: number;
  status: 'closed';
  total: number;
  /** Kopilka's discount: the payments cover total − discount. */
  discount: number;
  change_to_wallet: number;
  closed_at: string;
  soft_offline: boolean;
  payments: { kind: string; amount: number; entries: EntryView[] }[];
  accruals: {
    line_no: number | null;
    amount: number;
    available_from: string;
    expires_at: string | null;
  }[];
  accounts: AccountView[];
  test_mode_lifted: boolean;
}

interface PlannedCharge {
  index: number;
  amount: number;
  want: AccountWant;
  meta: EntryMeta;
  holdId?: string;
}

/** The change to put to the bonus wallet (L7); otherwise the payments must equal what is due. */
function paymentsChange(
  total: number,
  payments: readonly PaymentLineInput[],
  toWallet: boolean,
): number {
  const paid = payments.reduce((s, x) => s + x.amount, 0);
  const fromAccounts = payments
    .filter((x) => x.kind === 'deposit' || x.kind === 'bonus')
    .reduce((s, x) => s + x.amount, 0);
  if (toWallet && paid > total && fromAccounts <= total) return paid - total;
  if (payments.length > 0 && paid !== total) {
    fail(
      'validation',
      'payments_do_not_match_total',
      {
        ru: `Сумма оплат ${paid} коп. не равна сумме заказа ${total} коп.`,
        en: `Payments of ${paid} kopecks do not equal the order total of ${total} kopecks`,
      },
      { payments_total: paid, order_total: total },
    );
  }
  return 0;
}

/** Whether a payment names the order's card, already read: a second read is a round trip. */
function sameCard(ref: CardRef, card: Card | null): card is Card {
  if (!card) return false;
  return 'card_id' in ref ? ref.card_id === card.id : 'number' in ref && ref.number === card.number;
}

/** The account each deposit or bonus payment charges; nothing is locked yet. */
async function planCharges(
  tx: Tx,
  p: PosPrincipal,
  input: CloseOrderInput,
  orderCard: Card | null,
  at: Date,
): Promise<PlannedCharge[]> {
  const charges: PlannedCharge[] = [];
  for (const [index, pay] of input.payments.entries()) {
    if (pay.kind !== 'deposit' && pay.kind !== 'bonus') continue;
    const cardRef = pay.card ?? input.card;
    if (!cardRef) {
      fail(
        'validation',
        'card_required',
        {
          ru: 'Для оплаты депозитом или бонусами укажите карту',
          en: 'A deposit or bonus payment needs a card',
        },
        { payment: index },
      );
    }
    const target = await chargeTarget(
      tx,
      p,
      input,
      {
        card: cardRef,
        kind: pay.kind,
        accountId: pay.account_id,
        found: !pay.card || sameCard(pay.card, orderCard) ? orderCard : null,
      },
      at,
    );
    charges.push({
      index,
      amount: pay.amount,
      want: target.want,
      meta: target.meta,
      ...(pay.hold_id ? { holdId: pay.hold_id } : {}),
    });
  }
  return charges;
}

/** Per line (by index), what the deposit and bonus charges paid of it. */
interface LinePaid {
  deposit: number[];
  bonus: number[];
}

function linePaid(
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

/**
 * The order, its lines, its loyalty record and every ledger change of the close (entries, lots,
 * balances) in one statement: a close is on the till's critical path. Returns the order's id
 * and the entries' ids by position.
 */
async function insertOrder(
  tx: Tx,
  p: PosPrincipal,
  input: CloseOrderInput,
  lines: readonly OrderLine[],
  payments: OrderPaymentRecord[],
  paid: LinePaid,
  guest: { cardId: number | null; guestId: number | null },
  at: Date,
  plan: LoyaltyPlan,
  work: LedgerWork,
  claim: OptimisticClose['claim'] | null,
): Promise<{ id: number; entryIds: number[] }> {
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
  const r = plan.record;
  // Optimistic: the statement claims the packet too, and undoes everything unless it claimed
  // it, inserted the order and moved every account as read.
  const claimed = claim
    ? sql`claim as (${claimStatement(p, claim.operation, claim.posId, claim.hash, claim.answer)} returning 1), `
    : sql``;
  const inserted = await sql<{ id: number | null; entry_ids: number[] | null }>`
    with ${claimed}o as (
      insert into orders (org_id, restaurant_id, terminal_id, pos_order_id, check_number, card_id,
        guest_id, opened_at, closed_at, total, status, soft_offline, operator, payments, loyalty)
      select ${p.orgId}, ${p.restaurantId}, ${p.terminalId}, ${input.order_id},
        ${input.check_number ?? null}, ${guest.cardId}, ${guest.guestId},
        ${input.opened_at ? new Date(input.opened_at) : null}::timestamptz, ${at}::timestamptz,
        ${orderTotal(lines)}, 'closed', ${input.soft_offline ?? false},
        ${input.operator ?? null}, ${JSON.stringify(payments)}::jsonb,
        ${plan.explanation.length > 0 ? JSON.stringify(plan.explanation) : null}::jsonb
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
  const order = inserted.rows[0];
  if (!order?.id || !order.entry_ids) {
    fail(
      'conflict',
      'order_already_closed',
      {
        ru: `Заказ ${input.order_id} уже закрыт с другими данными`,
        en: `Order ${input.order_id} was already closed with different data`,
      },
      { order_id: input.order_id },
    );
  }
  return { id: order.id, entryIds: order.entry_ids };
}

/**
 * A close written optimistically (FarCards' Sale, app/rkeeper/farcards.ts): outside a
 * transaction, on accounts read without a lock and adopted with their versions, the claim made
 * by the order's own statement. That statement undoes all it wrote (error KP409) if the packet
 * was claimed meanwhile, the order exists or an account changed; the caller then posts the
 * packet the pessimistic way, which answers each of those cases.
 */
export interface OptimisticClose {
  accounts: readonly Account[];
  claim: { operation: string; posId: string; hash: string; answer: unknown };
}

/** The close cannot be written optimistically: post it the pessimistic way. */
export class NotOptimistic extends Error {}

/** The adopted account each want names, in the order of `wants`. */
function adopted(accounts: readonly Account[], wants: readonly AccountWant[]): Account[] {
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

export async function closeOrder(
  ctx: AppContext,
  p: PosPrincipal & { testMode?: boolean },
  input: CloseOrderInput,
) {
  const done = await inTransaction(ctx, (tx) =>
    once(tx, p, 'order.close', input.order_id, input, () => postClose(ctx, tx, p, input)),
  );
  // A committed close took the restaurant out of test mode (C1): a cached principal skips the
  // no-op update from now on.
  if (p.testMode) p.testMode = false;
  return done;
}

/** The row `input.card` names, with what the loyalty hook reads next, when the caller has them. */
export interface PresentedCard {
  card: Card;
  guest?: GuestBasics;
  program?: ProgramHead;
  spend?: KnownSpend;
}

/**
 * The close inside the caller's transaction, under the caller's own idempotency claim (FarCards
 * claims r_keeper's identifiers; a second claim would cost two statements per check).
 */
export async function postClose(
  ctx: AppContext,
  tx: Tx,
  p: PosPrincipal & { testMode?: boolean },
  input: CloseOrderInput,
  presented?: PresentedCard,
  optimistic?: OptimisticClose,
): Promise<CloseOrderResult> {
  const now = ctx.now();
  const at = occurredAt(input, now);
  const lines = toLines(input.lines);
  const total = orderTotal(lines);

  const orderCard = input.card
    ? (presented?.card ?? (await findCard(tx, p.orgId, input.card)))
    : null;
  // A card the till could not have accepted earns nothing; a soft-offline post was accepted
  // while Kopilka was unreachable, so it is recorded as the till saw it.
  if (orderCard && !input.soft_offline) {
    assertCardUsable(cardState(orderCard), at, input.manager_confirmed);
  }
  const plan = await ctx.loyalty.prepare(tx, {
    orgId: p.orgId,
    restaurantId: p.restaurantId,
    guestId: orderCard?.guest_id ?? null,
    cardId: orderCard?.id ?? null,
    card: orderCard,
    ...(presented?.guest ? { guest: presented.guest } : {}),
    ...(presented?.program ? { program: presented.program } : {}),
    ...(presented?.spend ? { spend: presented.spend } : {}),
    closedAt: at,
    lines,
    posPromotions: new Map(input.lines.map((l) => [l.line_no, l.pos_promotions ?? []])),
    promoCodes: input.promo_codes ?? [],
    bonusPaid: input.payments.filter((x) => x.kind === 'bonus').reduce((s, x) => s + x.amount, 0),
  });
  const change = paymentsChange(
    total - plan.discount,
    input.payments,
    input.change_to_wallet ?? false,
  );
  if (change > 0) plan.assertChangeToWallet(change, orderCard !== null);
  const charges = await planCharges(tx, p, input, orderCard, at);
  // The paying accounts and the wallet that earns are locked together, in id order.
  const toWallet = orderCard && (plan.accruals.length > 0 || change > 0) ? orderCard : null;
  const wants: AccountWant[] = [
    ...charges.map((c) => c.want),
    ...(toWallet ? [{ guestId: toWallet.guest_id, kind: 'bonus' as const }] : []),
  ];
  if (optimistic && (plan.usesBudgets || charges.some((c) => c.holdId))) {
    throw new NotOptimistic('promotion budgets and holds are charged under locks');
  }
  const locked = optimistic
    ? adopted(optimistic.accounts, wants)
    : await lockWanted(tx, p.orgId, wants, now);
  const accountOf = (ci: number) => locked[ci] as Account;
  const holds = new Map<string, Awaited<ReturnType<typeof activeHold>>>();
  for (const [ci, c] of charges.entries()) {
    if (c.holdId) {
      const h = await activeHold(tx, p, c.holdId, now);
      if (h.account.id !== accountOf(ci).id) {
        fail(
          'rejected',
          'hold_account_mismatch',
          {
            ru: 'Блокировка сделана по другому счёту',
            en: 'The hold was made on another account',
          },
          { hold_id: c.holdId },
        );
      }
      if (c.amount > h.hold.amount) {
        fail(
          'rejected',
          'commit_exceeds_hold',
          {
            ru: 'Сумма оплаты больше заблокированной',
            en: 'The payment exceeds the hold',
          },
          { held: h.hold.amount, requested: c.amount },
        );
      }
      holds.set(c.holdId, h);
    }
  }

  const allocation = allocatePayments(
    lines.map((l) => l.amount),
    charges.map((c) => c.amount),
  );
  const paymentRecords: OrderPaymentRecord[] = input.payments.map((pay, index) => {
    const ci = charges.findIndex((c) => c.index === index);
    const c = charges[ci];
    return c
      ? {
          kind: pay.kind,
          amount: pay.amount,
          account_id: accountOf(ci).id,
          card_id: c.meta.cardId ?? undefined,
          allocation: allocation[ci],
        }
      : {
          kind: pay.kind,
          amount: pay.amount,
          ...('name' in pay && pay.name ? { name: pay.name } : {}),
        };
  });
  const common = {
    posTxnId: input.order_id,
    posCheckId: input.check_number ?? input.order_id,
  };
  // Every ledger change is planned now and written by the order's own statement.
  const work = new LedgerWork(p.orgId);
  const paymentViews: CloseOrderResult['payments'] = input.payments.map((x) => ({
    kind: x.kind,
    amount: x.amount,
    entries: [],
  }));
  const debits: { view: EntryView[]; positions: number[]; parts: EntryPart[] }[] = [];
  for (const [ci, c] of charges.entries()) {
    const hold = c.holdId ? holds.get(c.holdId) : undefined;
    const parts = lines.map((l, i) => ({
      amount: allocation[ci]?.[i] ?? 0,
      lineNo: l.lineNo,
      itemCode: l.itemCode,
      itemName: l.itemName,
    }));
    const meta: EntryMeta = { ...c.meta, ...common, holdId: hold?.hold.id ?? null };
    const positions = await work.debit(tx, accountOf(ci), parts, meta, now, {
      fromHold: hold?.hold.amount ?? 0,
    });
    debits.push({
      view: (paymentViews[c.index] as (typeof paymentViews)[number]).entries,
      positions,
      parts: parts.filter((x) => x.amount > 0),
    });
  }
  if (toWallet) {
    const wallet = locked[locked.length - 1] as Account;
    const meta: EntryMeta = {
      ...posMeta(p, input, at),
      ...common,
      cardId: toWallet.id,
      payerGuestId: wallet.guest_id,
      payerCardId: toWallet.id,
    };
    for (const a of plan.accruals) {
      const line = lines.find((l) => l.lineNo === a.lineNo);
      await work.credit(
        tx,
        wallet,
        'bonus_accrual',
        {
          amount: a.amount,
          lineNo: a.lineNo,
          itemCode: line?.itemCode ?? null,
          itemName: line?.itemName ?? null,
        },
        { ...meta, source: a.source },
        { availableFrom: a.availableFrom, expiresAt: a.expiresAt },
        { shareLot: true },
      );
    }
    // A top-up, not an accrual: the guest's own money, which a refund of the order keeps.
    if (change > 0) {
      await work.credit(
        tx,
        wallet,
        'topup',
        { amount: change },
        { ...meta, comment: 'L7' },
        { availableFrom: at, expiresAt: null },
      );
    }
  }
  const inserted = await insertOrder(
    tx,
    p,
    input,
    lines,
    paymentRecords,
    linePaid(
      lines.length,
      charges,
      input.payments.map((x) => x.kind),
      allocation,
    ),
    { cardId: orderCard?.id ?? null, guestId: orderCard?.guest_id ?? null },
    at,
    plan,
    work,
    optimistic?.claim ?? null,
  );
  const orderId = inserted.id;
  for (const d of debits) {
    d.positions.forEach((k, i) =>
      d.view.push({
        id: inserted.entryIds[k] as number,
        amount: -(d.parts[i]?.amount ?? 0),
        line_no: d.parts[i]?.lineNo ?? null,
        item_name: d.parts[i]?.itemName ?? null,
      }),
    );
  }
  for (const [ci, c] of charges.entries()) {
    const hold = c.holdId ? holds.get(c.holdId) : undefined;
    if (hold) await closeHold(tx, p, hold.hold, 'committed', charges[ci]?.amount ?? 0, now);
  }
  await plan.commit(tx);

  let testModeLifted = false;
  if (p.testMode !== false) {
    const lifted = await tx
      .updateTable('restaurants')
      .set({ test_mode: false, test_mode_lifted_at: now })
      .where('org_id', '=', p.orgId)
      .where('id', '=', p.restaurantId)
      .where('test_mode', '=', true)
      .executeTakeFirst();
    testModeLifted = Number(lifted.numUpdatedRows) > 0;
  }

  return {
    order_id: input.order_id,
    id: orderId,
    status: 'closed',
    total,
    discount: plan.discount,
    change_to_wallet: change,
    closed_at: at.toISOString(),
    soft_offline: input.soft_offline ?? false,
    payments: paymentViews,
    accruals: plan.accruals.map((a) => ({
      line_no: a.lineNo,
      amount: a.amount,
      available_from: a.availableFrom.toISOString(),
      expires_at: a.expiresAt?.toISOString() ?? null,
    })),
    accounts: await Promise.all([...new Set(locked)].map((a) => describeAccount(tx, a, now))),
    test_mode_lifted: testModeLifted,
  };
}
