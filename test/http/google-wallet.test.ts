// Google Wallet over HTTP, on both databases: the organization sets its issuer id and service-
// account key (the key file checked, a bad one refused with nothing stored, the key sealed and
// never returned nor logged, every change audited, the loyalty class queued for Google); the
// guest's page then offers «Добавить в Google Wallet», a link in Google's savetowallet format
// whose JWT verifies against the service account's public key and carries the guest's card.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { createUser } from '../../src/app/admin/users.ts';
import { buildServer } from '../../src/http/server.ts';
import { adminCaller, PASSWORD } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { serviceAccountKeyFile, verifiedClaims } from '../support/fake-google-wallet.ts';
import { makeGuest, makeOrg, manualClock, type OrgFixture } from '../support/fixtures.ts';
import { guestSignIn, recordingSms } from '../support/guest-session.ts';
import { checkResponses } from '../support/response-check.ts';

let t: TestDatabase;
let app: FastifyInstance;
let ctx: AppContext;
let org: OrgFixture;
let owner: string;
const clock = manualClock();
const outbox = recordingSms();
const logLines: string[] = [];
const rsa = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
/** A line of the key's body: what would show if the key leaked anywhere. */
const KEY_LINE = rsa.privateKey.split('\n')[3] as string;
const ISSUER = '3388000000012345678';
const URL = '/wallet/google';

const settings = (extra: Record<string, unknown> = {}) => ({
  issuer_id: ISSUER,
  service_account_key: serviceAccountKeyFile(rsa.privateKey),
  background_color: '#7A1F2B',
  logo_url: 'https://bar.example.ru/logo.png',
  ...extra,
});

async function signIn(o: OrgFixture, email: string, role: 'owner' | 'marketer' = 'owner') {
  await createUser(ctx, o.actor, { email, name: 'Тест', role, password: PASSWORD });
  const r = await adminCaller(app)('POST', '/auth/login', null, { email, password: PASSWORD });
  return r.body.token as string;
}

before(async () => {
  t = await testDatabase();
  ctx = createContext(t.db, { now: clock.now });
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  app = await buildServer(ctx, {
    sms: outbox.sms,
    cabinetDir: false,
    guestPagesDir: false,
    logger: { level: 'trace', stream },
  });
  checkResponses(app);
  org = await makeOrg(ctx, { name: 'Бар «Копилка»' });
  owner = await signIn(org, 'owner@google-wallet.ru');
});

after(async () => {
  await app.close();
  await t.close();
});

const stored = () =>
  Promise.all([
    t.db.selectFrom('wallet_google_settings').selectAll().execute(),
    t.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('entity', '=', 'wallet_google_settings')
      .orderBy('id')
      .execute(),
    t.db.selectFrom('wallet_google_updates').select(['guest_id', 'status']).execute(),
  ]);

test('a bad key file or design is a clear 400 and stores nothing', async () => {
  const admin = adminCaller(app);
  const marketer = await signIn(org, 'marketer@google-wallet.ru', 'marketer');
  assert.equal((await admin('PUT', URL, marketer, settings())).status, 403);
  const none = await admin('GET', URL, owner);
  assert.equal(none.status, 404);
  assert.equal(none.body.error.code, 'wallet_not_configured');

  const ec = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const refusals: [Record<string, unknown>, string][] = [
    [{ service_account_key: '{not json' }, 'service_account_invalid'],
    [
      { service_account_key: serviceAccountKeyFile(rsa.privateKey, { type: 'user' }) },
      'service_account_invalid',
    ],
    [
      { service_account_key: serviceAccountKeyFile('-----BEGIN PRIVATE KEY-----\nAAAA') },
      'service_account_key_invalid',
    ],
    [{ service_account_key: serviceAccountKeyFile(ec.privateKey) }, 'service_account_key_invalid'],
    [{ logo_url: 'http://bar.example.ru/logo.png' }, 'logo_url_invalid'],
    [{ issuer_id: 'my-issuer' }, 'validation_failed'],
    [{ background_color: 'red' }, 'validation_failed'],
  ];
  for (const [change, code] of refusals) {
    const r = await admin('PUT', URL, owner, settings(change));
    assert.equal(r.status, 400, code);
    assert.equal(r.body.error.code, code, JSON.stringify(r.body));
    assert.ok(!JSON.stringify(r.body).includes(KEY_LINE), 'the refusal quotes the key');
  }
  assert.deepEqual(await stored(), [[], [], []]);
});

