// What a FarCards Sale reads and writes, and when. The first check of a restaurant goes the
// pessimistic way (it lifts test mode); after it a Sale is one read (the card, its guest, the
// program's head, the accounts and the wallet's lots) and one write (the claim, the order and
// every ledger change), with no transaction. A program changed between two checks still
// applies to the next one: the head is read with every check.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { saveRank } from '../../../src/app/loyalty/admin.ts';
import { SEED_000_CARD, seed000Order } from '../../../src/integrations/rkeeper/simulator/dictionaries.ts';
import { testDatabase, type TestDatabase } from '../../support/db.ts';
import { answerAttrs, counts, depositBalance, farCardsSetup } from './helpers.ts';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof farCardsSetup>>;
let statements = 0;
const FUNDS = 1_000_000;

// Counts the statements Kysely executes, once each (begin and commit are not among them); a
// query nested in another is transformed, not executed, so it is not counted.
const counter: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async (args) => {
    statements++;
    return args.result;
  },
};

before(async () => {
  t = await testDatabase();
  s = await farCardsSetup({ ...t, db: t.db.withPlugin(counter) }, FUNDS);
});
after(async () => {
  await s.server.app.close();
  await t.close();
});

const check = (n: number) => ({
  ...seed000Order(),
  checkNum: n,
  orderGuid: `{B0000000-0000-4000-8000-${String(n).padStart(12, '0')}}`,
});
const sale = (n: number) => s.post('transactionsex', s.till.transactionsBody(SEED_000_CARD.code, check(n), 'Sale', SEED_000_CARD.uid));

test('a Sale paid from the deposit is 2 statements: the read, then the claim with the order and its entries', async () => {
  assert.equal(answerAttrs((await sale(1)).root, 'TransactionsEx').Result, '0'); // test mode lifted
  statements = 0;
  const r = await sale(2);
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0', r.body);
  assert.equal(statements, 2);
  assert.equal(await depositBalance(t, s.guest), FUNDS - 2 * 235_000);
});

test('its replay is the read, then the claim and the first answer, and changes nothing', async () => {
  const before = await counts(t);
  statements = 0;
  const r = await sale(2);
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0', r.body);
  assert.equal(statements, 3);
  assert.deepEqual(await counts(t), before);
});

test('a rank saved between two checks applies to the next one', async () => {
  const accruals = () =>
    t.db.selectFrom('ledger_entries').select('amount').where('type', '=', 'bonus_accrual').execute();
  assert.deepEqual(await accruals(), []);
  await saveRank(s.server.ctx, s.org.actor, null, { name: 'Все', threshold: 0, accrualBp: 500, discountBp: 0 });
  const r = await s.post('transactionsex', s.till.transactionsBody(SEED_000_CARD.code, { ...check(3), payments: [] }, 'Sale', SEED_000_CARD.uid));
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0', r.body);
  // 5 % of 2350.00, split over the six lines.
  assert.equal((await accruals()).reduce((sum, e) => sum + e.amount, 0), 11_750);
});

test('a Sale that also accrues adds one read, the rank spend, and writes everything in one statement', async () => {
  statements = 0;
  const r = await sale(5);
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0', r.body);
  // the read with the wallet's lots, the rank spend, the order with everything
  assert.equal(statements, 3);
  const wallet = await t.db
    .selectFrom('accounts')
    .select('balance')
    .where('id', '=', s.guest.bonusId)
    .executeTakeFirstOrThrow();
  assert.equal(wallet.balance, 2 * 11_750);
  assert.equal(await depositBalance(t, s.guest), FUNDS - 3 * 235_000);
});

test('a packet naming an unknown card is refused before anything is written', async () => {
  const before = await counts(t);
  const order = { ...check(4), payments: seed000Order().payments.map((p) => ({ ...p, cardCode: '404404' })) };
  const r = await s.post('transactionsex', s.till.transactionsBody('404404', order, 'Sale', 0));
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '1', r.body);
  assert.equal(answerAttrs(r.root, 'TRRESPONSE').error_code, '2002');
  assert.deepEqual(await counts(t), before);
});
