// What a FarCards Sale reads and writes, and when. The first check of a restaurant goes the
// pessimistic way (it lifts test mode); after it a Sale is one read (the card, its guest, the
// program's head, the accounts and the wallet's lots) and one write (the claim, the order,
// every ledger change and the close's events), with no transaction. A program changed between two checks still
// applies to the next one: the head is read with every check.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { saveRank } from '../../../src/app/loyalty/admin.ts';
import { SEED_000_CARD, seed000Order } from '../../../src/integrations/rkeeper/simulator/dictionaries.ts';
import { assertSqlSnapshot } from '../../support/sql-snapshots.ts';
import { statementCounter, testDatabase, type TestDatabase } from '../../support/db.ts';
import { manualClock } from '../../support/fixtures.ts';
import { answerAttrs, counts, depositBalance, farCardsSetup, SEED_000_NOW } from './helpers.ts';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof farCardsSetup>>;
const FUNDS = 2_000_000;

const counter = statementCounter();

before(async () => {
  t = await testDatabase();
  // The clock moves at every reading: a Sale must take its instant once, or its second reading
  // no longer matches what the first read and costs a statement.
  s = await farCardsSetup({ ...t, db: t.db.withPlugin(counter.plugin) }, FUNDS, manualClock(SEED_000_NOW, 1));
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

test('a Sale paid from the deposit is 2 statements: the read, then the claim with the order, its entries and its events', async () => {
  assert.equal(answerAttrs((await sale(1)).root, 'TransactionsEx').Result, '0'); // test mode lifted
  counter.take();
  const r = await sale(2);
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0', r.body);
  const [read, write, ...more] = counter.takeTexts();
  assert.deepEqual(more, []);
  assertSqlSnapshot('farcards-sale-read', read);
  assertSqlSnapshot('farcards-sale-write', write);
  assert.equal(await depositBalance(t, s.guest), FUNDS - 2 * 235_000);
  const events = await t.db
    .selectFrom('outbox_events as ev')
    .innerJoin('orders as o', (j) =>
      j.onRef('o.org_id', '=', 'ev.org_id').on(sql`ev.dedup_key`, '=', sql`'order.closed:' || o.id`),
    )
    .select(['ev.type', 'ev.payload'])
    .where('o.check_number', '=', '2')
    .execute();
  assert.deepEqual(
    events.map((e) => [e.type, (e.payload as { total: number }).total]),
    [['order.closed', 235_000]],
  );
});

test('its replay is answered by the read alone (it finds the claim and its answer), and changes nothing', async () => {
  const before = await counts(t);
  counter.take();
  const r = await sale(2);
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0', r.body);
  assert.equal(counter.take(), 1);
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

test('a Sale that also accrues is still 2 statements: the rank spend rides on the read', async () => {
  counter.take();
  const r = await sale(5);
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0', r.body);
  const [read, write, ...more] = counter.takeTexts();
  assert.deepEqual(more, []);
  assertSqlSnapshot('farcards-sale-read-with-rank', read);
  assertSqlSnapshot('farcards-sale-accrual-write', write);
  const wallet = await t.db
    .selectFrom('accounts')
    .select('balance')
    .where('id', '=', s.guest.bonusId)
    .executeTakeFirstOrThrow();
  assert.equal(wallet.balance, 2 * 11_750);
  assert.equal(await depositBalance(t, s.guest), FUNDS - 3 * 235_000);
});

test('the spend read with the Sale decides the rank: past a threshold the next check earns more', async () => {
  const accrued = async (order: number) => {
    const rows = await t.db
      .selectFrom('ledger_entries as e')
      .innerJoin('orders as o', (j) => j.onRef('o.org_id', '=', 'e.org_id').onRef('o.id', '=', 'e.order_id'))
      .select('e.amount')
      .where('e.type', '=', 'bonus_accrual')
      .where('o.check_number', '=', String(order))
      .execute();
    return rows.reduce((sum, e) => sum + e.amount, 0);
  };
  // Four checks of 2350.00 so far: 9400.00 spent. Silver from 9000.00 earns 10 %.
  await saveRank(s.server.ctx, s.org.actor, null, { name: 'Серебро', threshold: 900_000, accrualBp: 1000, discountBp: 0 });
  assert.equal(answerAttrs((await sale(6)).root, 'TransactionsEx').Result, '0'); // loads the program
  counter.take();
  const r = await sale(7);
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0', r.body);
  assert.equal(counter.take(), 2);
  assert.equal(await accrued(7), 23_500);
});

test('a packet naming an unknown card is refused before anything is written', async () => {
  const before = await counts(t);
  const order = { ...check(4), payments: seed000Order().payments.map((p) => ({ ...p, cardCode: '404404' })) };
  const r = await s.post('transactionsex', s.till.transactionsBody('404404', order, 'Sale', 0));
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '1', r.body);
  assert.equal(answerAttrs(r.root, 'TRRESPONSE').error_code, '2002');
  assert.deepEqual(await counts(t), before);
});
