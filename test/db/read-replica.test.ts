// Reports on a read replica (DATABASE_REPLICA_URL): a real second PostgreSQL 15 cluster made by
// pg_basebackup from the test server as a physical streaming replica, on a port of its own.
// With its replay paused, a till's close succeeds and neither the report nor the dashboard sees
// it yet (they read the replica, and say in their answer how far behind it is; an export says it
// in a header); replay resumed, they do; with the replica stopped, the tills go on (they never
// use it). The replica part is PostgreSQL only; skipped, with the reason, only when no replica
// can be made here (e.g. no replication entry in pg_hba.conf — .ci/run adds one). Without a
// replica (both databases) the answers' lag is null and an export has no lag header.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openReplica, type ReportDatabase } from '../../src/db/replica.ts';
import { REPLICA_LAG_HEADER } from '../../src/http/admin/reports.ts';
import { signInEveryRole } from '../support/admin.ts';
import { onPostgres, testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  SEED_LINES,
  testServer,
  type GuestFixture,
  type OrgFixture,
} from '../support/fixtures.ts';
import { scrape } from '../support/metrics.ts';

const BIN = '/usr/lib/postgresql/15/bin';
let dir = '';
let port = 0;
let skip: string | false = onPostgres ? false : 'needs PostgreSQL (KOPILKA_TEST_DB=postgres)';
let t: TestDatabase;
let replica: ReportDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;
let guest: GuestFixture;
let analyst = '';
/** The same database, no replica: reports read the primary. */
let primaryOnly: Awaited<ReturnType<typeof testServer>>;
let primaryAnalyst = '';

/** Runs a PostgreSQL program as the postgres user (it refuses root), from the given bin dir. */
function asPostgres(program: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(BIN, program), ...args]]
    : [join(BIN, program), args];
  return execFileSync(cmd, argv, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const p = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return p;
}

