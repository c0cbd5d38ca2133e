// Google Wallet cards kept live through the outbox, on both databases, against a local fake of
// Google's token endpoint and Wallet REST API: saving the set-up creates the organization's
// loyalty class at Google (then patches it); a close that changes a guest's balance queues
// nothing itself, and the worker then sends exactly one PATCH with the new balance (an insert
// when the guest has not saved the card yet); Google failing is retried after the backoff and
// delivered, not lost; a change while an update is in flight goes out again; with a running
// worker the update reaches Google within the worker's cycle.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { closeOrder } from '../../src/app/close-order.ts';
import { googleWalletHttp, type GoogleWalletApi } from '../../src/app/wallet/google-api.ts';
import { googleSaveLink } from '../../src/app/wallet/google-link.ts';
import { saveGoogleSettings } from '../../src/app/wallet/google-settings.ts';
import { httpSender } from '../../src/events/webhook-sender.ts';
import {
  DEFAULT_WORKER,
  dispatchEvents,
  startWorker,
  workOnce,
  type WorkerOptions,
} from '../../src/events/worker.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  serviceAccountKeyFile,
  startFakeGoogle,
  type FakeGoogle,
} from '../support/fake-google-wallet.ts';
import {
  makeGuest,
  makeOrg,
  manualClock,
  type GuestFixture,
  type OrgFixture,
} from '../support/fixtures.ts';

const ISSUER = '3388000000012345678';
const rsa = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const CLASS_ID = (orgId: number) => `${ISSUER}.kopilka-org-${orgId}`;

let t: TestDatabase;
let ctx: AppContext;
let org: OrgFixture;
let google: FakeGoogle;
let worker: WorkerOptions;
const clock = manualClock();
let orders = 0;

const setUp = (color: string) =>
  saveGoogleSettings(ctx, org.actor, {
    issuer_id: ISSUER,
    service_account_key: serviceAccountKeyFile(rsa.privateKey),
    background_color: color,
    logo_url: 'https://bar.example.ru/logo.png',
  });

before(async () => {
  t = await testDatabase();
  ctx = createContext(t.db, { now: clock.now });
  org = await makeOrg(ctx, { name: 'Бар «Гугл»' });
  google = await startFakeGoogle(rsa.privateKey);
  worker = {
    ...DEFAULT_WORKER,
    maxAttempts: 3,
    send: httpSender({ allowPrivate: true, timeoutMs: 5_000 }),
    googleWallet: googleWalletHttp({
      apiUrl: google.apiUrl,
      tokenUrl: google.tokenUrl,
      timeoutMs: 5_000,
    }),
  };
});

after(async () => {
  await google.close();
  await t.close();
});

/** The API requests (not the token's) sent since `from`, as "METHOD resource". */
const sentSince = (from: number) =>
  google.requests
    .slice(from)
    .filter((r) => r.path !== '/token')
    .map((r) => `${r.method} ${r.path.replace('/walletobjects/v1/', '').replace(/\/.*$/, '')}`);

/** A guest with a deposit who asked for the «Добавить в Google Wallet» link; their object's id. */
async function guestWithLink(funds = 500_000) {
  const g = await makeGuest(ctx, org, { funds });
  await workOnce(ctx, worker); // the top-up's events, before the guest had an object
  await googleSaveLink(ctx, org.orgId, g.guestId, 'https://guests.example.ru');
  const { object_suffix } = await t.db
    .selectFrom('wallet_google_objects')
    .select('object_suffix')
    .where('org_id', '=', org.orgId)
    .where('guest_id', '=', g.guestId)
    .executeTakeFirstOrThrow();
  return { g, objectId: `${ISSUER}.${object_suffix}` };
}

const close = (g: GuestFixture, amount: number) =>
  closeOrder(ctx, org.principal, {
    order_id: `google-${++orders}`,
    card: { card_id: g.cardId },
    lines: [
      { line_no: 1, item_code: '1', item_name: 'Капучино', price: amount, quantity_milli: 1000 },
    ],
    payments: [{ kind: 'deposit', amount }],
  });

const updates = (guestId: number | null) =>
  t.db
    .selectFrom('wallet_google_updates')
    .select(['status', 'attempts', 'last_error'])
    .where('org_id', '=', org.orgId)
    .where((eb) => (guestId === null ? eb('guest_id', 'is', null) : eb('guest_id', '=', guestId)))
    .orderBy('id')
    .execute();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const depositOf = (o: any) => o?.secondaryLoyaltyPoints?.balance?.money?.micros;
const micros = (kopecks: number) => String(kopecks * 10_000);

