// Order arithmetic: lines, the split of payments over lines (one history entry per item, seed
// 000) and refund shares that give back exactly what was paid once every unit is returned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DomainError } from '../../src/domain/errors.ts';
import { MAX_AMOUNT, MAX_QUANTITY_MILLI } from '../../src/domain/money.ts';
import {
  allocatePayments,
  normalizeLines,
  orderTotal,
  refundShare,
  type OrderLineInput,
} from '../../src/domain/order.ts';

const line = (over: Partial<OrderLineInput> = {}): OrderLineInput => ({
  lineNo: 1,
  itemCode: '2470',
  itemName: 'Запеченный ролл с курицей',
  categoryCode: null,
  categoryName: null,
  basePrice: 29000,
  price: 29000,
  quantityMilli: 1000,
  amount: null,
  ...over,
});

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DomainError);
    assert.equal(e.kind, 'validation');
    assert.ok(e.messageRu && e.message);
    return e.code;
  }
  assert.fail('expected a DomainError');
}

test('line amounts: price × quantity unless the POS sends the discounted sum', () => {
  const lines = normalizeLines([
    line({ lineNo: 1, price: 29000, quantityMilli: 1500 }),
    line({ lineNo: 2, price: 36000, quantityMilli: 1000, amount: 30000 }),
    line({ lineNo: 3, price: 333, quantityMilli: 500 }),
  ]);
  assert.deepEqual(
    lines.map((l) => l.amount),
    [43500, 30000, 167],
  );
  assert.equal(orderTotal(lines), 73667);
});

test('normalizeLines rejects repeated line numbers and negative sums', () => {
  assert.equal(
    code(() => normalizeLines([line(), line()])),
    'duplicate_line_no',
  );
  assert.equal(
    code(() => normalizeLines([line({ amount: -1 })])),
    'negative_line_amount',
  );
});

test('normalizeLines rejects a line or an order beyond the largest amount', () => {
  const huge = line({ price: MAX_AMOUNT, quantityMilli: MAX_QUANTITY_MILLI });
  assert.equal(
    code(() => normalizeLines([huge])),
    'amount_too_large',
  );
  const two = [line({ lineNo: 1, price: MAX_AMOUNT }), line({ lineNo: 2, price: 1 })];
  assert.equal(
    code(() => normalizeLines(two)),
    'amount_too_large',
  );
  assert.equal(orderTotal(normalizeLines([line({ price: MAX_AMOUNT })])), MAX_AMOUNT);
});

test('the seed 000 check paid in full from the deposit: each line gets its price', () => {
  const lines = [29000, 36000, 43000, 41000, 65000, 21000];
  assert.deepEqual(allocatePayments(lines, [235000]), [lines]);
});

test('a second payment covers what the first left of each line', () => {
  const [deposit, bonus] = allocatePayments([10000, 30000], [20000, 20000]);
  assert.deepEqual(deposit, [5000, 15000]);
  assert.deepEqual(bonus, [5000, 15000]);
  assert.deepEqual(allocatePayments([100, 0, 200], [3]), [[1, 0, 2]]);
});

const linesArb = fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 20 });

/** Lines and payments that together do not exceed the order total. */
const orderArb = linesArb.chain((lines) => {
  const totalAmount = lines.reduce((a, b) => a + b, 0);
  return fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 6 }).chain((weights) =>
    fc.integer({ min: 0, max: totalAmount }).map((paid) => {
      const w = weights.reduce((a, b) => a + b, 0);
      if (w === 0 || paid === 0) return { lines, payments: [] as number[] };
      // Split `paid` over the weights: integer parts that sum to it exactly.
      let left = paid;
      const payments = weights.map((x, i) => {
        const part = i === weights.length - 1 ? left : Math.floor((paid * x) / w);
        left -= part;
        return part;
      });
      return { lines, payments: payments.filter((p) => p > 0) };
    }),
  );
});

test('allocatePayments: each payment sums exactly, no line is ever over-covered (property)', () => {
  fc.assert(
    fc.property(orderArb, ({ lines, payments }) => {
      const parts = allocatePayments(lines, payments);
      assert.equal(parts.length, payments.length);
      parts.forEach((p, k) => {
        assert.equal(p.length, lines.length);
        assert.equal(
          p.reduce((a, b) => a + b, 0),
          payments[k],
        );
        assert.ok(p.every((x) => Number.isSafeInteger(x) && x >= 0));
      });
      lines.forEach((amount, i) => {
        const covered = parts.reduce((s, p) => s + (p[i] as number), 0);
        assert.ok(covered <= amount, `line ${i}: ${covered} > ${amount}`);
      });
    }),
  );
});

test('refundShare: returning one of three units of 100.00 gives back 33.33, the rest 66.67', () => {
  assert.equal(refundShare(10000, 3000, 0, 1000), 3333);
  assert.equal(refundShare(10000, 3000, 1000, 2000), 6667);
  assert.equal(refundShare(10000, 3000, 0, 3000), 10000);
  assert.equal(refundShare(10000, 3000, 0, 0), 0);
});

test('refundShare: returning every unit in any split returns exactly the allocation (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: MAX_AMOUNT }),
      fc.integer({ min: 1, max: MAX_QUANTITY_MILLI }),
      fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 15 }),
      (allocated, quantity, weights) => {
        const w = weights.reduce((a, b) => a + b, 0);
        let before = 0;
        let returned = 0;
        weights.forEach((x, i) => {
          const now = i === weights.length - 1 ? quantity - before : Math.floor((quantity * x) / w);
          const share = refundShare(allocated, quantity, before, now);
          assert.ok(share >= 0 && share <= allocated - returned);
          returned += share;
          before += now;
        });
        assert.equal(before, quantity);
        assert.equal(returned, allocated);
      },
    ),
  );
});