/** A streaming replica of the test server, started; or the reason it cannot be made here. */
async function startReplica(primary: URL): Promise<string | null> {
  dir = mkdtempSync(join(tmpdir(), 'kopilka-replica-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  port = await freePort();
  try {
    asPostgres('pg_basebackup', [
      '-h',
      primary.hostname,
      '-p',
      primary.port || '5432',
      '-U',
      primary.username || 'postgres',
      '-D',
      `${dir}/data`,
      '-X',
      'stream',
      '-R',
    ]);
    // Debian keeps the configuration outside the data directory: the copy gets its own.
    for (const [file, text] of [
      ['postgresql.conf', 'hot_standby = on\n'],
      ['pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 trust\n'],
      ['pg_ident.conf', ''],
    ] as const) {
      if (!existsSync(`${dir}/data/${file}`)) writeFileSync(`${dir}/data/${file}`, text);
    }
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres', `${dir}/data`]);
    asPostgres('pg_ctl', [
      '-D',
      `${dir}/data`,
      '-l',
      `${dir}/log`,
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c hot_standby=on`,
      'start',
    ]);
    return null;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    const log = existsSync(`${dir}/log`) ? readFileSync(`${dir}/log`, 'utf8') : '';
    return `no replica could be made here: ${`${err.stderr ?? ''}\n${log}`.trim().split('\n').at(-1) || err.message}`;
  }
}

before(async () => {
  t = await testDatabase();
  primaryOnly = await testServer(t.db);
  const primaryOrg = await makeOrg(primaryOnly.ctx);
  primaryAnalyst = (await signInEveryRole(primaryOnly.ctx, primaryOnly.app, primaryOrg, 'primary'))
    .analyst.token;
  if (skip) return;
  const primary = new URL(t.url as string);
  const reason = await startReplica(primary);
  if (reason) {
    skip = reason;
    return;
  }
  const url = new URL(primary);
  url.port = String(port);
  replica = await openReplica(url.toString(), 4);
  server = await testServer(t.db, undefined, { replica, metrics: { replica } });
  org = await makeOrg(server.ctx);
  guest = await makeGuest(server.ctx, org, { funds: 500_000 });
  analyst = (await signInEveryRole(server.ctx, server.app, org, 'replica')).analyst.token;
});

after(async () => {
  if (server) await server.app.close();
  if (primaryOnly) await primaryOnly.app.close();
  await replica?.close();
  if (dir && port) {
    try {
      asPostgres('pg_ctl', ['-D', `${dir}/data`, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // not started
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  await t?.close();
});

const close = (orderId: string) =>
  server.call('POST', '/orders/close', org.key, {
    order_id: orderId,
    card: { card_id: guest.cardId },
    lines: SEED_LINES.slice(0, 1),
    payments: [{ kind: 'deposit', amount: SEED_LINES[0]!.price }],
  });

async function get(app: typeof server.app, token: string, url: string) {
  const res = await app.inject({
    method: 'GET',
    url: `/api/admin/v1${url}`,
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res;
}

/** The card's history report and the dashboard's checks today, each with the lag it answered. */
async function history() {
  const body = (await get(server.app, analyst, `/reports/history?card_id=${guest.cardId}`)).json();
  return { rows: body.rows as unknown[], lag: body.replica_lag_seconds as unknown };
}
async function dashboardChecks() {
  const body = (await get(server.app, analyst, '/dashboard')).json();
  return { checks: body.totals.today.checks as number, lag: body.replica_lag_seconds as unknown };
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await probe();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`waited 20 s for ${what}`);
}

test('reports read the replica and show its lag; the tills write to the primary only', async (c) => {
  if (skip) return c.skip(skip);
  assert.equal((await close('r-1')).status, 201);
  const caught = await until('the replica to catch up', history, (h) => h.rows.length > 0);
  const seen = caught.rows.length;
  assert.equal(typeof caught.lag, 'number');
  assert.ok((caught.lag as number) >= 0);
  const checks = (await until('the dashboard', dashboardChecks, (d) => d.checks > 0)).checks;

  await sql`select pg_wal_replay_pause()`.execute(replica.db);
  try {
    assert.equal((await close('r-2')).status, 201, 'the till closes on the primary');
    await new Promise((r) => setTimeout(r, 300));
    const paused = await history();
    assert.equal(
      paused.rows.length,
      seen,
      'the report does not see what the replica has not replayed',
    );
    assert.ok((paused.lag as number) > 0, `lag while paused: ${paused.lag}`);
    const dashboard = await dashboardChecks();
    assert.equal(dashboard.checks, checks, 'the dashboard reads the replica too');
    assert.ok((dashboard.lag as number) > 0, `dashboard lag while paused: ${dashboard.lag}`);
    const file = await get(
      server.app,
      analyst,
      `/reports/history?card_id=${guest.cardId}&format=csv`,
    );
    assert.ok(Number(file.headers[REPLICA_LAG_HEADER]) > 0, 'an export says its lag in a header');
    assert.match(String(file.headers[REPLICA_LAG_HEADER]), /^\d+\.\d{3}$/);
    const metrics = await scrape(server.app);
    assert.match(metrics, /^kopilka_replica_lag_seconds \d/m);
  } finally {
    await sql`select pg_wal_replay_resume()`.execute(replica.db);
  }
  const resumed = await until('replay to resume', history, (h) => h.rows.length > seen);
  assert.ok((resumed.lag as number) >= 0);
  await until('the dashboard to catch up', dashboardChecks, (d) => d.checks > checks);

  // The replica stopped, the tills go on: none of their requests reads it.
  asPostgres('pg_ctl', ['-D', `${dir}/data`, '-m', 'fast', '-w', 'stop']);
  port = 0;
  assert.equal((await close('r-3')).status, 201);
  const id = await server.call('POST', '/identify', org.key, { card_id: guest.cardId });
  assert.equal(id.status, 200);
});

test('without a replica the reports and the dashboard read the primary: their lag is null', async () => {
  const json = (url: string) => get(primaryOnly.app, primaryAnalyst, url).then((r) => r.json());
  assert.equal((await json('/dashboard')).replica_lag_seconds, null);
  const asOf = '/reports/liability?as_of=2026-01-01';
  assert.equal((await json(asOf)).replica_lag_seconds, null);
  assert.equal((await json('/reports/ranks?as_of=2026-01-01')).replica_lag_seconds, null);
  const file = await get(primaryOnly.app, primaryAnalyst, `${asOf}&format=csv`);
  assert.equal(file.headers[REPLICA_LAG_HEADER], undefined, 'no lag header without a replica');
});
