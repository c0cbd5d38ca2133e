// The POS use cases one by one: holds, linked cards, soft offline, bonus lots, deposit
// schemes, reversals, test mode and the single-active-card setting.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { issueCard, linkCards, setCardStatus } from '../../src/app/admin/guests.ts';
import { createRestaurant } from '../../src/app/admin/tenancy.ts';
import { cardInfo, findCard } from '../../src/app/cards.ts';
import { closeOrder } from '../../src/app/close-order.ts';
import { history } from '../../src/app/history.ts';
import { credit } from '../../src/app/ledger-posting.ts';
import { cancelHold, commitHold, createHold, pay, reverseOperation } from '../../src/app/pay.ts';
import { lockAndSettle } from '../../src/app/pos-common.ts';
import { topUp } from '../../src/app/top-up.ts';
import { verifyLedger } from '../../src/app/verify.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg, manualClock, SEED_LINES } from '../support/fixtures.ts';

let t: TestDatabase;
let ctx: AppContext;
const clock = manualClock();

before(async () => {
  t = await testDatabase();
  ctx = createContext(t.db, { now: clock.now });
});
after(async () => {
  const report = await t.db.transaction().execute((tx) => verifyLedger(tx));
  assert.deepEqual(report.drift, [], 'no drift after every test of this file');
  await t.close();
});

async function rejects(promise: Promise<unknown>, code: string) {
  await assert.rejects(promise, (e: unknown) => e instanceof DomainError && e.code === code);
}

async function balances(orgId: number, cardId: number) {
  return t.db.transaction().execute(async (tx) => {
    const info = await cardInfo(
      tx,
      orgId,
      await findCard(tx, orgId, { card_id: cardId }),
      clock.now(),
    );
    const get = (k: string) => info.accounts.find((a) => a.kind === k);
    return { deposit: get('deposit'), bonus: get('bonus') };
  });
}

test('hold, partial commit per item, and the rest released', async () => {
  const org = await makeOrg(ctx);
  const g = await makeGuest(ctx, org, { funds: 100_000 });
  const card = { card_id: g.cardId };
  const hold = await createHold(ctx, org.principal, { hold_id: 'h1', card, amount: 80_000 });
  assert.equal(hold.result.account.available, 20_000);
  await rejects(
    pay(ctx, org.principal, { payment_id: 'p-too-much', card, amount: 30_000 }),
    'insufficient_funds',
  );
  const lines = SEED_LINES.slice(0, 2); // 290 + 360
  const done = await commitHold(ctx, org.principal, 'h1', { amount: 65_000, lines });
  assert.deepEqual(
    done.result.entries.map((e) => e.amount),
    [-29_000, -36_000],
  );
  assert.equal(done.result.account.balance, 35_000);
  assert.equal(done.result.account.held, 0);
  await rejects(commitHold(ctx, org.principal, 'h1', { amount: 1 }), 'idempotency_key_reused');
  await rejects(cancelHold(ctx, org.principal, 'h1', {}), 'hold_committed');
});

test('a cancelled hold frees the money; an expired one cannot be committed', async () => {
  const org = await makeOrg(ctx);
  const g = await makeGuest(ctx, org, { funds: 50_000 });
  const card = { card_id: g.cardId };
  await createHold(ctx, org.principal, { hold_id: 'c1', card, amount: 50_000 });
  const cancelled = await cancelHold(ctx, org.principal, 'c1', {});
  assert.equal(cancelled.result.account.available, 50_000);
  await createHold(ctx, org.principal, { hold_id: 'e1', card, amount: 40_000, ttl_seconds: 60 });
  clock.advance(61_000);
  await rejects(commitHold(ctx, org.principal, 'e1', {}), 'hold_expired');
  assert.equal((await balances(org.orgId, g.cardId)).deposit?.held, 0);
});

test('a linked card pays from the payer and history names both', async () => {
  const org = await makeOrg(ctx);
  const parent = await makeGuest(ctx, org, { funds: 100_000 });
  const child = await makeGuest(ctx, org, { deposit: null });
  await linkCards(ctx, org.actor, child.cardId, parent.cardId);
  const r = await pay(ctx, org.principal, {
    payment_id: 'kid-1',
    card: { card_id: child.cardId },
    amount: 10_000,
  });
  assert.equal(r.result.account.id, parent.depositId);
  assert.equal(r.result.account.balance, 90_000);
  const rows = await t.db
    .transaction()
    .execute((tx) => history(tx, org.orgId, { cardId: child.cardId }, {}));
  assert.equal(rows.rows[0]?.payer_card, parent.uid);
  assert.equal(rows.rows[0]?.recipient_card, child.uid);
});

