// Tenant isolation (issue 2 acceptance): a key of organization A reads and changes nothing of
// organization B at any endpoint, and the POS ids of different restaurants never collide.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { issueCard } from '../../src/app/admin/guests.ts';
import { createRestaurant, createTerminal } from '../../src/app/admin/tenancy.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  SEED_LINES,
  testServer,
  type GuestFixture,
  type OrgFixture,
} from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let A: OrgFixture;
let B: OrgFixture;
let gA: GuestFixture;
let gB: GuestFixture;
const B_PHONE = '+7 911 000-11-22';
const B_TRACK = ';4455=2801?';

type Call = Awaited<ReturnType<typeof testServer>>['call'];

/** The same set of operations, with the same POS ids, for whichever organization runs it. */
async function operations(call: Call, key: string, cardId: number) {
  const card = { card_id: cardId };
  const results = [
    await call('POST', '/topups', key, { topup_id: 'T1', card, amount: 7000 }),
    await call('POST', '/payments', key, { payment_id: 'P1', card, amount: 1000 }),
    await call('POST', '/holds', key, { hold_id: 'H1', card, amount: 500 }),
    await call('POST', '/holds', key, { hold_id: 'H2', card, amount: 300 }),
    await call('POST', '/orders/close', key, {
      order_id: 'O1',
      card,
      lines: SEED_LINES.slice(0, 2),
      payments: [{ kind: 'deposit', amount: 65000 }],
    }),
    await call('POST', '/topups', key, { topup_id: 'T2', card, amount: 100 }),
  ];
  for (const r of results) assert.equal(r.status, 201, JSON.stringify(r.body));
  return results;
}

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  const { ctx } = server;
  A = await makeOrg(ctx, { name: 'A' });
  B = await makeOrg(ctx, { name: 'B' });
  // The same card number and UID in both organizations: each must find only its own.
  gA = await makeGuest(ctx, A, { number: '100038', uid: '61366822', funds: 100_000 });
  gB = await makeGuest(ctx, B, {
    number: '100038',
    uid: '61366822',
    phone: B_PHONE,
    funds: 200_000,
  });
  await issueCard(ctx, B.actor, { guest_id: gB.guestId, number: 'B-ONLY', track: B_TRACK });
  await operations(server.call, B.key, gB.cardId);
});

after(async () => {
  await server.app.close();
  await t.close();
});

/** Rows and balances of one organization, as one comparable value. */
async function stateOf(orgId: number) {
  const r = await sql<Record<string, unknown>>`
    select
      (select count(*) from ledger_entries where org_id = ${orgId})::int as entries,
      (select count(*) from orders where org_id = ${orgId})::int as orders,
      (select count(*) from pos_requests where org_id = ${orgId})::int as pos_requests,
      (select count(*) from bonus_lots where org_id = ${orgId})::int as lots,
      (select coalesce(sum(refunded_quantity_milli), 0)::bigint from order_lines
        where org_id = ${orgId}) as refunded,
      (select string_agg(id || ':' || status, ',' order by id) from holds
        where org_id = ${orgId}) as holds,
      (select string_agg(id || ':' || status, ',' order by id) from orders
        where org_id = ${orgId}) as order_status,
      (select string_agg(id || ':' || balance || ':' || held, ',' order by id) from accounts
        where org_id = ${orgId}) as balances,
      (select string_agg(id || ':' || coalesce(revoked_at::text, ''), ',' order by id)
        from terminals where org_id = ${orgId}) as terminals
  `.execute(server.ctx.db);
  return r.rows[0];
}

async function bDeposit() {
  return server.ctx.db
    .selectFrom('accounts')
    .select(['id', 'balance', 'held'])
    .where('org_id', '=', B.orgId)
    .where('kind', '=', 'deposit')
    .executeTakeFirstOrThrow();
}

