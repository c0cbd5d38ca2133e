// Deposit payments per second through the iikoFront plugin contract (POST /api/iiko/v1/pay
// with three order lines, each a per-item entry) on PostgreSQL, 8 tills paying at once, each
// with its own terminal key and guests. Every payment also passes the payment-type check of
// seed 001. The comparable figure is the ratio to pgbench writing the same rows as the run's
// last payment, prepared (bench/lib/same-rows.ts), with the ratio to pgbench's TPC-B-like TPS
// with 8 clients beside it, both on the same server in the same run: they move with Kopilka,
// not with the machine.
//
//   node --import tsx bench/iiko-pay.ts [--pg URL] [--seconds N]
//
// The server runs as `kopilka serve` in a child process, like in production; databases are
// created for the run and dropped afterwards.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { replaceDictionary } from '../src/app/admin/dictionary.ts';
import { openDeposit } from '../src/app/admin/accounts.ts';
import { createGuest, issueCard } from '../src/app/admin/guests.ts';
import { createOrganization, createRestaurant, createTerminal } from '../src/app/admin/tenancy.ts';
import { createContext, type Actor } from '../src/app/context.ts';
import { topUp } from '../src/app/top-up.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { IIKO_REFS } from '../src/integrations/iiko/connection.ts';
import { saveDepositPaymentType } from '../src/integrations/iiko/deposit-settings.ts';
import { backendPids, cpuWindow } from './lib/cpu.ts';
import { sameRowsTps, type BenchGuest } from './lib/same-rows.ts';
import { setMoneyLimits } from '../src/app/money-limits.ts';
import { MAX_AMOUNT } from '../src/domain/money.ts';

