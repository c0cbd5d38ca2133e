// Ledger rules (C5): what entry types exist, what sign each carries, how reversals relate to
// what they reverse, and the letters the operation history shows (seed 000 "Тип").
import { fail } from './errors.ts';

export type EntryType =
  | 'topup'
  | 'payment'
  | 'bonus_accrual'
  | 'bonus_payment'
  | 'bonus_expiry'
  | 'adjustment'
  | 'reversal';

/** +1: only credits; −1: only debits; 0: either (adjustments and reversals). */
export const ENTRY_SIGN: Record<EntryType, 1 | -1 | 0> = {
  topup: 1,
  payment: -1,
  bonus_accrual: 1,
  bonus_payment: -1,
  bonus_expiry: -1,
  adjustment: 0,
  reversal: 0,
};

/** The history's "Тип" letter and the full name, Russian and English. */
export const ENTRY_LABELS: Record<EntryType, { code: string; ru: string; en: string }> = {
  topup: { code: 'П', ru: 'Пополнение', en: 'Top-up' },
  payment: { code: 'О', ru: 'Оплата', en: 'Payment' },
  bonus_accrual: { code: 'Н', ru: 'Начисление бонусов', en: 'Bonus accrual' },
  bonus_payment: { code: 'С', ru: 'Оплата бонусами', en: 'Bonus payment' },
  bonus_expiry: { code: 'Сг', ru: 'Сгорание бонусов', en: 'Bonus expiry' },
  adjustment: { code: 'К', ru: 'Корректировка', en: 'Adjustment' },
  reversal: { code: 'В', ru: 'Возврат', en: 'Reversal' },
};

export function assertEntrySign(type: EntryType, amount: number): void {
  const sign = ENTRY_SIGN[type];
  if (amount === 0 || !Number.isSafeInteger(amount) || (sign !== 0 && Math.sign(amount) !== sign)) {
    throw new RangeError(`entry ${type} cannot carry amount ${amount}`);
  }
}

/**
 * The amount of a reversal of `original` by `portion` (a positive size), given what earlier
 * reversals already took back. A reversal has the opposite sign and never exceeds the rest.
 */
export function reversalAmount(
  originalAmount: number,
  alreadyReversed: number,
  portion: number,
): number {
  const rest = Math.abs(originalAmount) - Math.abs(alreadyReversed);
  if (portion <= 0 || portion > rest) {
    fail(
      'rejected',
      'reversal_exceeds_original',
      {
        ru: 'Нельзя вернуть больше, чем было списано или начислено',
        en: 'Cannot reverse more than was originally posted',
      },
      { original: originalAmount, already_reversed: alreadyReversed, requested: portion },
    );
  }
  return -Math.sign(originalAmount) * portion;
}
