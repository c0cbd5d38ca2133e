// Ranks (L10), refunds and the close record, payment codes and lockouts (L14), footers (L15).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  currentRank,
  rankAfterPurchase,
  rankAtPeriodEnd,
  rankForSpend,
  rankPeriodBounds,
  toNextRank,
} from '../../../src/domain/loyalty/ranks.ts';
import { reverse } from '../../../src/domain/loyalty/refund.ts';
import { allocateBonusPayment, closeRecord, lotDates } from '../../../src/domain/loyalty/settle.ts';
import { evaluate } from '../../../src/domain/loyalty/evaluate.ts';
import {
  attemptAllowed,
  DEFAULT_ATTEMPT_POLICY,
  failureEvent,
  isPaymentCode,
  normalizePaymentCode,
  paymentCodeAlive,
  paymentCodeFromBytes,
  promoCodeAlive,
} from '../../../src/domain/loyalty/payment-code.ts';
import { receiptFooter, wrap } from '../../../src/domain/loyalty/receipt.ts';
import { DEFAULT_ACCRUAL } from '../../../src/domain/loyalty/settings.ts';
import { guest, line, NOW, order, program, RANKS } from './fixtures.ts';

const [silver, gold] = RANKS;

test('L10: rank for spend, promotion when reached, to next rank', () => {
  assert.equal(rankForSpend(RANKS, 4_999_999), silver);
  assert.equal(rankForSpend(RANKS, 5_000_000), gold);
  assert.equal(rankForSpend([{ ...(gold as NonNullable<typeof gold>) }], 0), null);
  assert.deepEqual(toNextRank(RANKS, { current: 4_000_000, previous: 0 }), {
    rank: gold,
    left: 1_000_000,
  });
  assert.equal(toNextRank(RANKS, { current: 6_000_000, previous: 0 }), null);
  assert.deepEqual(
    rankAfterPurchase(RANKS, silver ?? null, { current: 5_000_000, previous: 0 }).kind,
    'promotion',
  );
});

test('L10: demotion only at the period end; the previous period keeps the rank meanwhile', () => {
  assert.equal(currentRank(RANKS, { current: 0, previous: 6_000_000 }), gold);
  assert.deepEqual(
    rankAfterPurchase(RANKS, gold ?? null, { current: 100, previous: 6_000_000 }).kind,
    'none',
  );
  assert.deepEqual(rankAtPeriodEnd(RANKS, gold ?? null, 1_000_000), {
    from: gold,
    to: silver,
    kind: 'demotion',
  });
});

test('L10: calendar periods start at local midnight in the restaurant zone', () => {
  const q = rankPeriodBounds({ kind: 'months', months: 3 }, NOW, 'Europe/Moscow');
  assert.equal(q.currentStart?.toISOString(), '2025-03-31T21:00:00.000Z');
  assert.equal(q.previousStart?.toISOString(), '2024-12-31T21:00:00.000Z');
  assert.equal(q.nextStart?.toISOString(), '2025-06-30T21:00:00.000Z');
  assert.deepEqual(rankPeriodBounds({ kind: 'all_time' }, NOW, 'Europe/Moscow'), {
    currentStart: null,
    previousStart: null,
    nextStart: null,
  });
});

test('refund: three 1-unit returns of a 3-unit line reverse 10.00 points as 3.33 + 3.33 + 3.34', () => {
  const closed = [{ line: 1, quantity: 3000, discount: 0, accrual: 1000, bonusPaid: 100 }];
  const r1 = reverse(closed, [], [{ line: 1, quantity: 1000 }]);
  const r2 = reverse(closed, [{ line: 1, quantity: 1000 }], [{ line: 1, quantity: 1000 }]);
  const r3 = reverse(closed, [{ line: 1, quantity: 2000 }], [{ line: 1, quantity: 1000 }]);
  assert.deepEqual(
    [r1, r2, r3].map((r) => r[0]?.accrual),
    [333, 333, 334],
  );
  assert.deepEqual(
    [r1, r2, r3].map((r) => r[0]?.bonusPaid),
    [33, 33, 34],
  );
  assert.throws(() => reverse(closed, [{ line: 1, quantity: 3000 }], [{ line: 1, quantity: 1 }]), {
    code: 'loyalty.refund.over_quantity',
  });
  assert.throws(() => reverse(closed, [], [{ line: 7, quantity: 1 }]), {
    code: 'loyalty.refund.unknown_line',
  });
});

