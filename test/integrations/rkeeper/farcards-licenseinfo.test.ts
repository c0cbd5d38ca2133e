// LicenseInfo: ExtDllHTTP's notice of a licensing problem ("адрес для нотификации ошибок
// лицензирования" in UCS's ExtDllHttp.ini). Its body is not published, so any shape is read
// and acknowledged; the last notice is kept on the restaurant's endpoint for the owner to see.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { endpointInfo, extDllHttpIni } from '../../../src/integrations/rkeeper/farcards/endpoints.ts';
import { parseFarCardsRequest } from '../../../src/integrations/rkeeper/farcards/requests.ts';
import { testDatabase, type TestDatabase } from '../../support/db.ts';
import { answerAttrs, counts, farCardsSetup } from './helpers.ts';

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

test('the ini names the LicenseInfo address', () => {
  assert.match(
    extDllHttpIni('https://k.example', 'rk_1_2_x', 'R'),
    /\r\nLicenseInfo=[^\r\n]*licenseinfo\r\n/,
  );
});

test('a notice is acknowledged with Result="0", kept on the endpoint, and moves nothing', async () => {
  assert.equal(
    (await endpointInfo(s.server.ctx, s.org.orgId, s.org.restaurantId)).license_notice,
    null,
  );
  const before = await counts(t);
  const r = await s.post(
    'licenseinfo',
    s.till.licenseInfoBody('Лицензия ExtDllHTTP истекает 01.01.2027'),
  );
  assert.equal(r.status, 200);
  assert.deepEqual(answerAttrs(r.root, 'LicenseInfo'), { Result: '0' });
  const info = await endpointInfo(s.server.ctx, s.org.orgId, s.org.restaurantId);
  assert.match(
    info.license_notice?.text ?? '',
    /LICENSEINFO .*ErrorText=Лицензия ExtDllHTTP истекает 01\.01\.2027/,
  );
  assert.ok(info.license_notice?.received_at);
  assert.deepEqual(await counts(t), before);
});

test('any body is read: another XML shape, plain text, nothing; the last notice wins', async () => {
  const xml = await s.post(
    'licenseinfo',
    '<Root><License Status="expired">Нет лицензии на ресторан 199999999</License></Root>',
  );
  assert.equal(answerAttrs(xml.root, 'LicenseInfo').Result, '0');
  assert.equal(
    (await endpointInfo(s.server.ctx, s.org.orgId, s.org.restaurantId)).license_notice?.text,
    'Root; License Status=expired: Нет лицензии на ресторан 199999999',
  );
  const text = await s.post(
    'licenseinfo',
    'License check failed:\r\n  server unreachable',
    undefined,
    'text/plain',
  );
  assert.equal(answerAttrs(text.root, 'LicenseInfo').Result, '0');
  assert.equal(
    (await endpointInfo(s.server.ctx, s.org.orgId, s.org.restaurantId)).license_notice?.text,
    'License check failed: server unreachable',
  );
  assert.equal(answerAttrs((await s.post('licenseinfo', '')).root, 'LicenseInfo').Result, '0');
});

test('what is refused elsewhere is refused here: a DTD, a wrong key', async () => {
  const dtd = await s.post(
    'licenseinfo',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>',
  );
  assert.equal(answerAttrs(dtd.root, 'LicenseInfo').Result, '1');
  const wrong = await s.post(
    'licenseinfo',
    s.till.licenseInfoBody('x'),
    `rk_${s.org.orgId}_${s.org.restaurantId}_${'A'.repeat(43)}`,
  );
  assert.equal(answerAttrs(wrong.root, 'LicenseInfo').Result, '1');
  assert.match(answerAttrs(wrong.root, 'LicenseInfo').ErrorText ?? '', /ExtDllHttp\.ini/);
});

test('a long notice is kept to 1000 characters', () => {
  const r = parseFarCardsRequest(`<L E="${'я'.repeat(5000)}"/>`, undefined, {
    method: 'licenseinfo',
  });
  assert.ok(r.ok && r.value.method === 'licenseinfo');
  assert.equal(Array.from(r.value.notice).length, 1000);
});

test('bytes PostgreSQL cannot store (NUL, a lone surrogate, control bytes) are dropped from the notice, never a 500', async () => {
  // The body the 100,000-body fuzzer found: random bytes with NULs answered 500.
  const bytes = Buffer.from([0x7b, 0x7d, 0x00, 0xc3, 0x8e, 0x5f, 0x01, 0x1b, 0x41, 0x00, 0x42]);
  for (const [body, type] of [
    [bytes, 'application/octet-stream'],
    ['Лицензия\u0000 истекла \ud800', 'text/plain; charset=utf-8'],
  ] as const) {
    const r = await s.post('licenseinfo', body, undefined, type);
    assert.equal(r.status, 200);
    assert.equal(answerAttrs(r.root, 'LicenseInfo').Result, '0');
    const kept = (await endpointInfo(s.server.ctx, s.org.orgId, s.org.restaurantId)).license_notice;
    // eslint-disable-next-line no-control-regex -- the control characters must be gone
    assert.ok(kept && !/[\u0000-\u0008\ud800-\udfff]/.test(kept.text), JSON.stringify(kept));
  }
});
