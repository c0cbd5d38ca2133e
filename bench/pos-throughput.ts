// POS throughput: seed 000's check (six rolls, 2350.00, paid from the card's deposit) closed
// through the real HTTP server, by 8 terminals at once, each with its own key and its own 16
// guests so that no two requests in flight wait on the same account row.
//
// On PostgreSQL the comparable figure is the ratio to pgbench's built-in TPC-B-like TPS with
// 8 clients on the same server in the same run: both are closed loops of 8 clients doing
// small write transactions, so the ratio moves with Kopilka's code, not with the hardware.
// Targets: ratio ≥ 0.5 and p99 ≤ 20 ms. On embedded PGlite: ≥ 300 closed orders/s.
//
//   node --import tsx bench/pos-throughput.ts [--pg URL] [--pglite] [--seconds N] [--warmup N]
//     [--metrics on|off|both] [--events on|off|both] [--workers 1,2]
//
// --metrics both runs the server without metrics (KOPILKA_METRICS=off), then with them, in one
// run: what metrics cost a close. --workers 1,2 runs the PostgreSQL server once per number of
// worker processes: how the single-node ceiling moves with --workers. --events both runs the
// PostgreSQL server with KOPILKA_EVENTS=off, then on (the outbox rows a close writes, and the
// in-server worker dispatching them): what events cost a close; target within 5 %.
//
// With neither --pg nor --pglite both run, PostgreSQL at postgres://postgres@127.0.0.1:5432/postgres.
// The server is `kopilka serve` as a child process (what runs in production, with its own
// event loop and heap, so its RSS is its own); the load comes from a keep-alive node:http
// client here, one socket per terminal. autocannon would need per-request hooks for unique
// order ids and per-connection keys, and a plain client gives every request's exact latency.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { backendPids, cpuWindow, processTree, type CpuUse } from './lib/cpu.ts';
import { sameRowsTps, type BenchGuest } from './lib/same-rows.ts';
import { admin, dbUrl, pgbench } from './lib/tpcb.ts';
import { openDeposit } from '../src/app/admin/accounts.ts';
import { createGuest, issueCard } from '../src/app/admin/guests.ts';
import { createOrganization, createRestaurant, createTerminal } from '../src/app/admin/tenancy.ts';
import { createContext, type Actor } from '../src/app/context.ts';
import { SEED_000_MENU } from '../src/cli/demo-seed.ts';
import { topUp } from '../src/app/top-up.ts';
import { verifyLedger } from '../src/app/verify.ts';
import { openDatabase, type DatabaseTarget } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { setMoneyLimits } from '../src/app/money-limits.ts';
import { MAX_AMOUNT } from '../src/domain/money.ts';

const TERMINALS = 8;
const GUESTS_PER_TERMINAL = 16;
const CHECK_TOTAL = 235_000;
const FUNDS = 10_000_000_000; // enough for far more checks than a run closes
// V8 tiers the server's code up over its first thousands of requests: the FarCards benchmark,
// warmed up briefly, found a third of the server's CPU going to compiling (docs/benchmarks.md,
// FC-22). A server at the till runs for days, so it is measured warm.
const DEFAULT_WARMUP_SECONDS = 30;
const EXPECTED_ENTRIES = [-29000, -36000, -43000, -41000, -65000, -21000];

const { values: opts } = parseArgs({
  options: {
    pg: { type: 'string' },
    pglite: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: String(DEFAULT_WARMUP_SECONDS) },
    metrics: { type: 'string', default: 'on' },
    events: { type: 'string', default: 'on' },
    workers: { type: 'string', default: '1' },
  },
});
const WARMUP_SECONDS = Number(opts.warmup);
if (!Number.isInteger(WARMUP_SECONDS) || WARMUP_SECONDS < 0 || WARMUP_SECONDS > 300)
  throw new Error('--warmup must be a whole number from 0 to 300');
const METRICS = { on: ['on'], off: ['off'], both: ['off', 'on'] }[opts.metrics as string];
if (!METRICS) throw new Error('--metrics is on, off or both');
const EVENTS = { on: ['on'], off: ['off'], both: ['off', 'on'] }[opts.events as string];
if (!EVENTS) throw new Error('--events is on, off or both');
const WORKERS = (opts.workers as string).split(',').map(Number);
if (WORKERS.some((w) => !Number.isInteger(w) || w < 1 || w > 16))
  throw new Error('--workers is a comma-separated list of whole numbers from 1 to 16');
