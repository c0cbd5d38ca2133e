// Deposit accounts (C4) and manual balance adjustments. The scheme × fiscalization matrix of
// seed 001 is checked on every save, with what to set instead when it does not fit.
import {
  validateDepositSettings,
  type DepositScheme,
  type FiscalMode,
} from '../../domain/deposit.ts';
import { fail } from '../../domain/errors.ts';
import { enforceLimit, isNotable } from '../../domain/money-limits.ts';
import { audit } from '../audit.ts';
import { describeAccount } from '../cards.ts';
import { inTransaction, type Actor, type AppContext } from '../context.ts';
import { credit, debit } from '../ledger-posting.ts';
import { moneyLimits, recordNotable, withMoneyLimits } from '../money-limits.ts';
import { lockAndSettle } from '../pos-common.ts';

export interface DepositInput {
  guest_id: number;
  name?: string;
  scheme: DepositScheme;
  fiscal_mode: FiscalMode;
  credit_limit?: number;
}

const placeOf = (actor: Actor, what: string) => ({
  orgId: actor.orgId,
  who: `${actor.name} (${actor.type})`,
  what,
});

/** A credit limit is money the guest spends without bringing it: within the ceiling only. */
export async function openDeposit(ctx: AppContext, actor: Actor, input: DepositInput) {
  validateDepositSettings(input.scheme, input.fiscal_mode, input.credit_limit ?? 0);
  const place = placeOf(actor, 'credit_limit');
  return withMoneyLimits(ctx, place, () =>
    inTransaction(ctx, async (tx) => {
      const guest = await tx
        .selectFrom('guests')
        .select('id')
        .where('org_id', '=', actor.orgId)
        .where('id', '=', input.guest_id)
        .executeTakeFirst();
      if (!guest)
        fail('not_found', 'guest_not_found', { ru: 'Гость не найден', en: 'Guest not found' });
      const creditLimit = input.credit_limit ?? 0;
      if (creditLimit > 0) {
        const limits = await moneyLimits(tx, actor.orgId);
        enforceLimit(limits, 'maxCreditLimit', creditLimit);
        if (isNotable(limits, creditLimit)) await recordNotable(tx, ctx.now(), place, creditLimit);
      }
      const row = await tx
        .insertInto('accounts')
        .values({
          org_id: actor.orgId,
          guest_id: input.guest_id,
          kind: 'deposit',
          name: input.name ?? 'Депозит',
          scheme: input.scheme,
          fiscal_mode: input.fiscal_mode,
          credit_limit: input.credit_limit ?? 0,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(tx, actor, 'create', 'account', row.id, null, row);
      return row;
    }),
  );
}

export interface AdjustmentInput {
  account_id: number;
  /** Signed: positive credits, negative debits. */
  amount: number;
  reason: string;
}

/** A manual correction by a person, with the reason, audited; never below the scheme's floor. */
export async function adjustBalance(ctx: AppContext, actor: Actor, input: AdjustmentInput) {
  if (!input.reason?.trim())
    fail('validation', 'reason_required', {
      ru: 'Укажите причину корректировки',
      en: 'Give the reason for the adjustment',
    });
  if (input.amount === 0)
    fail('validation', 'zero_amount', {
      ru: 'Сумма корректировки не может быть нулевой',
      en: 'The adjustment cannot be zero',
    });
  return inTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const accounts = await lockAndSettle(tx, actor.orgId, [input.account_id], now);
    const account = accounts.get(input.account_id);
    if (!account)
      fail('not_found', 'account_not_found', { ru: 'Счёт не найден', en: 'Account not found' });
    const before = await describeAccount(tx, account, now);
    const meta = {
      orgId: actor.orgId,
      occurredAt: now,
      source: 'admin' as const,
      operator: actor.name,
      payerGuestId: account.guest_id,
      comment: input.reason,
    };
    if (input.amount > 0) {
      const limits = await moneyLimits(tx, actor.orgId);
      if (isNotable(limits, input.amount)) {
        await recordNotable(tx, now, placeOf(actor, 'adjustment'), input.amount);
      }
      await credit(tx, account, 'adjustment', { amount: input.amount }, meta, {
        availableFrom: now,
        expiresAt: null,
      });
    } else {
      await debit(tx, account, [{ amount: -input.amount }], meta, now, { type: 'adjustment' });
    }
    const after = await describeAccount(tx, account, now);
    await audit(tx, actor, 'adjust', 'account', account.id, before, {
      ...after,
      amount: input.amount,
      reason: input.reason,
    });
    return after;
  });
}

export interface StaffTopUpInput {
  account_id: number;
  /** Kopecks, positive. */
  amount: number;
  /** What the money was (a bank transfer, cash at the office): kept on the entry and audited. */
  comment: string;
}

/**
 * A deposit top-up entered by staff in the cabinet (money received outside a till: a bank
 * transfer for a corporate deposit, cash at the office). A top-up, not an adjustment: the
 * reports count it with the tills' top-ups, and the history names who entered it.
 */
export async function staffTopUp(ctx: AppContext, actor: Actor, input: StaffTopUpInput) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const accounts = await lockAndSettle(tx, actor.orgId, [input.account_id], now);
    const account = accounts.get(input.account_id);
    if (!account)
      fail('not_found', 'account_not_found', { ru: 'Счёт не найден', en: 'Account not found' });
    if (account.kind !== 'deposit')
      fail(
        'rejected',
        'topup_deposit_only',
        {
          ru: 'Пополнить можно только депозит; бонусы меняются корректировкой с причиной',
          en: 'Only a deposit can be topped up; bonus points change by an adjustment with a reason',
        },
        { account_id: account.id, kind: account.kind },
      );
    const before = await describeAccount(tx, account, now);
    const limits = await moneyLimits(tx, actor.orgId);
    if (isNotable(limits, input.amount)) {
      await recordNotable(tx, now, placeOf(actor, 'topup'), input.amount);
    }
    const entryId = await credit(
      tx,
      account,
      'topup',
      { amount: input.amount, paymentAmount: input.amount },
      {
        orgId: actor.orgId,
        occurredAt: now,
        source: 'admin' as const,
        operator: actor.name,
        payerGuestId: account.guest_id,
        comment: input.comment,
      },
      { availableFrom: now, expiresAt: null },
    );
    const after = await describeAccount(tx, account, now);
    await audit(tx, actor, 'topup', 'account', account.id, before, {
      ...after,
      amount: input.amount,
      comment: input.comment,
    });
    return { entry_id: entryId, amount: input.amount, account: after };
  });
}
