// Program settings: the defaults a new organization starts with, and how a restaurant's
// override narrows them. Defaults follow seed 003: the program is on, promotions and ranks sum,
// POS promotions restrict only their own lines.
import type { AccrualSettings, ProgramSettings, SettingsOverride } from './types.ts';

export const DEFAULT_ACCRUAL: AccrualSettings = {
  base: 'after_discounts',
  rounding: 'down',
  roundingUnit: 1,
  pendingDays: 0,
  expiryDays: null,
  excludedItems: [],
  excludedCategories: [],
  paymentExcludedItems: [],
  paymentExcludedCategories: [],
};

export const DEFAULT_SETTINGS: ProgramSettings = {
  enabled: true,
  maxBonusPaymentBp: 10000,
  minFiscalPayment: 0,
  nonSummation: false,
  itemPromotionBlocksCheckPromotion: false,
  bonusPaymentForBonusPromoLines: false,
  changeToBonusWallet: false,
  cashierPhoneAuth: false,
  emailReceipt: false,
  posPromotionNoBonusPayment: false,
  posPromotionNoAccrual: false,
  posPromotionNoPromotions: false,
  promoCodeLifetimeMinutes: 60,
  accrual: DEFAULT_ACCRUAL,
  rankPeriod: { kind: 'all_time' },
};

/** The organization's settings with a restaurant's override on top; `undefined` keeps the org value. */
export function mergeSettings(
  org: ProgramSettings,
  override: SettingsOverride | undefined,
): ProgramSettings {
  if (!override) return org;
  const merged: Record<string, unknown> = { ...org };
  for (const [key, value] of Object.entries(override)) {
    if (value !== undefined && key !== 'accrual') merged[key] = value;
  }
  const accrual: Record<string, unknown> = { ...org.accrual };
  for (const [key, value] of Object.entries(override.accrual ?? {})) {
    if (value !== undefined) accrual[key] = value;
  }
  merged.accrual = accrual;
  return merged as unknown as ProgramSettings;
}
