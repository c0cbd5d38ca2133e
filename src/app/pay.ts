// Paying from a deposit or the bonus wallet at the till: one-shot, or hold → commit / cancel.
// Every step is idempotent on the POS's own id and runs in one transaction. A payment, one-shot
// or committed, is a sale: it is written as its own order (payment-order.ts).
import { assertCardUsable } from '../domain/cards.ts';
import { fail } from '../domain/errors.ts';
import type { Account, Card, Hold } from '../db/schema.ts';
import { lockAccounts, moveBalance } from '../db/repositories/ledger.ts';
import { orgSettings } from './admin/guests.ts';
import { cardState, describeAccount, type AccountView, type CardRef } from './cards.ts';
import { cardSearch, runClose, type ClosePath } from './close-command.ts';
import { inTransaction, type AppContext, type PosPrincipal, type Tx } from './context.ts';
import { once, type Once } from './idempotency.ts';
import { adopted } from './order-write.ts';
import {
  paymentOrderEntries,
  paymentOrderId,
  paymentSale,
  postPayment,
  reflectPaymentReturns,
} from './payment-order.ts';
import { restsOf, reversalMeta, reverseAcross } from './reversal.ts';
import { recordEvents } from './events.ts';
import { holdCancelled, holdCommitted, holdCreated, tellReturned } from './payment-events.ts';
import { availableOf } from './account-state.ts';
import { settleAccount } from './account-settle.ts';
import type { EntryMeta } from './ledger-posting.ts';
import {
  cardMeta,
  occurredAt,
  posMeta,
  prepareCharge,
  type Charge,
  type EntryView,
  type LineInput,
  type PosOperationInput,
} from './pos-common.ts';

export interface PaymentInput extends PosOperationInput {
  payment_id: string;
  card: CardRef;
  account_kind?: 'deposit' | 'bonus';
  account_id?: number;
  amount: number;
  order_id?: string;
  lines?: LineInput[];
  manager_confirmed?: boolean;
}

export interface PaymentResult {
  payment_id: string;
  status: 'paid';
  amount: number;
  card_id: number;
  entries: EntryView[];
  account: AccountView;
}

/**
 * A one-shot payment is a close (close-command.ts): the card's read and one write when it can,
 * else one transaction under locks. `accept` may refuse the paying account before any money
 * moves (an adapter's own rule, such as iiko's payment type per deposit scheme); a replay is
 * answered without it.
 */
export async function pay(
  ctx: AppContext,
  p: PosPrincipal & { timeZone?: string },
  input: PaymentInput,
  accept?: (account: Account, tx: Tx) => Promise<void>,
): Promise<Once<PaymentResult> & { path: ClosePath }> {
  const kind = input.account_kind ?? 'deposit';
  return runClose(ctx, p, {
    operation: 'payment',
    posId: input.payment_id,
    request: input,
    timeZone: p.timeZone,
    at: occurredAt(input, ctx.now()),
    liftsTestMode: false,
    fast: cardSearch(input.card),
    post: async (c, tx, claim, fast) => {
      const now = fast?.optimistic.now ?? c.now();
      const at = occurredAt(input, now);
      const sale = paymentSale(input.amount, input.lines);
      const charge = fast
        ? adoptedCharge(p, input, fast.presented.card, fast.optimistic.accounts, kind, at)
        : await prepareCharge(tx, p, input, kind, input.account_id, now, at);
      if (accept) await accept(charge.account, tx);
      const meta: EntryMeta = {
        ...charge.meta,
        posTxnId: input.payment_id,
        posCheckId: input.check_number ?? input.order_id ?? null,
      };
      const payment = { by: 'payment' as const, posId: input.payment_id, sale, now, meta };
      return postPayment(
        tx,
        p,
        { ...payment, account: charge.account, card: charge.card },
        claim,
        async (entries): Promise<PaymentResult> => ({
          payment_id: input.payment_id,
          status: 'paid',
          amount: input.amount,
          card_id: charge.card.id,
          entries,
          account: await describeAccount(tx, charge.account, now),
        }),
      );
    },
  });
}

