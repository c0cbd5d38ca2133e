// The loyalty program wired into the POS use cases: at close, evaluate the order for its
// guest, refuse a bonus payment above the L2/L3 limit and change to the wallet when L7 is off,
// then charge the promotion budgets and hand the accruals (pending period and expiry of L11)
// to close-order, which posts them as bonus lots. A refund gives the budgets back their share.
import type { RawBuilder } from 'kysely';
import { fail } from '../../domain/errors.ts';
import { allocateBonusPayment, lotDates } from '../../domain/loyalty/settle.ts';
import { MAX_AMOUNT } from '../../domain/money.ts';
import type { Tx } from '../../db/connect.ts';
import type {
  Accrual,
  ClosedOrderFacts,
  LoyaltyHook,
  LoyaltyPlan,
  RefundFacts,
} from '../loyalty-hook.ts';
import { chargeBudgets } from './budgets.ts';
import { periodSpendJson } from './guest-context.ts';
import { ProgramStore, type LoadedProgram } from './program-store.ts';
import { runEvaluation, type Run, type RunRequest } from './run.ts';

function share(total: number, part: number, whole: number): number {
  return whole === 0 ? 0 : Number((BigInt(total) * BigInt(part)) / BigInt(whole));
}

/** Kopecks of the order's line amounts returned; exactly the total once every unit is back. */
function returnedAmount(lines: RefundFacts['lines'], returning: RefundFacts['returning']): number {
  return lines.reduce((s, l) => {
    const q = l.refunded_quantity_milli + (returning.get(l.line_no) ?? 0);
    return s + (q >= l.quantity_milli ? l.amount : share(l.amount, q, l.quantity_milli));
  }, 0);
}

export class ProgramLoyalty implements LoyaltyHook {
  readonly #store = new ProgramStore();

  async prepare(tx: Tx, facts: ClosedOrderFacts): Promise<LoyaltyPlan> {
    const card =
      facts.card !== undefined || facts.cardId === null
        ? (facts.card ?? null)
        : await tx
            .selectFrom('cards')
            .selectAll()
            .where('org_id', '=', facts.orgId)
            .where('id', '=', facts.cardId)
            .executeTakeFirstOrThrow();
    const run = await runEvaluation(
      tx,
      this.#store,
      {
        orgId: facts.orgId,
        restaurantId: facts.restaurantId,
        card,
        lines: facts.lines,
        posPromotions: facts.posPromotions,
        promoCodes: facts.promoCodes,
        at: facts.closedAt,
        // The ledger refuses a payment beyond the wallet; here only L2 and L3 bound it.
        bonusBalance: MAX_AMOUNT,
        ...(facts.program ? { program: facts.program } : {}),
        ...(facts.guest ? { guest: facts.guest } : {}),
        ...(facts.spend ? { spend: facts.spend } : {}),
      },
      true,
    );
    const { evaluation, loaded, guest } = run;
    const settings = loaded.program.settings;
    if (facts.bonusPaid > 0) allocateBonusPayment(evaluation, facts.bonusPaid);
    const t = evaluation.totals;
    const dates = lotDates(facts.closedAt, settings.accrual);
    const accruals: Accrual[] = guest
      ? evaluation.lines
          .filter((l) => l.accrual > 0)
          .map((l) => ({
            lineNo: l.line,
            amount: l.accrual,
            availableFrom: dates.availableAt,
            expiresAt: dates.expiresAt,
            source: l.parts.some((p) => p.source === 'promotion' && p.accrual > 0)
              ? 'promotion'
              : 'pos',
          }))
      : [];
    return {
      discount: evaluation.totals.totalDiscount,
      assertChangeToWallet(change: number, hasCard: boolean) {
        if (!settings.changeToBonusWallet) {
          fail(
            'rejected',
            'loyalty.change_to_wallet_disabled',
            {
              ru: 'Зачисление сдачи на бонусный счёт выключено в настройках программы (L7)',
              en: 'Putting change to the bonus wallet is turned off in the program settings (L7)',
            },
            { change },
          );
        }
        if (!hasCard) {
          fail('validation', 'card_required', {
            ru: 'Чтобы зачислить сдачу на бонусный счёт, укажите карту гостя',
            en: "Putting change to the bonus wallet needs the guest's card",
          });
        }
      },
      accruals,
      explanation: [...evaluation.explanation],
      usesBudgets: loaded.needs.budgets,
      record:
        run.spend.length > 0 || t.totalDiscount > 0 || t.totalAccrual > 0
          ? {
              guestId: guest?.guestId ?? null,
              day: run.budgetKey.day,
              discount: t.totalDiscount,
              accrual: guest ? t.totalAccrual : 0,
              spend: run.spend,
            }
          : null,
      commit: (ctx: Tx) => chargeBudgets(ctx, loaded.promotions, run.spend, run.budgetKey),
    };
  }

  dryRun(tx: Tx, request: RunRequest): Promise<Run> {
    return runEvaluation(tx, this.#store, request, false);
  }

  program(tx: Tx, orgId: number, restaurantId: number): Promise<LoadedProgram> {
    return this.#store.load(tx, orgId, restaurantId);
  }

  spendRead(
    orgId: number,
    restaurantId: number,
    timeZone: string,
    guestId: RawBuilder<unknown>,
    at: Date,
  ) {
    const loaded = this.#store.peek(orgId, restaurantId, timeZone);
    if (!loaded?.needs.rankSpend) return null;
    return { column: periodSpendJson(orgId, guestId, loaded, at), version: loaded.version };
  }

  async onOrderRefunded(tx: Tx, facts: RefundFacts): Promise<void> {
    const record = await tx
      .selectFrom('loyalty_orders as lo')
      .innerJoin('orders as o', (j) =>
        j.onRef('o.org_id', '=', 'lo.org_id').onRef('o.id', '=', 'lo.order_id'),
      )
      .select(['lo.spend', 'lo.day', 'lo.guest_id', 'o.restaurant_id'])
      .where('lo.org_id', '=', facts.orgId)
      .where('lo.order_id', '=', facts.orderId)
      .executeTakeFirst();
    if (!record || record.spend.length === 0) return;
    const loaded = await this.#store.load(tx, facts.orgId, record.restaurant_id);
    const total = facts.lines.reduce((s, l) => s + l.amount, 0);
    const before = returnedAmount(facts.lines, new Map());
    const after = returnedAmount(facts.lines, facts.returning);
    const full = after >= total;
    const back = record.spend.map((s) => ({
      promotion_id: s.promotion_id,
      cost: (full ? s.cost : share(s.cost, after, total)) - share(s.cost, before, total),
    }));
    await chargeBudgets(
      tx,
      loaded.promotions,
      back,
      { orgId: facts.orgId, day: record.day, guestId: record.guest_id },
      -1,
      full ? 1 : 0,
    );
  }
}
