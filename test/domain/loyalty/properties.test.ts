// Properties of the engine over random programs, promotions and orders: the caps hold, the
// result is deterministic, budgets are never planned beyond what remains, and a full refund
// reverses everything the close recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate } from '../../../src/domain/loyalty/evaluate.ts';
import { reverse } from '../../../src/domain/loyalty/refund.ts';
import { closeRecord } from '../../../src/domain/loyalty/settle.ts';
import type {
  OrderLine,
  Privilege,
  Promotion,
  RemainingBudget,
} from '../../../src/domain/loyalty/types.ts';
import { guest, NOW, order, program, RANKS } from './fixtures.ts';

const items = ['item0', 'item1', 'item2', 'item3'];
const categories = ['food', 'bar'];

const privilege: fc.Arbitrary<Privilege> = fc.oneof(
  fc.record({
    type: fc.constant('discount_percent' as const),
    bp: fc.integer({ min: 0, max: 10000 }),
  }),
  fc.record({
    type: fc.constant('discount_fixed' as const),
    amount: fc.integer({ min: 0, max: 50_000 }),
  }),
  fc.record({
    type: fc.constant('bonus_percent' as const),
    bp: fc.integer({ min: 0, max: 10000 }),
  }),
  fc.record({
    type: fc.constant('bonus_fixed' as const),
    points: fc.integer({ min: 0, max: 50_000 }),
  }),
  fc.record({
    type: fc.constant('multiplier' as const),
    factor: fc.integer({ min: 101, max: 1000 }),
  }),
  fc.record({
    type: fc.constant('fixed_price' as const),
    price: fc.integer({ min: 0, max: 20_000 }),
  }),
  fc.record({
    type: fc.constant('gift' as const),
    itemId: fc.constant('gift'),
    quantity: fc.constant(1000),
    value: fc.integer({ min: 0, max: 20_000 }),
  }),
);

const promotion: fc.Arbitrary<Promotion> = fc
  .record({
    id: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5'),
    name: fc.constant('promo'),
    kind: fc.constantFrom('regular' as const, 'regular' as const, 'registration_bonus' as const),
    active: fc.boolean(),
    conditions: fc.record(
      {
        items: fc.subarray(items),
        categories: fc.subarray(categories),
        minSum: fc.integer({ min: 0, max: 30_000 }),
      },
      { requiredKeys: [] },
    ),
    privileges: fc.array(privilege, { minLength: 1, maxLength: 2 }),
    priority: fc.integer({ min: 0, max: 3 }),
  })
  .map((p) =>
    p.kind === 'registration_bonus'
      ? { ...p, privileges: [{ type: 'bonus_percent' as const, bp: 1000 }] }
      : p,
  );

const orderLine = (n: number): fc.Arbitrary<OrderLine> =>
  fc
    .record({
      itemId: fc.constantFrom(...items),
      categoryId: fc.constantFrom(...categories),
      price: fc.integer({ min: 0, max: 100_000 }),
      quantity: fc.integer({ min: 1, max: 5000 }),
      pos: fc.boolean(),
    })
    .map((l) => ({
      line: n,
      itemId: l.itemId,
      name: l.itemId,
      categoryId: l.categoryId,
      basePrice: l.price,
      price: l.price,
      quantity: l.quantity,
      amount: Math.round((l.price * l.quantity) / 1000),
      posPromotions: l.pos ? ['pos'] : [],
    }));

const scenario = fc.record({
  lines: fc
    .integer({ min: 1, max: 6 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => orderLine(i + 1)))),
  promotions: fc.uniqueArray(promotion, { maxLength: 5, selector: (p) => p.id }),
  settings: fc.record({
    enabled: fc.boolean(),
    nonSummation: fc.boolean(),
    itemPromotionBlocksCheckPromotion: fc.boolean(),
    bonusPaymentForBonusPromoLines: fc.boolean(),
    maxBonusPaymentBp: fc.integer({ min: 0, max: 10000 }),
    minFiscalPayment: fc.integer({ min: 0, max: 50_000 }),
    posPromotionNoBonusPayment: fc.boolean(),
    posPromotionNoAccrual: fc.boolean(),
    posPromotionNoPromotions: fc.boolean(),
  }),
  accrual: fc.record({
    rounding: fc.constantFrom('down' as const, 'half_up' as const, 'up' as const),
    roundingUnit: fc.constantFrom(1, 10, 100),
    base: fc.constantFrom('after_discounts' as const, 'before_discounts' as const),
  }),
  rankId: fc.constantFrom('silver', 'gold', undefined),
  firstVisit: fc.boolean(),
  balance: fc.integer({ min: 0, max: 1_000_000 }),
  budgets: fc.dictionary(
    fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5'),
    fc.record({ amount: fc.integer({ min: 0, max: 20_000 }) }, { requiredKeys: [] }),
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function run(s: Scenario) {
  const budgets = new Map<string, RemainingBudget>(Object.entries(s.budgets));
  const p = program({ ...s.settings, accrual: s.accrual }, RANKS);
  const g = guest({ rankId: s.rankId, firstVisit: s.firstVisit, bonusBalance: s.balance });
  const o = order(s.lines);
  return { o, e: evaluate(o, g, p, s.promotions, NOW, budgets), budgets, settings: p.settings };
}

test('total discount never exceeds the order sum, nor a line its own', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const { o, e } = run(s);
      assert.ok(e.totals.totalDiscount <= e.totals.orderSum);
      e.lines.forEach((l, i) =>
        assert.ok(l.discount >= 0 && l.discount <= (o.lines[i]?.amount ?? 0)),
      );
      // L12 whatever its switches: a POS promotion's line neither accrues nor takes payment.
      e.lines.forEach((l, i) => {
        if (o.lines[i]?.posPromotions.length) assert.deepEqual([l.accrual, l.bonusPayable], [0, 0]);
      });
    }),
  );
});

