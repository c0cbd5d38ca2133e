// The installation's operator: whoever hosts Kopilka for many organizations. It signs in on
// the staff route under the same budget, lockout, password policy and session rules, creates
// organizations with their first owner (who sets a password through a one-time link) and
// restaurants for them, is refused by every route of an organization's data — read from the
// OpenAPI document, so routes added later are covered — and everything it does is in the
// installation's audit log (and in the organization's, for what concerns one).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createOperator } from '../../src/app/installation/operators.ts';
import { firstOperatorSetup } from '../../src/app/installation/password-setup.ts';
import { signInBudget } from '../../src/app/admin/sign-in.ts';
import { adminCaller, PASSWORD, signInEveryRole, type Method } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  manualClock,
  testServer,
  type OrgFixture,
} from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let call: ReturnType<typeof adminCaller>;
let A: OrgFixture;
let operatorToken: string;
const OPERATOR = { email: 'Host@Example.ru', name: 'Хостинг', password: PASSWORD };

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db, manualClock(), { signInBudget: signInBudget(1000) });
  call = adminCaller(server.app);
  A = await makeOrg(server.ctx, { name: 'Сеть А' });
  await makeGuest(server.ctx, A, { phone: '+7 900 555-10-01', funds: 10_000 });
  await createOperator(server.ctx, { type: 'cli', id: null, name: 'test' }, OPERATOR);
  operatorToken = await signIn('host@example.ru', PASSWORD);
});
after(async () => {
  await server.app.close();
  await t.close();
});

async function signIn(email: string, password: string): Promise<string> {
  const res = await call('POST', '/auth/login', null, { email, password });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.token;
}

const installationAudit = () =>
  t.db.selectFrom('installation_audit').selectAll().orderBy('id').execute();

test('the operator signs in on the staff route and is in no organization', async () => {
  assert.match(operatorToken, /^ko_\d+_/);
  const me = await call('GET', '/me', operatorToken);
  assert.equal(me.status, 200);
  assert.deepEqual(
    { role: me.body.role, org_id: me.body.org_id, scope: me.body.scope },
    { role: 'operator', org_id: null, scope: 'installation' },
  );
  assert.deepEqual(me.body.permissions, ['installation.manage']);
  const stored = await t.db.selectFrom('operators').select('password_hash').execute();
  assert.ok(stored.every((o) => o.password_hash.startsWith('scrypt$')));
});

