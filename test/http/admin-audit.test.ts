// Every admin mutation appears in the audit log with who, when, before and after (issue 6
// acceptance), one endpoint family at a time, read back through the audit query API with its
// filters and pages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminCaller, signInEveryRole, type AdminResponse, type Method } from '../support/admin.ts';
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
let org: OrgFixture;
let guest: GuestFixture;
let users: Awaited<ReturnType<typeof signInEveryRole>>;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  call = adminCaller(server.app);
  org = await makeOrg(server.ctx);
  guest = await makeGuest(server.ctx, org, { funds: 50_000 });
  users = await signInEveryRole(server.ctx, server.app, org, 'audit');
});
after(async () => {
  await server.app.close();
  await t.close();
});

const owner = () => users.owner.token;

async function ok(method: Method, url: string, body?: unknown): Promise<AdminResponse> {
  const res = await call(method, url, owner(), body);
  assert.ok(
    res.status === 200 || res.status === 201,
    `${method} ${url}: ${JSON.stringify(res.body)}`,
  );
  return res;
}

/** The newest audit record of an entity, as the audit API returns it. */
async function lastAudit(entity: string, id: number | string, action: string) {
  const res = await call(
    'GET',
    `/audit?entity=${entity}&entity_id=${id}&action=${action}&limit=1`,
    owner(),
  );
  assert.equal(res.status, 200);
  const row = res.body.rows[0];
  assert.ok(row, `no audit record for ${action} ${entity} ${id}`);
  assert.deepEqual(row.actor, {
    type: 'user',
    id: String(users.owner.userId),
    name: 'owner audit',
  });
  assert.ok(!Number.isNaN(Date.parse(row.at)));
  return row;
}

test('organization, settings, restaurants and the venue card', async () => {
  await ok('PATCH', '/organization', { name: 'Сеть «Ролл»' });
  let a = await lastAudit('organization', org.orgId, 'update');
  assert.equal(a.after.name, 'Сеть «Ролл»');
  assert.notEqual(a.before.name, a.after.name);

  await ok('PATCH', '/organization/settings', { single_active_card: true });
  a = await lastAudit('organization_settings', org.orgId, 'update');
  assert.equal(a.before.singleActiveCard, undefined);
  assert.equal(a.after.singleActiveCard, true);

  await ok('PATCH', '/integration/settings', { hold_ttl_seconds: 600 });
  a = await lastAudit('organization_settings', org.orgId, 'update');
  assert.equal(a.before.holdTtlSeconds, undefined);
  assert.equal(a.after.holdTtlSeconds, 600);

  const created = await ok('POST', '/restaurants', {
    name: 'Ролл на Невском',
    time_zone: 'Europe/Moscow',
    integration: 'iiko',
  });
  a = await lastAudit('restaurant', created.body.id, 'create');
  assert.equal(a.before, null);
  assert.equal(a.after.code, created.body.code);

  await ok('PATCH', `/restaurants/${created.body.id}`, { time_zone: 'Asia/Yekaterinburg' });
  a = await lastAudit('restaurant', created.body.id, 'update');
  assert.equal(a.before.time_zone, 'Europe/Moscow');
  assert.equal(a.after.time_zone, 'Asia/Yekaterinburg');

  await ok('PATCH', `/restaurants/${created.body.id}/venue`, {
    description: 'Суши и роллы',
    average_check: 120_000,
  });
  a = await lastAudit('venue_card', created.body.id, 'update');
  assert.equal(a.before.description, null);
  assert.equal(a.after.average_check, 120_000);
});

test('guests, cards and accounts', async () => {
  const g = await ok('POST', '/guests', {
    last_name: 'Иванова',
    first_name: 'Мария',
    phone: '8 (900) 111-22-33',
  });
  let a = await lastAudit('guest', g.body.id, 'create');
  assert.equal(a.before, null);
  assert.equal(a.after.phone, '79001112233');

  await ok('PATCH', `/guests/${g.body.id}`, { consent_marketing: true, attributes: { vip: true } });
  a = await lastAudit('guest', g.body.id, 'update');
  assert.equal(a.before.consent_marketing, false);
  assert.equal(a.after.consent_marketing, true);
  assert.deepEqual(a.after.attributes, { vip: true });

  const card = await ok('POST', '/cards', {
    guest_id: g.body.id,
    number: '770001',
    valid_until: '2030-01-01T00:00:00+03:00',
  });
  a = await lastAudit('card', card.body.id, 'create');
  assert.equal(a.after.number, '770001');

  await ok('POST', `/cards/${card.body.id}/status`, { status: 'blocked', reason: 'Утеряна' });
  a = await lastAudit('card', card.body.id, 'set_status');
  assert.equal(a.before.status, 'active');
  assert.equal(a.after.block_reason, 'Утеряна');

  await ok('PUT', `/cards/${card.body.id}/validity`, {
    valid_from: '2025-01-01T00:00:00Z',
    valid_until: null,
  });
  a = await lastAudit('card', card.body.id, 'set_validity');
  assert.ok(a.before.valid_until);
  assert.equal(a.after.valid_until, null);

  await ok('PUT', `/cards/${card.body.id}/payer`, { payer_card_id: guest.cardId });
  a = await lastAudit('card', card.body.id, 'link');
  assert.deepEqual([a.before.payer_card_id, a.after.payer_card_id], [null, guest.cardId]);

  const deposit = await ok('POST', `/guests/${g.body.id}/deposits`, {
    scheme: 'credit',
    fiscal_mode: 'service',
    credit_limit: 100_000,
  });
  a = await lastAudit('account', deposit.body.id, 'create');
  assert.equal(a.after.scheme, 'credit');

  await ok('POST', `/accounts/${guest.depositId}/adjustments`, {
    amount: -1500,
    reason: 'Ошибка кассира',
  });
  a = await lastAudit('account', guest.depositId as number, 'adjust');
  assert.equal(a.before.balance, 50_000);
  assert.equal(a.after.balance, 48_500);
  assert.equal(a.after.reason, 'Ошибка кассира');
});