const seconds = Number(opts.seconds);
if (!Number.isInteger(seconds) || seconds < 3 || seconds > 300)
  throw new Error('--seconds must be a whole number from 3 to 300');
const both = opts.pg === undefined && !opts.pglite;
const pgUrl = opts.pg ?? (both ? 'postgres://postgres@127.0.0.1:5432/postgres' : null);

const LINES = SEED_000_MENU.map((m, i) => ({
  line_no: i + 1,
  item_code: m.code,
  item_name: m.name,
  price: m.price,
  quantity_milli: 1000,
}));

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function machine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = (n: number) => (n / 2 ** 30).toFixed(1);
  return `${cpus().length} × ${model}, ${gib(totalmem())} GiB RAM (${gib(freemem())} free), Node ${process.version}`;
}

interface Till {
  key: string;
  cards: (BenchGuest & { number: string })[];
}

/** One organization and restaurant, 8 terminals, 16 funded guests per terminal. */
async function seed(target: DatabaseTarget): Promise<{ orgId: number; tills: Till[] }> {
  const opened = await openDatabase(target);
  try {
    await migrateToLatest(opened.db);
    const ctx = createContext(opened.db);
    const org = await createOrganization(ctx, { name: 'Bench' }, 'bench');
    const actor: Actor = { orgId: org.id, type: 'system', id: null, name: 'bench' };
    // The bench funds each card once with far more than a till may top up at a time.
    await setMoneyLimits(ctx, actor, { maxTopUp: MAX_AMOUNT });
    const r = await createRestaurant(ctx, actor, {
      name: 'Bench',
      time_zone: 'Europe/Moscow',
      integration: 'rkeeper7',
    });
    const tills: Till[] = [];
    for (let t = 0; t < TERMINALS; t++) {
      const { terminal, key } = await createTerminal(ctx, actor, {
        restaurant_id: r.id,
        name: `Касса ${t + 1}`,
      });
      const principal = {
        orgId: org.id,
        restaurantId: r.id,
        terminalId: terminal.id,
        terminalName: terminal.name,
      };
      const cards: Till['cards'] = [];
      for (let g = 0; g < GUESTS_PER_TERMINAL; g++) {
        const number = String(200_000 + t * 1000 + g);
        const guest = await createGuest(ctx, actor, { last_name: 'Гость', first_name: number });
        const card = await issueCard(ctx, actor, { guest_id: guest.id, number });
        const deposit = await openDeposit(ctx, actor, {
          guest_id: guest.id,
          scheme: 'debit',
          fiscal_mode: 'service',
        });
        await topUp(ctx, principal, {
          topup_id: `fund-${number}`,
          card: { card_id: card.id },
          amount: FUNDS,
        });
        cards.push({ number, guestId: guest.id, cardId: card.id, depositId: deposit.id });
      }
      tills.push({ key, cards });
    }
    return { orgId: org.id, tills };
  } finally {
    await opened.close();
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['bin/kopilka.mjs', 'serve', '--host', '127.0.0.1', '--port', String(port)],
    { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.add(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Kopilka is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await done;
  clearTimeout(timer);
}

function peakRssMiB(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

function post(agent: Agent, port: number, key: string, body: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/pos/v1/orders/close',
        method: 'POST',
        agent,
        timeout: 10_000,
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  /** Checks closed per terminal and guest, warm-up included. */
  closed: number[][];
}

/**
 * 8 closed loops, one per terminal, for warm-up + `seconds`. Only requests sent and answered
 * inside the measured window count; `onMeasure` runs when the window opens.
 */
async function load(port: number, tills: Till[], onMeasure: () => void): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + WARMUP_SECONDS * 1000;
  const end = measureFrom + seconds * 1000;
  const opened = setTimeout(onMeasure, WARMUP_SECONDS * 1000);
  const latencies: number[] = [];
  const closed = tills.map((t) => t.cards.map(() => 0));
  let firstBody: string | null = null;
  try {
    await Promise.all(
      tills.map(async (till, t) => {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        try {
          for (let n = 0; performance.now() < end; n++) {
            const g = n % till.cards.length;
            const body = JSON.stringify({
              order_id: `t${t}-${n}`,
              check_number: `${t}${n}`,
              card: { number: till.cards[g]?.number },
              lines: LINES,
              payments: [{ kind: 'deposit', amount: CHECK_TOTAL }],
            });
            const sent = performance.now();
            const r = await post(agent, port, till.key, body);
            const took = performance.now() - sent;
            if (r.status !== 201) throw new Error(`order t${t}-${n}: ${r.status} ${r.text}`);
            firstBody ??= r.text;
            const counts = closed[t] as number[];
            counts[g] = (counts[g] ?? 0) + 1;
            if (sent >= measureFrom && sent + took <= end) latencies.push(took);
          }
        } finally {
          agent.destroy();
        }
      }),
    );
  } finally {
    clearTimeout(opened);
  }
  const first = JSON.parse(firstBody ?? '{}') as {
    total?: number;
    payments?: { entries: { amount: number }[] }[];
  };
  const entries = first.payments?.[0]?.entries.map((e) => e.amount);
  if (first.total !== CHECK_TOTAL || JSON.stringify(entries) !== JSON.stringify(EXPECTED_ENTRIES))
    throw new Error(`the check did not post as seed 000 says: ${firstBody}`);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99), closed };
}

/** After the run: no drift, and every deposit fell by exactly the checks closed on it. */
async function check(target: DatabaseTarget, tills: Till[], closed: number[][]): Promise<number> {
  const opened = await openDatabase(target);
  try {
    const report = await opened.db.transaction().execute((tx) => verifyLedger(tx));
    if (report.drift.length > 0) throw new Error(`ledger drift: ${JSON.stringify(report.drift)}`);
    const ids = tills.flatMap((t) => t.cards.map((c) => c.depositId));
    const rows = await opened.db
      .selectFrom('accounts')
      .select(['id', 'balance'])
      .where('id', 'in', ids)
      .execute();
    const balance = new Map(rows.map((r) => [r.id, r.balance]));
    tills.forEach((t, i) =>
      t.cards.forEach((c, g) => {
        const expected = FUNDS - CHECK_TOTAL * ((closed[i] as number[])[g] as number);
        if (balance.get(c.depositId) !== expected)
          throw new Error(`deposit ${c.depositId}: ${balance.get(c.depositId)} ≠ ${expected}`);
      }),
    );
    return closed.flat().reduce((s, x) => s + x, 0);
  } finally {
    await opened.close();
  }
}

interface Run extends LoadResult {
  orgId: number;
  guests: BenchGuest[];
  rssMiB: number;
  orders: number;
  /** CPU per measured order: the server process, and its PostgreSQL backends (0 on PGlite). */
  serverCpuMs: number;
  pgCpuMs: number;
  othersShare: number;
}

async function runKopilka(target: DatabaseTarget, env: NodeJS.ProcessEnv): Promise<Run> {
  const { orgId, tills } = await seed(target);
  const port = await freePort();
  const server = await startServer(env, port);
  let result: LoadResult;
  let use: CpuUse | undefined;
  let rssMiB: number;
  try {
    let window: Promise<{ end(): CpuUse }> | undefined;
    result = await load(port, tills, () => {
      window = (target.kind === 'postgres' ? backendPids(target.url) : Promise.resolve([])).then(
        (postgres) =>
          cpuWindow({ server: processTree(server.pid ?? 0), postgres, client: [process.pid] }),
      );
    });
    use = (await window)?.end();
    rssMiB = processTree(server.pid as number).reduce((sum, pid) => sum + peakRssMiB(pid), 0);
  } finally {
    await stopServer(server);
  }
  const orders = await check(target, tills, result.closed);
  const measured = result.perSecond * seconds;
  const g = use?.groups ?? {};
  const ours = (g.server ?? 0) + (g.postgres ?? 0) + (g.client ?? 0);
  return {
    ...result,
    orgId,
    guests: tills.flatMap((t) => t.cards),
    rssMiB,
    orders,
    serverCpuMs: ((g.server ?? 0) * 1000) / measured,
    pgCpuMs: ((g.postgres ?? 0) * 1000) / measured,
    othersShare: use ? Math.max(0, use.machineBusy - ours) / use.machineTotal : NaN,
  };
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');

console.log(`machine: ${machine()}`);
console.log(
  `run: ${TERMINALS} terminals × ${GUESTS_PER_TERMINAL} guests, ${WARMUP_SECONDS} s warm-up + ${seconds} s measured per backend`,
);
const summary: string[] = [];

if (pgUrl) {
  const yard = await pgbench(pgUrl, seconds);
  console.log(
    `pgbench on PostgreSQL ${yard.version} (-i -s 8; -c 8 -j 2 -T ${seconds}): ${yard.tps.toFixed(0)} tps,` +
      ` PostgreSQL CPU ${yard.pgCpuMs.toFixed(2)} ms/txn, other processes ${pct(yard.othersShare)} of the machine`,
  );
  for (const workers of WORKERS) {
    const perSecondByEvents = new Map<string, number>();
    for (const metrics of METRICS)
      for (const events of EVENTS) {
        const name = `kopilka_bench_${randomBytes(4).toString('hex')}`;
        await admin(pgUrl, (c) => c.query(`create database ${name}`));
        try {
          const url = dbUrl(pgUrl, name);
          const r = await runKopilka(
            { kind: 'postgres', url },
            {
              DATABASE_URL: url,
              KOPILKA_METRICS: metrics,
              KOPILKA_EVENTS: events,
              KOPILKA_WORKERS: String(workers),
            },
          );
          const ratio = r.perSecond / yard.tps;
          perSecondByEvents.set(events, r.perSecond);
          // The run's last close is the model of the same-rows yardstick (bench/lib/same-rows.ts).
          const model = await admin(url, (c) =>
            c.query<{ id: string }>('select max(id)::text as id from orders where org_id = $1', [
              r.orgId,
            ]),
          );
          const same = await sameRowsTps(
            url,
            r.orgId,
            Number(model.rows[0]?.id),
            r.guests,
            GUESTS_PER_TERMINAL,
            seconds,
          );
          summary.push(
            `PostgreSQL  workers ${workers}, metrics ${metrics}, events ${events} · ratio ${(r.perSecond / same.prepared).toFixed(2)} to the same rows prepared` +
              ` (${r.perSecond.toFixed(0)} closed orders/s ÷ ${same.prepared.toFixed(0)} tps; simple protocol ${same.simple.toFixed(0)} tps, machine CPU ${ms(same.preparedCpuMs)}/txn)` +
              ` · ratio ${ratio.toFixed(2)} to pgbench TPC-B (${yard.tps.toFixed(0)} tps)` +
              ` · p50 ${ms(r.p50)} · p99 ${ms(r.p99)} · server peak RSS ${r.rssMiB.toFixed(0)} MiB` +
              ` · CPU/order: server ${ms(r.serverCpuMs)}, PostgreSQL ${ms(r.pgCpuMs)} (pgbench ${ms(yard.pgCpuMs)}/txn)` +
              ` · others ${pct(r.othersShare)} of the machine · ${r.orders} orders, no drift` +
              ` · targets: ≥ 0.4 of the same rows ${mark(r.perSecond / same.prepared >= 0.4)}, p99 ≤ 10 ms ${mark(r.p99 <= 10)}`,
          );
        } finally {
          await admin(pgUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
        }
      }
    const off = perSecondByEvents.get('off');
    const on = perSecondByEvents.get('on');
    if (off && on) {
      const cost = 1 - on / off;
      summary.push(
        `PostgreSQL  workers ${workers}: closes with events on ${(on / off).toFixed(3)} × events off (${pct(cost)} slower) · target within 5 % ${mark(cost <= 0.05)}`,
      );
    }
  }
}

if (both || opts.pglite) {
  for (const metrics of METRICS) {
    const dir = mkdtempSync(join(tmpdir(), 'kopilka-bench-'));
    try {
      const r = await runKopilka(
        { kind: 'pglite', dataDir: join(dir, 'pglite') },
        { KOPILKA_DATA_DIR: dir, DATABASE_URL: '', KOPILKA_METRICS: metrics, KOPILKA_WORKERS: '1' },
      );
      summary.push(
        `PGlite      metrics ${metrics} · ${r.perSecond.toFixed(0)} closed orders/s · p50 ${ms(r.p50)} · p99 ${ms(r.p99)}` +
          ` · server peak RSS ${r.rssMiB.toFixed(0)} MiB · CPU/order: server ${ms(r.serverCpuMs)}` +
          ` · others ${pct(r.othersShare)} of the machine · ${r.orders} orders, no drift` +
          ` · target: ≥ 400/s ${mark(r.perSecond >= 400)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

console.log(summary.join('\n'));
