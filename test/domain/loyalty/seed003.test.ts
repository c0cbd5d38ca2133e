// Seed 003, setting by setting, both states of every switch, each with the worked example that
// docs/loyalty.md repeats. Lines are 100 ₽ (10000 kopecks); the guest holds "Серебро" (5 %
// accrual) and 1000 points unless a case says otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../../src/domain/loyalty/evaluate.ts';
import { mergeSettings, DEFAULT_SETTINGS } from '../../../src/domain/loyalty/settings.ts';
import type {
  Evaluation,
  GuestContext,
  Order,
  Program,
  Promotion,
  SettingsOverride,
} from '../../../src/domain/loyalty/types.ts';
import { guest, line, NOW, order, program, promo } from './fixtures.ts';

interface Case {
  setting: string;
  example: string;
  settings: SettingsOverride;
  promotions?: Promotion[];
  order?: Order;
  guest?: GuestContext;
  program?: Program;
  check: (e: Evaluation) => void;
}

const twoLines = order([line(1), line(2)]);
const tenOff = promo('ten', [{ type: 'discount_percent', bp: 1000 }], { items: ['item1'] });
const checkFifteen = promo('check15', [{ type: 'discount_percent', bp: 1500 }]);
const registration = promo(
  'welcome',
  [{ type: 'bonus_percent', bp: 1000 }],
  {},
  { kind: 'registration_bonus' },
);
const byLine = (e: Evaluation, n: number) =>
  e.lines.find((l) => l.line === n) ?? assert.fail(`no line ${n}`);

