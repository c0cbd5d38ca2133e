// Returns of one-shot deposit payments as an external payment system sees them (iikoFront):
// a return by amount of a payment named by its transaction id (full or partial, several partial
// returns each under its own id), a return to the deposit without the original payment, and the
// emergency cancel of a payment whose answer the till never got. Each runs in one transaction
// and is idempotent on the POS's id.
import { sql } from 'kysely';
import { fail } from '../domain/errors.ts';
import { formatRoubles, formatRoublesRu } from '../domain/money.ts';
import type { Account } from '../db/schema.ts';
import { describeAccount } from './cards.ts';
import { inTransaction, type AppContext, type PosPrincipal, type Tx } from './context.ts';
import { once, requestHash } from './idempotency.ts';
import type { ReversalResult } from './pay.ts';
import { restsOf, reversalMeta, reverseAcross, type Rest } from './reversal.ts';
import { paymentOrderEntries, paymentOrderId, reflectPaymentReturns } from './payment-order.ts';
import { lockAndSettle, occurredAt, resolveCharge, type PosOperationInput } from './pos-common.ts';
import type { CardRef } from './cards.ts';
import { tellReturned } from './payment-events.ts';

/** The request hash of the marker an emergency cancel leaves under the payment's own id. */
const CANCELLED = requestHash({ cancelled: true });

/**
 * Where a payment id stands: never seen, paid (a repeat is answered), or cancelled — before it
 * came or after — so that a late repeat is told so instead of "paid".
 */
export async function paymentState(
  ctx: AppContext,
  p: PosPrincipal,
  paymentId: string,
): Promise<'none' | 'paid' | 'cancelled'> {
  const rows = await ctx.db
    .selectFrom('pos_requests')
    .select(['operation', 'request_hash'])
    .where('org_id', '=', p.orgId)
    .where('restaurant_id', '=', p.restaurantId)
    .where('operation', 'in', ['payment', 'payment.cancel'])
    .where('pos_id', '=', paymentId)
    .execute();
  if (rows.length === 0) return 'none';
  const cancelled = rows.some(
    (r) => r.operation === 'payment.cancel' || r.request_hash === CANCELLED,
  );
  return cancelled ? 'cancelled' : 'paid';
}

/** A one-shot deposit payment's entries, found by its order. */
function paymentEntries(tx: Tx, p: PosPrincipal, paymentId: string) {
  return paymentOrderEntries(tx, p, [paymentOrderId('payment', paymentId)], ['payment']);
}

export interface PaymentReturnInput extends PosOperationInput {
  /** The id of this return; several partial returns of one payment need one each. */
  return_id: string;
  /** Kopecks to give back; all that is not yet returned when omitted. */
  amount?: number;
}

export type PaymentReturnResult = ReversalResult & { payment_id: string; left: number };

/** Gives back all or part of a deposit payment; never more than was paid and not yet returned. */
export async function returnPayment(
  ctx: AppContext,
  p: PosPrincipal,
  paymentId: string,
  input: PaymentReturnInput,
) {
  return inTransaction(ctx, (tx) =>
    once(
      tx,
      p,
      'payment.return',
      input.return_id,
      { ...input, payment_id: paymentId },
      async (): Promise<PaymentReturnResult> => {
        const now = ctx.now();
        const at = occurredAt(input, now);
        const entries = await paymentEntries(tx, p, paymentId);
        if (entries.length === 0) {
          fail(
            'not_found',
            'payment_not_found',
            { ru: 'Оплата не найдена', en: 'Payment not found' },
            { payment_id: paymentId },
          );
        }
        const accounts = await lockAndSettle(tx, p.orgId, [entries[0]?.account_id as number], now);
        const account = [...accounts.values()][0] as Account;
        const rests = await restsOf(tx, p.orgId, entries);
        const left = rests.reduce((s, r) => s + r.rest, 0);
        const amount = input.amount ?? left;
        if (amount === 0 || amount > left) {
          fail(
            'rejected',
            'return_exceeds_payment',
            {
              ru: `Нельзя вернуть ${formatRoublesRu(amount)} ₽: по этой оплате осталось к возврату ${formatRoublesRu(left)} ₽`,
              en: `Cannot return ${formatRoubles(amount)}: ${formatRoubles(left)} of this payment is left to return`,
            },
            { payment_id: paymentId, left, requested: amount },
          );
        }
        const views = await reverseAcross(
          tx,
          account,
          rests,
          amount,
          reversalMeta(p, input, at, input.return_id),
        );
        await reflectPaymentReturns(
          tx,
          p.orgId,
          entries.map((e) => e.order_id),
        );
        await tellReturned(
          tx,
          p,
          'return',
          input.return_id,
          paymentId,
          account,
          entries,
          amount,
          at,
        );
        return {
          operation: 'payment',
          pos_id: paymentId,
          payment_id: paymentId,
          status: 'reversed',
          amount,
          left: left - amount,
          entries: views,
          account: await describeAccount(tx, account, now),
        };
      },
    ),
  );
}

export interface ReturnWithoutPaymentInput extends PosOperationInput {
  return_id: string;
  card: CardRef;
  account_id?: number;
  amount: number;
}

/** How many of the newest payments a return without the original one looks back over. */
const LOOK_BACK = 1000;

