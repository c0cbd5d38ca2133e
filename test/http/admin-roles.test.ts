// The role × endpoint table (issue 6 acceptance): every admin route registered on the server —
// read from the OpenAPI document, where each operation states its permission, so routes added
// later are covered without being listed here — is allowed or denied for each of the six roles
// exactly as src/domain/roles.ts says. A manager cannot change integration settings, an
// analyst changes nothing, and a user of another organization sees nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createCardMask } from '../../src/app/admin/guests.ts';
import { ROLES, can, type Permission } from '../../src/domain/roles.ts';
import { adminCaller, signInEveryRole, type Method } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  testServer,
  type GuestFixture,
  type OrgFixture,
} from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let call: ReturnType<typeof adminCaller>;
let A: OrgFixture;
let B: OrgFixture;
let gA: GuestFixture;
let maskA: number;
let usersA: Awaited<ReturnType<typeof signInEveryRole>>;
let usersB: Awaited<ReturnType<typeof signInEveryRole>>;

interface AdminRoute {
  method: Method;
  path: string;
  permission: Permission | 'signed-in' | 'public';
  operationId: string;
}
let routes: AdminRoute[];

const PREFIX = '/api/admin/v1';
const UNKNOWN_ID = '999999999';

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  call = adminCaller(server.app);
  A = await makeOrg(server.ctx, { name: 'Сеть А' });
  B = await makeOrg(server.ctx, { name: 'Сеть Б' });
  gA = await makeGuest(server.ctx, A, { phone: '+7 900 555-00-01', funds: 10_000 });
  await makeGuest(server.ctx, B, { phone: '+7 900 555-00-02' });
  maskA = (
    await createCardMask(server.ctx, A.actor, { name: 'Все', pattern: '*', kind: 'plastic' })
  ).id;
  await createCardMask(server.ctx, B.actor, { name: 'Все', pattern: '*', kind: 'plastic' });
  usersA = await signInEveryRole(server.ctx, server.app, A, 'a');
  usersB = await signInEveryRole(server.ctx, server.app, B, 'b');
  await server.app.ready();
  const doc = server.app.swagger() as unknown as {
    paths: Record<
      string,
      Record<string, { 'x-permission'?: AdminRoute['permission']; operationId: string }>
    >;
  };
  routes = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith(PREFIX))
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase() as Method,
        path: path.slice(PREFIX.length),
        permission: op['x-permission'] as AdminRoute['permission'],
        operationId: op.operationId,
      })),
    );
});
after(async () => {
  await server.app.close();
  await t.close();
});