test('terminals, keys and card masks: keys never reach the log', async () => {
  const term = await ok('POST', '/terminals', { restaurant_id: org.restaurantId, name: 'Бар' });
  let a = await lastAudit('terminal', term.body.terminal.id, 'create');
  assert.equal(a.before, null);
  await ok('POST', `/terminals/${term.body.terminal.id}/rotate-key`);
  a = await lastAudit('terminal', term.body.terminal.id, 'rotate_key');
  assert.notEqual(a.before.key_hint, a.after.key_hint);
  await ok('POST', `/terminals/${term.body.terminal.id}/revoke`);
  a = await lastAudit('terminal', term.body.terminal.id, 'revoke');
  assert.equal(a.before.revoked_at, null);
  assert.ok(a.after.revoked_at);
  const log = JSON.stringify((await call('GET', '/audit?entity=terminal&limit=500', owner())).body);
  // The secret is the key's last 43 characters; it may itself contain '_'.
  assert.ok(!log.includes(term.body.key.slice(-43)) && !log.includes('key_hash'));

  const mask = await ok('POST', '/card-masks', {
    name: 'Пластик',
    pattern: '77####',
    kind: 'plastic',
  });
  await ok('PATCH', `/card-masks/${mask.body.id}`, { pattern: '77#####' });
  a = await lastAudit('card_mask', mask.body.id, 'update');
  assert.deepEqual([a.before.pattern, a.after.pattern], ['77####', '77#####']);
  await ok('DELETE', `/card-masks/${mask.body.id}`);
  a = await lastAudit('card_mask', mask.body.id, 'delete');
  assert.equal(a.before.pattern, '77#####');
  assert.equal(a.after, null);
});

test('users: create, role, disable, enable, password — no password hash in the log', async () => {
  const u = await ok('POST', '/users', {
    email: 'new.manager@example.ru',
    name: 'Новый',
    role: 'manager',
    password: 'a long enough password',
  });
  let a = await lastAudit('user', u.body.id, 'create');
  assert.equal(a.after.role, 'manager');
  await ok('PATCH', `/users/${u.body.id}`, { role: 'marketer' });
  a = await lastAudit('user', u.body.id, 'update');
  assert.deepEqual([a.before.role, a.after.role], ['manager', 'marketer']);
  await ok('POST', `/users/${u.body.id}/disable`);
  a = await lastAudit('user', u.body.id, 'disable');
  assert.equal(a.before.disabled_at, null);
  assert.ok(a.after.disabled_at);
  await ok('POST', `/users/${u.body.id}/enable`);
  a = await lastAudit('user', u.body.id, 'enable');
  assert.ok(a.before.disabled_at);
  assert.equal(a.after.disabled_at, null);
  await ok('POST', `/users/${u.body.id}/password`, { password: 'another long password' });
  a = await lastAudit('user', u.body.id, 'reset_password');
  assert.equal(a.after.password_changed, true);
  const log = JSON.stringify((await call('GET', '/audit?entity=user&limit=500', owner())).body);
  assert.ok(!log.includes('scrypt$') && !log.includes('password_hash'));
});

test('the audit query filters by actor, action and period, and pages without gaps', async () => {
  const mine = await call('GET', `/audit?actor_id=${users.owner.userId}&limit=500`, owner());
  assert.ok(mine.body.rows.length >= 20);
  assert.ok(
    mine.body.rows.every(
      (r: { actor: { id: string } }) => r.actor.id === String(users.owner.userId),
    ),
  );
  const creates = await call('GET', '/audit?action=create&limit=500', owner());
  assert.ok(creates.body.rows.every((r: { action: string }) => r.action === 'create'));

  const now = Date.now();
  const recent = await call(
    'GET',
    `/audit?from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now + 60_000).toISOString()}&limit=500`,
    owner(),
  );
  assert.ok(recent.body.rows.length > 0);
  const future = await call(
    'GET',
    `/audit?from=${new Date(now + 3_600_000).toISOString()}`,
    owner(),
  );
  assert.deepEqual(future.body.rows, []);

  const all = (await call('GET', '/audit?limit=500', owner())).body.rows.map(
    (r: { id: number }) => r.id,
  );
  const paged: number[] = [];
  let cursor: string | null = null;
  do {
    const res: AdminResponse = await call(
      'GET',
      `/audit?limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      owner(),
    );
    paged.push(...res.body.rows.map((r: { id: number }) => r.id));
    cursor = res.body.next_cursor;
  } while (cursor);
  assert.deepEqual(paged, all);
});