test('close: a bonus payment splits by line caps; over the limit is rejected; lots get dates', () => {
  const o = order([line(1), line(2, { amount: 30_000 })]);
  const e = evaluate(o, guest(), program({ maxBonusPaymentBp: 5000 }), [], NOW);
  assert.equal(e.totals.maxBonusPayment, 20_000);
  assert.deepEqual(allocateBonusPayment(e, 10_000), [2500, 7500]);
  assert.deepEqual(
    closeRecord(o, e, 20_000).map((c) => c.bonusPaid),
    [5000, 15_000],
  );
  assert.throws(() => allocateBonusPayment(e, 20_001), {
    code: 'loyalty.bonus_payment_over_limit',
  });
  const dates = lotDates(NOW, { ...DEFAULT_ACCRUAL, pendingDays: 14, expiryDays: 365 });
  assert.equal(dates.availableAt.toISOString(), '2025-06-25T12:00:00.000Z');
  assert.equal(dates.expiresAt?.toISOString(), '2026-06-25T12:00:00.000Z');
  assert.equal(lotDates(NOW, DEFAULT_ACCRUAL).expiresAt, null);
});

test('L14: payment codes are 4 characters of an unambiguous alphabet', () => {
  const code = paymentCodeFromBytes(new Uint8Array([0, 31, 32, 255]));
  assert.equal(code, '2Z2Z');
  assert.ok(isPaymentCode(code));
  assert.equal(normalizePaymentCode(' ab-7k '), 'AB7K');
  assert.ok(!isPaymentCode('AB0K') && !isPaymentCode('ABC') && !isPaymentCode('ABCDE'));
  assert.throws(() => paymentCodeFromBytes(new Uint8Array(3)), RangeError);
  assert.ok(promoCodeAlive(new Date(NOW.getTime() - 59 * 60_000), NOW, 60));
  assert.ok(!promoCodeAlive(new Date(NOW.getTime() - 61 * 60_000), NOW, 60));
  assert.ok(paymentCodeAlive(NOW, new Date(NOW.getTime() + 299_000), 300));
  assert.ok(!paymentCodeAlive(NOW, new Date(NOW.getTime() + 300_000), 300));
});

test('L14: the 5th wrong code in 5 minutes locks the terminal for 15 minutes and is recorded', () => {
  const subject = { organizationId: 'org', terminalId: 't1' };
  const ago = (s: number) => new Date(NOW.getTime() - s * 1000);
  const four = {
    terminal: [ago(200), ago(150), ago(100), ago(50)],
    organization: [ago(200), ago(150), ago(100), ago(50)],
  };
  assert.deepEqual(attemptAllowed(DEFAULT_ATTEMPT_POLICY, four, NOW, subject), { allowed: true });
  assert.equal(
    failureEvent(
      DEFAULT_ATTEMPT_POLICY,
      { terminal: four.terminal.slice(1), organization: [] },
      NOW,
      subject,
    ).type,
    'payment_code_failed',
  );
  const event = failureEvent(DEFAULT_ATTEMPT_POLICY, four, NOW, subject);
  assert.equal(event.type, 'payment_code_lockout');
  assert.equal(event.lockedUntil?.toISOString(), new Date(NOW.getTime() + 900_000).toISOString());
  const five = { terminal: [...four.terminal, NOW], organization: [...four.organization, NOW] };
  const later = new Date(NOW.getTime() + 600_000);
  const blocked = attemptAllowed(DEFAULT_ATTEMPT_POLICY, five, later, subject);
  assert.ok(
    !blocked.allowed &&
      blocked.scope === 'terminal' &&
      blocked.event.type === 'payment_code_locked_attempt',
  );
  assert.deepEqual(
    attemptAllowed(DEFAULT_ATTEMPT_POLICY, five, new Date(NOW.getTime() + 900_000), subject),
    { allowed: true },
  );
});

test('L14: many terminals guessing together lock the organization', () => {
  const times = Array.from({ length: 50 }, (_, i) => new Date(NOW.getTime() - i * 1000));
  const d = attemptAllowed(DEFAULT_ATTEMPT_POLICY, { terminal: [], organization: times }, NOW, {
    organizationId: 'org',
    terminalId: 't9',
  });
  assert.ok(!d.allowed && d.scope === 'organization');
});

test('L15: the footer shows balance, rank, next rank and code within the width', () => {
  const data = {
    balance: 123_450,
    rankName: 'Золото',
    toNextRank: { rankName: 'Платина', left: 500_000 },
    paymentCode: 'K7QZ',
  };
  const settings = {
    width: 32,
    maxLength: 500,
    language: 'ru' as const,
    text: 'Спасибо, что вы с нами!',
    showBalance: true,
    showRank: true,
    showToNextRank: true,
    showPaymentCode: true,
  };
  assert.equal(
    receiptFooter(settings, data),
    [
      'Спасибо, что вы с нами!',
      'Баланс: 1234.50 балл.',
      'Ранг: Золото',
      'До ранга «Платина»: 5000.00',
      'Код оплаты: K7QZ',
    ].join('\n'),
  );
  assert.ok(receiptFooter({ ...settings, language: 'en' }, data).includes('Payment code: K7QZ'));
  const short = receiptFooter({ ...settings, maxLength: 60 }, data);
  assert.ok(short.length <= 60 && short.includes('K7QZ') && !short.includes('Спасибо'));
  assert.ok(wrap('a'.repeat(70), 32).every((l) => l.length <= 32));
});
