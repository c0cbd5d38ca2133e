// r_keeper FarCards throughput: closed checks per second through transactionsex (seed 000's
// lines, paid from the card's deposit, 5 % accrued to the bonus wallet by the guest's rank) by
// 8 simulated tills at once against `kopilka serve` on PostgreSQL, each till with its own 16
// guests so no two posts in flight wait on one account; then the p99 of getcardinfoex. After
// the run the ledger is verified and every check must have moved exactly its debit and accrual.
// The comparable figure is the ratio to pgbench's TPC-B-like TPS
// with 8 clients on the same server in the same run (target ≥ 0.4; getcardinfoex p99 ≤ 10 ms).
// Beside it, pgbench writing exactly one check's rows (bench/lib/same-rows.ts): what PostgreSQL
// alone does with this data, and the share of that Kopilka keeps. From that yardstick's CPU per
// check, the floor server's (bench/lib/floor-server.ts) and the tills', a ceiling: the ratio a
// server costing no more than the stack's floor would reach on this machine.
//
// The client is as cheap as bench/pos-throughput.ts's: a keep-alive node:http socket per till,
// one request in flight, every latency kept exactly. Each till's Sale body is built once per
// card by FakeTill and only its check number and order GUID are substituted per check, so every
// check is unique and byte for byte what FakeTill would send (the first of each till is compared).
//
//   node --import tsx bench/farcards.ts [--pg URL] [--seconds N] [--warmup CHECKS_PER_TILL]
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDeposit } from '../src/app/admin/accounts.ts';
import { createGuest, issueCard } from '../src/app/admin/guests.ts';
import { createOrganization, createRestaurant } from '../src/app/admin/tenancy.ts';
import { createContext, type Actor } from '../src/app/context.ts';
import { saveRank } from '../src/app/loyalty/admin.ts';
import { issueFarCardsKey } from '../src/integrations/rkeeper/farcards/endpoints.ts';
import { topUp } from '../src/app/top-up.ts';
import { verifyLedger } from '../src/app/verify.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { FakeTill } from '../src/integrations/rkeeper/simulator/till.ts';
import { SEED_000_STATION, seed000Order } from '../src/integrations/rkeeper/simulator/dictionaries.ts';
import { backendPids, cpuWindow, processTree } from './lib/cpu.ts';
import { sameRowsTps, type BenchGuest } from './lib/same-rows.ts';
import { setMoneyLimits } from '../src/app/money-limits.ts';
import { MAX_AMOUNT } from '../src/domain/money.ts';

const TILLS = 8;
const GUESTS_PER_TILL = 16;
/** Seed 000's check, and what a 5 % rank accrues on it. */
const CHECK_TOTAL = 235_000;
const ACCRUAL = 11_750;
const { values: args } = parseArgs({
  options: {
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    seconds: { type: 'string', default: '15' },
    // Writes the server's V8 CPU profile into this folder, to see where a check's time goes.
    'cpu-prof': { type: 'string' },
    // Server processes (kopilka serve --workers).
    workers: { type: 'string', default: '1' },
    // Checks per till before the measured window (see WARM-UP below).
    warmup: { type: 'string', default: '1000' },
  },
});
const seconds = Number(args.seconds);
// WARM-UP. V8 tiers a server's code up over its first thousands of checks: measured after 10
// checks per till, the server spent a third of its CPU compiling on V8's background threads and
// cost 6.3–7.4 ms per check; after 1,000 per till, 3.0–3.7 ms (docs/benchmarks.md, FC-22…FC-28).
// A server at the till runs for days, so the figure is taken warm, and so is the floor's.
const warmup = Number(args.warmup);
const adminUrl = args.pg as string;

