// The transactional outbox and its worker: an event exists iff its transaction committed; a
// receiver failing three times then answering 200 gets exactly four attempts and no fifth;
// internal targets are refused; a dead delivery is retried by hand; two workers never send one
// delivery twice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createContext, inTransaction, type AppContext } from '../../src/app/context.ts';
import { closeOrder } from '../../src/app/close-order.ts';
import { recordEvents } from '../../src/app/events.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  createSubscription,
  listDeliveries,
  deliveryAttempts,
  retryDelivery,
} from '../../src/events/subscriptions.ts';
import { httpSender } from '../../src/events/webhook-sender.ts';
import { DEFAULT_WORKER, workOnce, type WorkerOptions } from '../../src/events/worker.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  manualClock,
  SEED_LINES,
  type OrgFixture,
} from '../support/fixtures.ts';
import { receiver } from './receiver.ts';

let t: TestDatabase;
let ctx: AppContext;
const clock = manualClock();
const worker: WorkerOptions = {
  ...DEFAULT_WORKER,
  maxAttempts: 5,
  send: httpSender({ allowPrivate: true, timeoutMs: 5_000 }),
};

before(async () => {
  t = await testDatabase();
  ctx = createContext(t.db, { now: clock.now });
});
after(async () => {
  await t.close();
});