/** The charge of a card read by the fast way, which pays for itself, from an account read so. */
function adoptedCharge(
  p: PosPrincipal,
  input: PaymentInput,
  card: Card,
  accounts: readonly Account[],
  kind: 'deposit' | 'bonus',
  at: Date,
): Charge {
  assertCardUsable(cardState(card), at, input.manager_confirmed);
  const [account] = adopted(accounts, [
    { guestId: card.guest_id, kind, accountId: input.account_id },
  ]);
  return {
    card,
    payer: card,
    account: account as Account,
    meta: { ...posMeta(p, input, at), ...cardMeta(card, card) },
  };
}

export interface ReverseInput extends PosOperationInput {
  reversal_id?: string;
}

export interface ReversalResult {
  operation: string;
  pos_id: string;
  status: 'reversed';
  amount: number;
  entries: EntryView[];
  account: AccountView | null;
}

/** Reverses every entry a one-shot payment or top-up made (a cashier's rollback). */
export async function reverseOperation(
  ctx: AppContext,
  p: PosPrincipal,
  operation: 'payment' | 'topup',
  posId: string,
  input: ReverseInput,
) {
  return inTransaction(ctx, (tx) =>
    once(tx, p, `${operation}.reverse`, posId, input, async (): Promise<ReversalResult> => {
      const now = ctx.now();
      const at = occurredAt(input, now);
      // A payment's entries are found by its order (a hold committed is one too); a top-up's
      // by its id.
      const originals =
        operation === 'payment'
          ? await paymentOrderEntries(
              tx,
              p,
              [paymentOrderId('payment', posId), paymentOrderId('hold', posId)],
              ['payment', 'bonus_payment'],
            )
          : await tx
              .selectFrom('ledger_entries')
              .selectAll()
              .where('org_id', '=', p.orgId)
              .where('restaurant_id', '=', p.restaurantId)
              .where('pos_txn_id', '=', posId)
              .where('order_id', 'is', null)
              .where('type', '=', 'topup')
              .orderBy('id')
              .execute();
      if (originals.length === 0) {
        fail(
          'not_found',
          `${operation}_not_found`,
          {
            ru: operation === 'payment' ? 'Оплата не найдена' : 'Пополнение не найдено',
            en: operation === 'payment' ? 'Payment not found' : 'Top-up not found',
          },
          { pos_id: posId },
        );
      }
      const [account] = await lockAccounts(tx, p.orgId, [originals[0]?.account_id as number]);
      await settleAccount(tx, account as Account, now);
      const rests = (await restsOf(tx, p.orgId, originals)).filter((r) => r.rest > 0);
      const left = rests.reduce((sum, r) => sum + r.rest, 0);
      if (operation === 'topup' && (account as Account).kind === 'deposit' && left > 0) {
        const available = await availableOf(tx, account as Account, now);
        if (available < left) {
          fail(
            'rejected',
            'topup_already_spent',
            {
              ru: 'Пополнение уже потрачено: отменить его нельзя',
              en: 'The top-up has already been spent and cannot be reversed',
            },
            { available, requested: left },
          );
        }
      }
      const views = await reverseAcross(
        tx,
        account as Account,
        rests,
        left,
        reversalMeta(p, input, at, input.reversal_id ?? posId),
      );
      await reflectPaymentReturns(
        tx,
        p.orgId,
        originals.map((e) => e.order_id),
      );
      const amount = views.reduce((sum, v) => sum + v.amount, 0);
      if (operation === 'payment') {
        const id = input.reversal_id ?? posId;
        await tellReturned(tx, p, 'reversal', id, posId, account as Account, originals, amount, at);
      }
      return {
        operation,
        pos_id: posId,
        status: 'reversed',
        amount,
        entries: views,
        account: await describeAccount(tx, account as Account, now),
      };
    }),
  );
}