const cases: Case[] = [
  {
    setting: 'L1 on',
    example: 'a 10 % promotion on line 1 and the 5 % rank on line 2 both work',
    settings: { enabled: true },
    promotions: [tenOff],
    check: (e) => {
      assert.equal(byLine(e, 1).discount, 1000);
      assert.equal(byLine(e, 2).accrual, 500);
    },
  },
  {
    setting: 'L1 off',
    example: 'the same order gets nothing: no discount, no accrual; the explanation says L1',
    settings: { enabled: false },
    promotions: [tenOff],
    check: (e) => {
      assert.equal(e.totals.totalDiscount, 0);
      assert.equal(e.totals.totalAccrual, 0);
      assert.ok(e.explanation.some((x) => x.rule === 'L1' && x.outcome === 'blocked'));
    },
  },
  {
    setting: 'L2 50 %',
    example: '200 ₽, no promotions: at most 100 ₽ in points',
    settings: { maxBonusPaymentBp: 5000 },
    check: (e) => assert.equal(e.totals.maxBonusPayment, 10_000),
  },
  {
    setting: 'L2 50 % with a promo line',
    example: 'line 1 took a 10 % promotion, so only line 2 (100 ₽) is the base: at most 50 ₽',
    settings: { maxBonusPaymentBp: 5000 },
    promotions: [tenOff],
    check: (e) => {
      assert.equal(e.totals.maxBonusPayment, 5000);
      assert.equal(byLine(e, 1).bonusPayable, 0);
    },
  },
  {
    setting: 'L2 100 %',
    example: '200 ₽ payable entirely in points',
    settings: { maxBonusPaymentBp: 10000 },
    check: (e) => assert.equal(e.totals.maxBonusPayment, 20_000),
  },
  {
    setting: 'L3 10 ₽',
    example: '200 ₽ with L2 at 100 %: 190 ₽ in points, 10 ₽ fiscal',
    settings: { minFiscalPayment: 1000 },
    check: (e) => {
      assert.equal(e.totals.maxBonusPayment, 19_000);
      assert.equal(e.totals.minFiscalPayment, 1000);
    },
  },
  {
    setting: 'L3 0',
    example: 'the whole 200 ₽ in points, nothing fiscal',
    settings: { minFiscalPayment: 0 },
    check: (e) => assert.equal(e.totals.minFiscalPayment, 0),
  },
  {
    setting: 'L4 off',
    example: 'line 1: 10 % promotion and no rank accrual (promo line); line 2: rank 5 ₽',
    settings: { nonSummation: false },
    promotions: [tenOff],
    check: (e) => {
      assert.deepEqual([byLine(e, 1).discount, byLine(e, 1).accrual], [1000, 0]);
      assert.equal(byLine(e, 2).accrual, 500);
    },
  },
  {
    setting: 'L4 off, promotions sum',
    example: '10 % and 15 % on line 1 both fire: 25 ₽ off',
    settings: { nonSummation: false },
    promotions: [tenOff, checkFifteen],
    check: (e) => assert.equal(byLine(e, 1).discount, 2500),
  },
  {
    setting: 'L4 off, discount ≤ sum',
    example: 'two 60 % promotions on a 100 ₽ line: 100 ₽ off, not 120 ₽',
    settings: { nonSummation: false },
    promotions: [
      promo('a', [{ type: 'discount_percent', bp: 6000 }]),
      promo('b', [{ type: 'discount_percent', bp: 6000 }]),
    ],
    order: order([line(1)]),
    check: (e) => assert.equal(e.totals.totalDiscount, 10_000),
  },
  {
    setting: 'L4 on',
    example: 'a line with a 10 % promotion and the 5 % rank accrual gets only the promotion',
    settings: { nonSummation: true },
    promotions: [tenOff],
    check: (e) => {
      assert.deepEqual(
        byLine(e, 1).parts.map((p) => p.id),
        ['ten'],
      );
      assert.deepEqual([byLine(e, 1).discount, byLine(e, 1).accrual], [1000, 0]);
      assert.ok(
        e.explanation.some((x) => x.rule === 'rank' && x.line === 1 && x.blockedBy === 'L4'),
      );
    },
  },
  {
    setting: 'L4 on, best privilege wins',
    example: '10 % and 15 % on line 1: only 15 ₽ off',
    settings: { nonSummation: true },
    promotions: [tenOff, checkFifteen],
    check: (e) => assert.equal(byLine(e, 1).discount, 1500),
  },
  {
    setting: 'L4 on, registration bonus',
    example: 'first visit: the 10 % registration bonus accrues on every line, the promo line too',
    settings: { nonSummation: true },
    promotions: [tenOff, registration],
    guest: guest({ firstVisit: true }),
    check: (e) => {
      assert.equal(byLine(e, 1).discount, 1000);
      assert.equal(byLine(e, 1).accrual, 900); // 10 % of 90 ₽
      assert.equal(byLine(e, 2).accrual, 1500); // rank 5 ₽ + registration 10 ₽
    },
  },
  {
    setting: 'L4 on, registration bonus later',
    example: 'not the first visit: no registration bonus',
    settings: { nonSummation: true },
    promotions: [registration],
    check: (e) => assert.equal(e.totals.totalAccrual, 1000),
  },
  {
    setting: 'L5 on',
    example: 'an item 10 % promotion on line 1 blocks the 15 % check promotion on every line',
    settings: { nonSummation: true, itemPromotionBlocksCheckPromotion: true },
    promotions: [tenOff, checkFifteen],
    check: (e) => {
      assert.equal(byLine(e, 1).discount, 1000);
      assert.deepEqual([byLine(e, 2).discount, byLine(e, 2).accrual], [0, 500]);
      assert.ok(e.explanation.some((x) => x.ruleId === 'check15' && x.blockedBy === 'L5'));
    },
  },
  {
    setting: 'L5 off',
    example: 'the 15 % check promotion wins both lines',
    settings: { nonSummation: true, itemPromotionBlocksCheckPromotion: false },
    promotions: [tenOff, checkFifteen],
    check: (e) =>
      assert.deepEqual(
        e.lines.map((l) => l.discount),
        [1500, 1500],
      ),
  },
  {
    setting: 'L6 off',
    example: 'line 1 bonus promotion, line 2 discount promotion, line 3 plain: only line 3 payable',
    settings: { bonusPaymentForBonusPromoLines: false },
    order: order([line(1), line(2), line(3)]),
    promotions: [
      promo('pts', [{ type: 'bonus_percent', bp: 1000 }], { items: ['item1'] }),
      promo('off', [{ type: 'discount_percent', bp: 1000 }], { items: ['item2'] }),
    ],
    check: (e) =>
      assert.deepEqual(
        e.lines.map((l) => l.bonusPayable),
        [0, 0, 10_000],
      ),
  },
  {
    setting: 'L6 on',
    example: 'the same order: lines 1 and 3 payable, line 2 still not',
    settings: { bonusPaymentForBonusPromoLines: true },
    order: order([line(1), line(2), line(3)]),
    promotions: [
      promo('pts', [{ type: 'bonus_percent', bp: 1000 }], { items: ['item1'] }),
      promo('off', [{ type: 'discount_percent', bp: 1000 }], { items: ['item2'] }),
    ],
    check: (e) =>
      assert.deepEqual(
        e.lines.map((l) => l.bonusPayable),
        [10_000, 0, 10_000],
      ),
  },
  {
    setting: 'L10 ranks',
    example: 'a gold guest (10 % accrual, 5 % discount): 5 ₽ off and 9.50 points on a 100 ₽ line',
    settings: {},
    order: order([line(1)]),
    guest: guest({ rankId: undefined, spend: { current: 6_000_000, previous: 0 } }),
    check: (e) => {
      assert.equal(e.rankId, 'gold');
      assert.deepEqual([e.lines[0]?.discount, e.lines[0]?.accrual], [500, 950]);
    },
  },
  {
    setting: 'L11 base after discounts',
    example: 'gold on 100 ₽: 9.50 points (10 % of 95 ₽)',
    settings: { accrual: { base: 'after_discounts' } },
    order: order([line(1)]),
    guest: guest({ rankId: 'gold' }),
    check: (e) => assert.equal(e.totals.totalAccrual, 950),
  },
  {
    setting: 'L11 base before discounts',
    example: 'gold on 100 ₽: 10 points (10 % of 100 ₽)',
    settings: { accrual: { base: 'before_discounts' } },
    order: order([line(1)]),
    guest: guest({ rankId: 'gold' }),
    check: (e) => assert.equal(e.totals.totalAccrual, 1000),
  },
  {
    setting: 'L11 rounding down to whole points',
    example: '5 % of 3 × 33.33 ₽ = 4.9995 points → 4 points, split over the lines',
    settings: { accrual: { rounding: 'down', roundingUnit: 100 } },
    order: order([1, 2, 3].map((n) => line(n, { amount: 3333, price: 3333, basePrice: 3333 }))),
    check: (e) => {
      assert.equal(e.totals.totalAccrual, 400);
      assert.equal(
        e.lines.reduce((s, l) => s + l.accrual, 0),
        400,
      );
    },
  },
  {
    setting: 'L11 rounding up to whole points',
    example: 'the same order → 5 points',
    settings: { accrual: { rounding: 'up', roundingUnit: 100 } },
    order: order([1, 2, 3].map((n) => line(n, { amount: 3333, price: 3333, basePrice: 3333 }))),
    check: (e) => assert.equal(e.totals.totalAccrual, 500),
  },
  {
    setting: 'L11 exclusions',
    example: 'tobacco accrues nothing and alcohol is not payable with points',
    settings: {
      accrual: { excludedCategories: ['tobacco'], paymentExcludedCategories: ['alcohol'] },
    },
    order: order([line(1, { categoryId: 'tobacco' }), line(2, { categoryId: 'alcohol' })]),
    check: (e) => {
      assert.deepEqual(
        e.lines.map((l) => l.accrual),
        [0, 500],
      );
      assert.deepEqual(
        e.lines.map((l) => l.bonusPayable),
        [10_000, 0],
      );
    },
  },
];

