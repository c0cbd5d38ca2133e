// Seed 000 through FarCards exactly: the card by its UID, the 2350.00 check paid from the
// deposit as six per-item entries, the rollback restoring the balance, repeats changing nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { history } from '../../../src/app/history.ts';
import { SEED_000_CARD, seed000Order } from '../../../src/integrations/rkeeper/simulator/dictionaries.ts';
import { testDatabase, type TestDatabase } from '../../support/db.ts';
import { answerAttrs, counts, depositBalance, farCardsSetup } from './helpers.ts';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof farCardsSetup>>;

before(async () => {
  t = await testDatabase();
  s = await farCardsSetup(t);
});
after(async () => {
  await s.server.app.close();
  await t.close();
});

test('getcardinfoex by UID 61366822 shows the holder and the available deposit in kopecks', async () => {
  const r = await s.post('getcardinfoex', s.till.cardInfoBody(String(SEED_000_CARD.uid)));
  assert.equal(r.status, 200);
  const a = answerAttrs(r.root, 'GetCardInfoEx');
  assert.equal(a.Result, '0');
  assert.match(a.Holder ?? '', /^Гость N\d+$/);
  assert.equal(a.Summa, '500000');
  assert.equal(a.Sum2, '0');
  assert.equal(a.Account, '61366822');
  assert.deepEqual([a.Deleted, a.Seize, a.StopDate, a.Holy, a.Manager, a.Locked], ['0', '0', '0', '0', '0', '0']);
  assert.match(a.ScrMessage ?? '', /Депозит: 5000\.00 руб\./);
  assert.match(a.PrnMessage ?? '', /^Карта 100038\nДепозит: 5000\.00 руб\.\nБонусы: 0\.00/);
  assert.ok((a.PrnMessage ?? '').length <= 255 && (a.Holder ?? '').length <= 39);
});

test('the 2350.00 check closes as six per-item deposit entries and lifts test mode', async () => {
  const before = await t.db.selectFrom('restaurants').select('test_mode').where('id', '=', s.org.restaurantId).executeTakeFirstOrThrow();
  assert.equal(before.test_mode, true);
  const r = await s.post('transactionsex', s.till.transactionsBody(SEED_000_CARD.code, seed000Order(), 'Sale', SEED_000_CARD.uid));
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0', r.body);
  const entries = await t.db
    .selectFrom('ledger_entries')
    .select(['amount', 'item_name', 'type', 'soft_offline'])
    .where('org_id', '=', s.org.orgId)
    .where('type', '=', 'payment')
    .orderBy('line_no')
    .execute();
  assert.deepEqual(entries.map((e) => e.amount), [-29000, -36000, -43000, -41000, -65000, -21000]);
  assert.equal(entries[4]?.item_name, 'Горячая Филадельфия ролл');
  assert.ok(entries.every((e) => !e.soft_offline));
  assert.equal(await depositBalance(t, s.guest), 500000 - 235000);
  const rest = await t.db.selectFrom('restaurants').select('test_mode').where('id', '=', s.org.restaurantId).executeTakeFirstOrThrow();
  assert.equal(rest.test_mode, false);
  const h = await history(t.db, s.org.orgId, { cardId: s.guest.cardId }, {});
  const payments = h.rows.filter((x) => x.type_code !== 'П' && x.amount < 0);
  assert.equal(payments.length, 6);
  assert.ok(payments.every((x) => x.point_of_service === 'Касса r-keeper' && x.soft_offline === false));
  const info = await s.post('getcardinfoex', s.till.cardInfoBody(SEED_000_CARD.code));
  assert.equal(answerAttrs(info.root, 'GetCardInfoEx').Summa, '265000');
});

test('a repeat of the same post changes nothing and is answered Result=0', async () => {
  const before = await counts(t);
  const r = await s.post('transactionsex', s.till.transactionsBody(SEED_000_CARD.code, seed000Order(), 'Sale', SEED_000_CARD.uid));
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0');
  assert.deepEqual(await counts(t), before);
  assert.equal(await depositBalance(t, s.guest), 265000);
});

test('the same check with other amounts under the same identifiers is refused, nothing written', async () => {
  const before = await counts(t);
  const order = seed000Order();
  const changed = { ...order, lines: order.lines.slice(1), payments: [{ ...order.payments[0]!, sum: 206000 }] };
  const r = await s.post('transactionsex', s.till.transactionsBody(SEED_000_CARD.code, changed, 'Sale', SEED_000_CARD.uid));
  const a = answerAttrs(r.root, 'TransactionsEx');
  assert.equal(a.Result, '1');
  assert.equal(answerAttrs(r.root, 'TRRESPONSE').error_code, '2003');
  assert.deepEqual(await counts(t), before);
});

test('a rollback restores the balance; its repeat changes nothing', async () => {
  const body = s.till.transactionsBody(SEED_000_CARD.code, seed000Order(), 'SaleRollback', SEED_000_CARD.uid);
  const r = await s.post('transactionsex', body);
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0', r.body);
  assert.equal(await depositBalance(t, s.guest), 500000);
  const reversals = await t.db.selectFrom('ledger_entries').select('amount').where('type', '=', 'reversal').orderBy('id').execute();
  assert.deepEqual(reversals.map((e) => e.amount), [29000, 36000, 43000, 41000, 65000, 21000]);
  const before = await counts(t);
  const again = await s.post('transactionsex', body);
  assert.equal(answerAttrs(again.root, 'TransactionsEx').Result, '0');
  assert.deepEqual(await counts(t), before);
  assert.equal(await depositBalance(t, s.guest), 500000);
});
