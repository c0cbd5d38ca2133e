// "Single active card" lives in one place, the organization's card rules: the program settings
// refuse it in words, and migration 0028 carries a true stored in the program (where it never
// acted) over to the organization, where issuing a card then expires the guest's others.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { issueCard } from '../../src/app/admin/guests.ts';
import { createUser } from '../../src/app/admin/users.ts';
import { migrateToLatest, migrator } from '../../src/db/migrate.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg, testServer, type OrgFixture } from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;
let token: string;

async function admin(method: string, url: string, body?: unknown) {
  const res = await server.app.inject({
    method: method as 'GET',
    url: `/api/admin/v1${url}`,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  org = await makeOrg(server.ctx);
  await createUser(server.ctx, org.actor, {
    email: 'owner@example.ru',
    name: 'Владелец',
    role: 'owner',
    password: 'correct horse battery',
  });
  const login = await server.app.inject({
    method: 'POST',
    url: '/api/admin/v1/auth/login',
    payload: { email: 'owner@example.ru', password: 'correct horse battery' },
  });
  token = JSON.parse(login.body).token;
});

after(async () => {
  await server.app.close();
  await t.close();
});

test('the program settings refuse singleActiveCard and say where it lives', async () => {
  await admin('PUT', '/program', { settings: { cashierPhoneAuth: true } });
  for (const [url, body] of [
    ['/program', { settings: { singleActiveCard: true } }],
    [`/program/restaurants/${org.restaurantId}`, { singleActiveCard: true }],
  ] as const) {
    const r = await admin('PUT', url, body);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'loyalty.setting_retired');
    assert.match(r.body.error.message_ru, /PATCH \/api\/admin\/v1\/organization\/settings/);
  }
  const program = await admin('GET', '/program');
  assert.equal('singleActiveCard' in program.body.settings, false);
  const orgSettings = await admin('GET', '/organization');
  assert.equal(orgSettings.body.settings.single_active_card, false);
});

test('migration 0028 carries a stored true to the organization, where it acts', async () => {
  await migrator(t.db).migrateTo('0027_installation');
  const stored = await t.db
    .selectFrom('loyalty_programs')
    .select('settings')
    .where('org_id', '=', org.orgId)
    .where('restaurant_id', '=', 0)
    .executeTakeFirstOrThrow();
  assert.equal((stored.settings as Record<string, unknown>).singleActiveCard, false);
  await sql`update loyalty_programs set settings = settings || '{"singleActiveCard": true}'::jsonb
    where org_id = ${org.orgId}`.execute(t.db);
  await sql`insert into loyalty_programs (org_id, restaurant_id, settings)
    values (${org.orgId}, ${org.restaurantId}, '{"singleActiveCard": false}')`.execute(t.db);
  const other = await makeOrg(server.ctx);
  await migrateToLatest(t.db);

  const programs = await t.db
    .selectFrom('loyalty_programs')
    .select('settings')
    .where('org_id', '=', org.orgId)
    .execute();
  assert.equal(programs.length, 2);
  for (const p of programs) assert.equal('singleActiveCard' in (p.settings as object), false);
  assert.equal((await admin('GET', '/organization')).body.settings.single_active_card, true);
  const untouched = await t.db
    .selectFrom('organizations')
    .select('settings')
    .where('id', '=', other.orgId)
    .executeTakeFirstOrThrow();
  assert.equal(untouched.settings.singleActiveCard, undefined);

  const g = await makeGuest(server.ctx, org, { deposit: null });
  await issueCard(server.ctx, org.actor, { guest_id: g.guestId, number: `${g.number}-2` });
  const first = await t.db
    .selectFrom('cards')
    .select('status')
    .where('org_id', '=', org.orgId)
    .where('id', '=', g.cardId)
    .executeTakeFirstOrThrow();
  assert.equal(first.status, 'expired');
  await admin('DELETE', `/program/restaurants/${org.restaurantId}`);
});
