// Card info at the till in one statement (app/card-info.ts) against the general way it replaces
// (cardInfo in a transaction, then cardLoyalty): the same answer whatever the card's accounts
// hold — accruals with a rank and a receipt footer with the payment code, lots that expired
// but were not settled yet, held points, a card paid for by another — and one statement.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { linkCards } from '../../src/app/admin/guests.ts';
import { tillCardInfo } from '../../src/app/card-info.ts';
import { farCardInfo } from '../../src/integrations/rkeeper/farcards/presented-cards.ts';
import { cardInfo, findCard } from '../../src/app/cards.ts';
import { closeOrder } from '../../src/app/close-order.ts';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { saveRank, updateProgram } from '../../src/app/loyalty/admin.ts';
import { cardLoyalty } from '../../src/app/loyalty/calculate.ts';
import { issuePaymentCode } from '../../src/app/loyalty/codes.ts';
import { createHold } from '../../src/app/pay.ts';
import { refundOrder } from '../../src/app/refund.ts';
import { topUp } from '../../src/app/top-up.ts';
import { statementCounter, testDatabase, type TestDatabase } from '../support/db.ts';
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
const clock = manualClock();
const ZONE = 'Europe/Moscow';

before(async () => {
  t = await testDatabase();
  ctx = createContext(t.db, { now: clock.now });
  org = await makeOrg(ctx);
  await saveRank(ctx, org.actor, null, { name: 'Гость', threshold: 0, accrualBp: 500, discountBp: 0 });
  await saveRank(ctx, org.actor, null, { name: 'Друг', threshold: 1_000_000, accrualBp: 700, discountBp: 0 });
  await updateProgram(ctx, org.actor, {
    settings: { accrual: { pendingDays: 0, expiryDays: 1 } },
    footer: { showBalance: true, showRank: true, showToNextRank: true, showPaymentCode: true },
  });
});
after(async () => {
  await t.close();
});

async function general(g: GuestFixture) {
  const card = await findCard(t.db, org.orgId, { card_id: g.cardId });
  return {
    ...(await t.db.transaction().execute((tx) => cardInfo(tx, org.orgId, card, clock.now()))),
    loyalty: await cardLoyalty(ctx, org.principal, card),
  };
}

/** Both forms of the fast way (the POS API's, and FarCards' with the zone) answer as the general. */
async function sameAsGeneral(g: GuestFixture) {
  const card = await findCard(t.db, org.orgId, { card_id: g.cardId });
  const expected = await general(g);
  assert.deepEqual(await tillCardInfo(ctx, org.principal, card), expected);
  assert.deepEqual(await tillCardInfo(ctx, { ...org.principal, timeZone: ZONE }, card), expected);
  return expected;
}

const close = (g: GuestFixture, id: string) =>
  closeOrder(ctx, org.principal, {
    order_id: id,
    card: { card_id: g.cardId },
    lines: SEED_LINES,
    payments: [{ kind: 'deposit', amount: 235_000 }],
  });

test('a new guest: the deposit, an empty wallet, the first rank and no payment code', async () => {
  const g = await makeGuest(ctx, org, { funds: 500_000 });
  const info = await sameAsGeneral(g);
  assert.equal(info.accounts.find((a) => a.kind === 'deposit')?.available, 500_000);
  assert.equal(info.loyalty.rank?.name, 'Гость');
  assert.equal(info.loyalty.bonus_balance, 0);
});

test('after a check: the accrual, the spend towards the next rank and the payment code', async () => {
  const g = await makeGuest(ctx, org, { funds: 500_000 });
  await close(g, `c-${g.cardId}`);
  const code = await issuePaymentCode(ctx, org.actor, g.guestId, 30);
  const info = await sameAsGeneral(g);
  assert.equal(info.loyalty.bonus_balance, 11_750);
  assert.equal(info.loyalty.to_next_rank?.left, 1_000_000 - 235_000);
  assert.match(info.loyalty.receipt_footer, new RegExp(code.code));
});

