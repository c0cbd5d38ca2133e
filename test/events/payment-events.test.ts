// Events of payments outside a check close (issue 17): a one-shot payment (POS API; iikoFront
// goes through the same use case), a hold made, committed, cancelled or found expired, and
// money given back (a check's refund, a payment's reversal, return and emergency cancel). Each
// is written in the transaction of its change: exactly once per fact, none when the change is
// refused (rolled back), none more when the till sends the same request again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cancelPayment, returnPayment } from '../../src/app/payment-returns.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  SEED_LINES,
  testServer,
  type OrgFixture,
} from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  org = await makeOrg(server.ctx);
});
after(async () => {
  await server.app.close();
  await t.close();
});

const events = async () =>
  (
    await t.db
      .selectFrom('outbox_events')
      .select(['type', 'dedup_key', 'payload'])
      .where('org_id', '=', org.orgId)
      .orderBy('id')
      .execute()
  ).map((e) => ({ type: e.type, key: e.dedup_key, data: e.payload as Record<string, unknown> }));

/** The events `work` adds, as types. */
async function added(work: () => Promise<unknown>) {
  const before = (await events()).length;
  await work();
  return (await events()).slice(before);
}

const post = async (url: string, body: Record<string, unknown>, status = 201) => {
  const r = await server.call('POST', url, org.key, body);
  assert.equal(r.status, status, `${url} ${JSON.stringify(r.body)}`);
  return r.body;
};

test('a one-shot payment: order.closed and deposit.debited once; a replay and a refusal add none', async () => {
  const g = await makeGuest(server.ctx, org, { funds: 100_000 });
  const body = { payment_id: 'p-1', card: { card_id: g.cardId }, amount: 30_000 };
  const got = await added(() => post('/payments', body));
  assert.deepEqual(
    got.map((e) => e.type),
    ['order.closed', 'deposit.debited'],
  );
  const [closed, debited] = got as [(typeof got)[0], (typeof got)[0]];
  assert.equal(closed.data.paid_by, 'payment');
  assert.equal(closed.data.payment_id, 'p-1');
  assert.equal(closed.data.total, 30_000);
  assert.equal(debited.data.amount, 30_000);
  assert.equal(debited.data.guest_id, g.guestId);
  assert.equal((await added(() => post('/payments', body, 200))).length, 0, 'a replay');
  const refused = await added(() =>
    post('/payments', { ...body, payment_id: 'p-2', amount: 1_000_000 }, 422),
  );
  assert.equal(refused.length, 0, 'a refused payment rolls its events back');
});

test('a hold: created, committed (with its order) or cancelled, each once; an expired one told once', async () => {
  const g = await makeGuest(server.ctx, org, { funds: 100_000 });
  const card = { card_id: g.cardId };
  const made = await added(() => post('/holds', { hold_id: 'h-1', card, amount: 20_000 }));
  assert.deepEqual(
    made.map((e) => e.type),
    ['hold.created'],
  );
  assert.equal(made[0]!.data.amount, 20_000);
  const commit = await added(() => post('/holds/h-1/commit', { amount: 15_000 }, 200));
  assert.deepEqual(commit.map((e) => e.type).sort(), [
    'deposit.debited',
    'hold.committed',
    'order.closed',
  ]);
  const committed = commit.find((e) => e.type === 'hold.committed')!;
  assert.deepEqual([committed.data.committed, committed.data.released], [15_000, 5_000]);
  assert.equal(commit.find((e) => e.type === 'order.closed')!.data.paid_by, 'hold');
  assert.equal((await added(() => post('/holds/h-1/commit', { amount: 15_000 }, 200))).length, 0);

  await post('/holds', { hold_id: 'h-2', card, amount: 10_000 });
  const cancel = await added(() => post('/holds/h-2/cancel', {}, 200));
  assert.deepEqual(
    cancel.map((e) => e.type),
    ['hold.cancelled'],
  );
  assert.equal(cancel[0]!.data.released, 10_000);
  assert.equal((await added(() => post('/holds/h-2/cancel', {}, 200))).length, 0);

  await post('/holds', { hold_id: 'h-3', card, amount: 5_000, ttl_seconds: 60 });
  server.clock.advance(120_000);
  const expired = await added(() =>
    post('/payments', { payment_id: 'p-after', card, amount: 1_000 }),
  );
  assert.deepEqual(
    expired.map((e) => e.type),
    ['hold.expired', 'order.closed', 'deposit.debited'],
  );
  assert.equal(expired[0]!.data.hold_id, 'h-3');
});

test('money back: a refund, a reversal, a return and a cancel each tell once what came back', async () => {
  const g = await makeGuest(server.ctx, org, { funds: 500_000 });
  const card = { card_id: g.cardId };
  await post('/orders/close', {
    order_id: 'o-1',
    card,
    lines: SEED_LINES,
    payments: [{ kind: 'deposit', amount: 235_000 }],
  });
  const refund = await added(() => post('/orders/o-1/refund', { refund_id: 'r-1' }));
  assert.deepEqual(
    refund.map((e) => e.type),
    ['order.refunded'],
  );
  assert.equal(refund[0]!.data.order_id, 'o-1');
  assert.equal(refund[0]!.data.status, 'refunded');
  assert.ok(
    (refund[0]!.data.returned as { kind: string; amount: number }[]).some(
      (r) => r.kind === 'deposit' && r.amount === 235_000,
    ),
  );
  assert.equal(
    (await added(() => post('/orders/o-1/refund', { refund_id: 'r-1' }, 200))).length,
    0,
  );

  await post('/payments', { payment_id: 'p-10', card, amount: 10_000 });
  const reversal = await added(() => post('/payments/p-10/reverse', {}, 200));
  assert.deepEqual(
    reversal.map((e) => [e.type, e.data.by, e.data.amount]),
    [['payment.returned', 'reversal', 10_000]],
  );

  await post('/payments', { payment_id: 'p-11', card, amount: 10_000 });
  const ret = await added(() =>
    returnPayment(server.ctx, org.principal, 'p-11', { return_id: 'ret-1', amount: 4_000 }),
  );
  assert.deepEqual(
    ret.map((e) => [e.type, e.data.by, e.data.amount]),
    [['payment.returned', 'return', 4_000]],
  );
  const cancel = await added(() => cancelPayment(server.ctx, org.principal, 'p-11', {}));
  assert.deepEqual(
    cancel.map((e) => [e.type, e.data.by, e.data.amount]),
    [['payment.returned', 'cancel', 6_000]],
  );
  assert.equal((await added(() => cancelPayment(server.ctx, org.principal, 'p-11', {}))).length, 0);
  const barred = await added(() => cancelPayment(server.ctx, org.principal, 'never-made', {}));
  assert.equal(barred.length, 0, 'nothing moved, nothing told');
});
