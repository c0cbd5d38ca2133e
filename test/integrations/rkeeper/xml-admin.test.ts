// Seed 002 through the admin API: the XML-interface connection to the simulated cash server is
// saved (the password never comes back), checked — passing, and failing with the right reason
// for a wrong password, a closed port and an untrusted certificate — and r_keeper's
// dictionaries are imported and listed by name. Every step is audited.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createUser } from '../../../src/app/admin/users.ts';
import { startCashServer, type CashServer } from '../../../src/integrations/rkeeper/simulator/cash-server.ts';
import { testDatabase, type TestDatabase } from '../../support/db.ts';
import { makeOrg, testServer, type OrgFixture } from '../../support/fixtures.ts';

const PASSWORD = 'xml-Пароль-42';
let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;
let cash: CashServer;
let token: string;
let analystToken: string;
let ownerToken: string;

async function admin(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, as = token) {
  const res = await server.app.inject({
    method,
    url: `/api/admin/v1${url}`,
    headers: { authorization: `Bearer ${as}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, body: JSON.parse(res.body), raw: res.body };
}

async function signIn(email: string, role: 'integrator' | 'analyst' | 'owner'): Promise<string> {
  await createUser(server.ctx, org.actor, { email, name: role, role, password: 'correct horse battery' });
  const res = await server.app.inject({
    method: 'POST', url: '/api/admin/v1/auth/login', headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password: 'correct horse battery' }),
  });
  return JSON.parse(res.body).token;
}

const settings = (over: Record<string, unknown> = {}) => ({
  kind: 'mid', host: cash.host, port: cash.port, user: 'probonus', password: PASSWORD, allow_self_signed: true, ...over,
});

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  org = await makeOrg(server.ctx);
  cash = await startCashServer({ user: 'probonus', password: PASSWORD });
  token = await signIn('integrator@example.ru', 'integrator');
  analystToken = await signIn('analyst@example.ru', 'analyst');
  ownerToken = await signIn('owner@example.ru', 'owner');
});
after(async () => {
  await cash.stop();
  await server.app.close();
  await t.close();
});

test('settings are saved and read back without the password', async () => {
  const saved = await admin('PUT', '/rkeeper/xml-settings', settings());
  assert.equal(saved.status, 200, saved.raw);
  assert.equal(saved.body.has_password, true);
  assert.ok(!saved.raw.includes(PASSWORD));
  const read = await admin('GET', '/rkeeper/xml-settings');
  assert.equal(read.body.host, cash.host);
  assert.ok(!read.raw.includes(PASSWORD));
  const audited = await t.db.selectFrom('audit_log').select(['after']).where('entity', '=', 'rkeeper_xml_settings').execute();
  assert.ok(audited.length > 0 && !JSON.stringify(audited).includes(PASSWORD));
});

test('an analyst may not change the connection', async () => {
  const r = await admin('PUT', '/rkeeper/xml-settings', settings(), analystToken);
  assert.equal(r.status, 403);
});

test('check connection passes against the simulated cash server', async () => {
  const r = await admin('POST', '/rkeeper/xml-settings/check');
  assert.equal(r.status, 200);
  assert.deepEqual([r.body.ok, r.body.server_version, r.body.net_name], [true, '7.6.5.92', 'MIDSERV']);
});

test('a wrong password fails as unauthorized (the stored password kept when omitted)', async () => {
  await admin('PUT', '/rkeeper/xml-settings', settings({ password: 'wrong' }));
  const r = await admin('POST', '/rkeeper/xml-settings/check', undefined, ownerToken);
  assert.deepEqual([r.body.ok, r.body.code], [false, 'rkeeper.xml_interface.unauthorized']);
  assert.match(r.body.reason, /пароль/);
  await admin('PUT', '/rkeeper/xml-settings', settings());
  const noPassword: Record<string, unknown> = settings();
  delete noPassword.password;
  await admin('PUT', '/rkeeper/xml-settings', noPassword);
  assert.equal((await admin('POST', '/rkeeper/xml-settings/check')).body.ok, true);
});

test('a closed port fails as refused', async () => {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  await admin('PUT', '/rkeeper/xml-settings', settings({ port }));
  const r = await admin('POST', '/rkeeper/xml-settings/check', undefined, ownerToken);
  assert.deepEqual([r.body.ok, r.body.code], [false, 'rkeeper.xml_interface.refused']);
  // Whoever else may check hears one generic failure: closed, filtered and open ports look alike.
  const generic = await admin('POST', '/rkeeper/xml-settings/check');
  assert.deepEqual([generic.body.ok, generic.body.code], [false, 'connection_failed']);
  assert.ok(!generic.raw.includes(String(port)) && !/refused|отклон/i.test(generic.raw), generic.raw);
  const imported = await admin('POST', '/rkeeper/dictionaries/import');
  assert.deepEqual([imported.status, imported.body.error.code], [422, 'connection_failed']);
  const ownerImport = await admin('POST', '/rkeeper/dictionaries/import', undefined, ownerToken);
  assert.equal(ownerImport.body.error.code, 'rkeeper.xml_interface.refused');
  // Managers, analysts and support read the audit log: it has the code, never the reason's text.
  const audited = await t.db
    .selectFrom('audit_log')
    .select(['action', 'after'])
    .where('action', 'in', ['check', 'import_failed'])
    .orderBy('id', 'desc')
    .limit(4)
    .execute();
  assert.deepEqual(
    audited.map((a) => [a.action, a.after]),
    [
      ['import_failed', { code: 'rkeeper.xml_interface.refused' }],
      ['import_failed', { code: 'rkeeper.xml_interface.refused' }],
      ['check', { ok: false, code: 'rkeeper.xml_interface.refused' }],
      ['check', { ok: false, code: 'rkeeper.xml_interface.refused' }],
    ],
  );
});

test('a self-signed certificate fails as untrusted unless allowed', async () => {
  await admin('PUT', '/rkeeper/xml-settings', settings({ allow_self_signed: false }));
  const r = await admin('POST', '/rkeeper/xml-settings/check', undefined, ownerToken);
  assert.deepEqual([r.body.ok, r.body.code], [false, 'rkeeper.xml_interface.tls_untrusted']);
  assert.match(r.body.reason, /самоподписанный/);
  await admin('PUT', '/rkeeper/xml-settings', settings());
});

test('dictionaries are imported and the discounts listed by name', async () => {
  const r = await admin('POST', '/rkeeper/dictionaries/import');
  assert.equal(r.status, 200, r.raw);
  assert.deepEqual(r.body.imported.map((x: { ref_name: string }) => x.ref_name), ['DISCOUNTS', 'MENUITEMS', 'CATEGLIST', 'CURRENCIES', 'RESTAURANTS', 'CASHES']);
  const d = await admin('GET', '/rkeeper/dictionaries/DISCOUNTS', undefined, analystToken);
  assert.equal(d.status, 200);
  const names = d.body.rows.map((i: { name: string }) => i.name);
  assert.ok(names.includes('Бонусная скидка Kopilka'));
  assert.ok(!names.includes('Скидка постоянного гостя'), 'deleted discounts are not imported');
  const menu = await admin('GET', '/rkeeper/dictionaries/MENUITEMS');
  assert.ok(menu.body.rows.some((i: { code: string; name: string }) => i.code === '2466' && i.name === 'Горячая Филадельфия ролл'));
  const audits = await t.db.selectFrom('audit_log').select('entity_id').where('entity', '=', 'pos_dictionary').execute();
  assert.ok(audits.some((a) => a.entity_id === 'rkeeper:DISCOUNTS'));
});

test('the import works against a schema-strict RK7 server: all six dictionaries, each asked once without paging', async () => {
  const strict = await startCashServer({ user: 'probonus', password: PASSWORD, strict: true });
  try {
    assert.equal((await admin('PUT', '/rkeeper/xml-settings', settings({ port: strict.port }))).status, 200);
    const r = await admin('POST', '/rkeeper/dictionaries/import');
    assert.equal(r.status, 200, r.raw);
    assert.deepEqual(r.body.imported.map((x: { count: number }) => x.count > 0), [true, true, true, true, true, true]);
    assert.equal(strict.commands.filter((c) => c['Offset'] !== undefined).length, 1, 'one refused probe');
    const menu = await admin('GET', '/rkeeper/dictionaries/MENUITEMS');
    assert.ok(menu.body.rows.some((i: { attributes: Record<string, string> }) => i.attributes['CategPath'] !== undefined), JSON.stringify(menu.body.rows[0]));
  } finally {
    await admin('PUT', '/rkeeper/xml-settings', settings());
    await strict.stop();
  }
});
