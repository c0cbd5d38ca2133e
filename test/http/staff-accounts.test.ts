// Staff accounts tell nothing about other organizations: an e-mail is unique per organization,
// so creating a user never reveals that another organization has the address, and signing in
// picks the account by its password. Passwords must not be guessable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../../src/app/admin/users.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrg, testServer, type OrgFixture } from '../support/fixtures.ts';
import { adminCaller, signInEveryRole } from '../support/admin.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let a: OrgFixture;
let b: OrgFixture;
let call: ReturnType<typeof adminCaller>;
let ownerB: string;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  call = adminCaller(server.app);
  a = await makeOrg(server.ctx, { name: 'Организация А' });
  b = await makeOrg(server.ctx, { name: 'Организация Б' });
  await createUser(server.ctx, a.actor, { email: 'Shared@Example.ru', name: 'Анна', role: 'manager', password: 'first organization phrase' });
  ownerB = (await signInEveryRole(server.ctx, server.app, b, 'b')).owner.token;
});
after(async () => {
  await server.app.close();
  await t.close();
});

test("another organization's e-mail is no conflict: creating the user succeeds", async () => {
  const created = await call('POST', '/users', ownerB, { email: 'shared@example.ru', name: 'Анна Б', role: 'analyst', password: 'second organization phrase' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const again = await call('POST', '/users', ownerB, { email: 'SHARED@example.ru', name: 'Ещё', role: 'analyst', password: 'second organization phrase' });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'email_taken');
});

test('signing in: the password picks the organization; one password for both needs organization_id', async () => {
  const inA = await call('POST', '/auth/login', null, { email: 'shared@example.ru', password: 'first organization phrase' });
  assert.equal(inA.status, 200);
  assert.equal(inA.body.user.org_id, a.orgId);
  const inB = await call('POST', '/auth/login', null, { email: 'shared@example.ru', password: 'second organization phrase' });
  assert.equal(inB.body.user.org_id, b.orgId);

  await createUser(server.ctx, a.actor, { email: 'twice@example.ru', name: 'Борис', role: 'analyst', password: 'one phrase for both' });
  await createUser(server.ctx, b.actor, { email: 'twice@example.ru', name: 'Борис', role: 'analyst', password: 'one phrase for both' });
  const ambiguous = await call('POST', '/auth/login', null, { email: 'twice@example.ru', password: 'one phrase for both' });
  assert.equal(ambiguous.status, 409);
  assert.equal(ambiguous.body.error.code, 'organization_required');
  assert.deepEqual(
    ambiguous.body.error.details.organizations.map((o: { id: number }) => o.id).sort(),
    [a.orgId, b.orgId].sort(),
  );
  const chosen = await call('POST', '/auth/login', null, { email: 'twice@example.ru', password: 'one phrase for both', organization_id: b.orgId });
  assert.equal(chosen.status, 200);
  assert.equal(chosen.body.user.org_id, b.orgId);
});

test('guessable passwords are refused with a clear message, a phrase of words is taken', async () => {
  for (const password of ['password123', 'qwertyuiop123', '1234567890', 'gfhjkm12345', 'пароль1234567', 'newcomer@example.ru']) {
    const r = await call('POST', '/users', ownerB, { email: 'newcomer@example.ru', name: 'Новичок', role: 'analyst', password });
    assert.equal(r.status, 400, password);
    assert.equal(r.body.error.code, 'weak_password', password);
    assert.match(r.body.error.message_ru, /Пароль слишком простой|от 10 до 200/);
  }
  const ok = await call('POST', '/users', ownerB, { email: 'newcomer@example.ru', name: 'Новичок', role: 'analyst', password: 'чайник на подоконнике' });
  assert.equal(ok.status, 201);
});