test('soft offline posts keep their original time and flag', async () => {
  const org = await makeOrg(ctx);
  const g = await makeGuest(ctx, org, { funds: 300_000 });
  const at = new Date(clock.now().getTime() - 3_600_000).toISOString();
  await rejects(
    closeOrder(ctx, org.principal, {
      order_id: 'off-0',
      card: { card_id: g.cardId },
      lines: SEED_LINES,
      payments: [],
      soft_offline: true,
    }),
    'occurred_at_required',
  );
  const r = await closeOrder(ctx, org.principal, {
    order_id: 'off-1',
    card: { card_id: g.cardId },
    lines: SEED_LINES,
    payments: [{ kind: 'deposit', amount: 235_000 }],
    soft_offline: true,
    occurred_at: at,
  });
  assert.equal(r.result.closed_at, at);
  const rows = await t.db
    .transaction()
    .execute((tx) => history(tx, org.orgId, { cardId: g.cardId }, {}));
  const debits = rows.rows.filter((row) => row.type_code === 'payment');
  assert.equal(debits.length, 6);
  assert.ok(debits.every((row) => row.soft_offline && row.occurred_at === at));
});

test('bonus lots: pending points cannot be spent, the earliest expiry goes first, expired lots are written off', async () => {
  const org = await makeOrg(ctx);
  const g = await makeGuest(ctx, org, { deposit: null });
  const now = clock.now();
  const day = 86_400_000;
  await t.db.transaction().execute(async (tx) => {
    const wallet = (await lockAndSettle(tx, org.orgId, [g.bonusId], now)).get(g.bonusId)!;
    const meta = { orgId: org.orgId, occurredAt: now, source: 'promotion' as const };
    await credit(tx, wallet, 'bonus_accrual', { amount: 1_000 }, meta, {
      availableFrom: now,
      expiresAt: new Date(now.getTime() + 30 * day),
    });
    await credit(tx, wallet, 'bonus_accrual', { amount: 2_000 }, meta, {
      availableFrom: now,
      expiresAt: new Date(now.getTime() + 10 * day),
    });
    await credit(tx, wallet, 'bonus_accrual', { amount: 5_000 }, meta, {
      availableFrom: new Date(now.getTime() + 14 * day),
      expiresAt: null,
    });
  });
  assert.equal((await balances(org.orgId, g.cardId)).bonus?.available, 3_000);
  await rejects(
    pay(ctx, org.principal, {
      payment_id: 'b-big',
      card: { card_id: g.cardId },
      account_kind: 'bonus',
      amount: 3_001,
    }),
    'insufficient_funds',
  );
  await pay(ctx, org.principal, {
    payment_id: 'b1',
    card: { card_id: g.cardId },
    account_kind: 'bonus',
    amount: 2_500,
  });
  const lots = await t.db
    .selectFrom('bonus_lots')
    .select(['amount', 'remaining'])
    .where('org_id', '=', org.orgId)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    lots.map((l) => l.remaining),
    [500, 0, 5_000],
    'the 10-day lot went first',
  );
  clock.advance(31 * day);
  const after31 = await balances(org.orgId, g.cardId); // reading does not write off
  assert.equal(after31.bonus?.available, 5_000);
  await pay(ctx, org.principal, {
    payment_id: 'b2',
    card: { card_id: g.cardId },
    account_kind: 'bonus',
    amount: 100,
  });
  const expiry = await t.db
    .selectFrom('ledger_entries')
    .select('amount')
    .where('org_id', '=', org.orgId)
    .where('type', '=', 'bonus_expiry')
    .execute();
  assert.deepEqual(
    expiry.map((e) => e.amount),
    [-500],
  );
  assert.equal((await balances(org.orgId, g.cardId)).bonus?.balance, 4_900);
  const back = await reverseOperation(ctx, org.principal, 'payment', 'b1', {});
  assert.equal(back.result.amount, 2_500);
});

