import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkDepositPaymentType,
  DepositPaymentTypeCode as C,
  requiredDepositPaymentType,
  type DepositPaymentTypeFacts,
  type DepositScheme,
  type FiscalizationMode,
} from '../../../src/integrations/iiko/deposit-payment-types.ts';
import { PAYMENT_TYPE } from '../../../src/integrations/iiko/simulator/fixtures.ts';
import { clientFor, withSim } from './helpers.ts';

const nonFiscal: DepositPaymentTypeFacts = {
  id: 'np',
  name: 'Депозит Kopilka',
  deleted: false,
  fiscal: false,
  paymentMethod: null,
};
const prepayment: DepositPaymentTypeFacts = {
  id: 'pp',
  name: 'Предоплата Kopilka',
  deleted: false,
  fiscal: true,
  paymentMethod: 'prepayment',
};
const fiscalFull: DepositPaymentTypeFacts = {
  id: 'card',
  name: 'Банковские карты',
  deleted: false,
  fiscal: true,
  paymentMethod: 'other',
};

// Seed 001: [scheme, mode, the type that fits, a type that does not, the code for the latter].
const MATRIX: [
  DepositScheme,
  FiscalizationMode,
  DepositPaymentTypeFacts,
  DepositPaymentTypeFacts,
  string,
][] = [
  ['credit', 'advance', nonFiscal, prepayment, C.mustBeNonFiscal],
  ['credit', 'service', nonFiscal, fiscalFull, C.mustBeNonFiscal],
  ['debit', 'advance', prepayment, nonFiscal, C.mustBeFiscal],
  ['debit', 'service', nonFiscal, prepayment, C.mustBeNonFiscal],
  ['mixed', 'service', nonFiscal, fiscalFull, C.mustBeNonFiscal],
];

for (const [scheme, mode, right, wrong, code] of MATRIX) {
  test(`${scheme} + ${mode}: «${right.name}» fits, «${wrong.name}» is explained`, () => {
    const ok = checkDepositPaymentType(scheme, mode, right);
    assert.deepEqual(ok, { ok: true, requirement: requiredDepositPaymentType(scheme, mode) });
    const bad = checkDepositPaymentType(scheme, mode, wrong);
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.code, code);
    assert.match(!bad.ok ? bad.message.ru : '', new RegExp(`«${wrong.name}»`));
    assert.match(!bad.ok ? bad.message.ru : '', /iikoOffice/);
    assert.match(!bad.ok ? bad.message.en : '', /iikoOffice/);
  });
}

test('mixed + advance is forbidden whatever the payment type', () => {
  assert.equal(requiredDepositPaymentType('mixed', 'advance'), null);
  for (const type of [nonFiscal, prepayment, fiscalFull]) {
    const v = checkDepositPaymentType('mixed', 'advance', type);
    assert.equal(v.ok, false);
    assert.equal(!v.ok && v.code, C.mixedAdvanceForbidden);
    assert.equal(!v.ok && v.requirement, null);
    assert.match(!v.ok ? v.message.ru : '', /нельзя фискализировать авансом/);
    assert.match(!v.ok ? v.message.en : '', /cannot be fiscalized in advance/);
  }
});

test('debit + advance: the seed’s own wording for a non-fiscal type', () => {
  const v = checkDepositPaymentType('debit', 'advance', nonFiscal);
  assert.equal(v.ok, false);
  assert.ok(
    !v.ok &&
      v.message.ru.startsWith(
        'Для дебетовой схемы с фискализацией авансом нужен фискальный тип оплаты со способом оплаты «Предоплата»; выбранный тип «Депозит Kopilka» нефискальный. Измените тип оплаты в iikoOffice: Розничные продажи → Типы оплат → «Депозит Kopilka»',
      ),
    !v.ok ? v.message.ru : '',
  );
  assert.deepEqual(!v.ok && v.requirement, { fiscal: true, paymentMethod: 'prepayment' });
});

test('debit + advance: a fiscal type must also have the payment method «Предоплата»', () => {
  const wrongMethod = checkDepositPaymentType('debit', 'advance', fiscalFull);
  assert.equal(!wrongMethod.ok && wrongMethod.code, C.mustBePrepayment);
  const unknownMethod = checkDepositPaymentType('debit', 'advance', {
    ...prepayment,
    paymentMethod: null,
  });
  assert.equal(!unknownMethod.ok && unknownMethod.code, C.methodUnknown);
  assert.match(!unknownMethod.ok ? unknownMethod.message.ru : '', /не сообщает его способ оплаты/);
});

test('unknown fiscal flag and deleted types are never accepted', () => {
  for (const [scheme, mode] of [
    ['credit', 'advance'],
    ['debit', 'advance'],
    ['debit', 'service'],
  ] as const) {
    const unknown = checkDepositPaymentType(scheme, mode, { ...nonFiscal, fiscal: null });
    assert.equal(!unknown.ok && unknown.code, C.fiscalUnknown);
    const deleted = checkDepositPaymentType(scheme, mode, { ...nonFiscal, deleted: true });
    assert.equal(!deleted.ok && deleted.code, C.deleted);
  }
  // A non-fiscal requirement does not care about the payment method.
  assert.equal(
    checkDepositPaymentType('credit', 'service', { ...nonFiscal, paymentMethod: 'other' }).ok,
    true,
  );
});

test('imported from iiko plus what iikoOffice shows: the simulator’s restaurant, all six combinations', () =>
  withSim({}, async (sim) => {
    const imported = await clientFor(sim).importPaymentTypes();
    // The payment method is what the integrator confirms from iikoOffice; the REST API has none.
    const facts = (id: string): DepositPaymentTypeFacts => {
      const t = imported.find((x) => x.id === id);
      const shown = sim.data.paymentTypes.find((x) => x.id === id);
      assert.ok(t && shown);
      const paymentMethod =
        shown.paymentMethod === null
          ? null
          : shown.paymentMethod === 'prepayment'
            ? 'prepayment'
            : 'other';
      return { ...t, paymentMethod };
    };
    const deposit = facts(PAYMENT_TYPE.deposit);
    const prepay = facts(PAYMENT_TYPE.prepayment);
    const verdicts = {
      creditAdvance: checkDepositPaymentType('credit', 'advance', deposit).ok,
      creditService: checkDepositPaymentType('credit', 'service', deposit).ok,
      debitAdvance: checkDepositPaymentType('debit', 'advance', prepay).ok,
      debitAdvanceWithDeposit: checkDepositPaymentType('debit', 'advance', deposit).ok,
      debitService: checkDepositPaymentType('debit', 'service', deposit).ok,
      mixedAdvance: checkDepositPaymentType('mixed', 'advance', deposit).ok,
      mixedService: checkDepositPaymentType('mixed', 'service', deposit).ok,
      cashForCredit: checkDepositPaymentType('credit', 'advance', facts(PAYMENT_TYPE.cash)).ok,
    };
    assert.deepEqual(verdicts, {
      creditAdvance: true,
      creditService: true,
      debitAdvance: true,
      debitAdvanceWithDeposit: false,
      debitService: true,
      mixedAdvance: false,
      mixedService: true,
      cashForCredit: false,
    });
    const certificate = checkDepositPaymentType(
      'credit',
      'advance',
      facts(PAYMENT_TYPE.certificate),
    );
    assert.equal(!certificate.ok && certificate.code, C.fiscalUnknown);
  }));
