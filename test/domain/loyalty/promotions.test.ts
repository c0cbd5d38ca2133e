// L13 conditions and privileges, one worked example each, on Wednesday 11 June 2025 at 15:00
// Moscow time, and the steps of the engine called alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from '../../../src/domain/loyalty/evaluate.ts';
import { candidates } from '../../../src/domain/loyalty/candidates.ts';
import { compilePromotions } from '../../../src/domain/loyalty/compile.ts';
import { contest } from '../../../src/domain/loyalty/contest.ts';
import { eligibility } from '../../../src/domain/loyalty/eligibility.ts';
import { localTime } from '../../../src/domain/loyalty/local-time.ts';
import type { Privilege, PromotionConditions } from '../../../src/domain/loyalty/types.ts';
import { guest, line, NOW, order, program, promo } from './fixtures.ts';

const tenOff: Privilege = { type: 'discount_percent', bp: 1000 };
const fires = (conditions: PromotionConditions, o = order([line(1)]), g = guest()): boolean =>
  evaluate(o, g, program(), [promo('p', [tenOff], conditions)], NOW).totals.totalDiscount > 0;

test('local time comes from the IANA zone', () => {
  assert.deepEqual(localTime(NOW, 'Europe/Moscow'), {
    year: 2025,
    month: 6,
    day: 11,
    date: '2025-06-11',
    dayOfWeek: 3,
    minutes: 900,
  });
  assert.equal(localTime(NOW, 'Asia/Vladivostok').minutes, 22 * 60);
});

const conditionCases: [string, PromotionConditions, boolean][] = [
  ['hours 12:00–16:00 at 15:00', { hours: { from: 720, to: 960 } }, true],
  ['hours 16:00–18:00 at 15:00', { hours: { from: 960, to: 1080 } }, false],
  ['hours across midnight 22:00–02:00', { hours: { from: 1320, to: 120 } }, false],
  ['Wednesday', { daysOfWeek: [3] }, true],
  ['weekends', { daysOfWeek: [6, 7] }, false],
  ['June', { dateFrom: '2025-06-01', dateTo: '2025-06-30' }, true],
  ['ended yesterday', { dateTo: '2025-06-10' }, false],
  ['this restaurant', { restaurants: ['r1'] }, true],
  ['another restaurant', { restaurants: ['r2'] }, false],
  ['silver rank', { ranks: ['silver'] }, true],
  ['gold rank', { ranks: ['gold'] }, false],
  ['minimum 100 ₽', { minSum: 10_000 }, true],
  ['minimum 100.01 ₽', { minSum: 10_001 }, false],
  ['minimum 2 units', { minQuantity: 2000 }, false],
  ['the item', { items: ['item1'] }, true],
  ['another category', { categories: ['bar'] }, false],
];
for (const [name, conditions, expected] of conditionCases) {
  test(`L13 condition ${name}: ${expected ? 'fires' : 'does not fire'}`, () =>
    assert.equal(fires(conditions), expected));
}

test('L13 birthday window: 3 days before to 3 after, across the new year too', () => {
  assert.equal(
    fires({ birthday: { daysBefore: 3, daysAfter: 3 } }, undefined, guest({ birthday: '06-13' })),
    true,
  );
  assert.equal(
    fires(
      { birthday: { daysBefore: 3, daysAfter: 3 } },
      undefined,
      guest({ birthday: '1990-06-20' }),
    ),
    false,
  );
  const newYear = order([line(1)], { time: new Date('2025-01-01T09:00:00Z') });
  assert.equal(
    fires({ birthday: { daysBefore: 0, daysAfter: 2 } }, newYear, guest({ birthday: '12-30' })),
    true,
  );
  assert.equal(fires({ birthday: { daysBefore: 0, daysAfter: 0 } }, undefined, guest()), false);
});

test('L14 promo code: within its lifetime it fires, after it does not, case is ignored', () => {
  const entered = (minutesAgo: number) =>
    order([line(1)], {
      promoCodes: [{ code: 'summer', enteredAt: new Date(NOW.getTime() - minutesAgo * 60_000) }],
    });
  assert.equal(fires({ promoCode: 'SUMMER' }, entered(30)), true);
  assert.equal(fires({ promoCode: 'SUMMER' }, entered(61)), false);
  assert.equal(fires({ promoCode: 'WINTER' }, entered(1)), false);
});

