// Admin API for iiko: connection settings whose password never comes back, the connection
// check with its failure reason and no licence seat left behind, the dictionary import, the
// permissions of each route, and the audit of every change.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createUser } from '../../../src/app/admin/users.ts';
import { testDatabase } from '../../support/db.ts';
import { iikoSetup, PAYMENT_TYPE, type IikoSetup } from './payment-setup.ts';

let s: IikoSetup;
before(async () => {
  s = await iikoSetup(await testDatabase());
});
after(() => s.close());

const settings = (over: object = {}) => ({
  serverName: 'Мой ресторан',
  protocol: 'http',
  address: '127.0.0.1',
  port: s.sim.port,
  login: 'kopilka',
  password: 'kopilka',
  timeoutMs: 2000,
  ...over,
});

test('the password is kept only as its SHA-1 digest, sealed, and never returned', async () => {
  const got = await s.admin('GET', '/iiko/server');
  assert.equal(got.status, 200);
  assert.equal(got.body.settings.passwordSet, true);
  const text = JSON.stringify(got.body);
  const row = await s.t.db
    .selectFrom('iiko_server_settings')
    .selectAll()
    .where('org_id', '=', s.org.orgId)
    .executeTakeFirstOrThrow();
  const digest = createHash('sha1').update('kopilka').digest('hex');
  const sealed = row.password_sealed ?? '';
  assert.ok(sealed.startsWith('v1.'));
  assert.ok(!sealed.includes(digest));
  assert.ok(!text.includes(digest) && !text.includes(sealed));
  assert.ok(!text.includes('"password"'));
  const audits = await s.t.db
    .selectFrom('audit_log')
    .select(['action', 'after'])
    .where('org_id', '=', s.org.orgId)
    .where('entity', '=', 'iiko_server_settings')
    .execute();
  assert.ok(audits.length >= 1);
  for (const a of audits) assert.ok(!JSON.stringify(a.after).includes(digest));
});

