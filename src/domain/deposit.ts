// Deposit schemes × fiscalization modes (seed 001, C4): which combinations are allowed, which
// POS payment type each needs, and how far a balance may fall.
import { fail } from './errors.ts';

export type DepositScheme = 'debit' | 'credit' | 'mixed';
export type FiscalMode = 'advance' | 'service';

export const SCHEME_NAMES: Record<DepositScheme, { ru: string; en: string }> = {
  debit: { ru: 'дебетовая', en: 'debit' },
  credit: { ru: 'кредитная', en: 'credit' },
  mixed: { ru: 'смешанная', en: 'mixed' },
};
export const FISCAL_MODE_NAMES: Record<FiscalMode, { ru: string; en: string }> = {
  advance: { ru: 'авансом', en: 'as an advance' },
  service: { ru: 'услугой', en: 'as a service' },
};

/** What the POS payment type used for deposit payments must be (seed 001). */
export interface RequiredPaymentType {
  fiscal: boolean;
  /** The fiscal payment method the type needs, when fiscal. */
  method: 'prepayment' | null;
}

const MATRIX: Record<DepositScheme, Record<FiscalMode, RequiredPaymentType | null>> = {
  credit: {
    advance: { fiscal: false, method: null },
    service: { fiscal: false, method: null },
  },
  debit: {
    advance: { fiscal: true, method: 'prepayment' },
    service: { fiscal: false, method: null },
  },
  mixed: {
    advance: null, // forbidden by seed 001: «нельзя использовать!»
    service: { fiscal: false, method: null },
  },
};

/** The seed 001 rule for a combination; null where the combination is forbidden. */
export function paymentTypeRule(
  scheme: DepositScheme,
  mode: FiscalMode,
): RequiredPaymentType | null {
  return MATRIX[scheme][mode];
}

/** Throws with an explanation of what to set instead when the combination is not allowed. */
export function requiredPaymentType(scheme: DepositScheme, mode: FiscalMode): RequiredPaymentType {
  const required = paymentTypeRule(scheme, mode);
  if (!required) {
    fail(
      'validation',
      'deposit_combination_forbidden',
      {
        ru: 'Смешанную схему депозита нельзя фискализировать авансом. Выберите фискализацию услугой или дебетовую схему с фискализацией авансом.',
        en: 'A mixed deposit cannot be fiscalized as an advance. Choose fiscalization as a service, or the debit scheme with advance fiscalization.',
      },
      { scheme, fiscal_mode: mode, allowed: allowedModes(scheme) },
    );
  }
  return required;
}

export function allowedModes(scheme: DepositScheme): FiscalMode[] {
  return (['advance', 'service'] as const).filter((m) => MATRIX[scheme][m] !== null);
}

export function validateDepositSettings(
  scheme: DepositScheme,
  mode: FiscalMode,
  creditLimit: number,
): void {
  requiredPaymentType(scheme, mode);
  if (scheme === 'debit' && creditLimit !== 0) {
    fail(
      'validation',
      'debit_has_no_credit_limit',
      {
        ru: 'У дебетовой схемы нет кредитного лимита: укажите 0 или выберите кредитную или смешанную схему',
        en: 'A debit deposit has no credit limit: set 0, or choose the credit or mixed scheme',
      },
      { credit_limit: creditLimit },
    );
  }
  if (scheme !== 'debit' && creditLimit <= 0) {
    fail(
      'validation',
      'credit_limit_required',
      {
        ru: `Для схемы «${SCHEME_NAMES[scheme].ru}» укажите кредитный лимит больше нуля`,
        en: `The ${SCHEME_NAMES[scheme].en} scheme needs a credit limit above zero`,
      },
      { scheme },
    );
  }
}

export interface DepositState {
  scheme: DepositScheme;
  creditLimit: number;
  balance: number;
  held: number;
}

/** The lowest balance the scheme allows: 0 for debit, −limit for credit and mixed. */
export function balanceFloor(d: Pick<DepositState, 'scheme' | 'creditLimit'>): number {
  return d.scheme === 'debit' ? 0 : -d.creditLimit;
}

/** What can still be paid now: the balance above the floor, less what is held. */
export function availableToPay(d: DepositState): number {
  return Math.max(0, d.balance - d.held - balanceFloor(d));
}

/**
 * The ceiling a top-up may reach: a credit deposit is settled by repayment up to zero and
 * holds no prepaid money (that is what debit and mixed are for).
 */
export function topUpCeiling(d: Pick<DepositState, 'scheme'>): number | null {
  return d.scheme === 'credit' ? 0 : null;
}

/** How much of a debit of `amount` comes from prepaid money and how much is credit (mixed). */
export function splitPrepaidAndCredit(
  balance: number,
  amount: number,
): { prepaid: number; credit: number } {
  const prepaid = Math.min(amount, Math.max(0, balance));
  return { prepaid, credit: amount - prepaid };
}
