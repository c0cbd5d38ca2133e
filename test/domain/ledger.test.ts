// Ledger rules (C5): the sign each entry type carries and the limits of a reversal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  assertEntrySign,
  ENTRY_LABELS,
  ENTRY_SIGN,
  reversalAmount,
  type EntryType,
} from '../../src/domain/ledger.ts';
import { DomainError } from '../../src/domain/errors.ts';

const TYPES = Object.keys(ENTRY_SIGN) as EntryType[];

test('credits are positive, debits negative, adjustments and reversals either', () => {
  for (const type of ['topup', 'bonus_accrual'] as const) {
    assert.doesNotThrow(() => assertEntrySign(type, 100));
    assert.throws(() => assertEntrySign(type, -100), RangeError);
  }
  for (const type of ['payment', 'bonus_payment', 'bonus_expiry'] as const) {
    assert.doesNotThrow(() => assertEntrySign(type, -100));
    assert.throws(() => assertEntrySign(type, 100), RangeError);
  }
  for (const type of ['adjustment', 'reversal'] as const) {
    assert.doesNotThrow(() => assertEntrySign(type, 100));
    assert.doesNotThrow(() => assertEntrySign(type, -100));
  }
});

test('no entry of any type is zero, fractional or unsafe', () => {
  for (const type of TYPES) {
    const sign = ENTRY_SIGN[type] || 1;
    for (const bad of [0, 1.5 * sign, 2 ** 53 * sign, Number.NaN])
      assert.throws(() => assertEntrySign(type, bad), RangeError, `${type} ${bad}`);
  }
});

test('every type has the history letter and names in both languages', () => {
  for (const type of TYPES) {
    const l = ENTRY_LABELS[type];
    assert.ok(l.code && l.ru && l.en, type);
  }
  assert.equal(ENTRY_LABELS.payment.code, 'О');
});

test('a reversal has the opposite sign of what it reverses', () => {
  assert.equal(reversalAmount(-29000, 0, 29000), 29000);
  assert.equal(reversalAmount(-29000, 0, 1), 1);
  assert.equal(reversalAmount(50000, 0, 20000), -20000);
  assert.equal(reversalAmount(50000, -20000, 30000), -30000, 'the rest after an earlier one');
});

test('a reversal never exceeds what is left, and is never empty', () => {
  const cases: [number, number, number][] = [
    [-29000, 0, 29001],
    [-29000, 10000, 19001],
    [-29000, 29000, 1],
    [50000, -50000, 1],
    [50000, 0, 0],
    [50000, 0, -1],
  ];
  for (const [original, already, portion] of cases) {
    assert.throws(
      () => reversalAmount(original, already, portion),
      (e: unknown) =>
        e instanceof DomainError &&
        e.code === 'reversal_exceeds_original' &&
        e.kind === 'rejected' &&
        e.messageRu.length > 0,
      `${original} ${already} ${portion}`,
    );
  }
});

test('reversals in any number of portions add up to exactly the original (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10_000_000 }),
      fc.boolean(),
      fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 }),
      (size, negative, weights) => {
        const original = negative ? -size : size;
        let already = 0;
        let left = size;
        for (const w of weights) {
          if (left === 0) break;
          const portion = Math.min(left, w);
          const r = reversalAmount(original, already, portion);
          assert.equal(Math.sign(r), -Math.sign(original));
          already += r;
          left -= portion;
        }
        if (left > 0) already += reversalAmount(original, already, left);
        assert.equal(original + already, 0);
        assert.throws(() => reversalAmount(original, already, 1), DomainError);
      },
    ),
  );
});
