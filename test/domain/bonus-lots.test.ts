// Bonus lots (C5): spending draws the earliest-expiring live lots, credits repay what is owed
// first, a clawback prefers its own lot, and no plan loses or invents a point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  expiredLots,
  planClawback,
  planCredit,
  planSpend,
  spendable,
  type Draw,
  type Lot,
} from '../../src/domain/bonus-lots.ts';

const NOW = new Date('2024-03-04T08:00:00Z');
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

const isLive = (l: Lot) =>
  l.remaining > 0 &&
  l.availableFrom.getTime() <= NOW.getTime() &&
  (l.expiresAt === null || l.expiresAt.getTime() > NOW.getTime());
const expiryOf = (l: Lot) => l.expiresAt?.getTime() ?? Infinity;
const sum = (xs: readonly { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);
const total = (lots: readonly Lot[]) => lots.reduce((s, l) => s + l.remaining, 0);

/** Lots with distinct ids: pending, live, expired and owed (negative) ones mixed. */
const lotsArb = fc
  .uniqueArray(
    fc.record({
      id: fc.integer({ min: 1, max: 1000 }),
      remaining: fc.oneof(
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: -20_000, max: -1 }),
        fc.constant(0),
      ),
      from: fc.integer({ min: -30, max: 10 }),
      expires: fc.option(fc.integer({ min: -10, max: 60 }), { nil: null }),
    }),
    { selector: (r) => r.id, maxLength: 12 },
  )
  .map((rs) =>
    rs.map((r): Lot => ({
      id: r.id,
      remaining: r.remaining,
      availableFrom: at(r.from),
      expiresAt: r.expires === null ? null : at(r.expires),
    })),
  );

/** Lots after the draws: a draw takes its amount from the lot (a negative draw gives back). */
function apply(lots: readonly Lot[], draws: readonly Draw[]): Lot[] {
  for (const d of draws)
    assert.ok(
      lots.some((l) => l.id === d.lotId),
      `no lot ${d.lotId}`,
    );
  assert.equal(new Set(draws.map((d) => d.lotId)).size, draws.length, 'one draw per lot');
  return lots.map((l) => ({
    ...l,
    remaining: l.remaining - sum(draws.filter((d) => d.lotId === l.id)),
  }));
}

test('spendable: live lots less what is owed; pending and expired lots do not count', () => {
  const lots: Lot[] = [
    { id: 1, remaining: 1000, availableFrom: at(-1), expiresAt: at(10) },
    { id: 2, remaining: 500, availableFrom: at(1), expiresAt: null },
    { id: 3, remaining: 700, availableFrom: at(-20), expiresAt: at(-1) },
    { id: 4, remaining: -300, availableFrom: at(-5), expiresAt: null },
  ];
  assert.equal(spendable(lots, NOW), 700);
  assert.deepEqual(
    expiredLots(lots, NOW).map((l) => l.id),
    [3],
  );
  assert.equal(planSpend(lots, 701, NOW), null);
  assert.deepEqual(planSpend(lots, 700, NOW), [{ lotId: 1, amount: 700 }]);
});

test('spend draws the earliest expiry first, lots without expiry last, then the oldest', () => {
  const lots: Lot[] = [
    { id: 1, remaining: 100, availableFrom: at(-9), expiresAt: null },
    { id: 2, remaining: 100, availableFrom: at(-5), expiresAt: at(30) },
    { id: 3, remaining: 100, availableFrom: at(-7), expiresAt: at(30) },
    { id: 4, remaining: 100, availableFrom: at(-1), expiresAt: at(5) },
  ];
  assert.deepEqual(planSpend(lots, 250, NOW), [
    { lotId: 4, amount: 100 },
    { lotId: 3, amount: 100 },
    { lotId: 2, amount: 50 },
  ]);
});

test('spend: exact, earliest expiry first, only from live lots, never beyond spendable (property)', () => {
  fc.assert(
    fc.property(lotsArb, fc.integer({ min: 0, max: 300_000 }), (lots, amount) => {
      const can = spendable(lots, NOW);
      const draws = planSpend(lots, amount, NOW);
      if (amount > can) {
        assert.equal(draws, null);
        return;
      }
      assert.ok(draws);
      assert.equal(sum(draws), amount);
      const after = apply(lots, draws);
      assert.equal(total(after), total(lots) - amount);
      for (const d of draws) {
        const lot = lots.find((l) => l.id === d.lotId) as Lot;
        assert.ok(isLive(lot), `lot ${lot.id} is not live`);
        assert.ok(d.amount > 0 && d.amount <= lot.remaining);
      }
      // A lot is drawn only once every live lot expiring strictly earlier is empty.
      for (const d of draws) {
        const lot = lots.find((l) => l.id === d.lotId) as Lot;
        for (const other of after.filter(isLive))
          assert.ok(expiryOf(other) >= expiryOf(lot), `lot ${other.id} should go before ${lot.id}`);
      }
      assert.ok(spendable(after, NOW) === can - amount);
    }),
  );
});

