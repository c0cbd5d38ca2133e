// Concurrency of the money paths (C5): many tills hitting one deposit at once. Payments never
// overdraw and the balance stays exact, duplicates of one POS id have exactly one effect and
// one answer, holds racing with commits and cancels keep `held` exact, and orders paid from
// two deposits in either order do not deadlock. On PostgreSQL the requests really run in
// parallel (pool of 20); on PGlite they interleave on its single connection.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeOrder } from '../../src/app/close-order.ts';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { cancelHold, commitHold, createHold, pay } from '../../src/app/pay.ts';
import { verifyLedger } from '../../src/app/verify.ts';
import type { AccountView } from '../../src/app/cards.ts';
import type { Database } from '../../src/db/connect.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg, manualClock, SEED_LINES, testServer } from '../support/fixtures.ts';

const RETRYABLE = new Set(['40001', '40P01']);

/**
 * The database as the use cases see it, noting the SQLSTATE of every failed transaction
 * attempt: inTransaction retries deadlocks, so without this a lock-order bug would pass.
 */
function observed(db: Database): { db: Database; retryable: string[] } {
  const retryable: string[] = [];
  const proxy = new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return () => {
          const builder = target.transaction();
          return {
            execute: async <T>(work: Parameters<typeof builder.execute<T>>[0]) => {
              try {
                return await builder.execute(work);
              } catch (e) {
                const code = (e as { code?: unknown }).code;
                if (typeof code === 'string' && RETRYABLE.has(code)) retryable.push(code);
                throw e;
              }
            },
          };
        };
      }
      // Kysely keeps its state in private fields, which only the real instance can read.
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: proxy, retryable };
}

