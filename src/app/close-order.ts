// Closing an order at the till: the sale is recorded line by line, deposit and bonus payments
// are split over the lines (seed 000: one history entry per item), the loyalty hook's
// accruals are posted, and a restaurant in test mode leaves it (C1). One transaction.
import { assertCardUsable } from '../domain/cards.ts';
import { fail } from '../domain/errors.ts';
import { allocatePayments, orderTotal } from '../domain/order.ts';
import type { Account, Card, OrderPaymentRecord } from '../db/schema.ts';
import { cardState, describeAccount, findCard, type AccountView, type CardRef } from './cards.ts';
import type { AppContext, PosPrincipal, Tx } from './context.ts';
import { closeEvents } from './close-events.ts';
import {
  cardSearch,
  runClose,
  type CloseClaim,
  type ClosePath,
  type PresentedCard,
} from './close-command.ts';
import type { Once } from './idempotency.ts';
import { LedgerWork, type EntryMeta, type EntryPart } from './ledger-posting.ts';
import {
  adopted,
  insertOrder,
  linePaid,
  NotOptimistic,
  type OptimisticClose,
} from './order-write.ts';
import { activeHold, closeHold } from './pay.ts';
import { entryViews } from './payment-order.ts';
import {
  chargeTarget,
  lockWanted,
  occurredAt,
  posMeta,
  toLines,
  type EntryView,
  type LineInput,
  type PosOperationInput,
} from './pos-common.ts';
import type { AccountWant } from '../db/repositories/ledger.ts';
import { fillIds, idSlot } from '../db/repositories/requests.ts';

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

/**
 * A check closed at the till (POS API): one close command (close-command.ts) — the card's read
 * and one write when it can, else one transaction under locks.
 */
export async function closeOrder(
  ctx: AppContext,
  p: PosPrincipal & { testMode?: boolean; timeZone?: string },
  input: CloseOrderInput,
): Promise<Once<CloseOrderResult> & { path: ClosePath }> {
  const now = ctx.now();
  const done = await runClose(ctx, p, {
    operation: 'order.close',
    posId: input.order_id,
    request: input,
    timeZone: p.timeZone,
    at: occurredAt(input, now),
    liftsTestMode: true,
    fast: fastClose(input) ? cardSearch(input.card) : null,
    post: (c, tx, claim, fast) => postClose(c, tx, p, input, claim, fast ? { ...fast } : {}),
  });
  // A committed close took the restaurant out of test mode (C1): a cached principal skips the
  // no-op update from now on.
  if (p.testMode) p.testMode = false;
  return done;
}

/** Whether a close may take the fast way: every account payment from the order's own card. */
function fastClose(input: CloseOrderInput): boolean {
  return input.payments.every(
    (x) =>
      (x.kind !== 'deposit' && x.kind !== 'bonus') ||
      (x.card === undefined && x.account_id === undefined && x.hold_id === undefined),
  );
}

export type { PresentedCard };

/** How a close is posted beyond its input: what the caller read, and the fast way's accounts. */
export interface PostCloseOptions {
  presented?: PresentedCard;
  optimistic?: OptimisticClose;
  /** The answer stored with the claim when it is the caller's own (FarCards'), not the close's. */
  answer?: unknown;
}

/**
 * The close inside the caller's transaction (or, optimistic, on the database with accounts
 * read without locks), its claim made by its one write.
 */
export async function postClose(
  ctx: AppContext,
  tx: Tx,
  p: PosPrincipal & { testMode?: boolean },
  input: CloseOrderInput,
  claim: CloseClaim,
  { presented, optimistic, answer }: PostCloseOptions = {},
): Promise<CloseOrderResult> {
  if (optimistic && p.testMode !== false)
    throw new NotOptimistic('test mode is lifted under locks');
  const now = optimistic?.now ?? ctx.now();
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
  const debits: { index: number; positions: number[]; parts: EntryPart[] }[] = [];
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
    debits.push({ index: c.index, positions, parts });
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
  const closedAt = at.toISOString();
  const accruals = plan.accruals.map((a) => ({
    line_no: a.lineNo,
    amount: a.amount,
    available_from: a.availableFrom.toISOString(),
    expires_at: a.expiresAt?.toISOString() ?? null,
  }));
  const closed = {
    order_id: input.order_id,
    total,
    discount: plan.discount,
    change_to_wallet: change,
    closed_at: closedAt,
    soft_offline: input.soft_offline ?? false,
    accruals,
  };
  for (const d of debits) {
    // The entries' ids are known once written: the answer names them by position (idSlot).
    const slots = d.positions.map((k) => idSlot(k + 1) as unknown as number);
    (paymentViews[d.index] as (typeof paymentViews)[number]).entries = entryViews(
      slots,
      d.parts,
      -1,
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
  // The accounts as the close leaves them: planning moved them already.
  const result: CloseOrderResult = {
    ...closed,
    id: idSlot(0) as unknown as number,
    status: 'closed',
    payments: paymentViews,
    accounts: await Promise.all([...new Set(locked)].map((a) => describeAccount(tx, a, now))),
    test_mode_lifted: testModeLifted,
  };
  const guest = { guestId: orderCard?.guest_id ?? null, cardId: orderCard?.id ?? null };
  const inserted = await insertOrder(tx, p, {
    posOrderId: input.order_id,
    checkNumber: input.check_number ?? null,
    openedAt: input.opened_at ? new Date(input.opened_at) : null,
    closedAt: at,
    softOffline: input.soft_offline ?? false,
    operator: input.operator ?? null,
    cardId: orderCard?.id ?? null,
    guestId: orderCard?.guest_id ?? null,
    lines,
    payments: paymentRecords,
    paid: linePaid(
      lines.length,
      charges,
      input.payments.map((x) => x.kind),
      allocation,
    ),
    loyalty: plan,
    work,
    events: closeEvents(p, guest, closed, paymentRecords),
    claim:
      answer === undefined
        ? { ...claim, answer: result, withIds: true }
        : { ...claim, answer, withIds: false },
  });
  return fillIds(result, [inserted.id, ...inserted.entryIds]) as CloseOrderResult;
}
