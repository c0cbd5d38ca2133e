// What the loyalty-program routes answer (seed 003): the settings as they act, the footer,
// restaurant overrides, ranks, promotions with their budgets' usage, codes, security events.
import { Type, type Static, type TSchema } from 'typebox';
import { Instant, ListOf, Nullable } from '../answers.ts';

const Int = Type.Integer;
// The engine's lists are read-only; the answer's type says so, or the handlers would not fit.
const ReadonlyArray = <T extends TSchema>(item: T, description?: string) =>
  Type.Unsafe<readonly Static<T>[]>(Type.Array(item, description ? { description } : {}));
const Ids = ReadonlyArray(Type.String());
const Bp = (description: string) => Int({ description: `${description}; 10000 = 100 %` });

const Accrual = Type.Object({
  base: Type.Union([Type.Literal('after_discounts'), Type.Literal('before_discounts')]),
  rounding: Type.Union([Type.Literal('down'), Type.Literal('half_up'), Type.Literal('up')]),
  roundingUnit: Int({ description: 'Hundredths of a point: 100 rounds to whole points' }),
  pendingDays: Int(),
  expiryDays: Nullable(Int({ description: 'null: points never expire' })),
  excludedItems: Ids,
  excludedCategories: Ids,
  paymentExcludedItems: Ids,
  paymentExcludedCategories: Ids,
});

const RankPeriod = Type.Union([
  Type.Object({ kind: Type.Literal('all_time') }),
  Type.Object({ kind: Type.Literal('months'), months: Int() }),
]);

/** Every setting of the program, as it acts (defaults filled in). */
const ProgramSettings = Type.Object({
  enabled: Type.Boolean({ description: 'L1' }),
  maxBonusPaymentBp: Bp('L2'),
  minFiscalPayment: Int({ description: 'L3, kopecks' }),
  nonSummation: Type.Boolean({ description: 'L4' }),
  itemPromotionBlocksCheckPromotion: Type.Boolean({ description: 'L5' }),
  bonusPaymentForBonusPromoLines: Type.Boolean({ description: 'L6' }),
  changeToBonusWallet: Type.Boolean({ description: 'L7' }),
  cashierPhoneAuth: Type.Boolean({ description: 'L8' }),
  emailReceipt: Type.Boolean({ description: 'L9' }),
  posPromotionNoBonusPayment: Type.Boolean({ description: 'L12' }),
  posPromotionNoAccrual: Type.Boolean({ description: 'L12' }),
  posPromotionNoPromotions: Type.Boolean({ description: 'L12' }),
  promoCodeLifetimeMinutes: Int({ description: 'L14' }),
  accrual: Accrual,
  rankPeriod: RankPeriod,
});

/** A restaurant's override: only the settings it changes. */
const SettingsOverride = Type.Object({
  ...Type.Partial(Type.Omit(ProgramSettings, ['accrual'])).properties,
  accrual: Type.Optional(Type.Partial(Accrual)),
});

const Footer = Type.Object(
  {
    width: Int({ description: 'Characters per printed line' }),
    maxLength: Int(),
    language: Type.Union([Type.Literal('ru'), Type.Literal('en')]),
    text: Type.Optional(Type.String({ description: "The venue's own text, printed first" })),
    showBalance: Type.Boolean(),
    showRank: Type.Boolean(),
    showToNextRank: Type.Boolean(),
    showPaymentCode: Type.Boolean(),
  },
  { description: 'L15: the receipt footer' },
);

export const RestaurantOverride = Type.Object({
  restaurant_id: Int(),
  settings: Nullable(SettingsOverride),
});

export const ProgramAnswer = Type.Object({
  settings: ProgramSettings,
  footer: Footer,
  version: Int({ description: 'Grows with every change of the program' }),
  restaurant_overrides: Type.Array(
    Type.Object({ restaurant_id: Int(), settings: SettingsOverride }),
  ),
});

export const Rank = Type.Object({
  id: Type.String(),
  name: Type.String(),
  threshold: Int({ description: 'Spend over the rank period, kopecks' }),
  accrualBp: Bp('Accrual'),
  discountBp: Bp('Discount; 0: none'),
});

export const Ranks = ListOf(Rank);

const Privilege = Type.Union([
  Type.Object({ type: Type.Literal('discount_percent'), bp: Int() }),
  Type.Object({ type: Type.Literal('discount_fixed'), amount: Int() }),
  Type.Object({ type: Type.Literal('bonus_percent'), bp: Int() }),
  Type.Object({ type: Type.Literal('bonus_fixed'), points: Int() }),
  Type.Object({ type: Type.Literal('multiplier'), factor: Int() }),
  Type.Object({
    type: Type.Literal('gift'),
    itemId: Type.String(),
    quantity: Int(),
    value: Int(),
  }),
  Type.Object({ type: Type.Literal('fixed_price'), price: Int() }),
]);

const opt = Type.Optional;
const Conditions = Type.Object({
  items: opt(Ids),
  categories: opt(Ids),
  minSum: opt(Int()),
  minQuantity: opt(Int()),
  dateFrom: opt(Type.String({ description: 'YYYY-MM-DD, local' })),
  dateTo: opt(Type.String({ description: 'YYYY-MM-DD, local' })),
  daysOfWeek: opt(ReadonlyArray(Int(), '1 = Monday … 7 = Sunday')),
  hours: opt(Type.Object({ from: Int(), to: Int() }, { description: 'Local minutes [from, to)' })),
  restaurants: opt(Ids),
  ranks: opt(Ids),
  birthday: opt(Type.Object({ daysBefore: Int(), daysAfter: Int() })),
  promoCode: opt(Type.String()),
});

export const Promotion = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('regular'), Type.Literal('registration_bonus')]),
  active: Type.Boolean(),
  conditions: Conditions,
  privileges: ReadonlyArray(Privilege),
  budget: opt(
    Type.Object({
      total: opt(Int()),
      perDay: opt(Int()),
      perGuest: opt(Int()),
      perGuestUses: opt(Int()),
    }),
  ),
  priority: opt(Int({ description: 'Breaks ties in the L4 contest: lower wins' })),
});

export const PromotionWithUsage = Type.Object({
  ...Promotion.properties,
  usage: Nullable(
    Type.Object({
      total: Int({ description: 'Spent from the total budget, kopecks' }),
      last_day: Nullable(Type.Object({ day: Type.String(), used: Int() })),
      guests: Int(),
      guest_uses: Int(),
    }),
  ),
});

export const Promotions = ListOf(PromotionWithUsage);

export const Deleted = Type.Object({ status: Type.Literal('deleted') });

export const PromoCodes = ListOf(
  Type.Object({ code: Type.String(), promotion_id: Type.String(), active: Type.Boolean() }),
);

export const EnteredPromoCode = Type.Object({
  guest_id: Int(),
  code: Type.String({ description: 'As the promotion spells it' }),
  entered_at: Instant,
});

export const PaymentCode = Type.Object({
  guest_id: Int(),
  code: Type.String(),
  issued_at: Instant,
  expires_at: Instant,
});

export const SecurityEvents = ListOf(
  Type.Object({
    org_id: Int(),
    id: Int(),
    at: Instant,
    type: Type.String(),
    restaurant_id: Nullable(Int()),
    terminal_id: Nullable(Int()),
    scope: Nullable(Type.String()),
    failures: Int(),
    locked_until: Nullable(Instant),
    message_ru: Type.String(),
    message_en: Type.String(),
  }),
);
