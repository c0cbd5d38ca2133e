// Apple Wallet passes over HTTP, on both databases: the organization uploads its Pass Type ID
// certificate (checked, the key sealed and never returned, audited); a guest's page makes a
// download link; the .pkpass is unpacked and checked as Wallet would (manifest SHA-1 hashes,
// the detached PKCS#7 signature verified against the test WWDR authority, pass.json's fields);
// Apple's web service answers in Apple's formats, and a wrong token or another organization's
// serial is refused and changes nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { createUser } from '../../src/app/admin/users.ts';
import { buildServer } from '../../src/http/server.ts';
import { adminCaller, PASSWORD } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg, manualClock, type OrgFixture } from '../support/fixtures.ts';
import { manifestMismatches, signatureVerifies, unpackPass } from '../support/pkpass.ts';
import { guestSignIn, recordingSms } from '../support/guest-session.ts';
import { checkResponses } from '../support/response-check.ts';
import {
  makePassCertificates,
  TINY_PNG,
  type TestPassCertificates,
} from '../support/wallet-certs.ts';

let t: TestDatabase;
let app: FastifyInstance;
let ctx: AppContext;
let org: OrgFixture;
let other: OrgFixture;
let owner: string;
let certs: TestPassCertificates;
const clock = manualClock();
const outbox = recordingSms();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; body: any; raw: Buffer; headers: Record<string, unknown> };

async function call(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  opts: { body?: unknown; auth?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const res = await app.inject({
    method,
    url,
    headers: {
      ...(opts.auth ? { authorization: opts.auth } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
  });
  const json = String(res.headers['content-type'] ?? '').includes('json');
  return {
    status: res.statusCode,
    body: json && res.body ? JSON.parse(res.body) : null,
    raw: res.rawPayload,
    headers: res.headers,
  };
}

const upload = (c: TestPassCertificates, extra: Record<string, unknown> = {}) => ({
  certificate_pem: c.certificatePem,
  key_pem: c.keyPem,
  wwdr_pem: c.wwdrPem,
  background_color: '#7A1F2B',
  foreground_color: '#FFFFFF',
  label_color: '#F3D9A4',
  logo_png: TINY_PNG.toString('base64'),
  ...extra,
});

async function signIn(o: OrgFixture, email: string, role: 'owner' | 'marketer' = 'owner') {
  await createUser(ctx, o.actor, { email, name: 'Тест', role, password: PASSWORD });
  const r = await adminCaller(app)('POST', '/auth/login', null, { email, password: PASSWORD });
  return `Bearer ${r.body.token}`;
}

/** A guest of `o` with a card and a deposit, signed in to their page: the guest session. */
async function guestSession(o: OrgFixture, phone: string, funds = 0) {
  const g = await makeGuest(ctx, o, { phone, funds });
  const admin = (await signIn(o, `${phone}@w.ru`)).slice(7);
  return { ...g, session: await guestSignIn(app, outbox, admin, phone) };
}

/** Asks the guest page for a link and downloads the pass by it. */
async function downloadPass(session: string) {
  const link = await call('POST', '/api/guest/v1/me/wallet/apple', { auth: session });
  assert.equal(link.status, 201, JSON.stringify(link.body));
  const file = await call('GET', new URL(link.body.url).pathname);
  assert.equal(file.status, 200, file.raw.toString());
  assert.equal(file.headers['content-type'], 'application/vnd.apple.pkpass');
  return { url: link.body.url as string, file: file.raw, opened: unpackPass(file.raw) };
}

before(async () => {
  t = await testDatabase();
  ctx = createContext(t.db, { now: clock.now });
  app = await buildServer(ctx, { sms: outbox.sms, cabinetDir: false, guestPagesDir: false });
  checkResponses(app);
  org = await makeOrg(ctx, { name: 'Бар «Копилка»' });
  other = await makeOrg(ctx, { name: 'Чужой бар' });
  owner = await signIn(org, 'owner@wallet.ru');
  certs = makePassCertificates();
});

after(async () => {
  await app.close();
  await t.close();
});

test('the certificate upload checks the certificate, seals the key, never returns it, and is audited', async () => {
  const marketer = await signIn(org, 'marketer@wallet.ru', 'marketer');
  const url = '/api/admin/v1/wallet/apple';
  assert.equal((await call('PUT', url, { auth: marketer, body: upload(certs) })).status, 403);
  assert.equal((await call('GET', url, { auth: owner })).body.error.code, 'wallet_not_configured');

  const stranger = makePassCertificates('pass.ru.kopilka.stranger');
  const refusals: [Record<string, unknown>, string][] = [
    [{ key_pem: stranger.keyPem }, 'key_mismatch'],
    [{ wwdr_pem: stranger.wwdrPem }, 'wwdr_mismatch'],
    [{ certificate_pem: 'not a certificate' }, 'certificate_invalid'],
    [{ key_pem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }, 'key_invalid'],
    [{ logo_png: Buffer.from('GIF89a').toString('base64') }, 'logo_invalid'],
  ];
  for (const [change, code] of refusals) {
    const r = await call('PUT', url, { auth: owner, body: upload(certs, change) });
    assert.equal(r.status, 400, code);
    assert.equal(r.body.error.code, code);
  }
  const noUid = makePassCertificates('pass.ru.kopilka.nouid', 'TEAM1', { uid: false });
  const r0 = await call('PUT', url, { auth: owner, body: upload(noUid) });
  assert.equal(r0.body.error.code, 'certificate_not_pass_type');
  const bad = await call('PUT', url, {
    auth: owner,
    body: upload(certs, { background_color: 'red' }),
  });
  assert.equal(bad.status, 400);
  assert.equal(
    await t.db.selectFrom('wallet_apple_settings').select('org_id').executeTakeFirst(),
    undefined,
  );

  const saved = await call('PUT', url, { auth: owner, body: upload(certs) });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.equal(saved.body.pass_type_id, 'pass.ru.kopilka.test');
  assert.equal(saved.body.team_id, 'TEAM123456');
  assert.equal(saved.body.background_color, '#7a1f2b');
  const shown = await call('GET', url, { auth: owner });
  assert.deepEqual(shown.body, saved.body);
  const everything = JSON.stringify(shown.body);
  const keyBody = certs.keyPem.split('\n')[1] as string;
  assert.ok(!everything.includes('PRIVATE') && !everything.includes(keyBody));
  const row = await t.db
    .selectFrom('wallet_apple_settings')
    .selectAll()
    .where('org_id', '=', org.orgId)
    .executeTakeFirstOrThrow();
  assert.ok(row.key_sealed.startsWith('v1.') && !row.key_sealed.includes(keyBody));
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'after'])
    .where('org_id', '=', org.orgId)
    .where('entity', '=', 'wallet_apple_settings')
    .execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['create'],
  );
  assert.ok(!JSON.stringify(audit).includes('PRIVATE'));

  // The same pass type cannot serve a second organization.
  const otherOwner = await signIn(other, 'owner@other-wallet.ru');
  const taken = await call('PUT', url, { auth: otherOwner, body: upload(certs) });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.error.code, 'pass_type_taken');
});