test("A's key reaches nothing of B's at any endpoint, and changes nothing", async (tc) => {
  const bCard = { card_id: gB.cardId };
  const aCard = { card_id: gA.cardId };
  const bAccount = (await bDeposit()).id;
  const close = (payment: Record<string, unknown>, card = aCard) => ({
    order_id: 'x7',
    card,
    lines: SEED_LINES.slice(0, 1),
    payments: [{ kind: 'deposit', amount: 29000, ...payment }],
  });
  // prettier-ignore
  const cases: [string, 'GET' | 'POST', string, unknown, number, string][] = [
    ['identify B card by id', 'POST', '/identify', bCard, 404, 'card_not_found'],
    ['identify B-only number', 'POST', '/identify', { number: 'B-ONLY' }, 404, 'card_not_found'],
    ['identify B track', 'POST', '/identify', { track: B_TRACK }, 404, 'card_not_found'],
    ['identify B phone', 'POST', '/identify', { phone: B_PHONE }, 404, 'card_not_found'],
    ['B card info', 'GET', `/cards/${gB.cardId}`, undefined, 404, 'card_not_found'],
    ['B card history', 'GET', `/cards/${gB.cardId}/history`, undefined, 404, 'card_not_found'],
    ['B guest history', 'GET', `/guests/${gB.guestId}/history`, undefined, 404, 'guest_not_found'],
    ['pay with B card', 'POST', '/payments', { payment_id: 'x1', card: bCard, amount: 100 }, 404, 'card_not_found'],
    ['pay with B-only number', 'POST', '/payments', { payment_id: 'x2', card: { number: 'B-ONLY' }, amount: 100 }, 404, 'card_not_found'],
    ['pay with B phone', 'POST', '/payments', { payment_id: 'x3', card: { phone: B_PHONE }, amount: 100 }, 404, 'card_not_found'],
    ['pay from B account with A card', 'POST', '/payments', { payment_id: 'x4', card: aCard, account_id: bAccount, amount: 100 }, 404, 'deposit_account_not_found'],
    ['reverse B payment', 'POST', '/payments/P1/reverse', {}, 404, 'payment_not_found'],
    ['hold on B card', 'POST', '/holds', { hold_id: 'x5', card: bCard, amount: 100 }, 404, 'card_not_found'],
    ['hold on B account', 'POST', '/holds', { hold_id: 'x6', card: aCard, account_id: bAccount, amount: 100 }, 404, 'deposit_account_not_found'],
    ['commit B hold', 'POST', '/holds/H1/commit', {}, 404, 'hold_not_found'],
    ['cancel B hold', 'POST', '/holds/H2/cancel', {}, 404, 'hold_not_found'],
    ['close order with B card', 'POST', '/orders/close', close({}, bCard), 404, 'card_not_found'],
    ['close order paying with B card', 'POST', '/orders/close', close({ card: bCard }), 404, 'card_not_found'],
    ['close order with B account', 'POST', '/orders/close', close({ account_id: bAccount }), 404, 'deposit_account_not_found'],
    ['close order committing B hold', 'POST', '/orders/close', close({ hold_id: 'H1' }), 404, 'hold_not_found'],
    ['refund B order', 'POST', '/orders/O1/refund', { refund_id: 'x11' }, 404, 'order_not_found'],
    ['top up B card', 'POST', '/topups', { topup_id: 'x12', card: bCard, amount: 100 }, 404, 'card_not_found'],
    ['top up B account', 'POST', '/topups', { topup_id: 'x13', card: aCard, account_id: bAccount, amount: 100 }, 404, 'deposit_account_not_found'],
    ['reverse B top-up', 'POST', '/topups/T2/reverse', {}, 404, 'topup_not_found'],
  ];
  for (const [name, method, url, body, status, code] of cases) {
    await tc.test(name, async () => {
      const before = [await stateOf(A.orgId), await stateOf(B.orgId)];
      const r = await server.call(method, url, A.key, body);
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.equal(r.body.error.code, code);
      assert.ok(r.body.error.message_ru && r.body.error.message_en);
      assert.ok(!JSON.stringify(r.body).includes(String(200_000)), 'no B balance leaks out');
      assert.deepEqual([await stateOf(A.orgId), await stateOf(B.orgId)], before);
    });
  }
});