test('privileges: fixed discount split by sums, fixed price, bonus fixed, multiplier, gift', () => {
  const o = order([line(1), line(2, { amount: 30_000, price: 30_000, basePrice: 30_000 })]);
  const run = (p: Privilege) =>
    evaluate(o, guest(), program({ nonSummation: true }), [promo('p', [p])], NOW);
  assert.deepEqual(
    run({ type: 'discount_fixed', amount: 4000 }).lines.map((l) => l.discount),
    [1000, 3000],
  );
  assert.deepEqual(
    run({ type: 'fixed_price', price: 9000 }).lines.map((l) => l.discount),
    [1000, 21_000],
  );
  assert.deepEqual(
    run({ type: 'bonus_fixed', points: 8000 }).lines.map((l) => l.accrual),
    [2000, 6000],
  );
  assert.deepEqual(
    run({ type: 'multiplier', factor: 300 }).lines.map((l) => l.accrual),
    [1500, 4500],
  );
  const gift = run({ type: 'gift', itemId: 'dessert', quantity: 1000, value: 25_000 });
  assert.deepEqual(gift.lines[0]?.gifts, [{ promotionId: 'p', itemId: 'dessert', quantity: 1000 }]);
  assert.deepEqual(gift.spend, [{ promotionId: 'p', discount: 0, accrual: 0, giftValue: 25_000 }]);
});

test('budgets: a 15 ₽ remainder caps a 10 % promotion on 200 ₽; none left → it does not fire', () => {
  const o = order([line(1), line(2)]);
  const p = [promo('p', [tenOff])];
  assert.equal(
    evaluate(o, guest(), program(), p, NOW, new Map([['p', { amount: 1500 }]])).totals
      .totalDiscount,
    1500,
  );
  const none = evaluate(o, guest(), program(), p, NOW, new Map([['p', { uses: 0 }]]));
  assert.equal(none.totals.totalDiscount, 0);
  assert.ok(none.explanation.some((x) => x.blockedBy === 'condition:uses'));
});

test('inactive promotions stay visible in the explanation but do nothing', () => {
  const e = evaluate(
    order([line(1)]),
    guest(),
    program(),
    [promo('p', [tenOff], {}, { active: false })],
    NOW,
  );
  assert.equal(e.totals.totalDiscount, 0);
  assert.deepEqual(
    e.explanation.filter((x) => x.ruleId === 'p').map((x) => x.blockedBy),
    ['condition:inactive'],
  );
});

test('the steps run alone: eligibility → candidates → contest', () => {
  const o = order([line(1), line(2)]);
  const settings = program({ nonSummation: true }).settings;
  const compiled = compilePromotions([
    promo('a', [tenOff], { items: ['item1'] }),
    promo('b', [tenOff], { hours: { from: 0, to: 60 } }),
  ]);
  const elig = eligibility({
    order: o,
    guest: guest(),
    settings,
    rank: null,
    promotions: compiled,
    now: NOW,
    budgets: new Map(),
  });
  assert.deepEqual(
    elig.eligible.map((e) => [e.compiled.promotion.id, e.lines]),
    [['a', [0]]],
  );
  assert.deepEqual(
    elig.rejected.map((r) => [r.promotion.id, r.reason]),
    [['b', 'hours']],
  );
  const cands = candidates(o, elig.eligible, null, settings);
  assert.deepEqual(
    cands.map((c) => c.map((x) => x.discount)),
    [[1000], []],
  );
  assert.deepEqual(
    contest(cands, settings).map((d) => d.applied.map((c) => c.id)),
    [['a'], []],
  );
});

test('explanation entries carry Russian and English text and serialize with it', () => {
  const e = evaluate(
    order([line(1)]),
    guest(),
    program({ nonSummation: true }),
    [promo('Скидка', [tenOff])],
    NOW,
  );
  const applied = e.explanation.find((x) => x.outcome === 'applied' && x.rule === 'promotion');
  assert.equal(applied?.text.ru, 'Акция «Скидка», позиция 1: применена: скидка 10,00, баллы 0,00');
  assert.equal(
    applied?.text.en,
    'Promotion "Скидка", line 1: applied: discount 10.00, points 0.00',
  );
  const json = JSON.parse(JSON.stringify(e)) as { explanation: { text: { ru: string } }[] };
  assert.ok(json.explanation.every((x) => x.text.ru.length > 0));
});
