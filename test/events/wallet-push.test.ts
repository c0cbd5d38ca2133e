// Wallet passes kept live through the outbox, on both databases, against a local HTTP/2 fake of
// APNs that admits only the organization's pass certificate: a close that changes a balance
// marks the pass changed and queues a push (the close itself touches neither), the worker
// pushes an empty notification with the pass type as topic, a failure is retried with backoff,
// a token APNs calls gone is unregistered, and with a running worker the push arrives within
// its cycle; the phone then sees the serial as updated and gets the new balance in the pass.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { closeOrder } from '../../src/app/close-order.ts';
import { apnsPusher } from '../../src/app/wallet/apns.ts';
import { buildPass } from '../../src/app/wallet/apple-pass.ts';
import { saveAppleSettings } from '../../src/app/wallet/apple-settings.ts';
import { ensurePass } from '../../src/app/wallet/passes.ts';
import { registerDevice, updatedSerials } from '../../src/app/wallet/registrations.ts';
import { httpSender } from '../../src/events/webhook-sender.ts';
import {
  DEFAULT_WORKER,
  startWorker,
  workOnce,
  type WorkerOptions,
} from '../../src/events/worker.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  manualClock,
  type GuestFixture,
  type OrgFixture,
} from '../support/fixtures.ts';
import { unpackPass } from '../support/pkpass.ts';
import { makePassCertificates, TINY_PNG } from '../support/wallet-certs.ts';
import { startFakeApns, type FakeApns } from './fake-apns.ts';

let t: TestDatabase;
let ctx: AppContext;
let org: OrgFixture;
let apns: FakeApns;
let worker: WorkerOptions;
const clock = manualClock();
const certs = makePassCertificates('pass.ru.kopilka.push', 'TEAMPUSH01');
let orders = 0;

before(async () => {
  t = await testDatabase();
  ctx = createContext(t.db, { now: clock.now });
  org = await makeOrg(ctx);
  await saveAppleSettings(ctx, org.actor, {
    certificate_pem: certs.certificatePem,
    key_pem: certs.keyPem,
    wwdr_pem: certs.wwdrPem,
    background_color: '#123456',
    foreground_color: '#ffffff',
    label_color: '#eeeeee',
    logo_png: TINY_PNG.toString('base64'),
  });
  apns = await startFakeApns(certs.wwdrPem);
  worker = {
    ...DEFAULT_WORKER,
    maxAttempts: 3,
    send: httpSender({ allowPrivate: true, timeoutMs: 5_000 }),
    pushPasses: apnsPusher({ url: apns.url, ca: apns.ca, timeoutMs: 5_000 }),
  };
});

after(async () => {
  await apns.close();
  await t.close();
});

/** A guest with a deposit, their pass, and a phone registered for it. */
async function guestWithPass(device: string, pushToken: string) {
  const g = await makeGuest(ctx, org, { funds: 500_000 });
  const pass = await ensurePass(ctx, org.orgId, g.guestId);
  await registerDevice(ctx, pass, device, pushToken);
  return { g, pass };
}

const close = (g: GuestFixture, amount = 235_000) =>
  closeOrder(ctx, org.principal, {
    order_id: `wallet-${++orders}`,
    card: { card_id: g.cardId },
    lines: [
      { line_no: 1, item_code: '1', item_name: 'Капучино', price: amount, quantity_milli: 1000 },
    ],
    payments: [{ kind: 'deposit', amount }],
  });

const pushes = (token: string) =>
  t.db
    .selectFrom('wallet_pushes')
    .select(['status', 'attempts', 'last_error'])
    .where('push_token', '=', token)
    .orderBy('id')
    .execute();

