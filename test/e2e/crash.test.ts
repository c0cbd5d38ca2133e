// Crash test: the real server as a child process, killed with SIGKILL in the middle of a load
// of payments from eight tills. Afterwards `kopilka verify` finds no drift, every payment the
// server answered is in the ledger exactly once, and the balances equal what those payments
// took. Retrying the payments that got no answer then completes them without a duplicate.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from '../../src/app/context.ts';
import { setMoneyLimits } from '../../src/app/money-limits.ts';
import { verifyLedger } from '../../src/app/verify.ts';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { onPostgres, testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg } from '../support/fixtures.ts';

const CLIENTS = 8;
const GUESTS = 4;
const FUNDS = 100_000_000;
// The kill comes after this many answers, or after the time limit on a slow machine.
const KILL_AFTER_ANSWERS = 120;
const KILL_AFTER_MS = 6_000;
const MAX_PER_CLIENT = 1_000;
const REQUEST_TIMEOUT_MS = 5_000;
const START_TIMEOUT_MS = 20_000;

const children = new Set<ChildProcess>();
const dir = mkdtempSync(join(tmpdir(), 'kopilka-crash-'));
let pg: TestDatabase | null = null;
// Aborted when the test times out: every helper checks it, so a body still running after the
// time limit starts no process and recreates no directory once `after` has cleaned up.
let cancelled: AbortSignal = new AbortController().signal;

after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await pg?.close();
  rmSync(dir, { recursive: true, force: true });
});

// Children get the database through the same variables an operator would set.
const childEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, KOPILKA_DATA_DIR: dir, LOG_LEVEL: 'error' };
  delete env.NODE_TEST_CONTEXT;
  delete env.DATABASE_URL;
  if (pg?.url) env.DATABASE_URL = pg.url;
  return env;
};

/** The seeded database, opened by this process only while no server runs (PGlite: one process). */
async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  cancelled.throwIfAborted();
  if (pg) return work(pg.db);
  const lite = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  try {
    await migrateToLatest(lite.db);
    return await work(lite.db);
  } finally {
    await lite.close();
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function startServer(): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['bin/kopilka.mjs', 'serve', '--host', '127.0.0.1', '--port', String(port)],
    {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: cancelled,
      killSignal: 'SIGKILL',
    },
  );
  children.add(child);
  // A cancelled spawn reports an 'error' besides exiting; the exit is what is waited on.
  child.on('error', () => {});
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no start in time:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Kopilka is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['bin/kopilka.mjs', ...args], {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: cancelled,
    killSignal: 'SIGKILL',
  });
  children.add(child);
  child.on('error', () => {});
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const { code } = await exited(child);
  clearTimeout(timer);
  return { code, out };
}

interface Payment {
  id: string;
  guest: number;
  amount: number;
  /** The HTTP status and body when the server answered; null when the connection died. */
  status: number | null;
  body: unknown;
}