/** A small seeded generator (mulberry32): the same amounts on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A whole number of roubles in [min, max] kopecks. */
function amounts(seed: number, n: number, min: number, max: number): number[] {
  const next = seeded(seed);
  return Array.from({ length: n }, () => Math.round((min + next() * (max - min)) / 100) * 100);
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

let t: TestDatabase;
let ctx: AppContext;
let retryable: string[];
const clock = manualClock();

before(async () => {
  t = await testDatabase();
  const o = observed(t.db);
  retryable = o.retryable;
  ctx = createContext(o.db, { now: clock.now });
});
after(() => t.close());

async function account(id: number) {
  return t.db
    .selectFrom('accounts')
    .select(['balance', 'held'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function entriesOf(orgId: number, posTxnIds: readonly string[]) {
  const rows = await t.db
    .selectFrom('ledger_entries')
    .select(['pos_txn_id', 'amount', 'type'])
    .where('org_id', '=', orgId)
    .where('pos_txn_id', 'in', posTxnIds)
    .execute();
  const by = new Map<string, { amount: number; type: string }[]>();
  for (const { pos_txn_id, ...e } of rows)
    by.set(pos_txn_id as string, [...(by.get(pos_txn_id as string) ?? []), e]);
  return by;
}

async function assertNoDrift() {
  const report = await t.db.transaction().execute((tx) => verifyLedger(tx));
  assert.deepEqual(report.drift, []);
  assert.deepEqual(retryable, [], 'no transaction attempt deadlocked or failed to serialize');
}

function rejectionCode(r: PromiseSettledResult<unknown>): string {
  assert.equal(r.status, 'rejected');
  const e = (r as PromiseRejectedResult).reason;
  assert.ok(e instanceof DomainError, `a business rejection, not ${String(e)}`);
  return e.code;
}

function assertSane(a: AccountView, floor: number) {
  assert.ok(a.held >= 0, `held ${a.held} ≥ 0`);
  assert.ok(a.available >= 0, `available ${a.available} ≥ 0`);
  assert.ok(a.balance >= floor, `balance ${a.balance} ≥ floor ${floor}`);
}

for (const [name, deposit, floor] of [
  ['debit', { scheme: 'debit', fiscal_mode: 'service', credit_limit: 0 }, 0],
  ['mixed', { scheme: 'mixed', fiscal_mode: 'service', credit_limit: 50_000 }, -50_000],
] as const) {
  test(`64 concurrent payments on one ${name} deposit never overdraw and leave it exact`, async () => {
    const initial = 1_000_000;
    const org = await makeOrg(ctx);
    const g = await makeGuest(ctx, org, { deposit, funds: initial });
    // Σ ≈ 1.6 × the funds, and two that no balance here could ever cover.
    const sizes = amounts(name === 'debit' ? 1 : 2, 64, 5_000, 45_000);
    sizes[10] = 1_200_000;
    sizes[50] = 2_000_000;
    const ids = sizes.map((_, i) => `${name}-pay-${i}`);
    const results = await Promise.allSettled(
      sizes.map((amount, i) =>
        pay(ctx, org.principal, {
          payment_id: ids[i] as string,
          card: { card_id: g.cardId },
          amount,
        }),
      ),
    );

    const paid = sizes.filter((_, i) => results[i]?.status === 'fulfilled');
    const refused = sizes.filter((_, i) => results[i]?.status === 'rejected');
    assert.ok(paid.length > 0 && refused.length > 0, 'some payments succeed and some are refused');
    for (const r of results) {
      if (r.status === 'fulfilled') assertSane(r.value.result.account, floor);
      else assert.equal(rejectionCode(r), 'insufficient_funds');
    }
    const after = await account(g.depositId as number);
    assert.equal(after.balance, initial - sum(paid));
    assert.equal(after.held, 0);
    assert.ok(after.balance >= floor);
    // Balances only fall here, so a refused payment must exceed even what is left at the end.
    for (const a of refused) assert.ok(a > after.balance - floor, `${a} was refused spuriously`);

    const entries = await entriesOf(org.orgId, ids);
    for (const [i, r] of results.entries()) {
      const mine = entries.get(ids[i] as string) ?? [];
      if (r.status === 'fulfilled')
        assert.deepEqual(mine, [{ amount: -(sizes[i] as number), type: 'payment' }]);
      else assert.deepEqual(mine, []);
    }
    await assertNoDrift();
  });
}

test('64 concurrent duplicates of one payment and of one order close: one effect, one answer', async () => {
  const server = await testServer(ctx.db, clock);
  try {
    const org = await makeOrg(server.ctx);
    const g = await makeGuest(server.ctx, org, { funds: 1_000_000 });
    const payment = { payment_id: 'dup-pay', card: { card_id: g.cardId }, amount: 12_300 };
    const order = {
      order_id: 'dup-order',
      card: { card_id: g.cardId },
      lines: SEED_LINES,
      payments: [{ kind: 'deposit', amount: 235_000 }],
    };
    for (const [url, body] of [
      ['/payments', payment],
      ['/orders/close', order],
    ] as const) {
      const answers = await Promise.all(
        Array.from({ length: 64 }, () => server.call('POST', url, org.key, body)),
      );
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [...Array(63).fill(200), 201], `${url}: one 201, then replays`);
      for (const a of answers) {
        assert.equal(a.headers['idempotent-replayed'], a.status === 200 ? 'true' : undefined);
        assert.deepEqual(a.body, answers[0]?.body, `${url}: every duplicate gets the first answer`);
      }
    }

    const entries = await entriesOf(org.orgId, ['dup-pay', 'dup-order']);
    assert.deepEqual(entries.get('dup-pay'), [{ amount: -12_300, type: 'payment' }]);
    assert.deepEqual(
      entries
        .get('dup-order')
        ?.map((e) => e.amount)
        .sort((a, b) => a - b),
      [-65000, -43000, -41000, -36000, -29000, -21000],
    );
    const orders = await t.db
      .selectFrom('orders')
      .select('id')
      .where('org_id', '=', org.orgId)
      .where('pos_order_id', '=', 'dup-order')
      .execute();
    assert.equal(orders.length, 1);
    assert.equal((await account(g.depositId as number)).balance, 1_000_000 - 12_300 - 235_000);
    await assertNoDrift();
  } finally {
    await server.app.close();
  }
});

test('holds racing with commits, cancels and payments keep held ≥ 0 and balances exact', async () => {
  const initial = 600_000;
  const org = await makeOrg(ctx);
  const g = await makeGuest(ctx, org, { funds: initial });
  const p = org.principal;
  const card = { card_id: g.cardId };
  const views: AccountView[] = [];
  const keep = <T extends { account: AccountView }>(x: { result: T }) => {
    views.push(x.result.account);
    return x.result;
  };

  // Wave 1: 24 holds and 16 payments asking ~1.3 × the funds, so some are refused.
  const holdSizes = amounts(3, 24, 10_000, 40_000);
  const paySizes = amounts(4, 16, 5_000, 20_000);
  const wave1 = await Promise.allSettled([
    ...holdSizes.map((amount, i) =>
      createHold(ctx, p, { hold_id: `h${i}`, card, amount }).then(keep),
    ),
    ...paySizes.map((amount, i) => pay(ctx, p, { payment_id: `w1-${i}`, card, amount }).then(keep)),
  ]);
  for (const r of wave1)
    if (r.status === 'rejected') assert.equal(rejectionCode(r), 'insufficient_funds');
  const held = holdSizes.map((_, i) => `h${i}`).filter((_, i) => wave1[i]?.status === 'fulfilled');
  assert.ok(held.length >= 9, `enough holds to race on (${held.length})`);

  // Wave 2: on each hold a commit races a cancel, or a commit or cancel is sent twice, while
  // new holds and payments compete for what is left.
  const half = (id: string) => Math.ceil((holdSizes[Number(id.slice(1))] as number) / 2);
  const paySizes2 = amounts(5, 16, 5_000, 20_000);
  const raced = held.flatMap((id, i) => {
    if (i % 3 === 0) return [commitHold(ctx, p, id, {}), cancelHold(ctx, p, id, {})];
    if (i % 3 === 1) return [0, 1].map(() => commitHold(ctx, p, id, { amount: half(id) }));
    return [0, 1].map(() => cancelHold(ctx, p, id, {}));
  });
  const lateHolds = amounts(6, 8, 10_000, 30_000);
  const wave2 = await Promise.allSettled([
    ...raced.map((x) => x.then(keep)),
    ...lateHolds.map((amount, i) =>
      createHold(ctx, p, { hold_id: `late-${i}`, card, amount }).then(keep),
    ),
    ...paySizes2.map((amount, i) =>
      pay(ctx, p, { payment_id: `w2-${i}`, card, amount }).then(keep),
    ),
  ]);
  for (const r of wave2) {
    if (r.status === 'rejected') {
      const code = rejectionCode(r);
      assert.ok(['insufficient_funds', 'hold_committed', 'hold_cancelled'].includes(code), code);
    }
  }
  const settled = wave2.slice(0, raced.length);

  for (const [i, id] of held.entries()) {
    const [a, b] = [settled[2 * i], settled[2 * i + 1]] as PromiseSettledResult<{
      status: string;
    }>[];
    if (i % 3 === 0) {
      assert.equal(
        [a, b].filter((x) => x?.status === 'fulfilled').length,
        1,
        `${id}: commit or cancel, not both`,
      );
    } else {
      // A duplicate is answered with the first result, so both succeed and agree.
      assert.equal(a?.status, 'fulfilled', id);
      assert.deepEqual(b, a, `${id}: the duplicate gets the same answer`);
    }
  }
  for (const v of views) assertSane(v, 0);

  const holds = await t.db
    .selectFrom('holds')
    .select(['pos_hold_id', 'status', 'amount', 'committed_amount'])
    .where('org_id', '=', org.orgId)
    .execute();
  const paidOk = [
    ...paySizes.filter((_, i) => wave1[holdSizes.length + i]?.status === 'fulfilled'),
    ...paySizes2.filter(
      (_, i) => wave2[raced.length + lateHolds.length + i]?.status === 'fulfilled',
    ),
  ];
  const committed = sum(
    holds.filter((h) => h.status === 'committed').map((h) => h.committed_amount),
  );
  const stillHeld = sum(holds.filter((h) => h.status === 'active').map((h) => h.amount));
  assert.ok(
    holds.every((h) => !h.pos_hold_id.startsWith('h') || h.status !== 'active'),
    'every raced hold closed',
  );
  const after = await account(g.depositId as number);
  assert.equal(after.held, stillHeld);
  assert.equal(after.balance, initial - committed - sum(paidOk));
  assert.ok(after.balance - after.held >= 0);
  await assertNoDrift();
});

test('orders paid from two deposits, listed in either order, do not deadlock', async () => {
  const org = await makeOrg(ctx);
  const a = await makeGuest(ctx, org, { funds: 6_000_000 });
  const b = await makeGuest(ctx, org, { funds: 6_000_000 });
  // Half the orders name A's deposit first, half B's: locking in that order would deadlock.
  const results = await Promise.allSettled(
    Array.from({ length: 48 }, (_, i) => {
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      return closeOrder(ctx, org.principal, {
        order_id: `two-${i}`,
        card: { card_id: first.cardId },
        lines: SEED_LINES,
        payments: [
          { kind: 'deposit', amount: 100_000, card: { card_id: first.cardId } },
          { kind: 'deposit', amount: 135_000, card: { card_id: second.cardId } },
        ],
      });
    }),
  );
  assert.deepEqual(
    results
      .filter((r) => r.status === 'rejected')
      .map((r) => String((r as PromiseRejectedResult).reason)),
    [],
  );
  const [da, db] = [await account(a.depositId as number), await account(b.depositId as number)];
  assert.equal(da.balance + db.balance, 12_000_000 - 48 * 235_000);
  assert.equal(da.balance, 6_000_000 - 24 * 100_000 - 24 * 135_000);
  assert.equal(db.balance, da.balance);
  await assertNoDrift();
});