export interface HoldInput extends PosOperationInput {
  hold_id: string;
  card: CardRef;
  account_kind?: 'deposit' | 'bonus';
  account_id?: number;
  amount: number;
  ttl_seconds?: number;
  manager_confirmed?: boolean;
}

export interface HoldResult {
  hold_id: string;
  status: 'active' | 'committed' | 'cancelled';
  amount: number;
  committed_amount: number;
  expires_at: string;
  card_id: number;
  entries: EntryView[];
  account: AccountView;
}

const DEFAULT_HOLD_TTL_SECONDS = 15 * 60;

export async function createHold(ctx: AppContext, p: PosPrincipal, input: HoldInput) {
  return inTransaction(ctx, (tx) =>
    once(tx, p, 'hold', input.hold_id, input, async (): Promise<HoldResult> => {
      const now = ctx.now();
      const charge = await prepareCharge(
        tx,
        p,
        input,
        input.account_kind ?? 'deposit',
        input.account_id,
        now,
        now,
      );
      const available = await availableOf(tx, charge.account, now);
      if (input.amount > available) {
        fail(
          'rejected',
          'insufficient_funds',
          {
            ru: 'Недостаточно средств для блокировки суммы',
            en: 'Insufficient funds to hold the amount',
          },
          { available, requested: input.amount },
        );
      }
      const ttl =
        input.ttl_seconds ??
        (await orgSettings(tx, p.orgId)).holdTtlSeconds ??
        DEFAULT_HOLD_TTL_SECONDS;
      const expiresAt = new Date(now.getTime() + ttl * 1000);
      const hold = await tx
        .insertInto('holds')
        .values({
          org_id: p.orgId,
          restaurant_id: p.restaurantId,
          pos_hold_id: input.hold_id,
          account_id: charge.account.id,
          card_id: charge.card.id,
          amount: input.amount,
          status: 'active',
          expires_at: expiresAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await moveBalance(tx, p.orgId, charge.account.id, 0, input.amount);
      await recordEvents(tx, p.orgId, [
        holdCreated(hold, p, charge.account.guest_id, expiresAt, now),
      ]);
      charge.account.held += input.amount;
      return {
        hold_id: input.hold_id,
        status: 'active',
        amount: input.amount,
        committed_amount: 0,
        expires_at: expiresAt.toISOString(),
        card_id: charge.card.id,
        entries: [],
        account: await describeAccount(tx, charge.account, now),
      };
    }),
  );
}

/** Loads a hold and locks its account; the hold must still be active. */
export async function activeHold(
  tx: Tx,
  p: PosPrincipal,
  holdId: string,
  now: Date,
): Promise<{ hold: Hold; account: Account }> {
  const hold = await tx
    .selectFrom('holds')
    .selectAll()
    .where('org_id', '=', p.orgId)
    .where('restaurant_id', '=', p.restaurantId)
    .where('pos_hold_id', '=', holdId)
    .executeTakeFirst();
  if (!hold)
    fail(
      'not_found',
      'hold_not_found',
      { ru: 'Блокировка суммы не найдена', en: 'Hold not found' },
      { hold_id: holdId },
    );
  const [account] = await lockAccounts(tx, p.orgId, [hold.account_id]);
  await settleAccount(tx, account as Account, now);
  const current = await tx
    .selectFrom('holds')
    .select(['status'])
    .where('org_id', '=', p.orgId)
    .where('id', '=', hold.id)
    .executeTakeFirstOrThrow();
  if (current.status !== 'active') {
    fail(
      'rejected',
      `hold_${current.status}`,
      {
        ru:
          current.status === 'expired'
            ? 'Срок блокировки суммы истёк'
            : 'Блокировка суммы уже закрыта',
        en: current.status === 'expired' ? 'The hold has expired' : 'The hold is already closed',
      },
      { hold_id: holdId, status: current.status },
    );
  }
  return { hold, account: account as Account };
}

export async function closeHold(
  tx: Tx,
  p: PosPrincipal,
  hold: Hold,
  status: 'committed' | 'cancelled',
  committed: number,
  now: Date,
) {
  await tx
    .updateTable('holds')
    .set({ status, committed_amount: committed, closed_at: now })
    .where('org_id', '=', p.orgId)
    .where('id', '=', hold.id)
    .execute();
}

export interface CommitInput extends PosOperationInput {
  amount?: number;
  lines?: LineInput[];
  order_id?: string;
}

export async function commitHold(
  ctx: AppContext,
  p: PosPrincipal,
  holdId: string,
  input: CommitInput,
) {
  // A hold committed is a close under locks: its claim rides in the order's write.
  const done = await runClose<HoldResult>(ctx, p, {
    operation: 'hold.commit',
    posId: holdId,
    request: input,
    at: ctx.now(),
    liftsTestMode: false,
    fast: null,
    post: async (c, tx, claim) => {
      const now = c.now();
      const at = occurredAt(input, now);
      const { hold, account } = await activeHold(tx, p, holdId, now);
      const amount = input.amount ?? hold.amount;
      if (amount > hold.amount) {
        fail(
          'rejected',
          'commit_exceeds_hold',
          {
            ru: 'Сумма списания больше заблокированной',
            en: 'The amount to commit exceeds the hold',
          },
          { held: hold.amount, requested: amount },
        );
      }
      const sale = paymentSale(amount, input.lines);
      const card = await tx
        .selectFrom('cards')
        .selectAll()
        .where('org_id', '=', p.orgId)
        .where('id', '=', hold.card_id)
        .executeTakeFirstOrThrow();
      const meta: EntryMeta = {
        ...posMeta(p, input, at),
        cardId: card.id,
        payerGuestId: account.guest_id,
        payerCardId: card.payer_card_id ?? card.id,
        recipientGuestId: card.payer_card_id ? card.guest_id : null,
        recipientCardId: card.payer_card_id ? card.id : null,
        holdId: hold.id,
        posTxnId: holdId,
        posCheckId: input.check_number ?? input.order_id ?? null,
      };
      await closeHold(tx, p, hold, 'committed', amount, now);
      await recordEvents(tx, p.orgId, [
        holdCommitted(hold, p, amount, paymentOrderId('hold', holdId), at),
      ]);
      const payment = { by: 'hold' as const, posId: holdId, sale, account, card, meta, now };
      return postPayment(tx, p, { ...payment, fromHold: hold.amount }, claim, async (entries) => ({
        hold_id: holdId,
        status: 'committed' as const,
        amount: hold.amount,
        committed_amount: amount,
        expires_at: hold.expires_at.toISOString(),
        card_id: hold.card_id,
        entries,
        account: await describeAccount(tx, account, now),
      }));
    },
  });
  return { result: done.result, replayed: done.replayed };
}

export async function cancelHold(
  ctx: AppContext,
  p: PosPrincipal,
  holdId: string,
  input: PosOperationInput,
) {
  return inTransaction(ctx, (tx) =>
    once(tx, p, 'hold.cancel', holdId, input, async (): Promise<HoldResult> => {
      const now = ctx.now();
      const { hold, account } = await activeHold(tx, p, holdId, now);
      await moveBalance(tx, p.orgId, account.id, 0, -hold.amount);
      account.held -= hold.amount;
      await closeHold(tx, p, hold, 'cancelled', 0, now);
      await recordEvents(tx, p.orgId, [holdCancelled(hold, p, now)]);
      return {
        hold_id: holdId,
        status: 'cancelled',
        amount: hold.amount,
        committed_amount: 0,
        expires_at: hold.expires_at.toISOString(),
        card_id: hold.card_id,
        entries: [],
        account: await describeAccount(tx, account, now),
      };
    }),
  );
}
