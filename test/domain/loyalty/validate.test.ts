// Bad input is rejected with a stable code, the field, and words in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../../src/domain/errors.ts';
import { DEFAULT_SETTINGS, mergeSettings } from '../../../src/domain/loyalty/settings.ts';
import {
  throwIfInvalid,
  validatePromotion,
  validateRanks,
  validateSettings,
  validateTimeZone,
} from '../../../src/domain/loyalty/validate.ts';
import { evaluate } from '../../../src/domain/loyalty/evaluate.ts';
import { guest, line, NOW, order, program, promo, RANKS } from './fixtures.ts';

const ids = {
  items: new Set(['item1', 'gift']),
  categories: new Set(['food']),
  restaurants: new Set(['r1']),
};
const codes = (errors: DomainError[]) => errors.map((e) => e.code);

test('valid defaults, ranks and promotions pass', () => {
  assert.deepEqual(validateSettings(DEFAULT_SETTINGS, ids), []);
  assert.deepEqual(validateRanks(RANKS), []);
  assert.deepEqual(
    validatePromotion(
      promo('p', [{ type: 'discount_percent', bp: 1000 }], { items: ['item1'] }),
      ids,
      RANKS,
    ),
    [],
  );
});

const badSettings: [string, Parameters<typeof mergeSettings>[1], string][] = [
  ['percent over 100', { maxBonusPaymentBp: 10001 }, 'loyalty.percent_out_of_range'],
  ['negative percent', { maxBonusPaymentBp: -1 }, 'loyalty.percent_out_of_range'],
  ['negative fiscal minimum', { minFiscalPayment: -100 }, 'loyalty.amount_out_of_range'],
  [
    'L5 without L4',
    { itemPromotionBlocksCheckPromotion: true, nonSummation: false },
    'loyalty.l5_requires_l4',
  ],
  ['rounding unit 0', { accrual: { roundingUnit: 0 } }, 'loyalty.rounding_unit'],
  ['unknown excluded item', { accrual: { excludedItems: ['ghost'] } }, 'loyalty.unknown_item'],
  [
    'unknown payment-excluded category',
    { accrual: { paymentExcludedCategories: ['ghost'] } },
    'loyalty.unknown_category',
  ],
  ['promo code lifetime 0', { promoCodeLifetimeMinutes: 0 }, 'loyalty.promo_code_lifetime'],
  ['expiry 0 days', { accrual: { expiryDays: 0 } }, 'loyalty.expiry_days'],
];
for (const [name, override, code] of badSettings) {
  test(`settings: ${name} → ${code}`, () => {
    const errors = validateSettings(mergeSettings(DEFAULT_SETTINGS, override), ids);
    assert.deepEqual(codes(errors), [code]);
    const e = errors[0] as DomainError;
    assert.equal(e.kind, 'validation');
    assert.ok(e.messageRu.length > 0 && e.message.length > 0);
    assert.ok(typeof e.details?.field === 'string');
  });
}

test('ranks: unsorted, overlapping, duplicate names and bad percents are each explained', () => {
  const base = RANKS[0] as (typeof RANKS)[number];
  assert.deepEqual(
    codes(
      validateRanks([
        { ...base, threshold: 100 },
        { ...base, id: 'b', name: 'B', threshold: 50 },
      ]),
    ),
    ['loyalty.rank.unsorted'],
  );
  assert.deepEqual(codes(validateRanks([base, { ...base, id: 'b', name: 'B' }])), [
    'loyalty.rank.overlap',
  ]);
  assert.deepEqual(
    codes(validateRanks([base, { ...base, id: 'b', name: 'серебро', threshold: 10 }])),
    ['loyalty.rank.duplicate_name'],
  );
  assert.deepEqual(codes(validateRanks([{ ...base, accrualBp: 20000, discountBp: -5 }])), [
    'loyalty.percent_out_of_range',
    'loyalty.percent_out_of_range',
  ]);
});

