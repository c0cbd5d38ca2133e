// Card states (C3) and card masks (seed 003 "маски пластиковых карт").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  assertCardUsable,
  CARD_STATUSES,
  cardFlags,
  classifyCardNumber,
  matchesMask,
  validateCardNumber,
  validateMaskPattern,
  type CardMask,
  type CardState,
  type CardStatus,
} from '../../src/domain/cards.ts';
import { DomainError } from '../../src/domain/errors.ts';

const NOW = new Date('2024-03-04T08:00:00Z');
const HOUR = 3_600_000;
const card = (over: Partial<CardState> = {}): CardState => ({
  status: 'active',
  blockReason: null,
  validFrom: null,
  validUntil: null,
  ...over,
});

/** Asserts `fn` throws a DomainError with this kind and code and non-empty messages. */
function throwsDomain(fn: () => unknown, kind: string, code: string): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof DomainError, `expected a DomainError ${code}`);
  assert.equal(caught.kind, kind);
  assert.equal(caught.code, code);
  assert.ok(caught.messageRu.length > 0 && caught.message.length > 0);
  return caught;
}

test('flags follow the status one to one', () => {
  const expected: Record<CardStatus, Partial<ReturnType<typeof cardFlags>>> = {
    active: {},
    blocked: { blocked: true, blockReason: 'утеряна' },
    expired: { expired: true },
    deleted: { deleted: true },
    manager_confirmation: { needsManager: true },
    seize: { seize: true },
  };
  for (const status of CARD_STATUSES) {
    const flags = cardFlags(card({ status, blockReason: 'утеряна' }), NOW);
    assert.deepEqual(
      flags,
      {
        deleted: false,
        seize: false,
        expired: false,
        notActiveYet: false,
        needsManager: false,
        blocked: false,
        blockReason: null,
        ...expected[status],
      },
      status,
    );
  }
});

test('validity dates: expired at validUntil, not active before validFrom', () => {
  assert.equal(cardFlags(card({ validUntil: NOW }), NOW).expired, true, 'the end is exclusive');
  assert.equal(cardFlags(card({ validUntil: new Date(NOW.getTime() + 1) }), NOW).expired, false);
  assert.equal(cardFlags(card({ validFrom: new Date(NOW.getTime() + 1) }), NOW).notActiveYet, true);
  assert.equal(cardFlags(card({ validFrom: NOW }), NOW).notActiveYet, false);
});

test('assertCardUsable names the reason for every status', () => {
  const codes: Record<CardStatus, string | null> = {
    active: null,
    blocked: 'card_blocked',
    expired: 'card_expired',
    deleted: 'card_deleted',
    manager_confirmation: 'card_needs_manager',
    seize: 'card_seize',
  };
  for (const status of CARD_STATUSES) {
    const c = card({ status, blockReason: status === 'blocked' ? 'утеряна' : null });
    const code = codes[status];
    if (code === null) assert.doesNotThrow(() => assertCardUsable(c, NOW));
    else throwsDomain(() => assertCardUsable(c, NOW), 'rejected', code);
  }
});

test('a blocked card says why, in both languages', () => {
  const e = throwsDomain(
    () => assertCardUsable(card({ status: 'blocked', blockReason: 'утеряна' }), NOW),
    'rejected',
    'card_blocked',
  );
  assert.match(e.messageRu, /утеряна/);
  assert.match(e.message, /утеряна/);
  assert.deepEqual(e.details, { reason: 'утеряна' });
  const bare = throwsDomain(
    () => assertCardUsable(card({ status: 'blocked' }), NOW),
    'rejected',
    'card_blocked',
  );
  assert.equal(bare.messageRu, 'Карта заблокирована');
});

test('manager confirmation unlocks only the card that needs it', () => {
  assert.doesNotThrow(() => assertCardUsable(card({ status: 'manager_confirmation' }), NOW, true));
  for (const status of ['blocked', 'expired', 'deleted', 'seize'] as const)
    assert.throws(() => assertCardUsable(card({ status }), NOW, true), DomainError, status);
});

test('dates make an active card unusable', () => {
  throwsDomain(
    () => assertCardUsable(card({ validUntil: new Date(NOW.getTime() - HOUR) }), NOW),
    'rejected',
    'card_expired',
  );
  throwsDomain(
    () => assertCardUsable(card({ validFrom: new Date(NOW.getTime() + HOUR) }), NOW),
    'rejected',
    'card_not_active_yet',
  );
  assert.doesNotThrow(() =>
    assertCardUsable(
      card({
        validFrom: new Date(NOW.getTime() - HOUR),
        validUntil: new Date(NOW.getTime() + HOUR),
      }),
      NOW,
    ),
  );
});