test("returns lower the rank spend by the lines' net; the order keeps it as net_total", async () => {
  const g = await makeGuest(ctx, org, { funds: 1_000_000 });
  await close(g, `r1-${g.cardId}`);
  await close(g, `r2-${g.cardId}`);
  // Half of line 1 (290.00), then the whole of line 5 (650.00), of the first check; the second, all.
  const half = { line_no: 1, quantity_milli: 500 };
  await refundOrder(ctx, org.principal, `r1-${g.cardId}`, { refund_id: `h-${g.cardId}`, lines: [half] });
  await refundOrder(ctx, org.principal, `r1-${g.cardId}`, { refund_id: `l-${g.cardId}`, lines: [{ line_no: 5, quantity_milli: 1000 }] });
  await refundOrder(ctx, org.principal, `r2-${g.cardId}`, { refund_id: `a-${g.cardId}` });
  const info = await sameAsGeneral(g);
  assert.equal(info.loyalty.to_next_rank?.left, 1_000_000 - (235_000 - 14_500 - 65_000));
  const orders = await t.db
    .selectFrom('orders as o')
    .select((eb) => [
      'o.net_total',
      eb
        .selectFrom('order_lines as l')
        .select(sql<number>`sum(l.amount - (l.amount * l.refunded_quantity_milli) / l.quantity_milli)`.as('n'))
        .whereRef('l.org_id', '=', 'o.org_id')
        .whereRef('l.order_id', '=', 'o.id')
        .as('lines_net'),
    ])
    .where('o.org_id', '=', org.orgId)
    .where('o.guest_id', '=', g.guestId)
    .orderBy('o.id')
    .execute();
  assert.deepEqual(
    orders.map((o) => [Number(o.net_total), Number(o.lines_net)]),
    [
      [155_500, 155_500],
      [0, 0],
    ],
  );
});

test('points past their expiry, not settled yet, are not shown as payable', async () => {
  const g = await makeGuest(ctx, org, { funds: 500_000 });
  await close(g, `e-${g.cardId}`);
  clock.advance(2 * 86_400_000);
  await topUp(ctx, org.principal, { topup_id: `b-${g.cardId}`, card: { card_id: g.cardId }, account_kind: 'bonus', amount: 5_000 });
  const info = await sameAsGeneral(g);
  assert.equal(info.loyalty.bonus_balance, 5_000);
});

test('held points are read with their holds', async () => {
  const g = await makeGuest(ctx, org, { funds: 500_000 });
  await topUp(ctx, org.principal, { topup_id: `h-${g.cardId}`, card: { card_id: g.cardId }, account_kind: 'bonus', amount: 9_000 });
  await createHold(ctx, org.principal, { hold_id: `h-${g.cardId}`, card: { card_id: g.cardId }, account_kind: 'bonus', amount: 4_000, ttl_seconds: 60 });
  const held = await sameAsGeneral(g);
  assert.equal(held.accounts.find((a) => a.kind === 'bonus')?.available, 5_000);
  clock.advance(61_000);
  const expired = await sameAsGeneral(g);
  assert.equal(expired.accounts.find((a) => a.kind === 'bonus')?.available, 9_000, 'an expired hold holds nothing');
});

test("a card paid for by another shows the payer's accounts", async () => {
  const parent = await makeGuest(ctx, org, { funds: 70_000 });
  const child = await makeGuest(ctx, org, { deposit: null });
  await linkCards(ctx, org.actor, child.cardId, parent.cardId);
  const info = await sameAsGeneral(child);
  assert.equal(info.accounts.find((a) => a.kind === 'deposit')?.id, parent.depositId);
});

test('card info is one statement: with the card search (FarCards), or after it (POS API)', async () => {
  const g = await makeGuest(ctx, org, { funds: 500_000 });
  await close(g, `s-${g.cardId}`);
  const counter = statementCounter();
  // A clock that moves at every reading, as a real one does: the instant is taken once.
  const counted: AppContext = { ...ctx, db: ctx.db.withPlugin(counter.plugin), now: manualClock(clock.now(), 1).now };
  const p = { ...org.principal, testMode: false, timeZone: ZONE, offlineLimits: { maxAgeHours: 72 } };
  const expected = await general(g);
  assert.deepEqual(await farCardInfo(counted, p, g.uid), expected); // caches the program
  counter.take();
  assert.deepEqual(await farCardInfo(counted, p, g.number), expected);
  assert.equal(counter.take(), 1);
  // The POS API's terminal carries the zone too: one statement after its own card search.
  const card = await findCard(t.db, org.orgId, { card_id: g.cardId });
  counter.take();
  assert.deepEqual(await tillCardInfo(counted, { ...org.principal, timeZone: ZONE }, card), expected);
  assert.equal(counter.take(), 1);
  assert.equal(await farCardInfo(counted, p, 'no-such-card'), null);
});
