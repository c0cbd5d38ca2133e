// Property tests of the ledger (C5) through the use cases: random sequences of top-ups,
// payments, holds, commits, cancels, order closes, refunds and reversals, each sent once and
// then retried (duplicated and reordered). Whatever happens: Σ entries = balance for every
// account, no balance below its scheme's floor, and a retry never has a second effect.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { closeOrder } from '../../src/app/close-order.ts';
import { cancelHold, commitHold, createHold, pay, reverseOperation } from '../../src/app/pay.ts';
import { refundOrder } from '../../src/app/refund.ts';
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
after(() => t.close());

type Op =
  | { k: 'topup'; amount: number; kind: 'deposit' | 'bonus' }
  | { k: 'pay'; amount: number; kind: 'deposit' | 'bonus' }
  | { k: 'hold'; amount: number }
  | { k: 'commit'; hold: number; part: number }
  | { k: 'cancel'; hold: number }
  | { k: 'close'; deposit: number }
  | { k: 'refund'; order: number; line: number | null }
  | { k: 'reverse'; payment: number };

const amount = fc.integer({ min: 1, max: 60_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('topup' as const), amount, kind: fc.constantFrom('deposit' as const, 'bonus' as const) }),
  fc.record({ k: fc.constant('pay' as const), amount, kind: fc.constantFrom('deposit' as const, 'bonus' as const) }),
  fc.record({ k: fc.constant('hold' as const), amount }),
  fc.record({ k: fc.constant('commit' as const), hold: fc.nat(5), part: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ k: fc.constant('cancel' as const), hold: fc.nat(5) }),
  fc.record({ k: fc.constant('close' as const), deposit: fc.integer({ min: 0, max: 235_000 }) }),
  fc.record({ k: fc.constant('refund' as const), order: fc.nat(5), line: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }) }),
  fc.record({ k: fc.constant('reverse' as const), payment: fc.nat(5) }),
);

const scheme = fc.constantFrom(
  { scheme: 'debit' as const, fiscal_mode: 'advance' as const, credit_limit: 0 },
  { scheme: 'credit' as const, fiscal_mode: 'service' as const, credit_limit: 100_000 },
  { scheme: 'mixed' as const, fiscal_mode: 'service' as const, credit_limit: 50_000 },
);

async function attempt<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: string }> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, code: e.code };
    throw e;
  }
}

let run = 0;

