// Deposit schemes × fiscalization modes: the whole matrix of seed 001, floors, what can be
// paid, the credit top-up ceiling, and the settings check with its explanations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  allowedModes,
  availableToPay,
  balanceFloor,
  requiredPaymentType,
  splitPrepaidAndCredit,
  topUpCeiling,
  validateDepositSettings,
  type DepositScheme,
  type FiscalMode,
} from '../../src/domain/deposit.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { MAX_AMOUNT } from '../../src/domain/money.ts';

function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DomainError);
    return e;
  }
  assert.fail('expected a DomainError');
}

test('seed 001 matrix: the POS payment type each allowed combination needs', () => {
  const cases: [DepositScheme, FiscalMode, { fiscal: boolean; method: 'prepayment' | null }][] = [
    ['credit', 'advance', { fiscal: false, method: null }],
    ['credit', 'service', { fiscal: false, method: null }],
    ['debit', 'advance', { fiscal: true, method: 'prepayment' }],
    ['debit', 'service', { fiscal: false, method: null }],
    ['mixed', 'service', { fiscal: false, method: null }],
  ];
  for (const [scheme, mode, required] of cases)
    assert.deepEqual(requiredPaymentType(scheme, mode), required, `${scheme}+${mode}`);
});

test('seed 001 matrix: mixed + advance is forbidden, with what to choose instead', () => {
  const e = domainError(() => requiredPaymentType('mixed', 'advance'));
  assert.equal(e.kind, 'validation');
  assert.equal(e.code, 'deposit_combination_forbidden');
  assert.match(e.messageRu, /услугой/);
  assert.match(e.messageRu, /дебетов/);
  assert.match(e.message, /as a service/);
  assert.match(e.message, /debit/);
  assert.deepEqual(e.details, { scheme: 'mixed', fiscal_mode: 'advance', allowed: ['service'] });
});

test('allowed modes per scheme', () => {
  assert.deepEqual(allowedModes('debit'), ['advance', 'service']);
  assert.deepEqual(allowedModes('credit'), ['advance', 'service']);
  assert.deepEqual(allowedModes('mixed'), ['service']);
});

test('floors: 0 for debit, minus the limit for credit and mixed', () => {
  assert.equal(balanceFloor({ scheme: 'debit', creditLimit: 0 }), 0);
  assert.equal(balanceFloor({ scheme: 'debit', creditLimit: 5000 }), 0, 'a debit has no credit');
  assert.equal(balanceFloor({ scheme: 'credit', creditLimit: 5000 }), -5000);
  assert.equal(balanceFloor({ scheme: 'mixed', creditLimit: 5000 }), -5000);
});

test('availableToPay: balance above the floor less holds, never negative', () => {
  assert.equal(
    availableToPay({ scheme: 'debit', creditLimit: 0, balance: 10000, held: 3000 }),
    7000,
  );
  assert.equal(availableToPay({ scheme: 'debit', creditLimit: 0, balance: 1000, held: 3000 }), 0);
  assert.equal(availableToPay({ scheme: 'credit', creditLimit: 5000, balance: 0, held: 0 }), 5000);
  assert.equal(
    availableToPay({ scheme: 'credit', creditLimit: 5000, balance: -2000, held: 1000 }),
    2000,
  );
  assert.equal(
    availableToPay({ scheme: 'mixed', creditLimit: 5000, balance: 3000, held: 0 }),
    8000,
  );
  assert.equal(availableToPay({ scheme: 'mixed', creditLimit: 5000, balance: -5000, held: 0 }), 0);
});

test('availableToPay: paying it all lands exactly on the floor (property)', () => {
  fc.assert(
    fc.property(
      fc.constantFrom<DepositScheme>('debit', 'credit', 'mixed'),
      fc.integer({ min: 0, max: MAX_AMOUNT }),
      fc.integer({ min: -MAX_AMOUNT, max: MAX_AMOUNT }),
      fc.integer({ min: 0, max: MAX_AMOUNT }),
      (scheme, limit, balance, held) => {
        const d = { scheme, creditLimit: scheme === 'debit' ? 0 : limit, balance, held };
        const available = availableToPay(d);
        assert.ok(available >= 0);
        if (available > 0) assert.equal(balance - held - available - balanceFloor(d), 0);
        else assert.ok(balance - held <= balanceFloor(d));
      },
    ),
  );
});

test('top-up ceiling: a credit deposit is only repaid up to zero; debit and mixed are open', () => {
  assert.equal(topUpCeiling({ scheme: 'credit' }), 0);
  assert.equal(topUpCeiling({ scheme: 'debit' }), null);
  assert.equal(topUpCeiling({ scheme: 'mixed' }), null);
});

test('a mixed payment takes prepaid money first, then credit', () => {
  assert.deepEqual(splitPrepaidAndCredit(3000, 5000), { prepaid: 3000, credit: 2000 });
  assert.deepEqual(splitPrepaidAndCredit(8000, 5000), { prepaid: 5000, credit: 0 });
  assert.deepEqual(splitPrepaidAndCredit(-1000, 5000), { prepaid: 0, credit: 5000 });
});

test('validateDepositSettings accepts every allowed combination with a fitting limit', () => {
  for (const mode of ['advance', 'service'] as const) {
    assert.doesNotThrow(() => validateDepositSettings('debit', mode, 0));
    assert.doesNotThrow(() => validateDepositSettings('credit', mode, 100000));
  }
  assert.doesNotThrow(() => validateDepositSettings('mixed', 'service', 100000));
});

test('validateDepositSettings explains each mistake', () => {
  const cases: [DepositScheme, FiscalMode, number, string][] = [
    ['mixed', 'advance', 100000, 'deposit_combination_forbidden'],
    ['debit', 'service', 5000, 'debit_has_no_credit_limit'],
    ['credit', 'advance', 0, 'credit_limit_required'],
    ['mixed', 'service', 0, 'credit_limit_required'],
    ['credit', 'service', -1, 'credit_limit_required'],
  ];
  for (const [scheme, mode, limit, code] of cases) {
    const e = domainError(() => validateDepositSettings(scheme, mode, limit));
    assert.equal(e.kind, 'validation');
    assert.equal(e.code, code, `${scheme}+${mode} limit ${limit}`);
    assert.ok(e.messageRu && e.message);
  }
  const credit = domainError(() => validateDepositSettings('credit', 'service', 0));
  assert.match(credit.messageRu, /кредитная/);
});
