// Orders with a POS promotion (seed 003's three switches) through HTTP: the admin API takes
// the switches and refuses the retired one-choice setting in words, the till's calculate and
// close apply each switch on its own, simulate explains each applied one, and migration 0026
// turns a stored choice into its switch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createUser } from '../../src/app/admin/users.ts';
import { migrateToLatest, migrator } from '../../src/db/migrate.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  SEED_LINES,
  testServer,
  type GuestFixture,
  type OrgFixture,
} from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;
let guest: GuestFixture;
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

// Line 1 carries the till's own promotion, line 2 does not.
const lines = [{ ...SEED_LINES[0], pos_promotions: ['happy-hour'] }, { ...SEED_LINES[1] }] as const;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  org = await makeOrg(server.ctx);
  guest = await makeGuest(server.ctx, org, { funds: 1_000_000 });
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
  const rank = await admin('POST', '/program/ranks', { name: 'Все', threshold: 0, accrualBp: 500 });
  assert.equal(rank.status, 201, JSON.stringify(rank.body));
});

after(async () => {
  await server.app.close();
  await t.close();
});

test('the retired one-choice setting is refused in words, in the program and an override', async () => {
  const before = await admin('GET', '/program');
  for (const [url, body] of [
    ['/program', { settings: { posPromotionMode: 'no_accrual', posPromotionNoAccrual: true } }],
    [`/program/restaurants/${org.restaurantId}`, { posPromotionMode: 'per_line' }],
  ] as const) {
    const r = await admin('PUT', url, body);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'loyalty.setting_retired');
    assert.equal(r.body.error.problems[0].field, 'posPromotionMode');
    assert.match(r.body.error.message_ru, /три отдельных переключателя posPromotionNoBonusPayment/);
  }
  const after = await admin('GET', '/program');
  assert.equal(after.body.version, before.body.version);
  assert.equal(after.body.settings.posPromotionMode, undefined);
  assert.equal(after.body.settings.posPromotionNoAccrual, false);
});

test('each switch acts on its own at the till; simulate explains every one that acted', async () => {
  const calc = async () => {
    const r = await server.call('POST', '/orders/calculate', org.key, {
      card: { card_id: guest.cardId },
      lines,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return [r.body.totals.accrual, r.body.totals.bonus_payment_base];
  };
  const set = async (s: Record<string, boolean>) => {
    const r = await admin('PUT', '/program', { settings: s });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  };
  const free = SEED_LINES[1]!.price; // only line 2 accrues (5 %) and may be paid
  assert.deepEqual(await calc(), [free * 0.05, free]);
  await set({ posPromotionNoAccrual: true });
  assert.deepEqual(await calc(), [0, free]);
  await set({ posPromotionNoBonusPayment: true });
  assert.deepEqual(await calc(), [0, 0]);
  await set({ posPromotionNoAccrual: false });
  assert.deepEqual(await calc(), [free * 0.05, 0]);

  await set({ posPromotionNoAccrual: true, posPromotionNoPromotions: true });
  const sim = await admin('POST', '/program/simulate', {
    restaurant_id: org.restaurantId,
    card_id: guest.cardId,
    lines,
  });
  assert.equal(sim.status, 200, JSON.stringify(sim.body));
  const order = sim.body.explanation.filter((e: { line_no: number | null }) => e.line_no === null);
  const rules = order.map((e: { rule: string }) => e.rule);
  assert.ok(rules.includes('L12.payment') && rules.includes('L12.accrual'), rules.join());
  assert.ok(
    order.some((e: { text_ru: string }) =>
      /позиции 1: за заказ баллы не начисляются/.test(e.text_ru),
    ),
  );
  // An override keeps the organization's other switches and may turn one off.
  const own = await admin('PUT', `/program/restaurants/${org.restaurantId}`, {
    posPromotionNoBonusPayment: false,
  });
  assert.equal(own.status, 200, JSON.stringify(own.body));
  assert.deepEqual(await calc(), [0, free]);
  await admin('DELETE', `/program/restaurants/${org.restaurantId}`);
  await set({
    posPromotionNoAccrual: false,
    posPromotionNoBonusPayment: false,
    posPromotionNoPromotions: false,
  });
});

test('migration 0026 turns a stored choice into its switch, in the organization and overrides', async () => {
  await migrator(t.db).migrateTo('0025_email');
  await sql`update loyalty_programs set settings = settings - 'posPromotionNoBonusPayment'
      - 'posPromotionNoAccrual' - 'posPromotionNoPromotions'
      || '{"posPromotionMode": "no_bonus_payment"}'::jsonb
    where org_id = ${org.orgId} and restaurant_id = 0`.execute(t.db);
  await sql`insert into loyalty_programs (org_id, restaurant_id, settings)
    values (${org.orgId}, ${org.restaurantId}, '{"posPromotionMode": "per_line"}')`.execute(t.db);
  await migrateToLatest(t.db);
  const rows = await t.db
    .selectFrom('loyalty_programs')
    .select(['restaurant_id', 'settings'])
    .where('org_id', '=', org.orgId)
    .orderBy('restaurant_id')
    .execute();
  const pick = (s: Record<string, unknown>) => [
    s.posPromotionMode,
    s.posPromotionNoBonusPayment,
    s.posPromotionNoAccrual,
    s.posPromotionNoPromotions,
  ];
  assert.deepEqual(
    rows.map((r) => pick(r.settings as Record<string, unknown>)),
    [
      [undefined, true, false, false],
      [undefined, false, false, false],
    ],
  );
  await admin('DELETE', `/program/restaurants/${org.restaurantId}`);
});