test('the most serious state wins: deleted and seize before blocked before expired', () => {
  const all = card({ status: 'deleted', validUntil: new Date(0) });
  throwsDomain(() => assertCardUsable(all, NOW), 'rejected', 'card_deleted');
  const blockedAndOld = card({ status: 'blocked', blockReason: 'x', validUntil: new Date(0) });
  throwsDomain(() => assertCardUsable(blockedAndOld, NOW), 'rejected', 'card_blocked');
});

test('mask syntax: digits, Latin letters, # * ? = -, 1–64 characters', () => {
  for (const ok of ['1000##', '61*', 'AB?#', '=123-45', '#'.repeat(64), 'x'])
    assert.doesNotThrow(() => validateMaskPattern(ok), ok);
  for (const bad of ['', '#'.repeat(65), '12 34', '1[0-9]', '1.*', 'ЖЖ##', '12+', '(1)', '^1$'])
    throwsDomain(() => validateMaskPattern(bad), 'validation', 'invalid_card_mask');
});

test('# matches exactly one digit', () => {
  assert.equal(matchesMask('1000##', '100038'), true);
  assert.equal(matchesMask('1000##', '10003'), false);
  assert.equal(matchesMask('1000##', '1000381'), false);
  assert.equal(matchesMask('1000##', '10003A'), false);
});

test('* matches any run of digits, including none, and nothing else', () => {
  assert.equal(matchesMask('61*', '61'), true);
  assert.equal(matchesMask('61*', '61366822'), true);
  assert.equal(matchesMask('61*', '61A'), false);
  assert.equal(matchesMask('*99', '12399'), true);
  assert.equal(matchesMask('*99', '1239'), false);
});

test('? matches any one character', () => {
  assert.equal(matchesMask('A?1', 'AB1'), true);
  assert.equal(matchesMask('A?1', 'A71'), true);
  assert.equal(matchesMask('A?1', 'A1'), false);
  assert.equal(matchesMask('A?1', 'AB71'), false);
});

test('other characters are literal, including = and -', () => {
  assert.equal(matchesMask('=12-3', '=12-3'), true);
  assert.equal(matchesMask('=12-3', '=1223'), false);
  assert.equal(matchesMask('AB', 'ab'), false, 'letters are case-sensitive');
});

test('a mask of # matches exactly the digit strings of its length (property)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 20 }),
      fc.stringMatching(/^[0-9A-Za-z]{0,22}$/),
      (n, s) => {
        assert.equal(matchesMask('#'.repeat(n), s), /^\d+$/.test(s) && s.length === n);
      },
    ),
  );
});

const MASKS: CardMask[] = [
  { id: 1, name: 'Золотая', pattern: '7777####', kind: 'gold' },
  { id: 2, name: 'Обычная', pattern: '1000##', kind: 'regular' },
  { id: 3, name: 'Любая 7', pattern: '7*', kind: 'any7' },
];

test('classification takes the first mask the number fits', () => {
  assert.equal(classifyCardNumber(MASKS, '77771234')?.kind, 'gold', 'gold is listed before 7*');
  assert.equal(classifyCardNumber(MASKS, '100038')?.kind, 'regular');
  assert.equal(classifyCardNumber(MASKS, '7123')?.kind, 'any7');
  assert.equal(classifyCardNumber(MASKS, '555'), null);
  assert.equal(classifyCardNumber([], '555'), null);
});

test('validateCardNumber: syntax first, then a mask when masks are configured', () => {
  assert.equal(validateCardNumber([], '61366822'), null, 'no masks: any sane number');
  assert.equal(validateCardNumber(MASKS, '100038')?.kind, 'regular');
  const e = throwsDomain(
    () => validateCardNumber(MASKS, '555'),
    'validation',
    'card_number_fits_no_mask',
  );
  assert.deepEqual(e.details, { number: '555', masks: ['7777####', '1000##', '7*'] });
  assert.match(e.messageRu, /1000##/);
  for (const bad of ['', '12 34', 'карта', 'x'.repeat(65), '12;34'])
    throwsDomain(() => validateCardNumber([], bad), 'validation', 'invalid_card_number');
});
