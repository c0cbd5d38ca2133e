// What the admin API does beyond permissions and audit: guest search and pages, consent, the
// venue card, the last owner, sessions ended by disabling and password resets, key rotation,
// and settings the POS side then follows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminCaller, PASSWORD, signInEveryRole, type AdminResponse } from '../support/admin.ts';
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
const owner = () => users.owner.token;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  call = adminCaller(server.app);
  org = await makeOrg(server.ctx);
  guest = await makeGuest(server.ctx, org, {
    phone: '+7 912 345-67-89',
    uid: '61366822',
    funds: 30_000,
  });
  for (let i = 0; i < 12; i++) await makeGuest(server.ctx, org);
  users = await signInEveryRole(server.ctx, server.app, org, 'api');
});
after(async () => {
  await server.app.close();
  await t.close();
});

test('guests are found by name, phone, card number and UID, and paged newest first', async () => {
  await call('PATCH', `/guests/${guest.guestId}`, users.support.token, {
    last_name: 'Смирнова',
    first_name: 'Анна',
  });
  for (const q of ['смирн', 'Анна', '345-67', guest.number, '61366822']) {
    const res = await call('GET', `/guests?q=${encodeURIComponent(q)}`, users.analyst.token);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.rows.map((g: { id: number }) => g.id),
      [guest.guestId],
      q,
    );
    assert.equal(res.body.rows[0].cards[0].number, guest.number);
  }
  assert.deepEqual((await call('GET', '/guests?q=%25', users.analyst.token)).body.rows, []);
  const ids: number[] = [];
  let cursor: string | null = null;
  do {
    const res: AdminResponse = await call(
      'GET',
      `/guests?limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      owner(),
    );
    ids.push(...res.body.rows.map((g: { id: number }) => g.id));
    cursor = res.body.next_cursor;
  } while (cursor);
  assert.equal(ids.length, 13);
  assert.deepEqual(
    ids,
    [...ids].sort((a, b) => b - a),
  );
});

test('the guest card shows cards with flags and accounts with what they can pay', async () => {
  const res = await call('GET', `/guests/${guest.guestId}`, users.marketer.token);
  assert.equal(res.status, 200);
  assert.equal(res.body.cards[0].flags.blocked, false);
  const deposit = res.body.accounts.find((a: { kind: string }) => a.kind === 'deposit');
  assert.equal(deposit.available, 30_000);
  const history = await call('GET', `/guests/${guest.guestId}/history`, users.analyst.token);
  assert.equal(history.body.rows[0].type_code, 'topup');
});

test('consent records when it was given and clears when withdrawn', async () => {
  server.clock.advance(60_000);
  const given = await call('PATCH', `/guests/${guest.guestId}`, owner(), {
    consent_marketing: true,
  });
  assert.equal(new Date(given.body.consent_at).getTime(), server.clock.now().getTime());
  server.clock.advance(60_000);
  const again = await call('PATCH', `/guests/${guest.guestId}`, owner(), {
    email: 'anna@example.ru',
  });
  assert.equal(again.body.consent_at, given.body.consent_at);
  assert.equal(again.body.last_name, 'Смирнова');
  const withdrawn = await call('PATCH', `/guests/${guest.guestId}`, owner(), {
    consent_marketing: false,
  });
  assert.equal(withdrawn.body.consent_at, null);
});

test('a blocked card shows at the POS with its reason, and unblocking restores it', async () => {
  await call('POST', `/cards/${guest.cardId}/status`, users.support.token, {
    status: 'blocked',
    reason: 'Утеряна',
  });
  const refused = await server.call('POST', '/identify', org.key, { card_id: guest.cardId });
  assert.equal(refused.body.card.flags.blocked, true);
  assert.equal(refused.body.card.flags.blockReason, 'Утеряна');
  await call('POST', `/cards/${guest.cardId}/status`, users.support.token, { status: 'active' });
  const back = await server.call('POST', '/identify', org.key, { card_id: guest.cardId });
  assert.equal(back.body.card.flags.blocked, false);
});

test('the venue card: edited in parts, code shown and unchanged, test mode shown', async () => {
  const url = `/restaurants/${org.restaurantId}/venue`;
  await call('PATCH', url, users.manager.token, {
    description: 'Суши-бар',
    hours: [{ day: 'fri', open: '12:00', close: '02:00' }],
    contact_phone: '8 800 100-20-30',
    sync_with_licensing: true,
  });
  await call('PATCH', url, users.manager.token, {
    logo_url: 'https://example.ru/logo.png',
    description: null,
  });
  const r = await call('GET', `/restaurants/${org.restaurantId}`, users.analyst.token);
  assert.equal(r.body.code, org.restaurantCode);
  assert.equal(r.body.test_mode, true);
  assert.deepEqual(r.body.venue, {
    description: null,
    hours: [{ day: 'fri', open: '12:00', close: '02:00' }],
    city: null,
    address: null,
    latitude: null,
    longitude: null,
    average_check: null,
    logo_url: 'https://example.ru/logo.png',
    contact_phone: '78001002030',
    contact_email: null,
    sync_with_licensing: true,
  });
});

test('the last owner can be neither demoted nor disabled', async () => {
  const id = users.owner.userId;
  const demote = await call('PATCH', `/users/${id}`, owner(), { role: 'manager' });
  assert.equal(demote.status, 409);
  assert.equal(demote.body.error.code, 'last_owner');
  assert.equal((await call('POST', `/users/${id}/disable`, owner())).body.error.code, 'last_owner');
  const second = await call('POST', '/users', owner(), {
    email: 'owner2@example.ru',
    name: 'Второй',
    role: 'owner',
    password: PASSWORD,
  });
  assert.equal((await call('POST', `/users/${second.body.id}/disable`, owner())).status, 200);
  assert.equal(
    (await call('PATCH', `/users/${id}`, owner(), { role: 'manager' })).body.error.code,
    'last_owner',
  );
  await call('POST', `/users/${second.body.id}/enable`, owner());
  const demoted = await call('PATCH', `/users/${second.body.id}`, owner(), { role: 'analyst' });
  assert.equal(demoted.body.role, 'analyst');
});

test('a new role applies at once; disabling and a password reset end the sessions', async () => {
  const support = users.support;
  await call('PATCH', `/users/${support.userId}`, owner(), { role: 'analyst' });
  assert.equal((await call('GET', '/me', support.token)).body.role, 'analyst');
  assert.equal(
    (await call('PATCH', `/guests/${guest.guestId}`, support.token, { first_name: 'X' })).status,
    403,
  );

  await call('POST', `/users/${users.marketer.userId}/disable`, owner());
  assert.equal((await call('GET', '/me', users.marketer.token)).body.error.code, 'session_invalid');
  const login = await call('POST', '/auth/login', null, {
    email: 'marketer.api@example.ru',
    password: PASSWORD,
  });
  assert.equal(login.body.error.code, 'invalid_credentials');
  await call('POST', `/users/${users.marketer.userId}/enable`, owner());

  const integrator = users.integrator;
  for (let i = 0; i < 5; i++)
    await call('POST', '/auth/login', null, {
      email: 'integrator.api@example.ru',
      password: 'wrong password',
    });
  await call('POST', `/users/${integrator.userId}/password`, owner(), {
    password: 'a brand new password',
  });
  assert.equal((await call('GET', '/me', integrator.token)).body.error.code, 'session_invalid');
  const fresh = await call('POST', '/auth/login', null, {
    email: 'integrator.api@example.ru',
    password: 'a brand new password',
  });
  assert.equal(fresh.status, 200);
  users.integrator = { token: fresh.body.token, userId: integrator.userId };
});

test('a rotated key works at once and the old one stops', async () => {
  const created = await call('POST', '/terminals', users.integrator.token, {
    restaurant_id: org.restaurantId,
    name: 'Бар',
  });
  assert.equal(created.status, 201);
  const oldKey = created.body.key;
  assert.equal(
    (await server.call('POST', '/identify', oldKey, { card_id: guest.cardId })).status,
    200,
  );
  const rotated = await call(
    'POST',
    `/terminals/${created.body.terminal.id}/rotate-key`,
    users.integrator.token,
  );
  assert.notEqual(rotated.body.key, oldKey);
  assert.equal(
    (await server.call('POST', '/identify', oldKey, { card_id: guest.cardId })).status,
    401,
  );
  assert.equal(
    (await server.call('POST', '/identify', rotated.body.key, { card_id: guest.cardId })).status,
    200,
  );
  const list = await call(
    'GET',
    `/terminals?restaurant_id=${org.restaurantId}`,
    users.analyst.token,
  );
  const row = list.body.rows.find((x: { id: number }) => x.id === created.body.terminal.id);
  assert.equal(row.key_hint, rotated.body.key.slice(-4));
  assert.ok(!JSON.stringify(list.body).includes(rotated.body.key));
  await call('POST', `/terminals/${created.body.terminal.id}/revoke`, users.integrator.token);
  const again = await call(
    'POST',
    `/terminals/${created.body.terminal.id}/rotate-key`,
    users.integrator.token,
  );
  assert.equal(again.body.error.code, 'terminal_revoked');
});

test('POS holds live as long as the integration settings say', async () => {
  await call('PATCH', '/integration/settings', users.integrator.token, { hold_ttl_seconds: 120 });
  assert.equal(
    (await call('GET', '/integration/settings', users.manager.token)).body.hold_ttl_seconds,
    120,
  );
  const hold = await server.call('POST', '/holds', org.key, {
    hold_id: 'ttl-1',
    card: { card_id: guest.cardId },
    amount: 1000,
  });
  assert.equal(hold.status, 201, JSON.stringify(hold.body));
  assert.equal(new Date(hold.body.expires_at).getTime() - server.clock.now().getTime(), 120_000);
});

test('with single active card on, a new card makes the others invalid', async () => {
  await call('PATCH', '/organization/settings', users.manager.token, { single_active_card: true });
  assert.equal(
    (await call('GET', '/organization', users.analyst.token)).body.settings.single_active_card,
    true,
  );
  const card = await call('POST', '/cards', owner(), { guest_id: guest.guestId, number: '880001' });
  assert.equal(card.status, 201);
  const detail = await call('GET', `/guests/${guest.guestId}`, owner());
  const statuses = detail.body.cards.map((c: { id: number; status: string }) => [c.id, c.status]);
  assert.deepEqual(statuses, [
    [guest.cardId, 'expired'],
    [card.body.id, 'active'],
  ]);
});
