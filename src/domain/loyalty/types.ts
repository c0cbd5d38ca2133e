// The loyalty program as data: settings of seed 003 (L1–L12), ranks (L10), promotions (L13),
// the order and guest the engine evaluates, and the effects it returns. Money is integer
// kopecks, points are integer hundredths (1 point = 1 rouble, so a hundredth pays a kopeck),
// quantities are thousandths, percentages are integer basis points (10000 = 100 %).
import type { Message } from '../errors.ts';

/** Percent as integer basis points: 10000 = 100 %, 1000 = 10 %, 1 = 0.01 %. */
export type BasisPoints = number;

export type RoundingMode = 'down' | 'half_up' | 'up';

/** L11: accrue on what the guest pays after Kopilka discounts, or on the line sum from the POS. */
export type AccrualBase = 'after_discounts' | 'before_discounts';

export interface AccrualSettings {
  base: AccrualBase;
  /** Applied to the order's percentage accrual total; the result is split back over lines. */
  rounding: RoundingMode;
  /** In hundredths of a point: 1 keeps hundredths, 100 rounds to whole points. */
  roundingUnit: number;
  /** Accrued points become spendable this many days after the close. */
  pendingDays: number;
  /** Points expire this many days after they become spendable; null = never. */
  expiryDays: number | null;
  excludedItems: readonly string[];
  excludedCategories: readonly string[];
  paymentExcludedItems: readonly string[];
  paymentExcludedCategories: readonly string[];
}

/** Rank spend is summed over calendar periods of this many months (12 = a year), or ever. */
export type RankPeriod = { kind: 'all_time' } | { kind: 'months'; months: 1 | 2 | 3 | 4 | 6 | 12 };

export interface ProgramSettings {
  /** L1 "Действует": off → no ranks, no promotions; settings stay editable. */
  enabled: boolean;
  /** L2: share of the eligible check payable with bonuses. */
  maxBonusPaymentBp: BasisPoints;
  /** L3: kopecks always left for fiscal payment. */
  minFiscalPayment: number;
  /** L4 "Акции и ранги не суммируются". */
  nonSummation: boolean;
  /** L5: an item promotion that fired blocks check promotions; only with L4 on. */
  itemPromotionBlocksCheckPromotion: boolean;
  /** L6: promo lines are payable with bonuses when their promotions only granted bonuses. */
  bonusPaymentForBonusPromoLines: boolean;
  /** L7: change over the check may top up the bonus wallet. */
  changeToBonusWallet: boolean;
  /** L8: the cashier may identify a guest by a typed phone number. */
  cashierPhoneAuth: boolean;
  /** L9: send the guest an e-mail receipt after each order. */
  emailReceipt: boolean;
  /*
   * L12, seed 003 «Ограничения работы программы лояльности при наличии в заказе товаров с
   * кассовой акцией»: three independent switches, any of them may be on. Whatever they say,
   * a line with a POS promotion is itself neither paid with bonuses nor accrues (the seed's
   * default); each switch adds an order-wide ban as soon as any line carries a POS promotion.
   */
  /** No line of such an order is payable with bonuses. */
  posPromotionNoBonusPayment: boolean;
  /** No line of such an order accrues bonuses. */
  posPromotionNoAccrual: boolean;
  /** Kopilka's promotions do not fire on such an order. */
  posPromotionNoPromotions: boolean;
  /** L14: minutes the guest has to enter a promo code for an order. */
  promoCodeLifetimeMinutes: number;
  /** L11. */
  accrual: AccrualSettings;
  /** L10: the spend period ranks are computed over. */
  rankPeriod: RankPeriod;
}

/** A restaurant's override of its organization's settings: only what it changes. */
export type SettingsOverride = Partial<Omit<ProgramSettings, 'accrual'>> & {
  accrual?: Partial<AccrualSettings>;
};

export interface Rank {
  id: string;
  name: string;
  /** Spend over the rank period (kopecks) from which the rank is held. */
  threshold: number;
  accrualBp: BasisPoints;
  /** 0 = the rank gives no discount. */
  discountBp: BasisPoints;
}

export interface Program {
  settings: ProgramSettings;
  /** Sorted by threshold, strictly increasing. */
  ranks: readonly Rank[];
}

export type Privilege =
  | { type: 'discount_percent'; bp: BasisPoints }
  /** Kopecks off the promotion's target lines, split in proportion to their sums. */
  | { type: 'discount_fixed'; amount: number }
  | { type: 'bonus_percent'; bp: BasisPoints }
  /** Hundredths of a point, split over the target lines in proportion to their sums. */
  | { type: 'bonus_fixed'; points: number }
  /** Multiplies the rank accrual on the target lines; in hundredths: 200 = ×2. */
  | { type: 'multiplier'; factor: number }
  /** `value` (kopecks) is what the gift costs the venue: used in the contest and budgets. */
  | { type: 'gift'; itemId: string; quantity: number; value: number }
  /** Kopecks per unit: the target lines cost at most this. */
  | { type: 'fixed_price'; price: number };

