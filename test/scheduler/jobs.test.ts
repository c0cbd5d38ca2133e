// The scheduled jobs' work, on both databases: expired lots are written off through the ledger
// (Σ entries = balance = Σ lots, one expiry entry and one bonus.expired event per lot, nothing
// more on a second run or a till's settle); pending lots that became spendable are told once;
// a guest whose ended rank period earned less is told of the demotion at the boundary, once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { closeOrder } from '../../src/app/close-order.ts';
import { saveRank, updateProgram } from '../../src/app/loyalty/admin.ts';
import { bonusLotsAvailable } from '../../src/scheduler/jobs/bonus-available.ts';
import { bonusLotsExpiry } from '../../src/scheduler/jobs/bonus-expiry.ts';
import { rankDemotion } from '../../src/scheduler/jobs/rank-demotion.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  manualClock,
  SEED_LINES,
  type GuestFixture,
  type OrgFixture,
} from '../support/fixtures.ts';

let t: TestDatabase;
let ctx: AppContext;
let org: OrgFixture;
const clock = manualClock(new Date('2025-01-10T09:00:00Z'));

before(async () => {
  t = await testDatabase();
  ctx = createContext(t.db, { now: clock.now });
  org = await makeOrg(ctx); // Europe/Moscow
  await saveRank(ctx, org.actor, null, {
    name: 'Гость',
    threshold: 0,
    accrualBp: 500,
    discountBp: 0,
  });
  await saveRank(ctx, org.actor, null, {
    name: 'Золото',
    threshold: 1_000_000,
    accrualBp: 1000,
    discountBp: 0,
  });
  await updateProgram(ctx, org.actor, {
    settings: {
      accrual: { pendingDays: 14, expiryDays: 30 },
      rankPeriod: { kind: 'months', months: 1 },
    },
  });
});
after(async () => {
  await t.close();
});

let orderNo = 0;
async function close(g: GuestFixture, lines = SEED_LINES, bonus = 0) {
  const total = lines.reduce((s, l) => s + (l.price * l.quantity_milli) / 1000, 0);
  return closeOrder(ctx, org.principal, {
    order_id: `job-${++orderNo}`,
    card: { card_id: g.cardId },
    lines,
    payments: [
      { kind: 'deposit', amount: total - bonus },
      ...(bonus > 0 ? [{ kind: 'bonus' as const, amount: bonus }] : []),
    ],
  });
}

const big = (price: number) => [
  { line_no: 1, item_code: '2470', item_name: 'Банкет', price, quantity_milli: 1000 },
];

async function wallet(g: GuestFixture) {
  const account = await t.db
    .selectFrom('accounts')
    .select('balance')
    .where('org_id', '=', org.orgId)
    .where('id', '=', g.bonusId)
    .executeTakeFirstOrThrow();
  const entries = await t.db
    .selectFrom('ledger_entries')
    .select(['type', 'amount'])
    .where('org_id', '=', org.orgId)
    .where('account_id', '=', g.bonusId)
    .orderBy('id')
    .execute();
  const lots = await t.db
    .selectFrom('bonus_lots')
    .select(['id', 'amount', 'remaining', 'expires_at'])
    .where('org_id', '=', org.orgId)
    .where('account_id', '=', g.bonusId)
    .orderBy('id')
    .execute();
  return { balance: account.balance, entries, lots };
}

const events = (type: string) =>
  t.db
    .selectFrom('outbox_events')
    .select(['dedup_key', 'payload', 'occurred_at'])
    .where('org_id', '=', org.orgId)
    .where('type', '=', type)
    .orderBy('id')
    .execute();

test('expired lots are written off once each, through the ledger; nothing is invented or lost', async () => {
  clock.set(new Date('2025-01-10T09:00:00Z'));
  const g = await makeGuest(ctx, org, { funds: 2_000_000 });
  const idle = await makeGuest(ctx, org, { funds: 2_000_000 });
  await close(g); // 5 % of 2350 ₽: 117.50 points, spendable on 24 January for 30 days
  await close(idle);
  clock.set(new Date('2025-01-25T09:00:00Z'));
  await close(g, SEED_LINES, 5_000); // pays 50 points from the first lot, earns a second (to 10 March)
  const before = await wallet(g);
  assert.deepEqual(
    before.lots.map((l) => l.remaining),
    [6_750, 11_750],
  );

  clock.set(new Date('2025-02-23T08:59:59Z')); // a second before the first lots expire
  await bonusLotsExpiry.run(ctx, { now: clock.now(), since: null });
  assert.deepEqual((await wallet(g)).entries, before.entries);
  clock.set(new Date('2025-02-23T09:00:00Z'));
  await bonusLotsExpiry.run(ctx, { now: clock.now(), since: null });
  const afterRun = await wallet(g);
  const expiries = afterRun.entries.filter((e) => e.type === 'bonus_expiry');
  assert.deepEqual(
    expiries.map((e) => e.amount),
    [-6_750],
  );
  assert.deepEqual(
    afterRun.lots.map((l) => l.remaining),
    [0, 11_750],
  );
  // The ledger agrees with itself: Σ entries = balance = Σ lots.
  const sum = afterRun.entries.reduce((s, e) => s + e.amount, 0);
  assert.equal(afterRun.balance, sum);
  assert.equal(
    afterRun.balance,
    afterRun.lots.reduce((s, l) => s + l.remaining, 0),
  );
  assert.equal(afterRun.balance, before.balance - 6_750);
  // The idle guest's untouched lot too: its accruals (one per line, one lot) all gone.
  const idleAfter = await wallet(idle);
  assert.deepEqual(
    idleAfter.entries.filter((e) => e.type === 'bonus_expiry').map((e) => e.amount),
    [-11_750],
  );
  assert.equal(idleAfter.balance, 0);
  assert.equal(
    idleAfter.entries.reduce((s, e) => s + e.amount, 0),
    0,
  );

  const expired = await events('bonus.expired');
  assert.deepEqual(
    expired.map((e) => [e.payload.guest_id, e.payload.amount]).sort(),
    [
      [g.guestId, 6_750],
      [idle.guestId, 11_750],
    ].sort(),
  );
  // Again, and a till settling the wallet: nothing more is written.
  clock.advance(3_600_000);
  await bonusLotsExpiry.run(ctx, { now: clock.now(), since: null });
  await close(g);
  const again = await wallet(g);
  assert.equal(again.entries.filter((e) => e.type === 'bonus_expiry').length, 1);
  assert.equal((await events('bonus.expired')).length, 2);
});