const badPromotions: [string, ReturnType<typeof promo>, string][] = [
  ['no privilege', promo('p', []), 'loyalty.promotion.no_privilege'],
  [
    'discount over 100 %',
    promo('p', [{ type: 'discount_percent', bp: 12000 }]),
    'loyalty.percent_out_of_range',
  ],
  [
    'unknown item',
    promo('p', [{ type: 'discount_percent', bp: 100 }], { items: ['ghost'] }),
    'loyalty.unknown_item',
  ],
  [
    'unknown category',
    promo('p', [{ type: 'discount_percent', bp: 100 }], { categories: ['ghost'] }),
    'loyalty.unknown_category',
  ],
  [
    'unknown restaurant',
    promo('p', [{ type: 'discount_percent', bp: 100 }], { restaurants: ['r9'] }),
    'loyalty.unknown_restaurant',
  ],
  [
    'unknown rank',
    promo('p', [{ type: 'discount_percent', bp: 100 }], { ranks: ['platinum'] }),
    'loyalty.unknown_rank',
  ],
  [
    'empty date range',
    promo('p', [{ type: 'discount_percent', bp: 100 }], {
      dateFrom: '2025-06-10',
      dateTo: '2025-06-01',
    }),
    'loyalty.promotion.empty_date_range',
  ],
  [
    'bad date',
    promo('p', [{ type: 'discount_percent', bp: 100 }], { dateFrom: '2025-02-30' }),
    'loyalty.promotion.bad_date',
  ],
  [
    'day 8',
    promo('p', [{ type: 'discount_percent', bp: 100 }], { daysOfWeek: [8] }),
    'loyalty.promotion.bad_day',
  ],
  [
    'hours from = to',
    promo('p', [{ type: 'discount_percent', bp: 100 }], { hours: { from: 600, to: 600 } }),
    'loyalty.promotion.bad_hours',
  ],
  ['multiplier ×1', promo('p', [{ type: 'multiplier', factor: 100 }]), 'loyalty.multiplier'],
  [
    'gift of nothing',
    promo('p', [{ type: 'gift', itemId: 'gift', quantity: 0, value: 0 }]),
    'loyalty.gift_quantity',
  ],
  [
    'registration discount',
    promo('p', [{ type: 'discount_percent', bp: 100 }], {}, { kind: 'registration_bonus' }),
    'loyalty.promotion.registration_privilege',
  ],
  [
    'negative budget',
    promo('p', [{ type: 'bonus_fixed', points: 100 }], {}, { budget: { perDay: -1 } }),
    'loyalty.amount_out_of_range',
  ],
];
for (const [name, p, code] of badPromotions) {
  test(`promotion: ${name} → ${code}`, () =>
    assert.deepEqual(codes(validatePromotion(p, ids, RANKS)), [code]));
}

test('throwIfInvalid throws the first problem and carries them all', () => {
  const errors = validatePromotion(promo('p', [], { daysOfWeek: [0] }), ids);
  assert.throws(
    () => throwIfInvalid(errors),
    (e: unknown) =>
      e instanceof DomainError &&
      e.code === 'loyalty.promotion.no_privilege' &&
      (e.details?.problems as unknown[]).length === 2,
  );
  assert.doesNotThrow(() => throwIfInvalid([]));
});

test('an unknown time zone is a validation error', () => {
  assert.deepEqual(codes(validateTimeZone('Mars/Olympus')), ['loyalty.time_zone']);
  assert.deepEqual(validateTimeZone('Asia/Yekaterinburg'), []);
});

test('evaluate rejects negative or fractional money', () => {
  assert.throws(() => evaluate(order([line(1, { amount: -1 })]), guest(), program(), [], NOW), {
    code: 'loyalty.order.bad_line',
  });
  assert.throws(() => evaluate(order([line(1, { amount: 10.5 })]), guest(), program(), [], NOW), {
    code: 'loyalty.order.bad_line',
  });
});