test("a key made of A's secret with B's ids is refused", async () => {
  const secret = A.key.split('_').slice(3).join('_');
  const before = await stateOf(B.orgId);
  for (const key of [
    `kp_${B.orgId}_${B.terminalId}_${secret}`,
    `kp_${B.orgId}_${A.terminalId}_${secret}`,
    `kp_${A.orgId}_${B.terminalId}_${secret}`,
  ]) {
    const r = await server.call('GET', `/cards/${gB.cardId}`, key);
    assert.equal(r.status, 401, key);
    assert.equal(r.body.error.code, 'invalid_api_key');
  }
  assert.deepEqual(await stateOf(B.orgId), before);
});

test('the same card number in two organizations: each key finds its own', async () => {
  const a = await server.call('POST', '/identify', A.key, { number: '100038' });
  const b = await server.call('POST', '/identify', B.key, { uid: '61366822' });
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.equal(a.body.card.id, gA.cardId);
  assert.equal(b.body.card.id, gB.cardId);
  assert.deepEqual(
    a.body.accounts.map((x: { id: number }) => x.id),
    [gA.bonusId, gA.depositId],
  );
});

test('the same POS ids in A and B do not collide: idempotency is per restaurant', async () => {
  const bBefore = await stateOf(B.orgId);
  // A's first use of B's ids is a first use, not a replay of B's answers.
  const results = await operations(server.call, A.key, gA.cardId);
  for (const r of results) assert.equal(r.headers['idempotent-replayed'], undefined);
  assert.equal(results[1]?.body.card_id, gA.cardId);
  const commit = await server.call('POST', '/holds/H1/commit', A.key, {});
  assert.equal(commit.status, 200, JSON.stringify(commit.body));
  assert.equal(commit.body.card_id, gA.cardId);
  const cancel = await server.call('POST', '/holds/H2/cancel', A.key, {});
  assert.equal(cancel.status, 200);
  const refund = await server.call('POST', '/orders/O1/refund', A.key, { refund_id: 'R1' });
  assert.equal(refund.status, 201, JSON.stringify(refund.body));
  const rev = await server.call('POST', '/payments/P1/reverse', A.key, {});
  assert.equal(rev.status, 200, JSON.stringify(rev.body));
  assert.equal(rev.body.amount, 1000);
  assert.deepEqual(await stateOf(B.orgId), bBefore, "A's operations left B as it was");

  // B's retry of its own id is still answered with B's first answer.
  const again = await server.call('POST', '/payments', B.key, {
    payment_id: 'P1',
    card: { card_id: gB.cardId },
    amount: 1000,
  });
  assert.equal(again.status, 200);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal(again.body.card_id, gB.cardId);
  const dep = await bDeposit();
  assert.deepEqual(
    [dep.balance, dep.held],
    [200_000 + 7000 - 1000 - 65000 + 100, 800],
    "B's holds are still active",
  );
});

test('a second restaurant of the same organization has its own POS ids', async () => {
  const r = await createRestaurant(server.ctx, A.actor, {
    name: 'Второй зал',
    time_zone: 'Europe/Moscow',
    integration: 'rkeeper7',
  });
  const term = await createTerminal(server.ctx, A.actor, { restaurant_id: r.id, name: 'Касса 2' });
  const pay = await server.call('POST', '/payments', term.key, {
    payment_id: 'P1',
    card: { card_id: gA.cardId },
    amount: 250,
  });
  assert.equal(pay.status, 201, JSON.stringify(pay.body));
  // An order of the first restaurant cannot be refunded from the second one.
  const rev = await server.call('POST', '/orders/O1/refund', term.key, { refund_id: 'R9' });
  assert.equal(rev.status, 404);
  assert.equal(rev.body.error.code, 'order_not_found');
});

test("A's history shows only A's accounts", async () => {
  const h = await server.call('GET', `/guests/${gA.guestId}/history?limit=500`, A.key);
  assert.equal(h.status, 200);
  assert.ok(h.body.rows.length > 0);
  const own = new Set([gA.bonusId, gA.depositId]);
  for (const row of h.body.rows) assert.ok(own.has(row.account_id), JSON.stringify(row));
});
