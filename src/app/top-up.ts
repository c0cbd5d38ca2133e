// Topping up a deposit (money the guest brings, or a credit repayment) or the bonus wallet
// (L7: change put on the wallet). The deposit's fiscalization mode is recorded on the entry.
import { FISCAL_MODE_NAMES, type FiscalMode } from '../domain/deposit.ts';
import { fail } from '../domain/errors.ts';
import { enforceLimit, isNotable } from '../domain/money-limits.ts';
import { describeAccount, type AccountView, type CardRef } from './cards.ts';
import { inTransaction, type AppContext, type PosPrincipal } from './context.ts';
import { recordEvents } from './events.ts';
import { once } from './idempotency.ts';
import { credit } from './ledger-posting.ts';
import { moneyLimits, recordNotable, withMoneyLimits } from './money-limits.ts';
import { occurredAt, prepareCharge, type PosOperationInput } from './pos-common.ts';

export interface TopUpInput extends PosOperationInput {
  topup_id: string;
  card: CardRef;
  account_kind?: 'deposit' | 'bonus';
  account_id?: number;
  amount: number;
  /** What the till fiscalized; must match the deposit's mode when given. */
  fiscal_mode?: FiscalMode;
}

export interface TopUpResult {
  topup_id: string;
  status: 'credited';
  amount: number;
  entry_id: number;
  fiscal_mode: FiscalMode | null;
  account: AccountView;
}

/** One top-up; above the organization's per-operation ceiling it is refused (and reported). */
export async function topUp(ctx: AppContext, p: PosPrincipal, input: TopUpInput) {
  const place = {
    orgId: p.orgId,
    restaurantId: p.restaurantId,
    terminalId: p.terminalId,
    who: p.terminalName,
    what: 'topup',
  };
  return withMoneyLimits(ctx, place, () => credited(ctx, p, input, place));
}

function credited(
  ctx: AppContext,
  p: PosPrincipal,
  input: TopUpInput,
  place: Parameters<typeof recordNotable>[2],
) {
  return inTransaction(ctx, (tx) =>
    once(tx, p, 'topup', input.topup_id, input, async (): Promise<TopUpResult> => {
      const now = ctx.now();
      const at = occurredAt(input, now);
      const charge = await prepareCharge(
        tx,
        p,
        { ...input, manager_confirmed: true },
        input.account_kind ?? 'deposit',
        input.account_id,
        now,
        at,
      );
      const mode = charge.account.fiscal_mode;
      if (input.fiscal_mode && input.fiscal_mode !== mode) {
        fail(
          'rejected',
          'fiscal_mode_mismatch',
          mode
            ? {
                ru: `Депозит фискализируется ${FISCAL_MODE_NAMES[mode].ru}, а касса провела пополнение ${FISCAL_MODE_NAMES[input.fiscal_mode].ru}. Проведите пополнение типом оплаты, который соответствует режиму депозита.`,
                en: `The deposit is fiscalized ${FISCAL_MODE_NAMES[mode].en}, but the till fiscalized the top-up ${FISCAL_MODE_NAMES[input.fiscal_mode].en}. Use the payment type that matches the deposit's mode.`,
              }
            : { ru: 'Бонусный счёт не фискализируется', en: 'A bonus wallet is not fiscalized' },
          { account_fiscal_mode: mode, requested: input.fiscal_mode },
        );
      }
      const limits = await moneyLimits(tx, p.orgId);
      enforceLimit(limits, 'maxTopUp', input.amount);
      if (isNotable(limits, input.amount)) await recordNotable(tx, now, place, input.amount);
      const entryId = await credit(
        tx,
        charge.account,
        'topup',
        { amount: input.amount, paymentAmount: input.amount },
        { ...charge.meta, posTxnId: input.topup_id },
        { availableFrom: at, expiresAt: null },
      );
      const kind = charge.account.kind;
      await recordEvents(tx, p.orgId, [
        {
          type: kind === 'deposit' ? 'deposit.topped_up' : 'bonus.topped_up',
          key: `entry:${entryId}`,
          at,
          data: {
            restaurant_id: p.restaurantId,
            terminal_id: p.terminalId,
            topup_id: input.topup_id,
            guest_id: charge.account.guest_id,
            account_id: charge.account.id,
            amount: input.amount,
          },
        },
      ]);
      return {
        topup_id: input.topup_id,
        status: 'credited',
        amount: input.amount,
        entry_id: entryId,
        fiscal_mode: mode,
        account: await describeAccount(tx, charge.account, now),
      };
    }),
  );
}
