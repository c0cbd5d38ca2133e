import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocate, formatRoubles, lineAmount, MAX_AMOUNT } from '../../src/domain/money.ts';

test('allocate keeps the total exact and proportional within one kopeck', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -MAX_AMOUNT, max: MAX_AMOUNT }),
      fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 30 }),
      (total, weights) => {
        const parts = allocate(total, weights);
        assert.equal(
          parts.reduce((a, b) => a + b, 0),
          total,
        );
        const sum = weights.reduce((a, b) => a + b, 0);
        if (sum > 0) {
          parts.forEach((p, i) => {
            const exact = (total * (weights[i] as number)) / sum;
            assert.ok(Math.abs(p - exact) < 1 + 1e-6 * Math.abs(exact), `${p} vs ${exact}`);
          });
        }
      },
    ),
  );
});

test('allocate of the seed check over its own lines gives each line its price', () => {
  const lines = [29000, 36000, 43000, 41000, 65000, 21000];
  assert.deepEqual(allocate(235000, lines), lines);
});

test('allocate breaks ties towards earlier lines', () => {
  assert.deepEqual(allocate(100, [1, 1, 1]), [34, 33, 33]);
  assert.deepEqual(allocate(-100, [1, 1, 1]), [-34, -33, -33]);
});

test('lineAmount rounds half away from zero', () => {
  assert.equal(lineAmount(29000, 1000), 29000);
  assert.equal(lineAmount(333, 1500), 500); // 499.5 → 500
  assert.equal(lineAmount(-333, 1500), -500);
  assert.equal(lineAmount(100_000_000_000, 1_000_000_000), 100_000_000_000_000_000);
});

test('formatRoubles', () => {
  assert.equal(formatRoubles(235000), '2350.00');
  assert.equal(formatRoubles(-29005), '-290.05');
  assert.equal(formatRoubles(7), '0.07');
});
