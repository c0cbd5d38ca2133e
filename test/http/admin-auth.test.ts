// Admin sign-in: hashed passwords, sessions that expire, lockout after repeated failures,
// and the permission every admin route must declare.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../../src/app/admin/users.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrg, testServer, type OrgFixture } from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  org = await makeOrg(server.ctx);
  await createUser(server.ctx, org.actor, { email: 'Owner@Example.ru', name: 'Владелец', role: 'owner', password: 'correct horse battery' });
  await createUser(server.ctx, org.actor, { email: 'analyst@example.ru', name: 'Аналитик', role: 'analyst', password: 'correct horse battery' });
});
after(async () => {
  await server.app.close();
  await t.close();
});

async function admin(method: 'GET' | 'POST', url: string, token: string | null, body?: unknown) {
  const res = await server.app.inject({
    method,
    url: `/api/admin/v1${url}`,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

test('sign in, see who I am, sign out', async () => {
  const login = await admin('POST', '/auth/login', null, { email: 'owner@example.ru', password: 'correct horse battery' });
  assert.equal(login.status, 200);
  assert.match(login.body.token, /^ks_\d+_\d+_/);
  const me = await admin('GET', '/me', login.body.token);
  assert.equal(me.status, 200);
  assert.equal(me.body.role, 'owner');
  assert.ok(me.body.permissions.includes('users.manage'));
  assert.equal((await admin('POST', '/auth/logout', login.body.token)).status, 200);
  assert.equal((await admin('GET', '/me', login.body.token)).body.error.code, 'session_invalid');
});

test('passwords are stored hashed', async () => {
  const rows = await t.db.selectFrom('users').select('password_hash').execute();
  for (const r of rows) {
    assert.match(r.password_hash, /^scrypt\$/);
    assert.ok(!r.password_hash.includes('correct horse'));
  }
});

test('sessions expire', async () => {
  const login = await admin('POST', '/auth/login', null, { email: 'analyst@example.ru', password: 'correct horse battery' });
  server.clock.advance(13 * 3_600_000);
  const me = await admin('GET', '/me', login.body.token);
  assert.equal(me.status, 401);
  assert.equal(me.body.error.code, 'session_invalid');
});

test('five wrong passwords lock the account for a while, even against the right one', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await admin('POST', '/auth/login', null, { email: 'analyst@example.ru', password: 'wrong password!' });
    assert.equal(r.body.error.code, 'invalid_credentials');
  }
  const locked = await admin('POST', '/auth/login', null, { email: 'analyst@example.ru', password: 'correct horse battery' });
  assert.equal(locked.status, 401);
  // Locked says nothing more than wrong: the answer must not confirm the address has an account.
  assert.equal(locked.body.error.code, 'invalid_credentials');
  server.clock.advance(16 * 60_000);
  const again = await admin('POST', '/auth/login', null, { email: 'analyst@example.ru', password: 'correct horse battery' });
  assert.equal(again.status, 200);
  const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'user').execute();
  assert.ok(audit.some((a) => a.action === 'lockout'));
});

test('no token, a forged token, an unknown user: 401 with a stable code', async () => {
  assert.equal((await admin('GET', '/me', null)).body.error.code, 'login_required');
  assert.equal((await admin('GET', '/me', `ks_${org.orgId}_1_${'A'.repeat(43)}`)).body.error.code, 'session_invalid');
  assert.equal((await admin('POST', '/auth/login', null, { email: 'nobody@example.ru', password: 'x' })).body.error.code, 'invalid_credentials');
});