test('creates an organization with its owner; the owner sets a password by the link and sees an empty organization', async () => {
  const created = await call('POST', '/installation/organizations', operatorToken, {
    name: 'Сеть Б',
    owner: { email: 'owner.b@example.ru', name: 'Владелец Б' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const { organization, owner, setup } = created.body;
  assert.match(setup.token, /^kps_/);
  assert.equal(setup.path, `/setup#${setup.token}`);
  // Nobody can sign in as the owner before the link is used: no password exists.
  const early = await call('POST', '/auth/login', null, {
    email: 'owner.b@example.ru',
    password: PASSWORD,
  });
  assert.equal(early.status, 401);

  const described = await call('POST', '/auth/password-setup/check', null, { token: setup.token });
  assert.equal(described.status, 200);
  assert.deepEqual(
    {
      purpose: described.body.purpose,
      email: described.body.email,
      org: described.body.organization,
    },
    { purpose: 'user', email: 'owner.b@example.ru', org: 'Сеть Б' },
  );
  const weak = await call('POST', '/auth/password-setup', null, {
    token: setup.token,
    password: 'qwerty12345',
  });
  assert.equal(weak.status, 400);
  assert.equal(weak.body.error.code, 'weak_password');
  const done = await call('POST', '/auth/password-setup', null, {
    token: setup.token,
    password: PASSWORD,
  });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  const again = await call('POST', '/auth/password-setup', null, {
    token: setup.token,
    password: PASSWORD,
  });
  assert.equal(again.status, 404);
  assert.equal(again.body.error.code, 'setup_link_invalid');

  const ownerToken = await signIn('owner.b@example.ru', PASSWORD);
  assert.equal((await call('GET', '/organization', ownerToken)).body.id, organization.id);
  assert.deepEqual((await call('GET', '/guests', ownerToken)).body.rows, []);
  assert.deepEqual((await call('GET', '/restaurants', ownerToken)).body.rows, []);

  const restaurant = await call(
    'POST',
    `/installation/organizations/${organization.id}/restaurants`,
    operatorToken,
    {
      name: 'Бар «Б»',
      time_zone: 'Asia/Novosibirsk',
      integration: 'iiko',
    },
  );
  assert.equal(restaurant.status, 201, JSON.stringify(restaurant.body));
  assert.equal(restaurant.body.org_id, organization.id);
  const seen = (await call('GET', '/restaurants', ownerToken)).body.rows;
  assert.deepEqual(
    seen.map((r: { name: string }) => r.name),
    ['Бар «Б»'],
  );
  // The owner's log says who made the organization, the owner and the restaurant.
  const orgLog = (await call('GET', '/audit?limit=100', ownerToken)).body.rows;
  const byOperator = orgLog.filter((r: { actor: { type: string } }) => r.actor.type === 'operator');
  assert.deepEqual(byOperator.map((r: { entity: string }) => r.entity).sort(), [
    'organization',
    'restaurant',
    'user',
  ]);
  assert.ok(orgLog.some((r: { action: string }) => r.action === 'set_password'));

  const list = await call('GET', '/installation/organizations', operatorToken);
  const b = list.body.rows.find((o: { id: number }) => o.id === organization.id);
  assert.deepEqual(
    b.owners.map((o: { email: string; awaiting_setup: boolean }) => [o.email, o.awaiting_setup]),
    [['owner.b@example.ru', false]],
  );
  assert.equal(b.restaurants[0].name, 'Бар «Б»');
  assert.equal(owner.email, 'owner.b@example.ru');
  // A used account's link cannot be made again: the operator cannot take over an owner.
  const retake = await call(
    'POST',
    `/installation/organizations/${organization.id}/owners/${owner.id}/setup-link`,
    operatorToken,
  );
  assert.equal(retake.status, 404);
  assert.equal(retake.body.error.code, 'owner_setup_not_pending');
  const unknown = await call(
    'POST',
    '/installation/organizations/999999/restaurants',
    operatorToken,
    {
      name: 'Нигде',
      time_zone: 'Europe/Moscow',
      integration: 'api',
    },
  );
  assert.equal(unknown.status, 404);

  const log = (await call('GET', '/installation/audit?limit=100', operatorToken)).body.rows;
  const actions = log.map((r: { action: string; entity: string }) => `${r.action} ${r.entity}`);
  assert.ok(actions.includes('create organization'), actions.join(', '));
  assert.ok(actions.includes('create restaurant'), actions.join(', '));
  assert.ok(actions.includes('login operator'), actions.join(', '));
});

test('a new link replaces an unused one; bad input is refused whole', async () => {
  const created = await call('POST', '/installation/organizations', operatorToken, {
    name: 'Сеть В',
    owner: { email: 'owner.v@example.ru', name: 'Владелец В' },
  });
  const { organization, owner, setup } = created.body;
  const fresh = await call(
    'POST',
    `/installation/organizations/${organization.id}/owners/${owner.id}/setup-link`,
    operatorToken,
  );
  assert.equal(fresh.status, 201);
  assert.equal(
    (await call('POST', '/auth/password-setup/check', null, { token: setup.token })).status,
    404,
  );
  assert.equal(
    (await call('POST', '/auth/password-setup/check', null, { token: fresh.body.token })).status,
    200,
  );
  const orgsBefore = await t.db.selectFrom('organizations').select('id').execute();
  const bad = await call('POST', '/installation/organizations', operatorToken, {
    name: 'Сеть Г',
    owner: { email: 'not-an-address', name: 'Г' },
  });
  assert.equal(bad.status, 400);
  assert.equal(
    (await t.db.selectFrom('organizations').select('id').execute()).length,
    orgsBefore.length,
  );
});

interface Route {
  method: Method;
  path: string;
  permission: string;
  operator?: boolean;
}

test("every route of an organization's data refuses the operator; the operator's routes refuse every staff role", async () => {
  await server.app.ready();
  const doc = server.app.swagger() as unknown as {
    paths: Record<string, Record<string, { 'x-permission': string }>>;
  };
  const routes: Route[] = Object.entries(doc.paths)
    .filter(([p]) => p.startsWith('/api/admin/v1'))
    .flatMap(([p, ops]) =>
      Object.entries(ops).map(([m, op]) => ({
        method: m.toUpperCase() as Method,
        path: p.slice('/api/admin/v1'.length).replace(/\{[^}]+\}/g, '1'),
        permission: op['x-permission'],
      })),
    );
  const mayCall = new Set(['GET /me', 'POST /auth/logout']);
  const orgRoutes = routes.filter(
    (r) =>
      r.permission !== 'public' &&
      r.permission !== 'installation.manage' &&
      !mayCall.has(`${r.method} ${r.path}`),
  );
  assert.ok(orgRoutes.length > 100, `${orgRoutes.length} routes`);
  for (const r of ['guests', 'reports', 'accounts', 'audit', 'dashboard'])
    assert.ok(
      orgRoutes.some((x) => x.path.startsWith(`/${r}`)),
      r,
    );
  for (const route of orgRoutes) {
    const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
    const res = await call(route.method, route.path, operatorToken, body);
    const where = `${route.method} ${route.path} → ${res.status} ${JSON.stringify(res.body)}`;
    assert.equal(res.status, 403, where);
    assert.equal(res.body.error.code, 'permission_denied', where);
  }
  const staff = await signInEveryRole(server.ctx, server.app, A, 'op');
  const operatorRoutes = routes.filter((r) => r.permission === 'installation.manage');
  assert.ok(operatorRoutes.length >= 5);
  for (const route of operatorRoutes)
    for (const [role, { token }] of Object.entries(staff)) {
      const res = await call(
        route.method,
        route.path,
        token,
        route.method === 'GET' ? undefined : {},
      );
      assert.equal(res.status, 403, `${role} ${route.method} ${route.path}`);
    }
});

test('lockout, password policy and session expiry apply to the operator as to staff', async () => {
  const weak = createOperator(
    server.ctx,
    { type: 'cli', id: null, name: 'test' },
    {
      email: 'weak@example.ru',
      name: 'Слабый',
      password: 'password123',
    },
  );
  await assert.rejects(weak, { code: 'weak_password' });
  await createOperator(
    server.ctx,
    { type: 'cli', id: null, name: 'test' },
    {
      email: 'second@example.ru',
      name: 'Второй',
      password: PASSWORD,
    },
  );
  for (let i = 0; i < 5; i++) {
    const res = await call('POST', '/auth/login', null, {
      email: 'second@example.ru',
      password: 'wrong password!',
    });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'invalid_credentials');
  }
  const locked = await call('POST', '/auth/login', null, {
    email: 'second@example.ru',
    password: PASSWORD,
  });
  assert.equal(locked.status, 401, 'the right password is refused while locked');
  const log = await installationAudit();
  assert.ok(log.some((r) => r.action === 'lockout' && r.actor_name === 'second@example.ru'));
  server.clock.advance(16 * 60_000);
  const token = await signIn('second@example.ru', PASSWORD);
  assert.equal((await call('GET', '/me', token)).status, 200);
  server.clock.advance(13 * 3_600_000);
  const expired = await call('GET', '/me', token);
  assert.equal(expired.status, 401);
  assert.equal(expired.body.error.code, 'session_invalid');
  // Signing out ends the session.
  const again = await signIn('second@example.ru', PASSWORD);
  assert.equal((await call('POST', '/auth/logout', again)).status, 200);
  assert.equal((await call('GET', '/me', again)).status, 401);
  operatorToken = await signIn('host@example.ru', PASSWORD);
});

test('an address with a staff account and an operator account picks one with organization_id (0: the operator)', async () => {
  await createOperator(
    server.ctx,
    { type: 'cli', id: null, name: 'test' },
    {
      email: 'owner.b@example.ru',
      name: 'Владелец Б как оператор',
      password: PASSWORD,
    },
  );
  const both = await call('POST', '/auth/login', null, {
    email: 'owner.b@example.ru',
    password: PASSWORD,
  });
  assert.equal(both.status, 409);
  assert.equal(both.body.error.code, 'organization_required');
  assert.ok(both.body.error.details.organizations.some((o: { id: number }) => o.id === 0));
  const asOperator = await call('POST', '/auth/login', null, {
    email: 'owner.b@example.ru',
    password: PASSWORD,
    organization_id: 0,
  });
  assert.match(asOperator.body.token, /^ko_/);
});

test('the first start makes one first-operator link at a time; it creates the first operator only', async () => {
  const db = await testDatabase();
  try {
    const s = await testServer(db.db, manualClock(), { signInBudget: signInBudget(1000) });
    const c = adminCaller(s.app);
    const old = await firstOperatorSetup(s.ctx);
    const link = await firstOperatorSetup(s.ctx);
    assert.ok(old && link);
    assert.equal(
      (await c('POST', '/auth/password-setup/check', null, { token: old.token })).status,
      404,
    );
    const described = await c('POST', '/auth/password-setup/check', null, { token: link.token });
    assert.equal(described.body.purpose, 'first_operator');
    const noEmail = await c('POST', '/auth/password-setup', null, {
      token: link.token,
      password: PASSWORD,
    });
    assert.equal(noEmail.status, 400);
    const made = await c('POST', '/auth/password-setup', null, {
      token: link.token,
      password: PASSWORD,
      email: 'first@example.ru',
      name: 'Первый оператор',
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    assert.equal(await firstOperatorSetup(s.ctx), null);
    const login = await c('POST', '/auth/login', null, {
      email: 'first@example.ru',
      password: PASSWORD,
    });
    assert.match(login.body.token, /^ko_/);
    const log = await db.db.selectFrom('installation_audit').selectAll().execute();
    assert.ok(
      log.some(
        (r) => r.action === 'create' && r.entity === 'operator' && r.actor_name === 'first start',
      ),
    );
    await s.app.close();
  } finally {
    await db.close();
  }
});
