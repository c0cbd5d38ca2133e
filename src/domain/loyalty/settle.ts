// What a close records: the bonus payment actually made split over the lines that could take
// it, and per line the accrual, so that a later refund can reverse both line by line (C5).
// Also when accrued points become spendable and when they expire (L11).
import { fail } from '../errors.ts';
import { formatRoubles, formatRoublesRu } from '../money.ts';
import { split } from './arith.ts';
import type { AccrualSettings, Evaluation, Order } from './types.ts';

export interface ClosedLine {
  line: number;
  /** Thousandths sold. */
  quantity: number;
  discount: number;
  /** Hundredths of a point accrued. */
  accrual: number;
  /** Kopecks paid with bonuses. */
  bonusPaid: number;
}

/** Splits a bonus payment over lines in proportion to what each may take; never above its cap. */
export function allocateBonusPayment(evaluation: Evaluation, amount: number): number[] {
  const max = evaluation.totals.maxBonusPayment;
  if (!Number.isInteger(amount) || amount < 0 || amount > max) {
    fail(
      'rejected',
      'loyalty.bonus_payment_over_limit',
      {
        ru: `Баллами можно оплатить не более ${formatRoublesRu(max)}`,
        en: `At most ${formatRoubles(max)} can be paid with points`,
      },
      { max, amount },
    );
  }
  const caps = evaluation.lines.map((l) => l.bonusPayable);
  // Split over the caps themselves: with amount < max each ⌊amount·cap/max⌋ is below its cap,
  // so the one extra kopeck of the largest-remainder method still fits.
  return amount === max ? caps : split(amount, caps);
}

export function closeRecord(order: Order, evaluation: Evaluation, bonusPaid: number): ClosedLine[] {
  const paid = allocateBonusPayment(evaluation, bonusPaid);
  return evaluation.lines.map((l, i) => ({
    line: l.line,
    quantity: order.lines[i]?.quantity ?? 0,
    discount: l.discount,
    accrual: l.accrual,
    bonusPaid: paid[i] ?? 0,
  }));
}

const DAY = 86_400_000;

/** When points accrued at `closedAt` become spendable and when they expire (null = never). */
export function lotDates(
  closedAt: Date,
  accrual: AccrualSettings,
): { availableAt: Date; expiresAt: Date | null } {
  const available = closedAt.getTime() + accrual.pendingDays * DAY;
  return {
    availableAt: new Date(available),
    expiresAt: accrual.expiryDays === null ? null : new Date(available + accrual.expiryDays * DAY),
  };
}