test('random operations with duplicated and reordered retries keep the ledger exact', async () => {
  await fc.assert(
    fc.asyncProperty(
      scheme,
      fc.array(opArb, { minLength: 1, maxLength: 25 }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
      async (deposit, ops, retryPicks) => {
        run++;
        const org = await makeOrg(ctx);
        const g = await makeGuest(ctx, org, { deposit });
        const p = org.principal;
        const card = { card_id: g.cardId };
        const id = (i: number) => `r${run}-op${i}`;
        const holds: string[] = [];
        const orders: string[] = [];
        const payments: string[] = [];
        const calls: { key: string; send: () => Promise<unknown> }[] = [];

        for (const [i, op] of ops.entries()) {
          let send: () => Promise<unknown>;
          switch (op.k) {
            case 'topup':
              send = () => topUp(ctx, p, { topup_id: id(i), card, amount: op.amount, account_kind: op.kind });
              break;
            case 'pay':
              payments.push(id(i));
              send = () => pay(ctx, p, { payment_id: id(i), card, amount: op.amount, account_kind: op.kind });
              break;
            case 'hold':
              holds.push(id(i));
              send = () => createHold(ctx, p, { hold_id: id(i), card, amount: op.amount });
              break;
            case 'commit': {
              const h = holds[op.hold % Math.max(holds.length, 1)] ?? 'none';
              send = () => commitHold(ctx, p, h, { amount: op.part });
              break;
            }
            case 'cancel': {
              const h = holds[op.hold % Math.max(holds.length, 1)] ?? 'none';
              send = () => cancelHold(ctx, p, h, {});
              break;
            }
            case 'close': {
              orders.push(id(i));
              const payList = op.deposit > 0 ? [{ kind: 'deposit' as const, amount: op.deposit }, ...(op.deposit < 235_000 ? [{ kind: 'cash' as const, amount: 235_000 - op.deposit }] : [])] : [{ kind: 'cash' as const, amount: 235_000 }];
              send = () => closeOrder(ctx, p, { order_id: id(i), card, lines: SEED_LINES, payments: payList });
              break;
            }
            case 'refund': {
              const o = orders[op.order % Math.max(orders.length, 1)] ?? 'none';
              send = () => refundOrder(ctx, p, o, { refund_id: id(i), ...(op.line ? { lines: [{ line_no: op.line, quantity_milli: 1000 }] } : {}) });
              break;
            }
            case 'reverse': {
              const pid = payments[op.payment % Math.max(payments.length, 1)] ?? 'none';
              send = () => reverseOperation(ctx, p, 'payment', pid, { reversal_id: id(i) });
              break;
            }
          }
          calls.push({ key: `${op.k}:${i}`, send });
          clock.advance(1000);
        }

        // First pass: every call once, remembering each answer.
        const first = new Map<string, Awaited<ReturnType<typeof attempt>>>();
        for (const c of calls) first.set(c.key, await attempt(c.send));
        const entriesAfterFirst = await t.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', org.orgId).executeTakeFirstOrThrow();

        // Retries, in a shuffled order: a success answers the same, with no new entry.
        for (const pick of retryPicks) {
          const c = calls[pick % calls.length] as (typeof calls)[number];
          const was = first.get(c.key);
          const again = await attempt(c.send);
          if (was?.ok && !c.key.startsWith('commit') && !c.key.startsWith('cancel') && !c.key.startsWith('reverse')) {
            assert.ok(again.ok, `${c.key} replay failed: ${JSON.stringify(again)}`);
            assert.deepEqual(JSON.parse(JSON.stringify(again.value)).result, JSON.parse(JSON.stringify(was.value)).result);
            assert.equal((again.value as { replayed: boolean }).replayed, true);
          }
        }
        const entriesAfterRetries = await t.db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', org.orgId).executeTakeFirstOrThrow();
        // A retried success adds nothing; only a first attempt that failed may succeed now
        // (e.g. a hold that was not yet there), and that is its first effect.
        const failedFirst = [...first.values()].filter((r) => !r.ok).length;
        if (failedFirst === 0) assert.equal(Number(entriesAfterRetries.n), Number(entriesAfterFirst.n));

        const report = await t.db.transaction().execute((tx) => verifyLedger(tx));
        assert.deepEqual(report.drift.filter((d) => d.org_id === org.orgId), []);
        const accounts = await t.db.selectFrom('accounts').selectAll().where('org_id', '=', org.orgId).execute();
        for (const a of accounts) {
          const floor = a.kind === 'deposit' && a.scheme !== 'debit' ? -a.credit_limit : 0;
          assert.ok(a.balance >= floor, `account ${a.id} (${a.scheme ?? a.kind}) at ${a.balance} below ${floor}`);
          assert.ok(a.held >= 0 && a.balance - a.held >= floor, `held ${a.held} breaks the floor`);
        }
        // Each POS id has at most one original effect: no two first-effect entries share an id.
        const dupes = await t.db
          .selectFrom('ledger_entries')
          .select(['pos_txn_id', 'type', 'line_no', (eb) => eb.fn.countAll<number>().as('n')])
          .where('org_id', '=', org.orgId)
          .where('type', '<>', 'reversal')
          .groupBy(['pos_txn_id', 'type', 'line_no', 'account_id'])
          .having((eb) => eb.fn.countAll(), '>', 1)
          .execute();
        assert.deepEqual(dupes, []);
      },
    ),
    { numRuns: 25, seed: 20240304 },
  );
});