const { values } = parseArgs({
  options: {
    pg: {
      type: 'string',
      default:
        process.env.KOPILKA_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    seconds: { type: 'string', default: '15' },
  },
});
const baseUrl = values.pg as string;
const seconds = Number(values.seconds);
const TILLS = 8;
const GUESTS_PER_TILL = 16;
const DEPOSIT_TYPE = 'bench-deposit-type';
const ITEMS = [
  {
    productId: 'p-2470',
    productCode: '2470',
    name: 'Запеченный ролл с курицей',
    price: 29_000,
    quantityMilli: 1000,
  },
  {
    productId: 'p-2460',
    productCode: '2460',
    name: 'Ролл Бонито',
    price: 41_000,
    quantityMilli: 1000,
  },
  {
    productId: 'p-2447',
    productCode: '2447',
    name: 'Маки ролл с лососем',
    price: 21_000,
    quantityMilli: 1000,
  },
];
const CHECK = ITEMS.reduce((s, i) => s + i.price, 0);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dbUrl = (name: string) => {
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return u.toString();
};
async function onServer<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: baseUrl });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** pgbench -c 8 TPS in a database of its own. */
async function pgbenchTps(): Promise<number> {
  const name = `kopilka_pgbench_${randomBytes(4).toString('hex')}`;
  await onServer((c) => c.query(`create database ${name}`));
  try {
    const init = spawnSync('pgbench', ['-i', '-s', '8', '-q', dbUrl(name)], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
    const run = spawnSync('pgbench', ['-c', '8', '-j', '2', '-T', String(seconds), dbUrl(name)], {
      encoding: 'utf8',
    });
    const m = /tps = ([\d.]+)/.exec(run.stdout);
    if (run.status !== 0 || !m) throw new Error(`pgbench failed: ${run.stderr}`);
    return Number(m[1]);
  } finally {
    await onServer((c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

interface Till {
  key: string;
  cards: string[];
}

async function seed(url: string): Promise<{ orgId: number; tills: Till[]; guests: BenchGuest[] }> {
  const opened = await openDatabase({ kind: 'postgres', url });
  try {
    await migrateToLatest(opened.db);
    const ctx = createContext(opened.db);
    const org = await createOrganization(ctx, { name: 'iiko bench', settings: {} }, 'bench');
    const actor: Actor = { orgId: org.id, type: 'system', id: null, name: 'bench' };
    // The bench funds each card once with far more than a till may top up at a time.
    await setMoneyLimits(ctx, actor, { maxTopUp: MAX_AMOUNT });
    const r = await createRestaurant(ctx, actor, {
      name: 'Зал',
      time_zone: 'Europe/Moscow',
      integration: 'iiko',
    });
    await replaceDictionary(ctx, actor, 'iiko', IIKO_REFS.paymentTypes, [
      {
        ident: DEPOSIT_TYPE,
        name: 'Депозит Kopilka',
        attributes: { fiscal: false, group: 'NON_CASH' },
      },
    ]);
    await saveDepositPaymentType(ctx, actor, {
      scheme: 'debit',
      fiscal_mode: 'service',
      payment_type_id: DEPOSIT_TYPE,
    });
    const tills: Till[] = [];
    const guests: BenchGuest[] = [];
    for (let t = 0; t < TILLS; t++) {
      const term = await createTerminal(ctx, actor, { restaurant_id: r.id, name: `КС_${t + 1}` });
      const p = {
        orgId: org.id,
        restaurantId: r.id,
        terminalId: term.terminal.id,
        terminalName: `КС_${t + 1}`,
      };
      const cards: string[] = [];
      for (let g = 0; g < GUESTS_PER_TILL; g++) {
        const guest = await createGuest(ctx, actor, {
          last_name: 'Гость',
          first_name: `${t}-${g}`,
        });
        const number = String(700000 + t * 1000 + g);
        const card = await issueCard(ctx, actor, { guest_id: guest.id, number });
        const deposit = await openDeposit(ctx, actor, {
          guest_id: guest.id,
          scheme: 'debit',
          fiscal_mode: 'service',
        });
        guests.push({ guestId: guest.id, cardId: card.id, depositId: deposit.id });
        await topUp(ctx, p, {
          topup_id: `fund-${number}`,
          card: { card_id: card.id },
          amount: 10_000_000_000,
        });
        cards.push(number);
      }
      tills.push({ key: term.key, cards });
    }
    return { orgId: org.id, tills, guests };
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

async function startServer(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['bin/kopilka.mjs', 'serve', '--host', '127.0.0.1', '--port', String(port)],
    {
      env: { ...process.env, DATABASE_URL: url, KOPILKA_DB_POOL: '16', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  for (let i = 0; i < 1800; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start within 3 min');
}

function post(agent: Agent, port: number, key: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/iiko/v1/pay',
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Each till pays one order after another until the deadline; returns payments done. */
async function load(
  port: number,
  tills: Till[],
): Promise<{ paid: number; failed: number; wall: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: TILLS });
  let paid = 0;
  let failed = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    tills.map(async (till, t) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const body = JSON.stringify({
          transactionId: randomUUID(),
          orderId: randomUUID(),
          orderNumber: n,
          sum: CHECK,
          paymentTypeId: DEPOSIT_TYPE,
          card: { number: till.cards[n % till.cards.length] },
          items: ITEMS,
          pointOfSale: { id: `pos-${t}`, name: `КС_${t + 1}` },
          cashier: { name: 'Кассир' },
        });
        if ((await post(agent, port, till.key, body)) === 200) paid++;
        else failed++;
      }
    }),
  );
  agent.destroy();
  return { paid, failed, wall: (performance.now() - start) / 1000 };
}

const name = `kopilka_iiko_bench_${randomBytes(4).toString('hex')}`;
await onServer((c) => c.query(`create database ${name}`));
let server: ChildProcess | null = null;
async function stopServer() {
  const s = server;
  server = null;
  if (!s || s.exitCode !== null) return;
  const done = new Promise((resolve) => s.once('exit', resolve));
  s.kill('SIGTERM');
  await done;
}
try {
  const { orgId, tills, guests } = await seed(dbUrl(name));
  const port = await freePort();
  server = await startServer(dbUrl(name), port);
  await load(port, tills); // warm-up: JIT, connection pool, key cache
  // CPU per payment does not move with the neighbours' load as payments/s does.
  const window = cpuWindow({
    server: [server.pid ?? 0],
    postgres: await backendPids(dbUrl(name)),
    client: [process.pid],
  });
  const r = await load(port, tills);
  const use = window.end();
  const perSecond = r.paid / r.wall;
  const check = new pg.Client({ connectionString: dbUrl(name) });
  await check.connect();
  const q = await check.query<{ n: string }>(
    "select count(*) as n from ledger_entries where type = 'payment'",
  );
  const model = await check.query<{ id: string }>(
    'select max(id)::text as id from orders where org_id = $1',
    [orgId],
  );
  await check.end();
  const entries = Number(q.rows[0]?.n);
  // The server stops before the yardsticks run on the same machine.
  await stopServer();
  const same = await sameRowsTps(
    dbUrl(name),
    orgId,
    Number(model.rows[0]?.id),
    guests,
    GUESTS_PER_TILL,
    seconds,
  );
  const tps = await pgbenchTps();
  console.log(
    `iiko pay (8 tills, 3 lines per order, per-item entries): ${perSecond.toFixed(0)} payments/s, ${r.failed} failed; ${entries} payment entries in the ledger (warm-up included)`,
  );
  console.log(`pgbench TPC-B (-s 8, -c 8 -j 2, ${seconds} s): ${tps.toFixed(0)} tps`);
  const ours = Object.values(use.groups).reduce((a, b) => a + b, 0);
  console.log(
    `CPU per payment: server ${(((use.groups.server ?? 0) * 1000) / r.paid).toFixed(2)} ms, PostgreSQL ${(((use.groups.postgres ?? 0) * 1000) / r.paid).toFixed(2)} ms; other processes ${((Math.max(0, use.machineBusy - ours) / use.machineTotal) * 100).toFixed(0)} % of the machine`,
  );
  console.log(
    `pgbench writing the same rows (${TILLS} clients): prepared ${same.prepared.toFixed(0)} tps, simple ${same.simple.toFixed(0)} tps, machine CPU ${same.preparedCpuMs.toFixed(2)} ms per prepared txn`,
  );
  console.log(`ratio to the same rows, prepared: ${(perSecond / same.prepared).toFixed(2)}`);
  console.log(`ratio to pgbench: ${(perSecond / tps).toFixed(3)}`);
  if (r.failed > 0) process.exitCode = 1;
} finally {
  await stopServer();
  await onServer((c) => c.query(`drop database if exists ${name} with (force)`));
}
