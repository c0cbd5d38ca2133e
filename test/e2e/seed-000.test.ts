// Seed 000 end to end through the POS API: the six-roll check of 2350.00 paid from the
// card's deposit at «Касса r-keeper» shows up as six per-item debits in the card's history.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg, SEED_LINES, testServer, type GuestFixture, type OrgFixture } from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;
let guest: GuestFixture;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  org = await makeOrg(server.ctx, { name: 'Тестовая' });
  guest = await makeGuest(server.ctx, org, { number: '100038', uid: '61366822', funds: 500_000 });
});
after(async () => {
  await server.app.close();
  await t.close();
});

const check = { order_id: '2226634', check_number: '2226634', card: { uid: '61366822' }, lines: SEED_LINES, payments: [{ kind: 'deposit', amount: 235000 }] };

test('identify by UID shows the holder and the deposit', async () => {
  const r = await server.call('POST', '/identify', org.key, { uid: '61366822' });
  assert.equal(r.status, 200);
  assert.equal(r.body.card.number, '100038');
  const deposit = r.body.accounts.find((a: { kind: string }) => a.kind === 'deposit');
  assert.equal(deposit.balance, 500_000);
  assert.equal(deposit.available, 500_000);
});

test('the 2350.00 check paid from the deposit yields six per-item debits', async () => {
  const r = await server.call('POST', '/orders/close', org.key, check);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.total, 235000);
  assert.deepEqual(
    r.body.payments[0].entries.map((e: { amount: number }) => e.amount),
    [-29000, -36000, -43000, -41000, -65000, -21000],
  );
  assert.equal(r.body.accounts[0].balance, 500_000 - 235_000);
  assert.equal(r.body.test_mode_lifted, true, 'the first closed order lifts test mode');

  const h = await server.call('GET', `/cards/${guest.cardId}/history?limit=10`, org.key);
  assert.equal(h.status, 200);
  const debits = h.body.rows.filter((row: { type_code: string }) => row.type_code === 'payment');
  assert.equal(debits.length, 6);
  // Newest first, as Lime shows it: the last line of the check on top.
  assert.deepEqual(
    debits.map((row: { amount: number; item: string }) => [row.amount / 100, row.item]),
    [
      [-210, 'Маки ролл с лососем и сливочным сыром'],
      [-650, 'Горячая Филадельфия ролл'],
      [-410, 'Ролл Бонито'],
      [-430, 'Запеченный ролл с угрем'],
      [-360, 'Запеченный ролл Нежный с лососем'],
      [-290, 'Запеченный ролл с курицей'],
    ],
  );
  for (const row of debits) {
    assert.equal(row.type, 'О');
    assert.equal(row.account, 'Депозит');
    assert.equal(row.point_of_service, 'Касса r-keeper');
    assert.equal(row.payer_card, '61366822');
    assert.equal(row.payment, 0);
    assert.equal(row.soft_offline, false);
  }
});

test('closing the same check again changes nothing and answers the same', async () => {
  const again = await server.call('POST', '/orders/close', org.key, check);
  assert.equal(again.status, 200);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  const info = await server.call('GET', `/cards/${guest.cardId}`, org.key);
  assert.equal(info.body.accounts.find((a: { kind: string }) => a.kind === 'deposit').balance, 265_000);
  const changed = await server.call('POST', '/orders/close', org.key, { ...check, payments: [{ kind: 'cash', amount: 235000 }] });
  assert.equal(changed.status, 409);
  assert.equal(changed.body.error.code, 'idempotency_key_reused');
});

test('a refund of one roll, then of the rest, restores the balance exactly', async () => {
  const one = await server.call('POST', '/orders/2226634/refund', org.key, { refund_id: 'r1', lines: [{ line_no: 5, quantity_milli: 1000 }] });
  assert.equal(one.status, 201, JSON.stringify(one.body));
  assert.equal(one.body.status, 'partially_refunded');
  assert.deepEqual(one.body.entries.map((e: { amount: number }) => e.amount), [65000]);
  const rest = await server.call('POST', '/orders/2226634/refund', org.key, { refund_id: 'r2' });
  assert.equal(rest.status, 201);
  assert.equal(rest.body.status, 'refunded');
  assert.equal(rest.body.accounts[0].balance, 500_000);
  const more = await server.call('POST', '/orders/2226634/refund', org.key, { refund_id: 'r3' });
  assert.equal(more.status, 422);
  assert.equal(more.body.error.code, 'nothing_to_refund');
});