test('credit repays negative lots first, oldest first; the rest is a new lot', () => {
  const lots: Lot[] = [
    { id: 5, remaining: -300, availableFrom: at(-1), expiresAt: null },
    { id: 2, remaining: -200, availableFrom: at(-2), expiresAt: null },
    { id: 3, remaining: 1000, availableFrom: at(-3), expiresAt: null },
  ];
  assert.deepEqual(planCredit(lots, 250), {
    repay: [
      { lotId: 2, amount: -200 },
      { lotId: 5, amount: -50 },
    ],
    newLot: 0,
  });
  assert.deepEqual(planCredit(lots, 800), {
    repay: [
      { lotId: 2, amount: -200 },
      { lotId: 5, amount: -300 },
    ],
    newLot: 300,
  });
  assert.deepEqual(planCredit([], 800), { repay: [], newLot: 800 });
});

test('credit: conserves points and never over-repays (property)', () => {
  fc.assert(
    fc.property(lotsArb, fc.integer({ min: 1, max: 300_000 }), (lots, amount) => {
      const { repay, newLot } = planCredit(lots, amount);
      assert.ok(newLot >= 0);
      assert.equal(-sum(repay) + newLot, amount);
      const after = apply(lots, repay);
      assert.equal(total(after) + newLot, total(lots) + amount);
      for (const d of repay) {
        const lot = lots.find((l) => l.id === d.lotId) as Lot;
        assert.ok(lot.remaining < 0, 'only owed lots are repaid');
        assert.ok(d.amount < 0 && -d.amount <= -lot.remaining);
      }
      const owed = after.filter((l) => l.remaining < 0);
      if (newLot > 0) assert.deepEqual(owed, [], 'a new lot only once nothing is owed');
      // Oldest (smallest id) first: a still-owing lot is never older than one repaid.
      for (const o of owed) for (const d of repay) assert.ok(d.lotId < o.id || o.id === d.lotId);
    }),
  );
});

test('clawback takes its own lot first, then earliest expiry; the shortfall is owed', () => {
  const lots: Lot[] = [
    { id: 1, remaining: 100, availableFrom: at(-9), expiresAt: at(3) },
    { id: 2, remaining: 150, availableFrom: at(1), expiresAt: at(40) },
    { id: 3, remaining: 100, availableFrom: at(-5), expiresAt: null },
  ];
  assert.deepEqual(planClawback(lots, 200, 2), {
    draws: [
      { lotId: 2, amount: 150 },
      { lotId: 1, amount: 50 },
    ],
    owed: 0,
  });
  assert.deepEqual(planClawback(lots, 400, 2), {
    draws: [
      { lotId: 2, amount: 150 },
      { lotId: 1, amount: 100 },
      { lotId: 3, amount: 100 },
    ],
    owed: 50,
  });
  const spentOwn = lots.map((l) => (l.id === 2 ? { ...l, remaining: 0 } : l));
  assert.deepEqual(planClawback(spentOwn, 120, 2), {
    draws: [
      { lotId: 1, amount: 100 },
      { lotId: 3, amount: 20 },
    ],
    owed: 0,
  });
});

test('clawback: conserves points, own lot first, owes only when every lot is empty (property)', () => {
  fc.assert(
    fc.property(
      lotsArb,
      fc.integer({ min: 1, max: 300_000 }),
      fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
      (lots, amount, ownLotId) => {
        const { draws, owed } = planClawback(lots, amount, ownLotId);
        assert.ok(owed >= 0);
        assert.equal(sum(draws) + owed, amount);
        const after = apply(lots, draws);
        assert.equal(total(after) - owed, total(lots) - amount);
        for (const d of draws) {
          const lot = lots.find((l) => l.id === d.lotId) as Lot;
          assert.ok(d.amount > 0 && d.amount <= lot.remaining);
        }
        const own = lots.find((l) => l.id === ownLotId && l.remaining > 0);
        if (own) assert.equal(draws[0]?.lotId, own.id);
        if (owed > 0) assert.ok(after.every((l) => l.remaining <= 0));
      },
    ),
  );
});