export type PromotionKind = 'regular' | 'registration_bonus';

/** Every condition is optional; an absent or empty one does not restrict. */
export interface PromotionConditions {
  /** POS dictionary ids. With neither items nor categories the promotion is a check promotion. */
  items?: readonly string[];
  categories?: readonly string[];
  /** Over the target lines (the whole check for a check promotion). */
  minSum?: number;
  minQuantity?: number;
  /** Inclusive local dates 'YYYY-MM-DD' in the restaurant's time zone. */
  dateFrom?: string;
  dateTo?: string;
  /** ISO days: 1 = Monday … 7 = Sunday. */
  daysOfWeek?: readonly number[];
  /** Local minutes since midnight, [from, to); from > to spans midnight. */
  hours?: { from: number; to: number };
  restaurants?: readonly string[];
  ranks?: readonly string[];
  birthday?: { daysBefore: number; daysAfter: number };
  promoCode?: string;
}

/** Budgets as data; the DB enforces them. Amounts are cost: discount + points + gift value. */
export interface PromotionBudget {
  total?: number;
  perDay?: number;
  perGuest?: number;
  perGuestUses?: number;
}

export interface Promotion {
  id: string;
  name: string;
  kind: PromotionKind;
  active: boolean;
  conditions: PromotionConditions;
  privileges: readonly Privilege[];
  budget?: PromotionBudget;
  /** Breaks ties in the L4 contest: lower wins; then the id. */
  priority?: number;
}

/** What is left of a promotion's budgets for this guest today; absent = unlimited. */
export interface RemainingBudget {
  amount?: number;
  uses?: number;
}

export interface OrderLine {
  line: number;
  itemId: string;
  name: string;
  categoryId: string;
  basePrice: number;
  price: number;
  /** Thousandths of a unit. */
  quantity: number;
  /** Kopecks the POS charges for the line. */
  amount: number;
  /** Ids of POS (cash-register) promotions or discounts on the line; empty = none. */
  posPromotions: readonly string[];
}

export interface EnteredPromoCode {
  code: string;
  enteredAt: Date;
}

export interface Order {
  restaurantId: string;
  /** IANA zone of the restaurant: hours, days and dates of promotions are local. */
  timeZone: string;
  time: Date;
  lines: readonly OrderLine[];
  promoCodes: readonly EnteredPromoCode[];
}

export interface GuestContext {
  /** The rank held, when known; otherwise it is derived from `spend`. */
  rankId?: string;
  spend?: { current: number; previous: number };
  registeredAt: Date;
  /** The first visit after joining the program: the registration bonus applies. */
  firstVisit: boolean;
  /** 'MM-DD' or 'YYYY-MM-DD'. */
  birthday?: string;
  /** Hundredths of a point available for payment now. */
  bonusBalance: number;
}

export interface Gift {
  promotionId: string;
  itemId: string;
  quantity: number;
}

/** One mechanic's share of a line's effect: the ledger records these. */
export interface EffectPart {
  source: 'rank' | 'promotion';
  id: string;
  discount: number;
  accrual: number;
}

export interface LineEffect {
  line: number;
  discount: number;
  accrual: number;
  /** Kopecks of this line payable with bonuses; sums to the order's maxBonusPayment. */
  bonusPayable: number;
  gifts: readonly Gift[];
  parts: readonly EffectPart[];
}

export interface OrderTotals {
  orderSum: number;
  totalDiscount: number;
  totalAccrual: number;
  /** L2's base: the net sum of lines payable with bonuses. */
  bonusPaymentBase: number;
  maxBonusPayment: number;
  /** Money left to pay when maxBonusPayment is paid with bonuses. */
  minFiscalPayment: number;
}

export type ExplanationOutcome = 'applied' | 'blocked' | 'capped';

export interface ExplanationEntry {
  /**
   * 'L1'…'L12', 'rank' or 'promotion'. L12's switches each have their own rule: 'L12.payment',
   * 'L12.accrual', 'L12.promotions' ('L12' alone is a line's own POS promotion).
   */
  rule: string;
  /** Promotion or rank id, when the entry is about one. */
  ruleId?: string;
  line?: number;
  outcome: ExplanationOutcome;
  /** What blocked or capped it: a rule ('L4', 'L12.promotions', 'budget', 'condition:hours' …). */
  blockedBy?: string;
  text: Message;
}

export interface PromotionSpend {
  promotionId: string;
  discount: number;
  accrual: number;
  giftValue: number;
}

export interface Evaluation {
  rankId: string | null;
  lines: readonly LineEffect[];
  totals: OrderTotals;
  /** Per promotion, what it costs: the DB charges this against the budgets. */
  spend: readonly PromotionSpend[];
  explanation: readonly ExplanationEntry[];
}