test('the pass: manifest hashes, a signature that verifies against the WWDR authority, pass.json', async () => {
  const g = await guestSession(org, '79161234501', 150_000);
  const page = await call('GET', '/api/guest/v1/me', { auth: g.session });
  assert.equal(page.body.wallet.apple, true);
  const { opened, url } = await downloadPass(g.session);

  assert.deepEqual(Object.keys(opened.files).sort(), [
    'en.lproj/pass.strings',
    'icon.png',
    'logo.png',
    'manifest.json',
    'pass.json',
    'ru.lproj/pass.strings',
    'signature',
  ]);
  assert.deepEqual(manifestMismatches(opened), []);
  const manifest = opened.files['manifest.json'] as Buffer;
  const signature = opened.files['signature'] as Buffer;
  assert.equal(await signatureVerifies(manifest, signature, certs.wwdrPem), true);
  // The check can fail: a changed manifest, or another authority, does not verify.
  const altered = Buffer.from(manifest.toString().replace(/"[0-9a-f]{40}"/, `"${'0'.repeat(40)}"`));
  assert.equal(await signatureVerifies(altered, signature, certs.wwdrPem), false);
  assert.equal(await signatureVerifies(manifest, signature, makePassCertificates().wwdrPem), false);

  const p = opened.pass;
  assert.equal(p.formatVersion, 1);
  assert.equal(p.passTypeIdentifier, 'pass.ru.kopilka.test');
  assert.equal(p.teamIdentifier, 'TEAM123456');
  assert.match(p.serialNumber, /^[A-Za-z0-9_-]{20,}$/);
  assert.match(p.authenticationToken, /^[A-Za-z0-9_-]{16,}$/);
  assert.equal(p.webServiceURL, url.replace(/\/download\/.*$/, ''));
  assert.equal(p.organizationName, 'Бар «Копилка»');
  assert.equal(p.backgroundColor, 'rgb(122, 31, 43)');
  assert.equal(p.foregroundColor, 'rgb(255, 255, 255)');
  assert.equal(p.labelColor, 'rgb(243, 217, 164)');
  assert.deepEqual(p.barcodes, [
    {
      format: 'PKBarcodeFormatQR',
      message: g.number,
      messageEncoding: 'iso-8859-1',
      altText: g.number,
    },
  ]);
  assert.equal(p.storeCard.primaryFields[0].key, 'bonus');
  assert.equal(p.storeCard.primaryFields[0].value, 0);
  const deposit = p.storeCard.secondaryFields.find((f: { key: string }) => f.key === 'deposit');
  assert.deepEqual([deposit.value, deposit.currencyCode], [1500, 'RUB']);
  assert.ok(opened.files['icon.png']?.equals(TINY_PNG));
  assert.match(opened.files['ru.lproj/pass.strings']?.toString() ?? '', /"bonus" = "Бонусы";/);
  assert.match(opened.files['en.lproj/pass.strings']?.toString() ?? '', /"bonus" = "Points";/);

  // One pass per guest: asking again gives the same serial and token.
  const again = await downloadPass(g.session);
  assert.equal(again.opened.pass.serialNumber, p.serialNumber);
  assert.equal(again.opened.pass.authenticationToken, p.authenticationToken);
});