const eventsOf = (orgId: number) =>
  t.db
    .selectFrom('outbox_events')
    .select(['type', 'dedup_key', 'payload'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();

/** Rounds of the worker, the clock moved past every backoff between them. */
async function drain(rounds: number, opts = worker) {
  for (let i = 0; i < rounds; i++) {
    await workOnce(ctx, opts);
    clock.advance(7 * 3_600_000);
  }
}

async function closeFromDeposit(org: OrgFixture, cardId: number, orderId: string) {
  return closeOrder(ctx, org.principal, {
    order_id: orderId,
    card: { card_id: cardId },
    lines: SEED_LINES,
    payments: [{ kind: 'deposit', amount: 235_000 }],
  });
}

test('a close writes its events in its own transaction; a refused close writes none', async () => {
  const org = await makeOrg(ctx);
  const g = await makeGuest(ctx, org, { funds: 300_000 });
  const before = (await eventsOf(org.orgId)).length;
  await closeFromDeposit(org, g.cardId, 'ev-1');
  const written = (await eventsOf(org.orgId)).slice(before);
  assert.deepEqual(
    written.map((e) => e.type),
    ['order.closed', 'deposit.debited'],
  );
  const closed = written[0]?.payload as Record<string, unknown>;
  assert.equal(closed.order_id, 'ev-1');
  assert.equal(closed.total, 235_000);
  assert.equal(closed.guest_id, g.guestId);

  // The second close finds too little money: its transaction rolls back, and its events too.
  await assert.rejects(closeFromDeposit(org, g.cardId, 'ev-2'), DomainError);
  assert.equal((await eventsOf(org.orgId)).length, before + 2);

  // A replayed close answers from its idempotency record and records nothing again.
  await closeFromDeposit(org, g.cardId, 'ev-1');
  assert.equal((await eventsOf(org.orgId)).length, before + 2);
});

test('an event recorded in a transaction that rolls back does not exist', async () => {
  const org = await makeOrg(ctx);
  const event = {
    type: 'guest.registered' as const,
    key: 'rolled-back',
    at: clock.now(),
    data: {},
  };
  await assert.rejects(
    inTransaction(ctx, async (tx) => {
      await recordEvents(tx, org.orgId, [event]);
      throw new Error('changed my mind');
    }),
    /changed my mind/,
  );
  assert.equal(
    (await eventsOf(org.orgId)).filter((e) => e.dedup_key.endsWith('rolled-back')).length,
    0,
  );
  // The same fact recorded twice is one event.
  await inTransaction(ctx, (tx) => recordEvents(tx, org.orgId, [event, event]));
  await inTransaction(ctx, (tx) => recordEvents(tx, org.orgId, [event]));
  assert.equal(
    (await eventsOf(org.orgId)).filter((e) => e.dedup_key.endsWith('rolled-back')).length,
    1,
  );
});

test('a receiver answering 500 three times, then 200, gets four attempts and no more', async () => {
  await drain(1); // whatever earlier tests left
  const org = await makeOrg(ctx);
  const hook = await receiver((n) => (n <= 3 ? 500 : 200));
  try {
    const sub = await createSubscription(
      ctx,
      org.actor,
      { url: hook.url, event_types: ['order.closed'] },
      true,
    );
    assert.match(sub.secret, /^whsec_/);
    const g = await makeGuest(ctx, org, { funds: 300_000 });
    await closeFromDeposit(org, g.cardId, 'retry-1');
    await drain(8);
    assert.equal(hook.got.length, 4);
    assert.ok(hook.got.every((r) => r.json.type === 'order.closed'));
    assert.ok(hook.got.every((r) => hook.signedWith(r, sub.secret)));
    assert.equal(new Set(hook.got.map((r) => r.headers['webhook-id'])).size, 1);
    const { deliveries } = await listDeliveries(ctx, org.orgId, {});
    assert.equal(deliveries.length, 1);
    const d = deliveries[0];
    assert.equal(d?.status, 'delivered');
    assert.equal(d?.attempts, 4);
    const attempts = await deliveryAttempts(ctx, org.orgId, d?.id ?? 0);
    assert.deepEqual(
      attempts.map((a) => a.status),
      [500, 500, 500, 200],
    );
    assert.equal(attempts[3]?.response, 'answer 200');
  } finally {
    await hook.close();
  }
});

test('a receiver that never answers 2xx ends dead; a retry by hand delivers it', async () => {
  await drain(1);
  const org = await makeOrg(ctx);
  let healthy = false;
  const hook = await receiver(() => (healthy ? 204 : 503));
  try {
    await createSubscription(ctx, org.actor, { url: hook.url, event_types: ['*'] }, true);
    await makeGuest(ctx, org, { deposit: null });
    await drain(8);
    assert.equal(hook.got.length, worker.maxAttempts);
    const dead = await listDeliveries(ctx, org.orgId, { status: 'dead' });
    assert.equal(dead.deliveries.length, 1);
    assert.equal(dead.deliveries[0]?.last_status, 503);
    healthy = true;
    await retryDelivery(ctx, org.actor, dead.deliveries[0]?.id ?? 0);
    await drain(3);
    assert.equal(hook.got.length, worker.maxAttempts + 1);
    assert.equal(
      (await listDeliveries(ctx, org.orgId, { status: 'delivered' })).deliveries.length,
      1,
    );
    await assert.rejects(
      retryDelivery(ctx, org.actor, dead.deliveries[0]?.id ?? 0),
      (e: unknown) => e instanceof DomainError && e.code === 'delivery_not_dead',
    );
  } finally {
    await hook.close();
  }
});

test('webhooks to loopback and private addresses are refused with a clear error', async () => {
  const org = await makeOrg(ctx);
  for (const url of [
    'http://127.0.0.1:9/x',
    'https://10.0.0.1/hook',
    'http://localhost:8080/',
    'http://[::1]/',
  ]) {
    await assert.rejects(
      createSubscription(ctx, org.actor, { url, event_types: ['*'] }, false),
      (e: unknown) =>
        e instanceof DomainError &&
        e.code === 'webhook_target_private' &&
        /internal network|внутреннюю сеть/.test(`${e.message} ${e.messageRu}`),
      url,
    );
  }
  // A subscription saved while allowed is still refused at sending when no longer allowed.
  const hook = await receiver(() => 200);
  try {
    await createSubscription(ctx, org.actor, { url: hook.url, event_types: ['*'] }, true);
    await makeGuest(ctx, org, { deposit: null });
    await drain(2, { ...worker, send: httpSender({ allowPrivate: false, timeoutMs: 1_000 }) });
    assert.equal(hook.got.length, 0);
    const dead = await listDeliveries(ctx, org.orgId, { status: 'dead' });
    assert.equal(dead.deliveries.length, 1);
    assert.match(
      dead.deliveries[0]?.last_error ?? '',
      /127\.0\.0\.1 is a private or loopback address/,
    );
  } finally {
    await hook.close();
  }
});

test('two workers at once never send one delivery twice', async () => {
  await drain(1);
  const org = await makeOrg(ctx);
  const hook = await receiver(async () => {
    await new Promise((r) => setTimeout(r, 2));
    return 200;
  });
  try {
    await createSubscription(ctx, org.actor, { url: hook.url, event_types: ['*'] }, true);
    const N = 60;
    await inTransaction(ctx, (tx) =>
      recordEvents(
        tx,
        org.orgId,
        Array.from({ length: N }, (_, i) => ({
          type: 'guest.registered' as const,
          key: `many-${i}`,
          at: clock.now(),
          data: { i },
        })),
      ),
    );
    const small = { ...worker, batch: 7, concurrency: 4 };
    const second = createContext(t.db, { now: clock.now, secrets: ctx.secrets });
    const run = async (c: AppContext) => {
      for (let idle = 0; idle < 3;) idle = (await workOnce(c, small)) === 0 ? idle + 1 : 0;
    };
    await Promise.all([run(ctx), run(second)]);
    const ids = hook.got.map((r) => String(r.headers['webhook-id']));
    assert.equal(ids.length, N);
    assert.equal(new Set(ids).size, N);
  } finally {
    await hook.close();
  }
});
