// Reports on a read replica (DATABASE_REPLICA_URL): a real second PostgreSQL 15 cluster made by
// pg_basebackup from the test server as a physical streaming replica, on a port of its own.
// With its replay paused, a till's close succeeds and the report does not see it yet (it reads
// the replica, and says how far behind it is); replay resumed, it does; with the replica
// stopped, the tills go on (they never use it). PostgreSQL only; skipped, with the reason,
// only when no replica can be made here (e.g. no replication entry in pg_hba.conf — .ci/run
// adds one).
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
  if (skip) return;
  t = await testDatabase();
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

async function history() {
  const res = await server.app.inject({
    method: 'GET',
    url: `/api/admin/v1/reports/history?card_id=${guest.cardId}`,
    headers: { authorization: `Bearer ${analyst}` },
  });
  assert.equal(res.statusCode, 200, res.body);
  return { rows: JSON.parse(res.body).rows as unknown[], lag: res.headers[REPLICA_LAG_HEADER] };
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
  assert.match(String(caught.lag), /^\d+\.\d{3}$/);

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
    assert.ok(Number(paused.lag) > 0, `lag while paused: ${paused.lag}`);
    const metrics = await scrape(server.app);
    assert.match(metrics, /^kopilka_replica_lag_seconds \d/m);
  } finally {
    await sql`select pg_wal_replay_resume()`.execute(replica.db);
  }
  const resumed = await until('replay to resume', history, (h) => h.rows.length > seen);
  assert.equal(Number(resumed.lag) >= 0, true);

  // The replica stopped, the tills go on: none of their requests reads it.
  asPostgres('pg_ctl', ['-D', `${dir}/data`, '-m', 'fast', '-w', 'stop']);
  port = 0;
  assert.equal((await close('r-3')).status, 201);
  const id = await server.call('POST', '/identify', org.key, { card_id: guest.cardId });
  assert.equal(id.status, 200);
});