/**
 * Money back to a deposit when the till no longer has the original payment (a return of goods
 * without the order). It reverses the guest's newest deposit payments not yet returned, so the
 * deposit gets back only money it actually paid out, and a credit deposit's debt shrinks.
 */
export async function returnWithoutPayment(
  ctx: AppContext,
  p: PosPrincipal,
  input: ReturnWithoutPaymentInput,
) {
  return inTransaction(ctx, (tx) =>
    once(tx, p, 'payment.return_unlinked', input.return_id, input, async () => {
      const now = ctx.now();
      const at = occurredAt(input, now);
      const charge = await resolveCharge(
        tx,
        p,
        { ...input, manager_confirmed: true },
        { card: input.card, kind: 'deposit', accountId: input.account_id },
        at,
      );
      const accounts = await lockAndSettle(tx, p.orgId, [charge.account.id], now);
      const account = accounts.get(charge.account.id) as Account;
      const newest = await tx
        .selectFrom('ledger_entries')
        .selectAll()
        .where('org_id', '=', p.orgId)
        .where('account_id', '=', account.id)
        .where('type', '=', 'payment')
        .orderBy('id', 'desc')
        .limit(LOOK_BACK)
        .execute();
      const rests = (await restsOf(tx, p.orgId, newest)).filter((r) => r.rest > 0);
      const paid = rests.reduce((s, r) => s + r.rest, 0);
      if (input.amount > paid) {
        fail(
          'rejected',
          'return_exceeds_paid',
          {
            ru: `Нельзя вернуть на депозит ${formatRoublesRu(input.amount)} ₽: гость оплатил им и ещё не получил назад только ${formatRoublesRu(paid)} ₽`,
            en: `Cannot return ${formatRoubles(input.amount)} to the deposit: the guest paid only ${formatRoubles(paid)} from it that has not been returned`,
          },
          { paid, requested: input.amount },
        );
      }
      // Newest payments first, each up to what is left of it.
      let left = input.amount;
      const take: Rest[] = [];
      for (const r of rests) {
        if (left === 0) break;
        const part = Math.min(left, r.rest);
        take.push({ ...r, rest: part });
        left -= part;
      }
      const views = await reverseAcross(
        tx,
        account,
        take,
        input.amount,
        reversalMeta(p, input, at, input.return_id),
      );
      await reflectPaymentReturns(
        tx,
        p.orgId,
        take.map((r) => r.entry.order_id),
      );
      await tellReturned(
        tx,
        p,
        'return_unlinked',
        input.return_id,
        null,
        account,
        take.map((r) => r.entry),
        input.amount,
        at,
      );
      return {
        return_id: input.return_id,
        status: 'reversed' as const,
        amount: input.amount,
        entries: views,
        account: await describeAccount(tx, account, now),
      };
    }),
  );
}

export interface CancelResult {
  payment_id: string;
  status: 'cancelled';
  /** False when the payment never reached Kopilka: it is now barred instead. */
  payment_found: boolean;
  amount: number;
  entries: ReversalResult['entries'];
  account: ReversalResult['account'];
}

/**
 * Undoes a payment whatever became of it: reverses what is left of it when it was made, and
 * when it was not, bars its id so that the lost request arriving late moves no money either.
 */
export async function cancelPayment(
  ctx: AppContext,
  p: PosPrincipal,
  paymentId: string,
  input: PosOperationInput,
) {
  return inTransaction(ctx, (tx) =>
    // Keyed on the id alone: a cancel must succeed on every retry, whoever sends it.
    once(
      tx,
      p,
      'payment.cancel',
      paymentId,
      { payment_id: paymentId },
      async (): Promise<CancelResult> => {
        const now = ctx.now();
        const at = occurredAt(input, now);
        // Claiming the payment's own id waits for a payment in flight and then sees it.
        const barred = await sql<{ ok: number }>`
        insert into pos_requests (org_id, restaurant_id, operation, pos_id, request_hash, response)
        values (${p.orgId}, ${p.restaurantId}, 'payment', ${paymentId}, ${CANCELLED},
                ${JSON.stringify({ cancelled: true })})
        on conflict do nothing
        returning 1 as ok`.execute(tx);
        const none = { payment_id: paymentId, status: 'cancelled' as const, amount: 0 };
        if (barred.rows.length > 0)
          return { ...none, payment_found: false, entries: [], account: null };
        const entries = await paymentEntries(tx, p, paymentId);
        if (entries.length === 0)
          return { ...none, payment_found: true, entries: [], account: null };
        const accounts = await lockAndSettle(tx, p.orgId, [entries[0]?.account_id as number], now);
        const account = [...accounts.values()][0] as Account;
        const rests = (await restsOf(tx, p.orgId, entries)).filter((r) => r.rest > 0);
        const amount = rests.reduce((s, r) => s + r.rest, 0);
        const views =
          amount === 0
            ? []
            : await reverseAcross(
                tx,
                account,
                rests,
                amount,
                reversalMeta(p, input, at, paymentId),
              );
        await reflectPaymentReturns(
          tx,
          p.orgId,
          rests.map((r) => r.entry.order_id),
        );
        const back = rests.map((r) => r.entry);
        await tellReturned(tx, p, 'cancel', paymentId, paymentId, account, back, amount, at);
        return {
          ...none,
          payment_found: true,
          amount,
          entries: views,
          account: await describeAccount(tx, account, now),
        };
      },
    ),
  );
}
