// Google Wallet's building blocks, against a local fake of Google's token endpoint and Wallet
// REST API: a service-account key file is read or refused clearly (never quoted); the save
// link's JWT verifies against the key's public half and carries Google's published fields and
// the guest's loyalty object; the REST client gets a token by the JWT bearer grant once, PATCHes
// objects with it, inserts, and reports Google's refusals and a missing object as answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { DomainError } from '../../src/domain/errors.ts';
import type { PassContent } from '../../src/app/wallet/apple-pass.ts';
import { googleWalletHttp } from '../../src/app/wallet/google-api.ts';
import { readServiceAccount, saveLink, SAVE_URL } from '../../src/app/wallet/google-jwt.ts';
import { loyaltyObject, objectFields } from '../../src/app/wallet/google-objects.ts';
import {
  serviceAccountKeyFile,
  startFakeGoogle,
  verifiedClaims,
  type FakeGoogle,
} from '../support/fake-google-wallet.ts';

const rsa = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const keyFile = (extra: Record<string, unknown> = {}) =>
  serviceAccountKeyFile(rsa.privateKey, extra);
const ISSUER = '3388000000012345678';
const content: PassContent = {
  organization: 'Бар «Тест»',
  cardNumber: '260012345678',
  balances: { bonus: 12_550, deposit: 150_000 },
  rank: { name: 'Гость', next: { name: 'Друг', left: 850_000 } },
};

let fake: FakeGoogle;
before(async () => {
  fake = await startFakeGoogle(rsa.privateKey);
});
after(() => fake.close());

const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'accepted';
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    assert.ok(!JSON.stringify(e.message).includes('PRIVATE KEY'), 'the refusal quotes the key');
    return e.code;
  }
};

test('a service-account key file is read, or refused with a clear code', () => {
  const account = readServiceAccount(keyFile());
  assert.equal(account.clientEmail, 'wallet@kopilka-test.iam.gserviceaccount.com');
  assert.equal(account.privateKeyId, 'a1b2c3d4e5');
  assert.equal(
    codeOf(() => readServiceAccount('{not json')),
    'service_account_invalid',
  );
  assert.equal(
    codeOf(() => readServiceAccount(keyFile({ type: 'user' }))),
    'service_account_invalid',
  );
  assert.equal(
    codeOf(() => readServiceAccount(keyFile({ client_email: 5 }))),
    'service_account_invalid',
  );
  assert.equal(
    codeOf(() => readServiceAccount(keyFile({ private_key: 'garbage' }))),
    'service_account_key_invalid',
  );
  const ec = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  assert.equal(
    codeOf(() => readServiceAccount(keyFile({ private_key: ec.privateKey }))),
    'service_account_key_invalid',
  );
});

test('the save link: an RS256 JWT in Google’s savetowallet format with the loyalty object', () => {
  const account = readServiceAccount(keyFile());
  const object = loyaltyObject(ISSUER, 7, 'g-abc123', content);
  const at = new Date('2026-12-03T18:00:00Z');
  const link = saveLink(account, { loyaltyObjects: [object] }, ['https://guests.example.ru'], at);
  assert.ok(link.startsWith(SAVE_URL));
  const jwt = link.slice(SAVE_URL.length);
  const header = JSON.parse(Buffer.from(jwt.split('.')[0] as string, 'base64url').toString());
  assert.deepEqual(header, { alg: 'RS256', typ: 'JWT', kid: 'a1b2c3d4e5' });
  const claims = verifiedClaims(jwt, createPublicKey(rsa.publicKey));
  assert.ok(claims, 'the signature verifies against the service account’s public key');
  assert.equal(claims.iss, 'wallet@kopilka-test.iam.gserviceaccount.com');
  assert.equal(claims.aud, 'google');
  assert.equal(claims.typ, 'savetowallet');
  assert.equal(claims.iat, at.getTime() / 1000);
  assert.deepEqual(claims.origins, ['https://guests.example.ru']);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const [o] = (claims.payload as any).loyaltyObjects;
  assert.equal(o.id, `${ISSUER}.g-abc123`);
  assert.equal(o.classId, `${ISSUER}.kopilka-org-7`);
  assert.equal(o.state, 'ACTIVE');
  assert.equal(o.accountId, '260012345678');
  assert.deepEqual(o.barcode, {
    type: 'QR_CODE',
    value: '260012345678',
    alternateText: '260012345678',
  });
  assert.deepEqual(o.loyaltyPoints, { label: 'Бонусы', balance: { string: '125.50' } });
  assert.deepEqual(o.secondaryLoyaltyPoints.balance.money, {
    micros: '1500000000',
    currencyCode: 'RUB',
  });
  assert.deepEqual(
    o.textModulesData.map((m: { id: string; body: string }) => [m.id, m.body]),
    [
      ['level', 'Гость'],
      ['next_level', 'осталось потратить 8500 ₽'],
    ],
  );
  // Another key's public half does not verify it.
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  assert.equal(verifiedClaims(jwt, other.publicKey), null);
});

test('the REST client: one token by the JWT bearer grant, PATCH and insert, refusals as answers', async () => {
  const account = readServiceAccount(keyFile());
  const api = googleWalletHttp({ apiUrl: fake.apiUrl, tokenUrl: fake.tokenUrl, timeoutMs: 5000 });
  const object = loyaltyObject(ISSUER, 7, 'g-rest', content);
  // Not saved yet: the PATCH finds nothing, which the caller answers with an insert.
  assert.equal(
    (await api.patch(account, 'loyaltyObject', object.id, objectFields(content))).status,
    404,
  );
  assert.equal((await api.insert(account, 'loyaltyObject', object)).status, 200);
  const richer = { ...content, balances: { bonus: 20_000, deposit: 100 } };
  assert.equal(
    (await api.patch(account, 'loyaltyObject', object.id, objectFields(richer))).status,
    200,
  );
  assert.deepEqual(fake.objects.get(object.id)?.loyaltyPoints, {
    label: 'Бонусы',
    balance: { string: '200' },
  });
  assert.equal(fake.tokensIssued, 1, 'the token is kept between calls');
  const grant = fake.requests.find((r) => r.path === '/token')?.body;
  assert.equal(grant.iss, account.clientEmail);
  assert.equal(grant.aud, fake.tokenUrl, 'the configured token address, not the file’s token_uri');
  assert.deepEqual(
    fake.requests.filter((r) => r.path !== '/token').map((r) => r.method),
    ['PATCH', 'POST', 'PATCH'],
  );

  fake.failWith = 503;
  const failed = await api.patch(account, 'loyaltyObject', object.id, objectFields(richer));
  fake.failWith = null;
  assert.deepEqual(failed, { status: 503, error: 'failing on purpose' });

  // A key Google does not know: the token is refused, the answer says so.
  const stranger = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const wrong = readServiceAccount(
    keyFile({ private_key: stranger.privateKey, private_key_id: 'x' }),
  );
  const refused = await api.patch(wrong, 'loyaltyObject', object.id, objectFields(richer));
  assert.equal(refused.status, 400);
  assert.match(refused.error ?? '', /token: invalid_grant/);

  // Nobody listening: no answer, to be retried.
  const down = googleWalletHttp({
    apiUrl: 'http://127.0.0.1:9',
    tokenUrl: 'http://127.0.0.1:9/token',
    timeoutMs: 2000,
  });
  assert.equal((await down.patch(account, 'loyaltyObject', object.id, {})).status, null);
});
