// The statements a POS API close and a one-shot payment (iiko's Pay goes through the same use
// case) send, one after another, kept as committed snapshots (test/snapshots/sql/): a change to
// what the till's critical path sends — a statement's text, or one more round trip — shows in
// review. The FarCards Sale's two statements are kept by test/integrations/rkeeper/farcards-reads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { closeOrder } from '../../src/app/close-order.ts';
import { pay } from '../../src/app/pay.ts';
import { statementCounter, testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  manualClock,
  SEED_LINES,
  type GuestFixture,
  type OrgFixture,
} from '../support/fixtures.ts';
import { assertSqlSnapshot } from '../support/sql-snapshots.ts';

let t: TestDatabase;
let ctx: AppContext;
let org: OrgFixture;
let g: GuestFixture;
/** The till as the POS API sees it after its first close: out of test mode (cached). */
let till: OrgFixture['principal'] & { testMode: false };
const counter = statementCounter();

before(async () => {
  t = await testDatabase();
  ctx = createContext(t.db.withPlugin(counter.plugin), { now: manualClock().now });
  org = await makeOrg(ctx);
  g = await makeGuest(ctx, org, { funds: 2_000_000 });
  // The first close lifts the restaurant's test mode: one statement the steady state lacks.
  await closeOrder(ctx, org.principal, {
    order_id: 'first',
    card: { card_id: g.cardId },
    lines: SEED_LINES,
    payments: [{ kind: 'deposit', amount: 235_000 }],
  });
  till = { ...org.principal, testMode: false };
});
after(async () => {
  await t.close();
});

/** The statements, numbered, as one file. */
const listing = (texts: readonly string[]) =>
  texts.map((text, i) => `-- statement ${i + 1} of ${texts.length}\n${text.trim()}`).join('\n\n');

test('a POS API close paid from the deposit sends the statements of its snapshot', async () => {
  counter.takeTexts();
  const r = await closeOrder(ctx, till, {
    order_id: 'second',
    card: { card_id: g.cardId },
    lines: SEED_LINES,
    payments: [{ kind: 'deposit', amount: 235_000 }],
  });
  assert.equal(r.result.total, 235_000);
  assertSqlSnapshot('pos-close', listing(counter.takeTexts()));
});

test('a one-shot payment (POS API, iiko Pay) sends the statements of its snapshot', async () => {
  counter.takeTexts();
  const r = await pay(ctx, till, {
    payment_id: 'pay-1',
    card: { card_id: g.cardId },
    amount: 50_000,
  });
  assert.equal(r.result.amount, 50_000);
  assertSqlSnapshot('one-shot-payment', listing(counter.takeTexts()));
});
