// The optimistic Sale (integrations/rkeeper/farcards/sale.ts) when something happens between its
// read and its write: money leaves the deposit, or the same packet is posted meanwhile. Its write
// undoes itself, the pessimistic way posts the packet, and every effect is there exactly once. Then
// many tills posting for one card at once: on PostgreSQL they race for real.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoyaltyHook } from '../../../src/app/loyalty-hook.ts';
import { pay } from '../../../src/app/pay.ts';
import { topUp } from '../../../src/app/top-up.ts';
import { verifyLedger } from '../../../src/app/verify.ts';
import { SEED_000_CARD, seed000Order } from '../../../src/integrations/rkeeper/simulator/dictionaries.ts';
import { testDatabase, type TestDatabase } from '../../support/db.ts';
import { metricValue, scrape } from '../../support/metrics.ts';
import { answerAttrs, counts, depositBalance, farCardsSetup } from './helpers.ts';

const CHECK = 235_000;

let t: TestDatabase;
let s: Awaited<ReturnType<typeof farCardsSetup>>;
let n = 0;
/** Runs once, between a Sale's read and its write (the loyalty plan is made in between). */
let meanwhile: (() => Promise<unknown>) | null = null;

before(async () => {
  t = await testDatabase();
  s = await farCardsSetup(t, 0);
  const real = s.server.ctx.loyalty;
  const hook: LoyaltyHook = {
    prepare: async (tx, facts) => {
      const plan = await real.prepare(tx, facts);
      const work = meanwhile;
      meanwhile = null;
      if (work) await work();
      return plan;
    },
    onOrderRefunded: (tx, facts) => real.onOrderRefunded(tx, facts),
    dryRun: (tx, request) => real.dryRun(tx, request),
    program: (tx, orgId, restaurantId) => real.program(tx, orgId, restaurantId),
  };
  s.server.ctx.loyalty = hook;
});
after(async () => {
  await s.server.app.close();
  await t.close();
});
beforeEach(() => {
  meanwhile = null;
});

const fund = (amount: number) =>
  topUp(s.server.ctx, s.org.principal, {
    topup_id: `fund-${++n}`,
    card: { card_id: s.guest.cardId },
    amount,
  });

const sale = (id: number) => {
  const order = {
    ...seed000Order(),
    checkNum: id,
    orderGuid: `{C0000000-0000-4000-8000-${String(id).padStart(12, '0')}}`,
  };
  return s.post('transactionsex', s.till.transactionsBody(SEED_000_CARD.code, order, 'Sale', SEED_000_CARD.uid));
};

const result = (r: Awaited<ReturnType<typeof sale>>) => ({
  result: answerAttrs(r.root, 'TransactionsEx').Result,
  error: answerAttrs(r.root, 'TRRESPONSE').error_code,
});

async function noDrift() {
  const report = await t.db.transaction().execute((tx) => verifyLedger(tx));
  assert.deepEqual(report.drift, []);
}

test('the first check lifts test mode the pessimistic way', async () => {
  await fund(CHECK);
  assert.deepEqual(result(await sale(1)), { result: '0', error: undefined });
  assert.equal(await depositBalance(t, s.guest), 0);
});

test('money that leaves the deposit between the read and the write is seen: the check is refused, nothing is overdrawn', async () => {
  await fund(CHECK);
  const before = await counts(t);
  // The read saw 2350.00; a 1000.00 payment lands before the write.
  meanwhile = () =>
    pay(s.server.ctx, s.org.principal, {
      payment_id: `meanwhile-${++n}`,
      card: { card_id: s.guest.cardId },
      amount: 100_000,
    });
  const r = await sale(2);
  assert.deepEqual(result(r), { result: '1', error: '2001' }, r.body);
  assert.match(r.body, /Недостаточно средств/);
  assert.equal(await depositBalance(t, s.guest), CHECK - 100_000);
  const after = await counts(t);
  // The payment made meanwhile is a sale of its own (one order, one entry); the check wrote none.
  assert.equal(after.orders, before.orders + 1, 'only the payment made meanwhile');
  assert.equal(after.entries, before.entries + 1, 'only the payment made meanwhile');
  await noDrift();
});

test('money added meanwhile: the write notices the account moved, and the pessimistic way posts the check once', async () => {
  await fund(CHECK - (await depositBalance(t, s.guest)));
  const before = await counts(t);
  meanwhile = () => fund(50_000);
  const fallbacks = async () =>
    metricValue(await scrape(s.server.app), 'kopilka_sale_path_total', { path: 'fallback' });
  const fellBack = await fallbacks();
  const r = await sale(3);
  assert.deepEqual(result(r), { result: '0', error: undefined }, r.body);
  assert.equal(await fallbacks(), fellBack + 1, 'counted as a fallback of the optimistic path');
  assert.equal(await depositBalance(t, s.guest), 50_000);
  const after = await counts(t);
  assert.equal(after.orders, before.orders + 1);
  assert.equal(after.lines, before.lines + 6);
  assert.equal(after.entries, before.entries + 1 + 6, 'the top-up and the six per-item debits');
  await noDrift();
});

test('the same packet posted meanwhile: one effect, and the second answer is the first', async () => {
  await fund(2 * CHECK);
  const before = await counts(t);
  const balance = await depositBalance(t, s.guest);
  let inner: Awaited<ReturnType<typeof sale>> | null = null;
  meanwhile = async () => {
    inner = await sale(4);
  };
  const outer = await sale(4);
  assert.deepEqual(result(outer), { result: '0', error: undefined }, outer.body);
  assert.ok(inner);
  assert.deepEqual(result(inner), { result: '0', error: undefined });
  assert.equal(await depositBalance(t, s.guest), balance - CHECK);
  const after = await counts(t);
  assert.equal(after.orders, before.orders + 1);
  assert.equal(after.requests, before.requests + 1);
  assert.equal(after.entries, before.entries + 6);
  await noDrift();
});

test('many tills post for one card at once: each check is paid or refused, and the deposit ends exact', async () => {
  const balance = await depositBalance(t, s.guest);
  await fund(5 * CHECK - balance + 100);
  const before = await counts(t);
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => sale(100 + i)));
  const paid = answers.filter((r) => result(r).result === '0').length;
  const refused = answers.filter((r) => result(r).error === '2001').length;
  assert.equal(paid, 5, answers.map((r) => r.body).join('\n'));
  assert.equal(refused, 7);
  assert.equal(await depositBalance(t, s.guest), 100);
  const after = await counts(t);
  assert.equal(after.orders, before.orders + 5);
  assert.equal(after.entries, before.entries + 5 * 6);
  await noDrift();
});
