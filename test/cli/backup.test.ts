// `kopilka backup` / `kopilka restore` on the embedded database, as an operator runs them: a
// backup of a stopped database restores to a copy identical table by table; a backup taken
// from a running server while tills pay restores to a database `kopilka verify` finds without
// drift; a restore keeps the database it replaces; a running server is never restored over.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createContext } from '../../src/app/context.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { makeGuest, makeOrg, type GuestFixture, type OrgFixture } from '../support/fixtures.ts';
import { freePort, KopilkaProcesses } from '../support/kopilka-process.ts';

const LIMIT_MS = 120_000;

let root: string;
let org: OrgFixture;
let guest: GuestFixture;

const dataDir = (name: string) => join(root, name);
const envFor = (name: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KOPILKA_DATA_DIR: dataDir(name),
    LOG_LEVEL: 'error',
  };
  delete env.DATABASE_URL;
  return env;
};

const cli = new KopilkaProcesses(LIMIT_MS);
const kopilka = (name: string, ...args: string[]) => cli.run(envFor(name), ...args);
const ok = (name: string, ...args: string[]) => cli.ok(envFor(name), ...args);

/** Every table's rows, digested: two databases with the same digests hold the same data. */
async function digest(name: string): Promise<Record<string, string>> {
  const opened = await openDatabase({ kind: 'pglite', dataDir: join(dataDir(name), 'pglite') });
  try {
    const tables = await sql<{ t: string }>`select tablename as t from pg_tables
      where schemaname = 'public' order by tablename`.execute(opened.db);
    const out: Record<string, string> = {};
    for (const { t } of tables.rows) {
      const r = await sql<{
        d: string | null;
        n: number;
      }>`select md5(string_agg(x::text, '|' order by x::text)) as d,
        count(*)::int as n from ${sql.table(t)} as x`.execute(opened.db);
      out[t] = `${r.rows[0]?.n}:${r.rows[0]?.d}`;
    }
    return out;
  } finally {
    await opened.close();
  }
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'kopilka-backup-'));
  const opened = await openDatabase({ kind: 'pglite', dataDir: join(dataDir('live'), 'pglite') });
  try {
    await migrateToLatest(opened.db);
    const ctx = createContext(opened.db);
    org = await makeOrg(ctx);
    guest = await makeGuest(ctx, org, { funds: 10_000_000 });
  } finally {
    await opened.close();
  }
});

after(() => {
  cli.killAll();
  rmSync(root, { recursive: true, force: true });
});

test('a stopped database: backed up, restored elsewhere, identical table by table, verify finds no drift', async () => {
  const file = join(root, 'stopped.tar.gz');
  assert.match(await ok('live', 'backup', file), /Backup written/);
  assert.equal(statSync(file).mode & 0o777, 0o600, 'a backup holds guests’ data: owner only');
  assert.match(await ok('copy', 'restore', file), /there was no database before/);
  assert.deepEqual(await digest('copy'), await digest('live'));
  const verified = JSON.parse(await ok('copy', 'verify', '--json')) as {
    drift: unknown[];
    entries: number;
  };
  assert.deepEqual(verified.drift, []);
  assert.ok(verified.entries > 0);
});

test('a running server: the backup goes through it while tills pay, and restores without drift', async () => {
  const port = await freePort();
  const server = await cli.start(envFor('live'), ['serve', '--port', String(port)], /is listening/);
  try {
    // Restoring over a database a server runs on is refused, and changes nothing.
    const refused = await kopilka('live', 'restore', join(root, 'stopped.tar.gz'));
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /in use by process/);

    let paying = true;
    let paid = 0;
    const till = (async () => {
      while (paying) {
        const r = await fetch(`http://127.0.0.1:${port}/api/pos/v1/payments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${org.key}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            payment_id: `b-${paid}`,
            card: { card_id: guest.cardId },
            account_kind: 'deposit',
            amount: 100,
          }),
        });
        assert.equal(r.status, 201, await r.text());
        paid++;
      }
    })();
    const file = join(root, 'running.tar.gz');
    try {
      assert.match(await ok('live', 'backup', file), /from the running server/);
    } finally {
      paying = false;
      await till;
    }
    assert.ok(paid > 0);
    // Nobody but kopilka backup, with the server's token, gets a backup.
    const stranger = await fetch(`http://127.0.0.1:${port}/ops/backup`);
    assert.equal(stranger.status, 403);

    assert.match(await ok('hot', 'restore', file), /there was no database before/);
    const verified = JSON.parse(await ok('hot', 'verify', '--json')) as { drift: unknown[] };
    assert.deepEqual(verified.drift, []);
  } finally {
    await server.stop();
  }
  assert.ok(
    !existsSync(join(dataDir('live'), 'control.json')),
    'the server removes its control file',
  );
});

test('a restore keeps the database it replaces, and refuses what is not a backup', async () => {
  const junk = join(root, 'junk.tar.gz');
  writeFileSync(junk, 'not a backup');
  const bad = await kopilka('copy', 'restore', junk);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /Not a Kopilka backup/);
  const before = await digest('copy');
  assert.match(
    await ok('copy', 'restore', join(root, 'running.tar.gz')),
    /previous database is kept in/,
  );
  const kept = readdirSync(dataDir('copy')).filter((f) => f.startsWith('pglite.before-restore-'));
  assert.equal(kept.length, 1);
  const opened = await openDatabase({
    kind: 'pglite',
    dataDir: join(dataDir('copy'), kept[0] as string),
  });
  await opened.close();
  assert.deepEqual(await digest('copy'), await digest('hot'));
  assert.notDeepEqual(before, await digest('copy'));
});