test('download links: only for a guest session, and only for a few minutes', async () => {
  const g = await guestSession(org, '79161234502');
  assert.equal((await call('POST', '/api/guest/v1/me/wallet/apple', { auth: owner })).status, 401);
  const { url } = await downloadPass(g.session);
  const path = new URL(url).pathname;
  const wrong = path.replace(/[^/]+$/, 'A'.repeat(32));
  assert.equal((await call('GET', wrong)).status, 401);
  clock.advance(6 * 60_000);
  assert.equal((await call('GET', path)).status, 401);
  // An organization without a certificate offers no pass.
  const o = await guestSession(other, '79161234503');
  const none = await call('POST', '/api/guest/v1/me/wallet/apple', { auth: o.session });
  assert.equal(none.status, 404);
  assert.equal(none.body.error.code, 'wallet_not_configured');
  assert.equal(
    (await call('GET', '/api/guest/v1/me', { auth: o.session })).body.wallet.apple,
    false,
  );
});

test('Apple’s web service: register, list updated serials since a tag, latest pass, unregister, log', async () => {
  const g = await guestSession(org, '79161234504');
  const { opened } = await downloadPass(g.session);
  const {
    serialNumber: serial,
    authenticationToken: token,
    passTypeIdentifier: type,
  } = opened.pass;
  const auth = `ApplePass ${token}`;
  const device = 'a1b2c3d4e5f6';
  const reg = `/api/wallet/v1/devices/${device}/registrations/${type}/${serial}`;

  const created = await call('POST', reg, { auth, body: { pushToken: 'ab12cd34' } });
  assert.equal(created.status, 201);
  assert.equal((await call('POST', reg, { auth, body: { pushToken: 'ab12cd35' } })).status, 200);
  const regs = await t.db
    .selectFrom('wallet_registrations')
    .selectAll()
    .where('serial', '=', serial)
    .execute();
  assert.deepEqual(
    regs.map((r) => [r.device_id, r.push_token]),
    [[device, 'ab12cd35']],
  );

  const list = `/api/wallet/v1/devices/${device}/registrations/${type}`;
  const all = await call('GET', list);
  assert.equal(all.status, 200);
  assert.deepEqual(all.body.serialNumbers, [serial]);
  assert.match(all.body.lastUpdated, /^\d+$/);
  assert.equal(
    (await call('GET', `${list}?passesUpdatedSince=${all.body.lastUpdated}`)).status,
    204,
  );
  assert.equal(
    (await call('GET', `/api/wallet/v1/devices/unknown/registrations/${type}`)).status,
    204,
  );

  const latest = `/api/wallet/v1/passes/${type}/${serial}`;
  const fetched = await call('GET', latest, { auth });
  assert.equal(fetched.status, 200);
  assert.equal(fetched.headers['content-type'], 'application/vnd.apple.pkpass');
  assert.equal(unpackPass(fetched.raw).pass.serialNumber, serial);
  const modified = String(fetched.headers['last-modified']);
  assert.equal(
    (await call('GET', latest, { auth, headers: { 'if-modified-since': modified } })).status,
    304,
  );

  // The pass changes: the device's list shows it after the old tag, and the pass is sent again.
  clock.advance(2000);
  await t.db
    .updateTable('wallet_passes')
    .set({ updated_at: clock.now() })
    .where('serial', '=', serial)
    .execute();
  const changed = await call('GET', `${list}?passesUpdatedSince=${all.body.lastUpdated}`);
  assert.deepEqual(changed.body.serialNumbers, [serial]);
  assert.ok(Number(changed.body.lastUpdated) > Number(all.body.lastUpdated));
  assert.equal(
    (await call('GET', latest, { auth, headers: { 'if-modified-since': modified } })).status,
    200,
  );

  assert.equal(
    (await call('POST', '/api/wallet/v1/log', { body: { logs: ['device says hi'] } })).status,
    200,
  );
  assert.equal((await call('DELETE', reg, { auth })).status, 200);
  assert.equal((await call('GET', list)).status, 204);
});