test('a till that settles an expired lot first records the same bonus.expired event once', async () => {
  clock.set(new Date('2025-03-01T09:00:00Z'));
  const g = await makeGuest(ctx, org, { funds: 2_000_000 });
  await close(g);
  clock.set(new Date('2025-04-14T09:00:00Z'));
  await close(g); // the close settles the wallet: the first lot expires here
  await bonusLotsExpiry.run(ctx, { now: clock.now(), since: null });
  const mine = (await events('bonus.expired')).filter((e) => e.payload.guest_id === g.guestId);
  assert.equal(mine.length, 1);
  assert.equal(mine[0]!.payload.amount, 11_750);
  const w = await wallet(g);
  assert.equal(w.entries.filter((e) => e.type === 'bonus_expiry').length, 1);
});

test('pending points that became spendable are told once, and only those that waited', async () => {
  clock.set(new Date('2025-05-01T09:00:00Z'));
  const g = await makeGuest(ctx, org, { funds: 2_000_000 });
  await close(g); // spendable from 15 May 09:00
  const key = (await wallet(g)).lots[0]!.id;
  const run = (now: string, since: string | null) =>
    bonusLotsAvailable.run(ctx, { now: new Date(now), since: since ? new Date(since) : null });
  await run('2025-05-15T08:00:00Z', '2025-05-15T07:00:00Z'); // not yet
  assert.equal((await events('bonus.available')).length, 0);
  await run('2025-05-15T10:00:00Z', '2025-05-15T08:00:00Z');
  await run('2025-05-15T10:00:00Z', '2025-05-15T08:00:00Z'); // repeated: the same lot
  await run('2025-05-15T11:00:00Z', '2025-05-15T10:00:00Z'); // next window: nothing new
  const told = await events('bonus.available');
  assert.deepEqual(
    told.map((e) => [e.dedup_key, e.payload.amount, e.payload.available_from]),
    [[`bonus.available:lot:${key}`, 11_750, '2025-05-15T09:00:00.000Z']],
  );
});

test('a guest whose ended rank period earned less is told of the demotion at the boundary, once', async () => {
  // Moscow months: February starts 2025-01-31T21:00Z, March 2025-02-28T21:00Z.
  clock.set(new Date('2025-01-12T09:00:00Z'));
  const falls = await makeGuest(ctx, org, { funds: 5_000_000 });
  const keeps = await makeGuest(ctx, org, { funds: 5_000_000 });
  await close(falls, big(1_100_000)); // Золото from January's spend
  await close(keeps, big(1_100_000));
  clock.set(new Date('2025-02-12T09:00:00Z'));
  await close(keeps, big(1_100_000)); // and again in February
  const run = (now: string, since: string | null) =>
    rankDemotion.run(ctx, { now: new Date(now), since: since ? new Date(since) : null });
  // Entering February both still hold Золото: January's spend counts for February.
  await run('2025-01-31T21:30:00Z', '2025-01-31T20:30:00Z');
  assert.equal((await events('rank.changed')).length, 0);
  // Entering March the one who spent nothing in February falls.
  await run('2025-02-28T21:30:00Z', '2025-02-28T20:30:00Z');
  await run('2025-02-28T22:30:00Z', null); // a first run an hour later: the same boundary
  await run('2025-02-28T23:30:00Z', '2025-02-28T22:30:00Z'); // boundary seen: nothing
  const told = await events('rank.changed');
  assert.equal(told.length, 1);
  const ranks = await t.db
    .selectFrom('loyalty_ranks')
    .select(['id', 'name'])
    .where('org_id', '=', org.orgId)
    .orderBy('threshold')
    .execute();
  assert.deepEqual(told[0]!.payload, {
    guest_id: falls.guestId,
    kind: 'demotion',
    from: ranks[1],
    to: ranks[0],
    period_start: '2025-02-28T21:00:00.000Z',
    spend_in_ended_period: 0,
  });
  assert.equal(told[0]!.occurred_at.toISOString(), '2025-02-28T21:00:00.000Z');
});