test('each L12 switch holds on its own, whichever others are on', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const { o, e, settings } = run(s);
      if (!o.lines.some((l) => l.posPromotions.length > 0)) return;
      if (settings.posPromotionNoBonusPayment) assert.equal(e.totals.maxBonusPayment, 0);
      if (settings.posPromotionNoAccrual) assert.equal(e.totals.totalAccrual, 0);
      if (settings.posPromotionNoPromotions) {
        assert.ok(e.lines.every((l) => l.parts.every((p) => p.source !== 'promotion')));
      }
    }),
  );
});

test('bonus payment stays within L2, leaves L3 in fiscal money, and fits the balance', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const { o, e, settings } = run(s);
      const net = e.totals.orderSum - e.totals.totalDiscount;
      assert.ok(e.totals.bonusPaymentBase <= net);
      assert.ok(
        e.totals.maxBonusPayment * 10000 <= e.totals.bonusPaymentBase * settings.maxBonusPaymentBp,
      );
      assert.ok(net - e.totals.maxBonusPayment >= Math.min(net, settings.minFiscalPayment));
      assert.ok(e.totals.maxBonusPayment <= s.balance);
      assert.equal(
        e.lines.reduce((sum, l) => sum + l.bonusPayable, 0),
        e.totals.maxBonusPayment,
      );
      e.lines.forEach((l, i) =>
        assert.ok(l.bonusPayable <= (o.lines[i]?.amount ?? 0) - l.discount),
      );
    }),
  );
});

test('evaluation is deterministic, explanation included', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const a = run(s).e;
      const b = run(s).e;
      assert.deepEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
    }),
  );
});

test('budgets are never planned beyond what remains', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const { e, budgets } = run(s);
      for (const spend of e.spend) {
        const left = budgets.get(spend.promotionId)?.amount;
        if (left !== undefined)
          assert.ok(
            spend.discount + spend.accrual + spend.giftValue <= left,
            JSON.stringify(spend),
          );
      }
    }),
  );
});

test('a full refund, in one go or line by line in parts, reverses every accrual and every bonus paid', () => {
  fc.assert(
    fc.property(scenario, fc.integer({ min: 0, max: 100 }), (s, paidPercent) => {
      const { o, e } = run(s);
      const paid = Math.floor((e.totals.maxBonusPayment * paidPercent) / 100);
      const closed = closeRecord(o, e, paid);
      const all = closed.map((c) => ({ line: c.line, quantity: c.quantity }));
      const once = reverse(closed, [], all);
      assert.equal(
        once.reduce((x, r) => x + r.accrual, 0),
        e.totals.totalAccrual,
      );
      assert.equal(
        once.reduce((x, r) => x + r.bonusPaid, 0),
        paid,
      );
      const half = closed.map((c) => ({ line: c.line, quantity: Math.floor(c.quantity / 2) }));
      const rest = closed.map((c, i) => ({
        line: c.line,
        quantity: c.quantity - (half[i]?.quantity ?? 0),
      }));
      const parts = [...reverse(closed, [], half), ...reverse(closed, half, rest)];
      assert.equal(
        parts.reduce((x, r) => x + r.accrual, 0),
        e.totals.totalAccrual,
      );
      assert.equal(
        parts.reduce((x, r) => x + r.bonusPaid, 0),
        paid,
      );
      assert.ok(parts.every((r) => r.accrual >= 0 && r.bonusPaid >= 0));
    }),
  );
});
