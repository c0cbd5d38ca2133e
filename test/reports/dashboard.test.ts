// The cabinet's overview from seed 000's check: a guest funded the evening before, the check
// of 2350.00 paid from the deposit at 11:22 in Moscow, 5 % accrued in bonuses, and a top-up
// half an hour after local midnight that belongs to the next day, not to "today".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { topUp } from '../../src/app/top-up.ts';
import { adminCaller } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  manualClock,
  SEED_LINES,
  testServer,
  type OrgFixture,
} from '../support/fixtures.ts';
import { signIn } from './helpers.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;
let other: OrgFixture;
let token: string;
let call: ReturnType<typeof adminCaller>;
const clock = manualClock(new Date('2024-03-03T17:00:00Z')); // 20:00 in Moscow, 3 March

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db, clock);
  call = adminCaller(server.app);
  org = await makeOrg(server.ctx, { name: 'Тестовая' });
  other = await makeOrg(server.ctx, { name: 'Чужая' });
  token = await signIn(server.app, server.ctx, org, 'owner');
  const rank = await call('POST', '/program/ranks', token, {
    name: 'Базовый',
    threshold: 0,
    accrualBp: 500,
  });
  assert.equal(rank.status, 201, JSON.stringify(rank.body));
  const guest = await makeGuest(server.ctx, org, {
    number: '100038',
    uid: '61366822',
    funds: 500_000,
  });
  await makeGuest(server.ctx, other, { funds: 700_000 });
  clock.set(new Date('2024-03-04T08:22:00Z')); // 11:22 in Moscow, as in the seed
  const closed = await server.call('POST', '/orders/close', org.key, {
    order_id: '2226634',
    check_number: '2226634',
    card: { uid: '61366822' },
    lines: SEED_LINES,
    payments: [{ kind: 'deposit', amount: 235000 }],
  });
  assert.equal(closed.status, 201, JSON.stringify(closed.body));
  clock.set(new Date('2024-03-04T21:30:00Z')); // 00:30 on 5 March in Moscow
  await topUp(server.ctx, org.principal, {
    topup_id: 'after-midnight',
    card: { card_id: guest.cardId },
    amount: 10_000,
  });
  clock.set(new Date('2024-03-05T09:00:00Z'));
  // Sessions last 12 hours: sign in again on the morning the overview is read.
  const again = await call('POST', '/auth/login', null, {
    email: `owner-${org.orgId}@example.ru`,
    password: 'correct horse battery',
  });
  token = again.body.token;
});
after(async () => {
  await server.app.close();
  await t.close();
});

const figures = (o: Partial<Record<string, number>>) => ({
  checks: 0,
  revenue: 0,
  deposit_debits: 0,
  deposit_topups: 0,
  bonus_accrued: 0,
  bonus_spent: 0,
  new_guests: 0,
  ...o,
});

test('today and the last 30 days in the restaurant’s time zone, with exact figures', async () => {
  const res = await call('GET', '/dashboard?date=2024-03-04', token);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const d = res.body;
  assert.equal(d.time_zone, 'Europe/Moscow');
  assert.deepEqual(d.period, { from: '2024-02-04', to: '2024-03-04' });
  assert.deepEqual(
    d.totals.today,
    figures({ checks: 1, revenue: 235000, deposit_debits: 235000, bonus_accrued: 11750 }),
  );
  assert.deepEqual(
    d.totals.last_30_days,
    figures({
      checks: 1,
      revenue: 235000,
      deposit_debits: 235000,
      deposit_topups: 500000,
      bonus_accrued: 11750,
      new_guests: 1,
    }),
  );
  assert.equal(d.days.length, 30);
  assert.equal(d.days[0].date, '2024-02-04');
  assert.deepEqual(d.days[28], {
    date: '2024-03-03',
    ...figures({ deposit_topups: 500000, new_guests: 1 }),
  });
  assert.equal(d.days[29].date, '2024-03-04');
  // Liabilities are as of now (after the top-up past midnight), whatever day is shown.
  assert.deepEqual(d.liabilities.deposits, { balances: 275000, owed_by_guests: 0 });
  assert.equal(d.liabilities.bonus.points, 11750);
  assert.equal(
    d.liabilities.bonus.pending +
      d.liabilities.bonus.available +
      d.liabilities.bonus.expired_unposted,
    11750,
  );
});

test('the current day by default; the top-up after midnight is 5 March’s', async () => {
  const res = await call('GET', `/dashboard?restaurant_id=${org.restaurantId}`, token);
  assert.equal(res.status, 200);
  assert.equal(res.body.today, '2024-03-05');
  assert.deepEqual(res.body.totals.today, figures({ deposit_topups: 10_000 }));
  assert.equal(res.body.totals.last_30_days.deposit_topups, 510_000);
});

test('another organization’s restaurant is not found; a bad date is a 400 naming the field', async () => {
  const foreign = await call('GET', `/dashboard?restaurant_id=${other.restaurantId}`, token);
  assert.equal(foreign.status, 404);
  const bad = await call('GET', '/dashboard?date=2024-02-30', token);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.problems[0].field, 'date');
});