test('a close marks the pass changed and the worker pushes it; the phone then gets the new balance', async () => {
  const { g, pass } = await guestWithPass('device-one', 'aaaa0001');
  const tag = (await updatedSerials(ctx, 'device-one', certs.passTypeId, undefined))?.lastUpdated;
  clock.advance(1000);
  await close(g);
  // The close wrote only its events: no pass touched, nothing queued, nothing sent.
  assert.deepEqual(await pushes('aaaa0001'), []);
  assert.equal(apns.requests.length, 0);

  await workOnce(ctx, worker);
  const sent = apns.requests.filter((r) => r.token === 'aaaa0001');
  assert.equal(sent.length, 1);
  assert.deepEqual(
    { topic: sent[0]?.topic, body: sent[0]?.body, uid: sent[0]?.clientUid },
    { topic: certs.passTypeId, body: '{}', uid: certs.passTypeId },
  );
  assert.deepEqual(await pushes('aaaa0001'), [{ status: 'sent', attempts: 1, last_error: null }]);

  const changed = await updatedSerials(ctx, 'device-one', certs.passTypeId, tag);
  assert.deepEqual(changed?.serialNumbers, [pass.serial]);
  const latest = unpackPass(await buildPass(ctx, pass, 'https://guests.example/api/wallet')).pass;
  const deposit = latest.storeCard.secondaryFields.find(
    (f: { key: string }) => f.key === 'deposit',
  );
  assert.equal(deposit.value, (500_000 - 235_000) / 100);
});

test('several changes before the push goes out are one push per device', async () => {
  const { g } = await guestWithPass('device-two', 'bbbb0002');
  await registerDevice(
    ctx,
    await ensurePass(ctx, org.orgId, g.guestId),
    'device-two-ipad',
    'bbbb0003',
  );
  const before = apns.requests.length;
  await close(g, 10_000);
  await close(g, 20_000);
  await workOnce(ctx, worker);
  const tokens = apns.requests
    .slice(before)
    .map((r) => r.token)
    .sort();
  assert.deepEqual(tokens, ['bbbb0002', 'bbbb0003']);
});

test('a failed push is retried after its backoff, not lost; a gone token is unregistered', async () => {
  const { g } = await guestWithPass('device-three', 'cccc0003');
  apns.script.push({ status: 503, reason: 'ServiceUnavailable' });
  await close(g, 10_000);
  await workOnce(ctx, worker);
  assert.deepEqual(await pushes('cccc0003'), [
    { status: 'pending', attempts: 1, last_error: '503 ServiceUnavailable' },
  ]);
  // Not due yet: nothing more is sent.
  const count = apns.requests.length;
  await workOnce(ctx, worker);
  assert.equal(apns.requests.length, count);
  clock.advance(DEFAULT_WORKER.backoffMs(1));
  await workOnce(ctx, worker);
  assert.deepEqual(await pushes('cccc0003'), [{ status: 'sent', attempts: 2, last_error: null }]);

  // The phone removed the pass: APNs answers 410 Unregistered and the device is forgotten.
  apns.script.push({ status: 410, reason: 'Unregistered' });
  await close(g, 10_000);
  await workOnce(ctx, worker);
  const all = await pushes('cccc0003');
  assert.deepEqual(all.at(-1), { status: 'dead', attempts: 1, last_error: '410 Unregistered' });
  const left = await t.db
    .selectFrom('wallet_registrations')
    .select('device_id')
    .where('push_token', '=', 'cccc0003')
    .execute();
  assert.deepEqual(left, []);
});

test('APNs unreachable: the push stays pending and dies only after the last attempt', async () => {
  const { g } = await guestWithPass('device-four', 'dddd0004');
  const down = {
    ...worker,
    pushPasses: apnsPusher({ url: 'https://localhost:1', timeoutMs: 2_000 }),
  };
  await close(g, 10_000);
  for (let i = 1; i <= worker.maxAttempts; i++) {
    await workOnce(ctx, down);
    const [p] = await pushes('dddd0004');
    assert.equal(p?.attempts, i);
    assert.equal(p?.status, i < worker.maxAttempts ? 'pending' : 'dead');
    assert.match(p?.last_error ?? '', /no answer/);
    clock.advance(DEFAULT_WORKER.backoffMs(i));
  }
});

test('with a running worker the push reaches APNs within the worker’s cycle after the close', async () => {
  const { g } = await guestWithPass('device-five', 'eeee0005');
  const running = startWorker(ctx, { ...worker, pollMs: 200 });
  try {
    const arrived = apns.nextRequest();
    const closedAt = Date.now();
    await close(g, 10_000);
    running.nudge();
    const r = await Promise.race([
      arrived,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000)),
    ]);
    assert.equal(r?.token, 'eeee0005');
    assert.ok((r?.at ?? Infinity) - closedAt < 10_000);
  } finally {
    await running.stop();
  }
});