// L12: line 1 has a POS promotion, line 2 is plain, line 3 has Kopilka's 10 % promotion.
const posOrder = order([line(1, { posPromotions: ['happy-hour'] }), line(2), line(3)]);
const itemThree = promo('three', [{ type: 'discount_percent', bp: 1000 }], { items: ['item3'] });
cases.push(
  {
    setting: 'L12 all switches off (default)',
    example: 'line 1 neither accrues nor is payable; lines 2 and 3 work; Kopilka promotion fires',
    settings: {},
    order: posOrder,
    promotions: [itemThree],
    check: (e) => {
      assert.deepEqual(
        e.lines.map((l) => l.accrual),
        [0, 500, 0],
      );
      assert.deepEqual(
        e.lines.map((l) => l.bonusPayable),
        [0, 10_000, 0],
      );
      assert.equal(byLine(e, 3).discount, 1000);
    },
  },
  {
    setting: 'L12 no bonus payment',
    example: 'nothing in the order is payable with points; line 2 still accrues',
    settings: { posPromotionNoBonusPayment: true },
    order: posOrder,
    promotions: [itemThree],
    check: (e) => {
      assert.equal(e.totals.maxBonusPayment, 0);
      assert.equal(byLine(e, 2).accrual, 500);
      assert.equal(byLine(e, 3).discount, 1000);
      const order = e.explanation.filter((x) => x.rule === 'L12.payment' && x.line === undefined);
      assert.equal(order.length, 1);
      assert.match(order[0]?.text.ru ?? '', /позиции 1: ни одну позицию заказа нельзя оплатить/);
      assert.ok(e.explanation.some((x) => x.rule === 'L12.payment' && x.line === 2));
    },
  },
  {
    setting: 'L12 no accrual',
    example: 'no line accrues; line 2 is still payable',
    settings: { posPromotionNoAccrual: true },
    order: posOrder,
    promotions: [itemThree],
    check: (e) => {
      assert.equal(e.totals.totalAccrual, 0);
      assert.equal(e.totals.maxBonusPayment, 10_000);
      assert.ok(e.explanation.some((x) => x.rule === 'L12.accrual' && x.line === undefined));
      assert.ok(!e.explanation.some((x) => x.rule === 'L12.payment'));
    },
  },
  {
    setting: 'L12 no Kopilka promotions',
    example: 'the 10 % promotion does not fire; lines 2 and 3 take the rank and are payable',
    settings: { posPromotionNoPromotions: true },
    order: posOrder,
    promotions: [itemThree],
    check: (e) => {
      assert.equal(e.totals.totalDiscount, 0);
      assert.deepEqual(
        e.lines.map((l) => l.accrual),
        [0, 500, 500],
      );
      assert.equal(e.totals.maxBonusPayment, 20_000);
      assert.ok(
        e.explanation.some((x) => x.ruleId === 'three' && x.blockedBy === 'L12.promotions'),
      );
    },
  },
  {
    setting: 'L12 switches together',
    example: 'no payment, no accrual and no promotions at once, each explained',
    settings: {
      posPromotionNoBonusPayment: true,
      posPromotionNoAccrual: true,
      posPromotionNoPromotions: true,
    },
    order: posOrder,
    promotions: [itemThree],
    check: (e) => {
      assert.equal(e.totals.maxBonusPayment, 0);
      assert.equal(e.totals.totalAccrual, 0);
      assert.equal(e.totals.totalDiscount, 0);
      for (const rule of ['L12.payment', 'L12.accrual'])
        assert.ok(
          e.explanation.some((x) => x.rule === rule && x.line === undefined),
          rule,
        );
      assert.ok(e.explanation.some((x) => x.blockedBy === 'L12.promotions'));
    },
  },
  {
    setting: 'L12 two of three switches',
    example: 'no payment and no accrual, Kopilka promotions still fire',
    settings: { posPromotionNoBonusPayment: true, posPromotionNoAccrual: true },
    order: posOrder,
    promotions: [itemThree],
    check: (e) => {
      assert.deepEqual(
        [e.totals.maxBonusPayment, e.totals.totalAccrual, byLine(e, 3).discount],
        [0, 0, 1000],
      );
    },
  },
  {
    setting: 'L12 without POS promotions',
    example: 'with no POS promotion in the order the switches change nothing',
    settings: {
      posPromotionNoBonusPayment: true,
      posPromotionNoAccrual: true,
      posPromotionNoPromotions: true,
    },
    promotions: [itemThree],
    order: order([line(1), line(2), line(3)]),
    check: (e) => assert.equal(byLine(e, 3).discount, 1000),
  },
);

for (const c of cases) {
  test(`seed 003 ${c.setting}: ${c.example}`, () => {
    const p = c.program ?? program(c.settings);
    c.check(evaluate(c.order ?? twoLines, c.guest ?? guest(), p, c.promotions ?? [], NOW));
  });
}

// L7, L8 and L9 are read by the POS use cases, not by the engine; what the engine's module
// owns is that they are settings a restaurant can override. "Single active card" is the
// organization's card rule, not a program setting (test/http/single-active-card.test.ts).
for (const key of ['changeToBonusWallet', 'cashierPhoneAuth', 'emailReceipt'] as const) {
  for (const state of [true, false]) {
    test(`seed 003 ${key} ${state ? 'on' : 'off'}: a restaurant override wins over the organization`, () => {
      const org = { ...DEFAULT_SETTINGS, [key]: !state };
      assert.equal(mergeSettings(org, { [key]: state })[key], state);
      assert.equal(mergeSettings(org, {})[key], !state);
    });
  }
}
