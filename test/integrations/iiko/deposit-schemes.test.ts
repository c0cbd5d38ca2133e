// Seed 001 end to end through the iikoFront plugin contract: all six deposit scheme ×
// fiscalization combinations — which iiko payment type each accepts (checked on save and on
// every payment), the balance floor each pays down to, and mixed + advance refused with the
// explanation. Top-ups record the deposit's fiscalization mode; credit is settled by repayment.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDeposit } from '../../../src/app/admin/accounts.ts';
import { topUp } from '../../../src/app/top-up.ts';
import { DomainError } from '../../../src/domain/errors.ts';
import { testDatabase } from '../../support/db.ts';
import { makeGuest } from '../../support/fixtures.ts';
import {
  balanceOf,
  footprint,
  iikoSetup,
  PAYMENT_TYPE,
  payBody,
  type IikoSetup,
} from './payment-setup.ts';

let s: IikoSetup;
before(async () => {
  s = await iikoSetup(await testDatabase());
});
after(() => s.close());

const choose = (scheme: string, fiscal_mode: string, payment_type_id: string, extra = {}) =>
  s.admin('PUT', '/iiko/deposit-payment-types', { scheme, fiscal_mode, payment_type_id, ...extra });

async function guest(
  scheme: 'debit' | 'credit' | 'mixed',
  mode: 'advance' | 'service',
  limit = 0,
  funds = 0,
) {
  return makeGuest(s.server.ctx, s.org, {
    deposit: { scheme, fiscal_mode: mode, credit_limit: limit },
    funds,
  });
}

test('credit + advance and credit + service: non-fiscal type, down to −limit', async () => {
  for (const mode of ['advance', 'service'] as const) {
    const fiscal = await choose('credit', mode, PAYMENT_TYPE.card);
    assert.equal(fiscal.status, 422);
    assert.equal(fiscal.body.error.code, 'iiko.payment_type.must_be_non_fiscal');
    assert.match(fiscal.body.error.message_ru, /нефискальный/);
    const ok = await choose('credit', mode, PAYMENT_TYPE.deposit);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));

    const g = await guest('credit', mode, 50_000);
    const first = await s.iiko('/pay', payBody(g.number, 30_000, PAYMENT_TYPE.deposit));
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.deposit.balance, -30_000);
    assert.equal(first.body.deposit.floor, -50_000);
    const over = await s.iiko('/pay', payBody(g.number, 20_001, PAYMENT_TYPE.deposit));
    assert.equal(over.status, 422);
    assert.equal(over.body.error.code, 'insufficient_funds');
    const toLimit = await s.iiko('/pay', payBody(g.number, 20_000, PAYMENT_TYPE.deposit));
    assert.equal(toLimit.status, 200);
    assert.equal(await balanceOf(s, g.depositId as number), -50_000);
  }
});

test('debit + advance: fiscal type with «Предоплата» only; a non-fiscal type is reported', async () => {
  const nonFiscal = await choose('debit', 'advance', PAYMENT_TYPE.deposit);
  assert.equal(nonFiscal.status, 422);
  assert.equal(nonFiscal.body.error.code, 'iiko.payment_type.must_be_fiscal');
  assert.match(nonFiscal.body.error.message_ru, /iikoOffice/);
  assert.match(nonFiscal.body.error.message_ru, /Предоплата/);
  // iiko Server never reports the payment method: the integrator must confirm it.
  const unconfirmed = await choose('debit', 'advance', PAYMENT_TYPE.prepayment);
  assert.equal(unconfirmed.body.error.code, 'iiko.payment_type.method_unknown');
  const card = await choose('debit', 'advance', PAYMENT_TYPE.card, {
    confirmed_payment_method: 'other',
  });
  assert.equal(card.body.error.code, 'iiko.payment_type.must_be_prepayment');
  const ok = await choose('debit', 'advance', PAYMENT_TYPE.prepayment, {
    confirmed_payment_method: 'prepayment',
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));

  const g = await guest('debit', 'advance', 0, 10_000);
  const before = await footprint(s);
  const wrong = await s.iiko('/pay', payBody(g.number, 5_000, PAYMENT_TYPE.deposit));
  assert.equal(wrong.status, 422);
  assert.equal(wrong.body.error.code, 'iiko.payment_type.not_for_deposit');
  assert.match(wrong.body.error.message_ru, /Предоплата Kopilka/);
  assert.deepEqual(await footprint(s), before);

  const paid = await s.iiko('/pay', payBody(g.number, 10_000, PAYMENT_TYPE.prepayment));
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  assert.equal(paid.body.deposit.balance, 0);
  const below = await s.iiko('/pay', payBody(g.number, 1, PAYMENT_TYPE.prepayment));
  assert.equal(below.body.error.code, 'insufficient_funds');
});

test('debit + service: non-fiscal type, never below 0', async () => {
  const fiscal = await choose('debit', 'service', PAYMENT_TYPE.prepayment, {
    confirmed_payment_method: 'prepayment',
  });
  assert.equal(fiscal.body.error.code, 'iiko.payment_type.must_be_non_fiscal');
  assert.equal((await choose('debit', 'service', PAYMENT_TYPE.deposit)).status, 200);
  const g = await guest('debit', 'service', 0, 7_000);
  const over = await s.iiko('/pay', payBody(g.number, 7_001, PAYMENT_TYPE.deposit));
  assert.equal(over.body.error.code, 'insufficient_funds');
  assert.match(over.body.error.message_ru, /Недостаточно средств/);
  const ok = await s.iiko('/pay', payBody(g.number, 7_000, PAYMENT_TYPE.deposit));
  assert.equal(ok.body.deposit.balance, 0);
});