test('deposit schemes: debit stops at 0, mixed goes into credit up to the limit, credit is topped up only to 0', async () => {
  const org = await makeOrg(ctx);
  const debit = await makeGuest(ctx, org, { funds: 10_000 });
  await rejects(
    pay(ctx, org.principal, { payment_id: 'd1', card: { card_id: debit.cardId }, amount: 10_001 }),
    'insufficient_funds',
  );
  const mixed = await makeGuest(ctx, org, {
    deposit: { scheme: 'mixed', fiscal_mode: 'service', credit_limit: 5_000 },
    funds: 10_000,
  });
  const m = await pay(ctx, org.principal, {
    payment_id: 'm1',
    card: { card_id: mixed.cardId },
    amount: 15_000,
  });
  assert.equal(m.result.account.balance, -5_000);
  await rejects(
    pay(ctx, org.principal, { payment_id: 'm2', card: { card_id: mixed.cardId }, amount: 1 }),
    'insufficient_funds',
  );
  const credit = await makeGuest(ctx, org, {
    deposit: { scheme: 'credit', fiscal_mode: 'advance', credit_limit: 20_000 },
  });
  await pay(ctx, org.principal, {
    payment_id: 'c1',
    card: { card_id: credit.cardId },
    amount: 20_000,
  });
  await rejects(
    topUp(ctx, org.principal, {
      topup_id: 'c-over',
      card: { card_id: credit.cardId },
      amount: 20_001,
    }),
    'credit_topup_exceeds_debt',
  );
  const repaid = await topUp(ctx, org.principal, {
    topup_id: 'c-repay',
    card: { card_id: credit.cardId },
    amount: 20_000,
    fiscal_mode: 'advance',
  });
  assert.equal(repaid.result.account.balance, 0);
  assert.equal(repaid.result.fiscal_mode, 'advance');
  await rejects(
    topUp(ctx, org.principal, {
      topup_id: 'c-mode',
      card: { card_id: credit.cardId },
      amount: 1,
      fiscal_mode: 'service',
    }),
    'fiscal_mode_mismatch',
  );
});

test('a top-up already spent cannot be reversed; an unspent one can', async () => {
  const org = await makeOrg(ctx);
  const g = await makeGuest(ctx, org);
  await topUp(ctx, org.principal, { topup_id: 't1', card: { card_id: g.cardId }, amount: 10_000 });
  await pay(ctx, org.principal, { payment_id: 'p1', card: { card_id: g.cardId }, amount: 6_000 });
  await rejects(reverseOperation(ctx, org.principal, 'topup', 't1', {}), 'topup_already_spent');
  await topUp(ctx, org.principal, { topup_id: 't2', card: { card_id: g.cardId }, amount: 5_000 });
  const r = await reverseOperation(ctx, org.principal, 'topup', 't2', {});
  assert.equal(r.result.account?.balance, 4_000);
});

test('test mode: r_keeper 7 starts in it and the first closed order lifts it; r_keeper Lite never has it', async () => {
  const org = await makeOrg(ctx, { integration: 'rkeeper7' });
  const mode = () =>
    t.db
      .selectFrom('restaurants')
      .select('test_mode')
      .where('org_id', '=', org.orgId)
      .where('id', '=', org.restaurantId)
      .executeTakeFirstOrThrow();
  assert.equal((await mode()).test_mode, true);
  const r = await closeOrder(
    ctx,
    { ...org.principal, testMode: true },
    { order_id: 'first', lines: SEED_LINES, payments: [{ kind: 'cash', amount: 235_000 }] },
  );
  assert.equal(r.result.test_mode_lifted, true);
  assert.equal((await mode()).test_mode, false);
  const lite = await createRestaurant(ctx, org.actor, {
    name: 'Lite',
    time_zone: 'Europe/Moscow',
    integration: 'rkeeper_lite',
  });
  assert.equal(lite.test_mode, false);
});

test('single active card: binding a new card deactivates the guest’s other cards', async () => {
  const org = await makeOrg(ctx, { settings: { singleActiveCard: true } });
  const g = await makeGuest(ctx, org, { deposit: null });
  const second = await issueCard(ctx, org.actor, { guest_id: g.guestId, number: `${g.number}-2` });
  const first = await t.db
    .selectFrom('cards')
    .select('status')
    .where('org_id', '=', org.orgId)
    .where('id', '=', g.cardId)
    .executeTakeFirstOrThrow();
  assert.equal(first.status, 'expired');
  assert.equal(second.status, 'active');
  await rejects(
    pay(ctx, org.principal, {
      payment_id: 'old',
      card: { card_id: g.cardId },
      amount: 1,
      account_kind: 'bonus',
    }),
    'card_expired',
  );
});

test('an online close with a card the till could not accept is refused; a soft-offline one is recorded', async () => {
  const org = await makeOrg(ctx);
  const g = await makeGuest(ctx, org, { deposit: null });
  await setCardStatus(ctx, org.actor, g.cardId, 'blocked', 'Утеряна');
  const cash = [{ kind: 'cash' as const, amount: 235_000 }];
  await rejects(
    closeOrder(ctx, org.principal, {
      order_id: 'blk-1',
      card: { card_id: g.cardId },
      lines: SEED_LINES,
      payments: cash,
    }),
    'card_blocked',
  );
  const offline = await closeOrder(ctx, org.principal, {
    order_id: 'blk-2',
    card: { card_id: g.cardId },
    lines: SEED_LINES,
    payments: cash,
    soft_offline: true,
    occurred_at: new Date(clock.now().getTime() - 60_000).toISOString(),
  });
  assert.equal(offline.result.status, 'closed');
});