function dbUrl(name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const p = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function pgbenchTps(): Promise<number> {
  const name = `kopilka_pgbench_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  try {
    const init = spawnSync('pgbench', ['-i', '-s', '8', '-q', dbUrl(name)], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
    const run = spawnSync('pgbench', ['-c', '8', '-j', '2', '-T', String(seconds), dbUrl(name)], { encoding: 'utf8' });
    const m = /tps = ([\d.]+)/.exec(run.stdout);
    if (run.status !== 0 || !m) throw new Error(`pgbench failed: ${run.stderr}`);
    return Number(m[1]);
  } finally {
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

/** No drift, and the ledger moved exactly one check's debit and accrual per order. */
async function checkLedger(url: string): Promise<number> {
  const opened = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  try {
    const report = await opened.db.transaction().execute((tx) => verifyLedger(tx));
    if (report.drift.length > 0) throw new Error(`ledger drift: ${JSON.stringify(report.drift)}`);
    const row = await opened.db
      .selectFrom('ledger_entries')
      .select((eb) => [
        eb.fn.sum<number>(eb.case().when('type', '=', 'payment').then(eb.ref('amount')).else(0).end()).as('paid'),
        eb.fn.sum<number>(eb.case().when('type', '=', 'bonus_accrual').then(eb.ref('amount')).else(0).end()).as('accrued'),
      ])
      .executeTakeFirstOrThrow();
    const { orders } = await opened.db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('orders')).executeTakeFirstOrThrow();
    if (Number(row.paid) !== -CHECK_TOTAL * Number(orders) || Number(row.accrued) !== ACCRUAL * Number(orders)) {
      throw new Error(`${orders} orders, but ${row.paid} paid and ${row.accrued} accrued`);
    }
    return Number(orders);
  } finally {
    await opened.close();
  }
}

async function main() {
  const name = `kopilka_bench_fc_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = dbUrl(name);
  const opened = await openDatabase({ kind: 'postgres', url, poolSize: 4 });
  let server: ReturnType<typeof spawn> | null = null;
  let floor: ReturnType<typeof spawn> | null = null;
  try {
    await migrateToLatest(opened.db);
    const ctx = createContext(opened.db);
    const org = await createOrganization(ctx, { name: 'Bench FarCards' }, 'bench');
    const actor: Actor = { orgId: org.id, type: 'system', id: null, name: 'bench' };
    // The bench funds each card once with far more than a till may top up at a time.
    await setMoneyLimits(ctx, actor, { maxTopUp: MAX_AMOUNT });
    const r = await createRestaurant(ctx, actor, { name: 'Тестовая', time_zone: 'Europe/Moscow', integration: 'rkeeper7' });
    // Every guest has the rank, so every check accrues (seed 003: ranks with an accrual percent).
    await saveRank(ctx, actor, null, { name: 'Гость', threshold: 0, accrualBp: 500, discountBp: 0 });
    const { key } = await issueFarCardsKey(ctx, r.id);
    const tp = (await ctx.db.selectFrom('rkeeper_endpoints').select('terminal_id').executeTakeFirstOrThrow()).terminal_id;
    const principal = { orgId: org.id, restaurantId: r.id, terminalId: tp, terminalName: 'bench' };
    const cards: string[][] = [];
    const guests: BenchGuest[] = [];
    for (let t = 0; t < TILLS; t++) {
      cards.push([]);
      for (let g = 0; g < GUESTS_PER_TILL; g++) {
        const guest = await createGuest(ctx, actor, { last_name: 'Гость', first_name: `${t}-${g}` });
        const number = String(700000 + t * 100 + g);
        const card = await issueCard(ctx, actor, { guest_id: guest.id, number, uid: String(61000000 + t * 100 + g) });
        const deposit = await openDeposit(ctx, actor, { guest_id: guest.id, scheme: 'debit', fiscal_mode: 'service' });
        const wallet = await ctx.db.selectFrom('accounts').select('id').where('org_id', '=', org.id)
          .where('guest_id', '=', guest.id).where('kind', '=', 'bonus').executeTakeFirstOrThrow();
        guests.push({ guestId: guest.id, cardId: card.id, depositId: deposit.id, bonusId: wallet.id });
        await topUp(ctx, principal, { topup_id: `fund-${number}`, card: { card_id: card.id }, amount: 10_000_000_000 });
        cards[t]!.push(number);
      }
    }
    const port = await freePort();
    const profile = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', args['cpu-prof']] : [];
    const workers = ['--workers', args.workers as string];
    server = spawn(process.execPath, [...profile, 'bin/kopilka.mjs', 'serve', '--port', String(port), ...workers], {
      env: { ...process.env, DATABASE_URL: url, KOPILKA_DB_POOL: '16' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; i < 100; i++) {
      if (await fetch(`http://127.0.0.1:${port}/health`).then((x) => x.ok, () => false)) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    const base = `http://127.0.0.1:${port}/rk/${key}`;
    const agents = Array.from({ length: TILLS }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
    const postTo = (to: number, t: number, method: string, body: string) =>
      new Promise<[number, string]>((resolve, reject) => {
        const t0 = performance.now();
        const req = request(
          {
            host: '127.0.0.1', port: to, path: `/rk/${key}/${method}`, method: 'POST', agent: agents[t], timeout: 10_000,
            headers: { 'content-type': 'text/xml; charset=utf-8', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve([performance.now() - t0, text]));
          },
        );
        req.on('timeout', () => req.destroy(new Error('request timed out')));
        req.on('error', reject);
        req.end(body);
      });
    const post = (t: number, method: string, body: string) => postTo(port, t, method, body);

    // Warm-up, then the measured closed loop.
    // Closed "now" in Moscow: an on-time post, not a soft-offline one.
    const moscow = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 19);
    const order = { ...seed000Order(), openedAt: moscow, closedAt: moscow };
    const till = (t: number) => new FakeTill({ baseUrl: base, restaurant: 9999, station: { ...SEED_000_STATION, stationCode: t + 1 } });
    const guid = (n: number) => `{B0000000-0000-4000-8000-${String(n).padStart(12, '0')}}`;
    const fullSale = (t: number, card: string, n: number) => {
      // The deposit payment must name the guest's card: the till posts Kind 0 only for it.
      const payments = order.payments.map((x) => ({ ...x, cardCode: card }));
      return till(t).transactionsBody(card, { ...order, payments, checkNum: n, orderGuid: guid(n) }, 'Sale', 0);
    };
    // A placeholder check number that nothing else in the body contains (checked): it is in
    // RKCheck of both records, in checknum and inside the order GUID. Replaced per check.
    const CHECK_MARK = '987654321';
    const GUID_MARK = guid(Number(CHECK_MARK));
    const templates = cards.map((row, t) => row.map((card) => {
      const body = fullSale(t, card, Number(CHECK_MARK));
      if (body.split(CHECK_MARK).length !== 5 || body.split(GUID_MARK).length !== 2) throw new Error('unexpected Sale body');
      return body;
    }));
    let checkNum = 1;
    const sale = (t: number, i: number) => {
      const n = checkNum++;
      return (templates[t]![i % GUESTS_PER_TILL] as string).replace(GUID_MARK, guid(n)).replaceAll(CHECK_MARK, String(n));
    };
    for (let t = 0; t < TILLS; t++) {
      if (sale(t, 0) !== fullSale(t, cards[t]![0]!, checkNum - 1)) throw new Error("a substituted body differs from FakeTill's");
    }
    // Concurrent, so that the server's pool holds its connections before the CPU window opens.
    await Promise.all(Array.from({ length: TILLS }, async (_, t) => {
      for (let i = 0; i < warmup; i++) await post(t, 'transactionsex', sale(t, i));
    }));
    const latencies: number[] = [];
    let failed = 0;
    // CPU per check does not move with the neighbours' load as the wall-clock figures do.
    // The bench's own idle connections are left out: one closing in the window would count negative.
    await opened.close();
    const window = cpuWindow({ server: processTree(server.pid ?? 0), postgres: await backendPids(url), client: [process.pid] });
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(Array.from({ length: TILLS }, async (_, t) => {
      for (let i = 0; performance.now() < until; i++) {
        const [ms, text] = await post(t, 'transactionsex', sale(t, i));
        if (text.includes('Result="0"')) latencies.push(ms);
        else if (++failed === 1) console.error(`refused: ${text}`);
      }
    }));
    const use = window.end();
    const elapsed = (performance.now() - started) / 1000;
    const checksPerSecond = latencies.length / elapsed;
    latencies.sort((a, b) => a - b);

    const info: number[] = [];
    const infoBody = (i: number) => till(0).cardInfoBody(cards[i % TILLS]![i % GUESTS_PER_TILL]!);
    for (let i = 0; i < 200; i++) await post(0, 'getcardinfoex', infoBody(i));
    for (let i = 0; i < 3000; i++) {
      const [ms, text] = await post(0, 'getcardinfoex', infoBody(i));
      if (!text.includes('Result="0"')) throw new Error(`getcardinfoex failed: ${text}`);
      info.push(ms);
    }
    info.sort((a, b) => a - b);
    server.kill('SIGTERM');
    server = null;

    // The floor: the same Sales, tills and V8 mode against bench/lib/floor-server.ts.
    const floorPort = await freePort();
    const v8 = (process.env.KOPILKA_OPTIMIZE_FOR ?? 'memory') === 'memory' ? ['--optimize-for-size'] : [];
    floor = spawn(process.execPath, [...v8, '--import', 'tsx', 'bench/lib/floor-server.ts'], {
      env: { ...process.env, DATABASE_URL: url, PORT: String(floorPort) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((res) => floor?.stdout?.once('data', res));
    const floorLoop = async (ms: number, most = Infinity) => {
      let n = 0;
      const end = performance.now() + ms;
      await Promise.all(Array.from({ length: TILLS }, async (_, t) => {
        for (let i = 0; i < most && performance.now() < end; i++, n++) await postTo(floorPort, t, 'transactionsex', sale(t, i));
      }));
      return n;
    };
    await floorLoop(Infinity, warmup);
    const floorWindow = cpuWindow({ floor: processTree(floor.pid ?? 0) });
    const floorChecks = await floorLoop(seconds * 1000);
    const floorCpu = floorWindow.end().groups.floor ?? 0;
    floor.kill('SIGTERM');
    floor = null;
    for (const a of agents) a.destroy();

    const checked = await checkLedger(url);
    if (checked !== warmup * TILLS + latencies.length) {
      throw new Error(`${checked} orders recorded for ${warmup * TILLS + latencies.length} accepted checks`);
    }

    const tps = await pgbenchTps();
    // The last check of the run is the model of the second yardstick (bench/lib/same-rows.ts).
    const last = new pg.Client({ connectionString: url });
    await last.connect();
    const model = Number((await last.query<{ id: string }>('select max(id) as id from orders')).rows[0]?.id);
    await last.end();
    const sameRows = await sameRowsTps(url, org.id, model, guests, GUESTS_PER_TILL, seconds);
    // What any server on this stack could reach here: CPU per check no more than the floor's,
    // the rows written at the yardstick's prepared cost, the tills' own, every core busy.
    const serverMs = ((use.groups.server ?? 0) * 1000) / latencies.length;
    const floorMs = (floorCpu * 1000) / floorChecks;
    const clientMs = ((use.groups.client ?? 0) * 1000) / latencies.length;
    const ceiling = (availableParallelism() * 1000) / (sameRows.preparedCpuMs + floorMs + clientMs);
    const result = {
      tills: TILLS,
      warmup_checks_per_till: warmup,
      seconds,
      closed_checks: latencies.length,
      refused: failed,
      checks_per_second: Math.round(checksPerSecond),
      transactionsex_p50_ms: +p(latencies, 0.5).toFixed(2),
      transactionsex_p99_ms: +p(latencies, 0.99).toFixed(2),
      pgbench_tps_8_clients: Math.round(tps),
      ratio_to_pgbench: +(checksPerSecond / tps).toFixed(2),
      same_rows_tps_simple: Math.round(sameRows.simple),
      same_rows_tps_prepared: Math.round(sameRows.prepared),
      ratio_to_same_rows_prepared: +(checksPerSecond / sameRows.prepared).toFixed(2),
      server_cpu_ms_per_check: +serverMs.toFixed(2),
      postgres_cpu_ms_per_check: +(((use.groups.postgres ?? 0) * 1000) / latencies.length).toFixed(2),
      client_cpu_ms_per_check: +clientMs.toFixed(2),
      floor_server_cpu_ms_per_check: +floorMs.toFixed(2),
      same_rows_cpu_ms_per_check: +sameRows.preparedCpuMs.toFixed(2),
      ceiling_checks_per_second: Math.round(ceiling),
      ceiling_ratio_to_pgbench: +(ceiling / tps).toFixed(2),
      server_cpu_over_floor: +(serverMs / floorMs).toFixed(1),
      others_share_of_machine: +(Math.max(0, use.machineBusy - Object.values(use.groups).reduce((a, b) => a + b, 0)) / use.machineTotal).toFixed(2),
      getcardinfoex_p50_ms: +p(info, 0.5).toFixed(2),
      getcardinfoex_p99_ms: +p(info, 0.99).toFixed(2),
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(`FarCards: ${result.checks_per_second} checks/s (${result.ratio_to_pgbench} × pgbench TPC-B ${result.pgbench_tps_8_clients} TPS, target ≥ 0.4; ${result.ratio_to_same_rows_prepared} × pgbench writing the same rows, prepared, ${result.same_rows_tps_prepared} TPS; a server at the floor would reach ≈ ${result.ceiling_ratio_to_pgbench}); getcardinfoex p99 ${result.getcardinfoex_p99_ms} ms (target ≤ 10)`);
  } finally {
    server?.kill('SIGTERM');
    floor?.kill('SIGTERM');
    await opened.close().catch(() => undefined);
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

await main();