test('the set-up is stored with the key sealed, shown without it, audited, and queues the class', async () => {
  const admin = adminCaller(app);
  const saved = await admin('PUT', URL, owner, settings());
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.deepEqual(saved.body, {
    issuer_id: ISSUER,
    client_email: 'wallet@kopilka-test.iam.gserviceaccount.com',
    private_key_id: 'a1b2c3d4e5',
    background_color: '#7a1f2b',
    logo_url: 'https://bar.example.ru/logo.png',
    updated_at: clock.now().toISOString(),
    class_update: { status: 'pending', attempts: 0, last_error: null },
  });
  const shown = await admin('GET', URL, owner);
  assert.deepEqual(shown.body, saved.body);

  clock.advance(60_000);
  const again = await admin('PUT', URL, owner, settings({ background_color: '#112233' }));
  assert.equal(again.body.background_color, '#112233');
  const [rows, audit, updates] = await stored();
  assert.equal(rows.length, 1);
  assert.ok(rows[0]?.key_sealed.startsWith('v1.'));
  assert.ok(!rows[0]?.key_sealed.includes(KEY_LINE));
  assert.deepEqual(
    audit.map((a) => a.action),
    ['create', 'update'],
  );
  // Two saves before the class went out: one update, which sends what is current then.
  assert.deepEqual(updates, [{ guest_id: null, status: 'pending' }]);

  const gone = await admin('DELETE', URL, owner);
  assert.equal(gone.status, 204);
  assert.equal((await admin('GET', URL, owner)).status, 404);
  assert.equal((await admin('DELETE', URL, owner)).status, 404);
  const [left, audited, waiting] = await stored();
  assert.deepEqual([left, waiting], [[], []]);
  assert.equal(audited.at(-1)?.action, 'delete');

  // The key is in no answer, audit entry or log line.
  assert.ok(!JSON.stringify([saved.body, shown.body, audited]).includes('PRIVATE KEY'));
  assert.ok(!JSON.stringify(audited).includes(KEY_LINE));
  const log = logLines.join('');
  assert.match(log, /\/api\/admin\/v1\/wallet\/google/, 'the requests are logged');
  assert.ok(!log.includes(KEY_LINE), 'a log line carries the key');
});

test('the guest’s page offers the «Добавить в Google Wallet» link: Google’s format, signed by the key', async () => {
  const admin = adminCaller(app);
  const g = await makeGuest(ctx, org, { phone: '79161234601', funds: 150_000 });
  const session = await guestSignIn(app, outbox, owner, '79161234601');
  const guest = (method: 'GET' | 'POST', url: string) =>
    app.inject({ method, url: `/api/guest/v1${url}`, headers: { authorization: session } });

  // Not set up: no button, and no link.
  assert.equal(JSON.parse((await guest('GET', '/me')).body).wallet.google, false);
  const none = await guest('POST', '/me/wallet/google');
  assert.equal(none.statusCode, 404);
  assert.equal(JSON.parse(none.body).error.code, 'wallet_not_configured');

  assert.equal((await admin('PUT', URL, owner, settings())).status, 200);
  assert.equal(JSON.parse((await guest('GET', '/me')).body).wallet.google, true);
  const answer = await guest('POST', '/me/wallet/google');
  assert.equal(answer.statusCode, 201, answer.body);
  const link = JSON.parse(answer.body).url as string;
  assert.ok(link.startsWith('https://pay.google.com/gp/v/save/'), link);
  const jwt = link.slice('https://pay.google.com/gp/v/save/'.length);
  const claims = verifiedClaims(jwt, createPublicKey(rsa.publicKey));
  assert.ok(claims, 'the JWT verifies against the service account’s public key');
  assert.equal(claims.iss, 'wallet@kopilka-test.iam.gserviceaccount.com');
  assert.equal(claims.aud, 'google');
  assert.equal(claims.typ, 'savetowallet');
  assert.deepEqual(claims.origins, ['http://localhost']);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const payload = claims.payload as any;
  assert.equal(payload.loyaltyClasses[0].id, `${ISSUER}.kopilka-org-${org.orgId}`);
  assert.equal(payload.loyaltyClasses[0].programName, 'Бар «Копилка»');
  const [object] = payload.loyaltyObjects;
  assert.match(object.id, new RegExp(`^${ISSUER}\\.g-[A-Za-z0-9_-]{22}$`));
  assert.equal(object.classId, `${ISSUER}.kopilka-org-${org.orgId}`);
  assert.equal(object.accountId, g.number);
  assert.equal(object.secondaryLoyaltyPoints.balance.money.micros, '1500000000');

  // One object per guest: asking again names the same one.
  const again = JSON.parse((await guest('POST', '/me/wallet/google')).body).url as string;
  const second = verifiedClaims(again.split('/').at(-1) as string, createPublicKey(rsa.publicKey));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  assert.equal((second?.payload as any).loyaltyObjects[0].id, object.id);
  // An admin session is not a guest session.
  const asAdmin = await app.inject({
    method: 'POST',
    url: '/api/guest/v1/me/wallet/google',
    headers: { authorization: `Bearer ${owner}` },
  });
  assert.equal(asAdmin.statusCode, 401);
  assert.ok(!logLines.join('').includes(KEY_LINE), 'a log line carries the key');
});