test('a wrong token, another organization’s serial or an unknown pass type: 401, and nothing changes', async () => {
  const mine = await guestSession(org, '79161234505');
  const { opened } = await downloadPass(mine.session);
  const {
    serialNumber: serial,
    authenticationToken: token,
    passTypeIdentifier: type,
  } = opened.pass;
  // Another organization with its own pass type and a pass of its own.
  const otherCerts = makePassCertificates('pass.ru.other.bar', 'TEAMOTHER1');
  const otherOwner = await signIn(other, 'owner2@other-wallet.ru');
  assert.equal(
    (
      await call('PUT', '/api/admin/v1/wallet/apple', {
        auth: otherOwner,
        body: upload(otherCerts),
      })
    ).status,
    200,
  );
  const theirs = await guestSession(other, '79161234506');
  const their = (await downloadPass(theirs.session)).opened.pass;

  const before = await t.db.selectFrom('wallet_registrations').selectAll().execute();
  const device = 'dev-attacker';
  const attempts: [string, string, string][] = [
    [type, serial, 'ApplePass wrong-token-0000000000'],
    [type, serial, `Bearer ${token}`],
    [type, their.serialNumber, `ApplePass ${token}`],
    [type, their.serialNumber, `ApplePass ${their.authenticationToken}`],
    ['pass.ru.unknown', serial, `ApplePass ${token}`],
  ];
  for (const [pt, s, auth] of attempts) {
    const reg = `/api/wallet/v1/devices/${device}/registrations/${pt}/${s}`;
    const r1 = await call('POST', reg, { auth, body: { pushToken: 'feed' } });
    assert.equal(r1.status, 401, `${pt} ${s} ${auth}`);
    assert.equal(r1.body.error.code, 'pass_unauthorized');
    assert.equal((await call('DELETE', reg, { auth })).status, 401);
    assert.equal((await call('GET', `/api/wallet/v1/passes/${pt}/${s}`, { auth })).status, 401);
  }
  assert.deepEqual(await t.db.selectFrom('wallet_registrations').selectAll().execute(), before);
  // Malformed paths and bodies: 400, nothing stored.
  const reg = `/api/wallet/v1/devices/${device}/registrations/${type}/${serial}`;
  const auth = `ApplePass ${token}`;
  assert.equal((await call('POST', reg, { auth, body: { pushToken: '' } })).status, 400);
  assert.equal((await call('POST', reg, { auth, body: {} })).status, 400);
  assert.equal(
    (
      await call('POST', `/api/wallet/v1/devices/bad$device/registrations/${type}/${serial}`, {
        auth,
        body: { pushToken: 'ab' },
      })
    ).status,
    400,
  );
  assert.deepEqual(await t.db.selectFrom('wallet_registrations').selectAll().execute(), before);
});