/** A concrete URL for a route: every path parameter an id that exists nowhere. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, UNKNOWN_ID);
const hasBody = (m: Method) => m === 'POST' || m === 'PUT' || m === 'PATCH';

test('every admin route states a known permission', () => {
  assert.ok(routes.length >= 38, `only ${routes.length} admin routes found`);
  for (const r of routes) assert.ok(r.permission, `${r.method} ${r.path} states no permission`);
});

test('each role is allowed or denied at every endpoint exactly as the role table says', async () => {
  const checked = routes.filter((r) => r.permission !== 'public' && r.permission !== 'signed-in');
  for (const route of checked) {
    for (const role of ROLES) {
      const res = await call(
        route.method,
        concrete(route.path),
        usersA[role].token,
        hasBody(route.method) ? {} : undefined,
      );
      const where = `${role} ${route.method} ${route.path} → ${res.status} ${JSON.stringify(res.body)}`;
      if (can(role, route.permission as Permission)) {
        assert.notEqual(res.status, 403, where);
        assert.notEqual(res.status, 401, where);
        assert.ok(res.status < 500, where);
      } else {
        assert.equal(res.status, 403, where);
        assert.equal(res.body.error.code, 'permission_denied', where);
        assert.ok(res.body.error.message_ru && res.body.error.message_en, where);
      }
    }
  }
});

test('every list answers one shape, {rows, next_cursor}; no answer is a bare array', async () => {
  const reads = routes.filter((r) => r.method === 'GET' && !r.path.includes('{'));
  let lists = 0;
  for (const route of reads) {
    const res = await call('GET', route.path, usersA.owner.token);
    const where = `${route.path} → ${res.status} ${JSON.stringify(res.body)}`;
    assert.ok(!Array.isArray(res.body), where);
    if (!route.operationId.startsWith('list') || res.status !== 200) continue;
    assert.ok(Array.isArray(res.body.rows), where);
    assert.ok('next_cursor' in res.body, where);
    lists++;
  }
  assert.ok(lists >= 9, `${lists} lists checked`);
});

test('a manager cannot change integration settings, terminals, masks or deposit schemes', async () => {
  const token = usersA.manager.token;
  const attempts: [Method, string, unknown][] = [
    ['PATCH', '/integration/settings', { hold_ttl_seconds: 600 }],
    ['POST', '/terminals', { restaurant_id: A.restaurantId, name: 'Касса 2' }],
    ['POST', `/terminals/${A.terminalId}/rotate-key`, undefined],
    ['POST', `/terminals/${A.terminalId}/revoke`, undefined],
    ['POST', '/card-masks', { name: 'Пластик', pattern: '77####', kind: 'plastic' }],
    ['POST', `/guests/${gA.guestId}/deposits`, { scheme: 'debit', fiscal_mode: 'service' }],
  ];
  for (const [method, url, body] of attempts) {
    const res = await call(method, url, token, body);
    assert.equal(res.status, 403, `${method} ${url}`);
    assert.equal(res.body.error.details.permission, 'integration.write');
  }
  const terminal = await t.db
    .selectFrom('terminals')
    .select('revoked_at')
    .where('org_id', '=', A.orgId)
    .where('id', '=', A.terminalId)
    .executeTakeFirstOrThrow();
  assert.equal(terminal.revoked_at, null);
  // Reading them is allowed: the manager sees what the integrator set.
  assert.equal((await call('GET', '/integration/settings', token)).status, 200);
});

/** Every row of every table but the audit log and sessions, which sign-ins write. */
async function snapshot(): Promise<string> {
  const tables = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'public'
      and tablename not in ('audit_log', 'user_sessions', 'kysely_migration', 'kysely_migration_lock')
    order by tablename`.execute(t.db);
  const parts: string[] = [];
  for (const { tablename } of tables.rows) {
    const rows = await sql`select * from ${sql.table(tablename)} order by 1, 2`.execute(t.db);
    parts.push(`${tablename}:${JSON.stringify(rows.rows)}`);
  }
  return parts.join('\n');
}

test('an analyst changes nothing, even with well-formed requests', async () => {
  const before = await snapshot();
  const auditBefore = await t.db.selectFrom('audit_log').select('id').execute();
  const token = usersA.analyst.token;
  // Every non-GET route is tried; those needing a write permission must refuse outright, and
  // read-only ones sent by POST (dry runs, checks) must leave the data as it was.
  const nonGet = routes.filter(
    (r) => r.method !== 'GET' && r.permission !== 'public' && r.permission !== 'signed-in',
  );
  for (const route of nonGet) {
    const res = await call(
      route.method,
      concrete(route.path),
      token,
      hasBody(route.method) ? {} : undefined,
    );
    if (!route.permission.endsWith('.read'))
      assert.equal(res.status, 403, `${route.method} ${route.path}`);
  }
  const real: [Method, string, unknown][] = [
    ['PATCH', `/guests/${gA.guestId}`, { first_name: 'Взлом' }],
    ['POST', `/cards/${gA.cardId}/status`, { status: 'blocked', reason: 'test' }],
    ['POST', `/accounts/${gA.depositId}/adjustments`, { amount: 100, reason: 'test' }],
    ['PATCH', `/users/${usersA.owner.userId}`, { role: 'analyst' }],
    ['PATCH', '/organization/settings', { single_active_card: true }],
  ];
  for (const [method, url, body] of real)
    assert.equal((await call(method, url, token, body)).status, 403);
  assert.equal(await snapshot(), before);
  const auditAfter = await t.db.selectFrom('audit_log').select(['id', 'action']).execute();
  assert.deepEqual(
    auditAfter.filter((a) => !auditBefore.some((b) => b.id === a.id)),
    [],
  );
});

test("another organization's owner gets 404 for every id of ours and sees none of our rows", async () => {
  const token = usersB.owner.token;
  const ids: Record<string, number> = {
    '/guests/{id}': gA.guestId,
    '/cards/{id}': gA.cardId,
    '/accounts/{id}': gA.depositId as number,
    '/restaurants/{id}': A.restaurantId,
    '/terminals/{id}': A.terminalId,
    '/card-masks/{id}': maskA,
    '/users/{id}': usersA.owner.userId,
  };
  const reads = routes.filter((r) => r.method === 'GET' && r.path.includes('{id}'));
  let tried = 0;
  for (const route of reads) {
    const prefix = Object.keys(ids).find((p) => route.path.startsWith(p));
    if (!prefix) continue;
    const res = await call('GET', route.path.replace('{id}', String(ids[prefix])), token);
    assert.equal(res.status, 404, `${route.path}: ${JSON.stringify(res.body)}`);
    tried++;
  }
  assert.ok(tried >= 5);
  const writes: [Method, string, unknown][] = [
    ['PATCH', `/guests/${gA.guestId}`, { first_name: 'Чужой' }],
    ['POST', `/cards/${gA.cardId}/status`, { status: 'blocked', reason: 'чужой' }],
    ['PUT', `/cards/${gA.cardId}/validity`, { valid_from: null, valid_until: null }],
    ['POST', `/accounts/${gA.depositId}/adjustments`, { amount: 100, reason: 'чужой' }],
    ['POST', `/guests/${gA.guestId}/deposits`, { scheme: 'debit', fiscal_mode: 'service' }],
    ['PATCH', `/restaurants/${A.restaurantId}/venue`, { description: 'чужой' }],
    ['POST', '/terminals', { restaurant_id: A.restaurantId, name: 'чужая' }],
    ['POST', `/terminals/${A.terminalId}/rotate-key`, undefined],
    ['POST', `/users/${usersA.owner.userId}/disable`, undefined],
    ['PATCH', `/card-masks/${maskA}`, { name: 'чужая' }],
    ['DELETE', `/card-masks/${maskA}`, undefined],
    ['POST', `/users/${usersA.manager.userId}/password`, { password: 'another long password' }],
  ];
  for (const [method, url, body] of writes) {
    const res = await call(method, url, token, body);
    assert.equal(res.status, 404, `${method} ${url}: ${JSON.stringify(res.body)}`);
  }
  const lists = ['/guests', '/restaurants', '/terminals', '/card-masks', '/users', '/audit'];
  const ours = (body: { rows: Record<string, unknown>[] }, key: string, values: unknown[]) =>
    body.rows.filter((row) => values.includes(row[key]));
  for (const url of lists) {
    const res = await call('GET', url, token);
    assert.equal(res.status, 200, url);
    assert.ok(res.body.rows.length > 0, `${url} shows B its own rows`);
  }
  assert.deepEqual(
    ours((await call('GET', '/guests?limit=500', token)).body, 'id', [gA.guestId]),
    [],
  );
  assert.deepEqual(
    ours((await call('GET', `/guests?q=${gA.number}`, token)).body, 'id', [gA.guestId]),
    [],
  );
  assert.deepEqual(
    ours((await call('GET', '/restaurants', token)).body, 'id', [A.restaurantId]),
    [],
  );
  assert.deepEqual(ours((await call('GET', '/terminals', token)).body, 'id', [A.terminalId]), []);
  const usersOfA = Object.values(usersA).map((u) => u.userId);
  assert.deepEqual(ours((await call('GET', '/users', token)).body, 'id', usersOfA), []);
  const audit = (await call('GET', '/audit?limit=500', token)).body;
  assert.deepEqual(
    ours(audit, 'entity_id', [String(gA.guestId)]).filter((r) => r.entity === 'guest'),
    [],
  );
  const orgOf = await t.db
    .selectFrom('audit_log')
    .select('org_id')
    .where(
      'id',
      'in',
      audit.rows.map((r: { id: number }) => r.id),
    )
    .execute();
  assert.ok(orgOf.every((r) => r.org_id === B.orgId));
  assert.deepEqual(ours((await call('GET', '/card-masks', token)).body, 'id', [maskA]), []);
  assert.equal((await call('GET', '/organization', token)).body.id, B.orgId);
});