/** The organization's owner, who alone hears why a connection failed (integration.diagnose). */
async function asOwner(method: 'POST', url: string) {
  const email = `owner-${s.org.orgId}@example.ru`;
  const exists = await s.t.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  if (!exists) {
    await createUser(s.server.ctx, s.org.actor, {
      email,
      name: 'Владелец',
      role: 'owner',
      password: 'correct horse battery',
    });
  }
  const login = await s.server.app.inject({
    method: 'POST',
    url: '/api/admin/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password: 'correct horse battery' }),
  });
  const res = await s.server.app.inject({
    method,
    url: `/api/admin/v1${url}`,
    headers: { authorization: `Bearer ${JSON.parse(login.body).token}` },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

test('check connection: ok, then the failure reason to the owner only, never a seat left behind', async () => {
  const ok = await s.admin('POST', '/iiko/server/check');
  assert.equal(ok.status, 200);
  assert.equal(ok.body.ok, true);
  assert.equal((await s.admin('PUT', '/iiko/server', settings({ password: 'wrong' }))).status, 200);
  const bad = await asOwner('POST', '/iiko/server/check');
  assert.equal(bad.body.ok, false);
  assert.equal(bad.body.code, 'iiko.server.wrong_credentials');
  assert.match(bad.body.message.ru, /не принял логин/);
  // The integrator who may run the check hears only that it failed.
  const generic = await s.admin('POST', '/iiko/server/check');
  assert.deepEqual([generic.body.ok, generic.body.code], [false, 'connection_failed']);
  assert.match(generic.body.message.ru, /^Не удалось подключиться к серверу кассы/);
  assert.deepEqual(generic.body.details, {});
  const imported = await s.admin('POST', '/iiko/import');
  assert.deepEqual([imported.status, imported.body.error.code], [422, 'connection_failed']);
  const ownerImport = await asOwner('POST', '/iiko/import');
  assert.equal(ownerImport.body.error.code, 'iiko.server.wrong_credentials');
  assert.equal(s.sim.activeSessions(), 0);
  const invalid = await s.admin('PUT', '/iiko/server', settings({ address: 'https://x/resto' }));
  assert.equal(invalid.status, 400);
  assert.equal(invalid.body.error.code, 'iiko.settings.invalid');
  assert.equal((await s.admin('PUT', '/iiko/server', settings())).status, 200);
});

test('import fills the dictionaries, payment types with what iiko knows of their fiscal flag', async () => {
  const res = await s.admin('POST', '/iiko/import');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.imported, {
    products: s.sim.data.products.length,
    product_groups: s.sim.data.groups.length,
    product_categories: s.sim.data.categories.length,
    payment_types: s.sim.data.paymentTypes.length,
  });
  assert.equal(s.sim.activeSessions(), 0);
  const types = await s.t.db
    .selectFrom('pos_dictionary')
    .select(['ident', 'status', 'attributes'])
    .where('org_id', '=', s.org.orgId)
    .where('ref_name', '=', 'payment_types')
    .execute();
  const byId = new Map(types.map((t) => [t.ident, t]));
  assert.equal((byId.get(PAYMENT_TYPE.deposit)?.attributes as { fiscal: boolean }).fiscal, false);
  assert.equal((byId.get(PAYMENT_TYPE.prepayment)?.attributes as { fiscal: boolean }).fiscal, true);
  assert.equal((byId.get(PAYMENT_TYPE.certificate)?.attributes as { fiscal: null }).fiscal, null);
  assert.equal(byId.get(PAYMENT_TYPE.oldDeposit)?.status, 'deleted');

  // The same list as the cabinet reads it to choose a deposit's payment type.
  const listed = await s.admin('GET', '/iiko/dictionaries/payment_types');
  assert.equal(listed.status, 200);
  assert.equal(listed.body.rows.length, s.sim.data.paymentTypes.length);
  const prepayment = listed.body.rows.find(
    (r: { ident: string }) => r.ident === PAYMENT_TYPE.prepayment,
  );
  assert.equal(prepayment.attributes.fiscal, true);
  assert.equal((await s.admin('GET', '/iiko/dictionaries/nothing')).status, 400);
});

test('deposit payment types: every change audited; the list shows each combination', async () => {
  const put = await s.admin('PUT', '/iiko/deposit-payment-types', {
    scheme: 'credit',
    fiscal_mode: 'service',
    payment_type_id: PAYMENT_TYPE.deposit,
  });
  assert.equal(put.status, 200);
  assert.equal(put.body.payment_type_name, 'Депозит Kopilka');
  const list = await s.admin('GET', '/iiko/deposit-payment-types');
  assert.equal(list.body.rows.length, 6);
  const credit = list.body.rows.find(
    (c: { scheme: string; fiscal_mode: string }) =>
      c.scheme === 'credit' && c.fiscal_mode === 'service',
  );
  assert.deepEqual(credit.check, { ok: true });
  const audit = await s.t.db
    .selectFrom('audit_log')
    .select('entity_id')
    .where('org_id', '=', s.org.orgId)
    .where('entity', '=', 'iiko_deposit_payment_type')
    .execute();
  assert.deepEqual(
    audit.map((a) => a.entity_id),
    ['credit:service'],
  );
});

test('a manager may read iiko settings but not change them', async () => {
  await createUser(s.server.ctx, s.org.actor, {
    email: `manager-${s.org.orgId}@example.ru`,
    name: 'Управляющий',
    role: 'manager',
    password: 'correct horse battery',
  });
  const login = await s.server.app.inject({
    method: 'POST',
    url: '/api/admin/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({
      email: `manager-${s.org.orgId}@example.ru`,
      password: 'correct horse battery',
    }),
  });
  const token = JSON.parse(login.body).token as string;
  const as = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    s.server.app.inject({
      method,
      url: `/api/admin/v1${url}`,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
  assert.equal((await as('GET', '/iiko/server')).statusCode, 200);
  assert.equal((await as('GET', '/iiko/deposit-payment-types')).statusCode, 200);
  assert.equal((await as('GET', '/iiko/dictionaries/payment_types')).statusCode, 200);
  assert.equal((await as('PUT', '/iiko/server', settings())).statusCode, 403);
  assert.equal((await as('POST', '/iiko/import')).statusCode, 403);
  assert.equal((await as('POST', '/iiko/server/check')).statusCode, 403);
});