test('mixed + service: prepaid money first, then credit down to −limit', async () => {
  assert.equal((await choose('mixed', 'service', PAYMENT_TYPE.deposit)).status, 200);
  const g = await guest('mixed', 'service', 20_000, 10_000);
  const paid = await s.iiko('/pay', payBody(g.number, 25_000, PAYMENT_TYPE.deposit));
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  assert.deepEqual(paid.body.split, { prepaid: 10_000, credit: 15_000 });
  assert.match(paid.body.messageRu, /в кредит 150\.00 ₽/);
  assert.equal(paid.body.deposit.balance, -15_000);
  const over = await s.iiko('/pay', payBody(g.number, 5_001, PAYMENT_TYPE.deposit));
  assert.equal(over.body.error.code, 'insufficient_funds');
});

test('mixed + advance is refused everywhere, with the explanation', async () => {
  const save = await choose('mixed', 'advance', PAYMENT_TYPE.deposit);
  assert.equal(save.status, 422);
  assert.equal(save.body.error.code, 'iiko.deposit.mixed_advance_forbidden');
  assert.match(save.body.error.message_ru, /нельзя фискализировать авансом/);
  const g = await guest('mixed', 'service', 10_000);
  await assert.rejects(
    openDeposit(s.server.ctx, s.org.actor, {
      guest_id: g.guestId,
      scheme: 'mixed',
      fiscal_mode: 'advance',
      credit_limit: 10_000,
    }),
    (e) => e instanceof DomainError && e.code === 'deposit_combination_forbidden',
  );
  // An account that reached the database another way (an old import) cannot pay either.
  await s.t.db
    .updateTable('accounts')
    .set({ fiscal_mode: 'advance' })
    .where('org_id', '=', s.org.orgId)
    .where('id', '=', g.depositId as number)
    .execute();
  const before = await footprint(s);
  const pay = await s.iiko('/pay', payBody(g.number, 100, PAYMENT_TYPE.deposit));
  assert.equal(pay.status, 422);
  assert.equal(pay.body.error.code, 'iiko.deposit.mixed_advance_forbidden');
  assert.deepEqual(await footprint(s), before);
  const list = await s.admin('GET', '/iiko/deposit-payment-types');
  const row = list.body.rows.find(
    (c: { scheme: string; fiscal_mode: string }) =>
      c.scheme === 'mixed' && c.fiscal_mode === 'advance',
  );
  assert.equal(row.allowed, false);
  assert.equal(row.check.code, 'iiko.deposit.mixed_advance_forbidden');
});

test('a payment type that stops fitting after a re-import is refused with what to change', async () => {
  assert.equal((await choose('debit', 'service', PAYMENT_TYPE.deposit)).status, 200);
  const g = await guest('debit', 'service', 0, 5_000);
  const deposit = s.sim.data.paymentTypes.find((t) => t.id === PAYMENT_TYPE.deposit);
  assert.ok(deposit);
  deposit.fiscal = true; // someone ticked «фискальный» in iikoOffice and it was used since
  try {
    assert.equal((await s.admin('POST', '/iiko/import')).status, 200);
    const pay = await s.iiko('/pay', payBody(g.number, 100, PAYMENT_TYPE.deposit));
    assert.equal(pay.status, 422);
    assert.equal(pay.body.error.code, 'iiko.payment_type.must_be_non_fiscal');
    assert.match(pay.body.error.message_ru, /Измените тип оплаты в iikoOffice/);
  } finally {
    deposit.fiscal = false;
    await s.admin('POST', '/iiko/import');
  }
});

test('a type iiko has not reported as fiscal or not needs the integrator to confirm it', async () => {
  const unknown = await choose('credit', 'service', PAYMENT_TYPE.certificate);
  assert.equal(unknown.body.error.code, 'iiko.payment_type.fiscal_unknown');
  const confirmed = await choose('credit', 'service', PAYMENT_TYPE.certificate, {
    confirmed_fiscal: false,
  });
  assert.equal(confirmed.status, 200);
  assert.equal(
    (await choose('credit', 'service', PAYMENT_TYPE.oldDeposit)).body.error.code,
    'iiko.payment_type.deleted',
  );
  assert.equal(
    (await choose('credit', 'service', 'no-such-type')).body.error.code,
    'iiko.payment_type.not_imported',
  );
  assert.equal((await choose('credit', 'service', PAYMENT_TYPE.deposit)).status, 200);
});

test('top-ups record the fiscalization mode; a credit deposit is settled by repayment', async () => {
  const g = await guest('credit', 'advance', 10_000);
  await s.iiko('/pay', payBody(g.number, 4_000, PAYMENT_TYPE.deposit));
  const repay = await topUp(s.server.ctx, s.org.principal, {
    topup_id: `repay-${g.cardId}`,
    card: { card_id: g.cardId },
    amount: 4_000,
    fiscal_mode: 'advance',
  });
  assert.equal(repay.result.account.balance, 0);
  const entry = await s.t.db
    .selectFrom('ledger_entries')
    .select('fiscal_mode')
    .where('org_id', '=', s.org.orgId)
    .where('id', '=', repay.result.entry_id)
    .executeTakeFirstOrThrow();
  assert.equal(entry.fiscal_mode, 'advance');
  await assert.rejects(
    topUp(s.server.ctx, s.org.principal, {
      topup_id: `over-${g.cardId}`,
      card: { card_id: g.cardId },
      amount: 1,
    }),
    (e) => e instanceof DomainError && e.code === 'credit_topup_exceeds_debt',
  );
});