test('saving the set-up creates the loyalty class at Google; saving again patches it', async () => {
  await setUp('#7A1F2B');
  const from = google.requests.length;
  await workOnce(ctx, worker);
  assert.deepEqual(sentSince(from), ['PATCH loyaltyClass', 'POST loyaltyClass']);
  const made = google.classes.get(CLASS_ID(org.orgId));
  assert.equal(made?.programName, 'Бар «Гугл»');
  assert.equal(made?.hexBackgroundColor, '#7a1f2b');
  assert.deepEqual(made?.programLogo, { sourceUri: { uri: 'https://bar.example.ru/logo.png' } });
  assert.deepEqual(await updates(null), [{ status: 'sent', attempts: 1, last_error: null }]);

  await setUp('#112233');
  const again = google.requests.length;
  await workOnce(ctx, worker);
  assert.deepEqual(sentSince(again), ['PATCH loyaltyClass']);
  assert.equal(google.classes.get(CLASS_ID(org.orgId))?.hexBackgroundColor, '#112233');
});

test('a close queues nothing itself; the worker sends exactly one PATCH with the new balance', async () => {
  const { g, objectId } = await guestWithLink();
  const bystander = await makeGuest(ctx, org, { funds: 100_000 }); // never asked for the link
  await workOnce(ctx, worker);

  // Not saved yet: the PATCH finds nothing and the whole object is inserted, current.
  await close(g, 100_000);
  await close(bystander, 10_000);
  assert.deepEqual(await updates(g.guestId), [], 'the close itself queued nothing');
  const first = google.requests.length;
  await workOnce(ctx, worker);
  assert.deepEqual(sentSince(first), ['PATCH loyaltyObject', 'POST loyaltyObject']);
  const inserted = google.objects.get(objectId);
  assert.equal(depositOf(inserted), micros(400_000));
  assert.equal(inserted?.classId, CLASS_ID(org.orgId));
  assert.equal(inserted?.accountId, g.number);

  // Saved: one PATCH carrying the new balance, and nothing for the guest without a card.
  await close(g, 235_000);
  const second = google.requests.length;
  await workOnce(ctx, worker);
  const sent = google.requests.slice(second).filter((r) => r.path !== '/token');
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.method, 'PATCH');
  assert.equal(sent[0]?.path, `/walletobjects/v1/loyaltyObject/${encodeURIComponent(objectId)}`);
  assert.equal(depositOf(sent[0]?.body), micros(165_000));
  assert.equal(depositOf(google.objects.get(objectId)), micros(165_000));
  assert.deepEqual(await updates(bystander.guestId), []);
});

test('Google failing: the update is retried after its backoff and delivered, not lost', async () => {
  const { g, objectId } = await guestWithLink();
  google.script.push(500);
  await close(g, 50_000);
  await workOnce(ctx, worker);
  assert.deepEqual(await updates(g.guestId), [
    { status: 'pending', attempts: 1, last_error: '500 failing on purpose' },
  ]);
  // Not due yet: nothing more is sent.
  const waiting = google.requests.length;
  await workOnce(ctx, worker);
  assert.deepEqual(sentSince(waiting), []);
  clock.advance(DEFAULT_WORKER.backoffMs(1));
  await workOnce(ctx, worker);
  assert.deepEqual(sentSince(waiting), ['PATCH loyaltyObject', 'POST loyaltyObject']);
  assert.deepEqual(await updates(g.guestId), [{ status: 'sent', attempts: 2, last_error: null }]);
  assert.equal(depositOf(google.objects.get(objectId)), micros(450_000));
});

test('a change while the update is in flight makes it go out again with the newer balance', async () => {
  const { g, objectId } = await guestWithLink();
  const real = worker.googleWallet as GoogleWalletApi;
  let interleaved = false;
  // The balance changes (and its dispatch runs) after the update read the old one.
  const racing: GoogleWalletApi = {
    ...real,
    patch: async (...args) => {
      if (!interleaved) {
        interleaved = true;
        await close(g, 20_000);
        await dispatchEvents(ctx, 100);
      }
      return real.patch(...args);
    },
  };
  await close(g, 10_000);
  await workOnce(ctx, { ...worker, googleWallet: racing });
  assert.equal(depositOf(google.objects.get(objectId)), micros(490_000));
  assert.deepEqual(await updates(g.guestId), [
    { status: 'pending', attempts: 0, last_error: null },
  ]);
  await workOnce(ctx, worker);
  assert.equal(depositOf(google.objects.get(objectId)), micros(470_000));
  assert.deepEqual(await updates(g.guestId), [{ status: 'sent', attempts: 1, last_error: null }]);
});

test('with a running worker the new balance reaches Google within the worker’s cycle', async () => {
  const { g, objectId } = await guestWithLink();
  await close(g, 1_000);
  await workOnce(ctx, worker); // saved at Google
  const running = startWorker(ctx, { ...worker, pollMs: 200 });
  try {
    const closedAt = Date.now();
    await close(g, 10_000);
    running.nudge();
    while (depositOf(google.objects.get(objectId)) !== micros(489_000)) {
      assert.ok(Date.now() - closedAt < 10_000, 'the update did not arrive within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await running.stop();
  }
});