async function post(base: string, key: string, p: Payment, cardId: number) {
  const res = await fetch(`${base}/api/pos/v1/payments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ payment_id: p.id, card: { card_id: cardId }, amount: p.amount }),
    signal: AbortSignal.any([AbortSignal.timeout(REQUEST_TIMEOUT_MS), cancelled]),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

/**
 * No drift; every payment the server answered is in the ledger once, the rest at most once;
 * the deposits fell by exactly what is in the ledger.
 */
async function checkLedger(
  orgId: number,
  deposits: readonly number[],
  payments: readonly Payment[],
  allMustBePresent: boolean,
) {
  await withDatabase(async (db) => {
    const report = await db.transaction().execute((tx) => verifyLedger(tx));
    assert.deepEqual(report.drift, []);
    const rows = await db
      .selectFrom('ledger_entries')
      .select(['pos_txn_id', 'account_id', 'amount'])
      .where('org_id', '=', orgId)
      .where('type', '=', 'payment')
      .execute();
    const byId = new Map<string, { account_id: number; amount: number }[]>();
    for (const r of rows)
      byId.set(r.pos_txn_id as string, [...(byId.get(r.pos_txn_id as string) ?? []), r]);
    const sent = new Map(payments.map((p) => [p.id, p]));
    for (const id of byId.keys()) assert.ok(sent.has(id), `ledger has ${id}, which was never sent`);
    const taken = new Map<number, number>();
    for (const p of payments) {
      const found = byId.get(p.id) ?? [];
      const mustBe = allMustBePresent || p.status !== null;
      assert.ok(found.length <= 1, `${p.id} is in the ledger ${found.length} times`);
      if (mustBe) assert.equal(found.length, 1, `${p.id} was answered ${p.status} but is missing`);
      for (const e of found) {
        assert.equal(e.amount, -p.amount, p.id);
        assert.equal(e.account_id, deposits[p.guest], p.id);
        taken.set(e.account_id, (taken.get(e.account_id) ?? 0) + p.amount);
      }
    }
    const accounts = await db
      .selectFrom('accounts')
      .select(['id', 'balance', 'held'])
      .where('org_id', '=', orgId)
      .where('id', 'in', deposits)
      .execute();
    for (const a of accounts) {
      assert.equal(a.balance, FUNDS - (taken.get(a.id) ?? 0), `deposit ${a.id}`);
      assert.equal(a.held, 0);
    }
  });
}

async function verifyNoDrift() {
  const v = await cli(['verify']);
  assert.equal(v.code, 0, v.out);
  assert.match(v.out, /no drift/);
}

// Two server starts and a `kopilka verify` on the embedded database take ~55 s on a 2-core
// machine while the rest of the suite runs beside it; the limit only guards against a hang.
test(
  'kill -9 during a load of payments loses no answered payment and duplicates none',
  { timeout: 150_000 },
  async (t) => {
    cancelled = t.signal;
    if (onPostgres) pg = await testDatabase();
    const seed = await withDatabase(async (db) => {
      const ctx = createContext(db);
      const org = await makeOrg(ctx);
      // Each guest is funded in one top-up, above the default per-operation ceiling.
      await setMoneyLimits(ctx, org.actor, { maxTopUp: FUNDS });
      const guests = [];
      for (let i = 0; i < GUESTS; i++) guests.push(await makeGuest(ctx, org, { funds: FUNDS }));
      return { org, guests };
    });
    const key = seed.org.key;
    const cards = seed.guests.map((g) => g.cardId);
    const deposits = seed.guests.map((g) => g.depositId as number);

    const first = await startServer();
    const payments: Payment[] = [];
    let answered = 0;
    const kill = () => {
      if (first.child.signalCode === null) first.child.kill('SIGKILL');
    };
    const fallback = setTimeout(kill, KILL_AFTER_MS);
    // Each till pays its own guest's deposit (two tills per guest) until the connection dies.
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let n = 0; n < MAX_PER_CLIENT; n++) {
          const p: Payment = {
            id: `t${c}-${n}`,
            guest: c % GUESTS,
            amount: 100 * (1 + ((c * 131 + n * 37) % 97)),
            status: null,
            body: null,
          };
          payments.push(p);
          try {
            const r = await post(first.base, key, p, cards[p.guest] as number);
            assert.equal(r.status, 201, JSON.stringify(r.body));
            [p.status, p.body] = [r.status, r.body];
          } catch (e) {
            if (e instanceof assert.AssertionError) throw e;
            return;
          }
          if (++answered >= KILL_AFTER_ANSWERS) kill();
        }
      }),
    );
    clearTimeout(fallback);
    assert.equal((await exited(first.child)).signal, 'SIGKILL');
    const unanswered = payments.filter((p) => p.status === null);
    assert.ok(answered >= CLIENTS, `the load ran (${answered} answered)`);
    assert.ok(
      unanswered.length >= 1 && unanswered.length <= CLIENTS,
      `${unanswered.length} in flight`,
    );

    await verifyNoDrift();
    await checkLedger(seed.org.orgId, deposits, payments, false);

    // After a restart the tills retry what got no answer; the server either completes it (201)
    // or, when it had committed before dying, replays it (200). Answered ones replay unchanged.
    const second = await startServer();
    const resent = [...unanswered, ...payments.filter((p) => p.status !== null).slice(0, 16)];
    for (const p of resent) {
      const r = await post(second.base, key, p, cards[p.guest] as number);
      if (p.status === null) {
        assert.ok(
          r.status === 201 || r.status === 200,
          `${p.id}: ${r.status} ${JSON.stringify(r.body)}`,
        );
        p.status = r.status;
      } else {
        assert.equal(r.status, 200, p.id);
        assert.deepEqual(r.body, p.body, `${p.id} replays its first answer`);
      }
    }
    t.diagnostic(
      `${answered} answered before the kill; of ${unanswered.length} in flight, ${unanswered.filter((p) => p.status === 200).length} had been committed`,
    );
    second.child.kill('SIGTERM');
    assert.equal((await exited(second.child)).code, 0);

    await checkLedger(seed.org.orgId, deposits, payments, true);
  },
);
