// The `kopilka` command end to end, as an operator runs it: migrate, create an organization, a
// restaurant and a terminal, import guests, serve the API with the printed key, revoke it, and
// verify the ledger — clean, then after a balance is corrupted behind the ledger's back.
// On embedded PGlite in a temporary data directory, or on a fresh PostgreSQL database.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { onPostgres, testDatabase, type TestDatabase } from '../support/db.ts';
import { testServer } from '../support/fixtures.ts';
import { freePort, KopilkaProcesses } from '../support/kopilka-process.ts';

const LIMIT_MS = 90_000;
const PASSWORD = 'correct horse battery staple';

let dir: string;
let pg: TestDatabase | null;
let env: NodeJS.ProcessEnv;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kopilka-cli-'));
  pg = onPostgres ? await testDatabase() : null;
  env = { ...process.env, LOG_LEVEL: 'error', KOPILKA_PASSWORD: PASSWORD };
  delete env.DATABASE_URL;
  if (pg?.url) env.DATABASE_URL = pg.url;
  else env.KOPILKA_DATA_DIR = dir;
});

after(async () => {
  cli.killAll();
  await pg?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = new KopilkaProcesses(LIMIT_MS);
const kopilka = (...args: string[]) => cli.run(env, ...args);
const ok = (...args: string[]) => cli.ok(env, ...args);

/** `kopilka serve` on a free port, resolved once it listens. */
async function serve(...extra: string[]) {
  const port = await freePort();
  const args = ['serve', '--host', '127.0.0.1', '--port', String(port), ...extra];
  const { stop } = await cli.start(env, args, /is listening/);
  return { base: `http://127.0.0.1:${port}/api/pos/v1`, port, stop };
}

/** The database the CLI uses, opened from the test while no CLI process holds it. */
async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  if (pg) return work(pg.db);
  const opened = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  try {
    return await work(opened.db);
  } finally {
    await opened.close();
  }
}

const state = { org: 0, restaurant: 0, terminal: 0, key: '' };

test('migrate applies the migrations and says where the data lives', async () => {
  const out = await ok('migrate');
  assert.match(out, /Migrations applied: (PGlite|PostgreSQL)/);
});

test('org, restaurant and terminal create; r_keeper 7 starts in test mode, Lite does not', async () => {
  const org = JSON.parse(await ok('org', 'create', '--name', 'Тестовая'));
  assert.equal(org.name, 'Тестовая');
  state.org = org.id;
  const r7 = JSON.parse(await ok('restaurant', 'create', '--org', String(org.id), '--name', 'Зал'));
  assert.equal(r7.test_mode, true);
  assert.match(r7.code, /^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  state.restaurant = r7.id;
  const lite = JSON.parse(
    await ok(
      'restaurant',
      'create',
      '--org',
      String(org.id),
      '--name',
      'Бар',
      '--integration',
      'rkeeper_lite',
    ),
  );
  assert.equal(lite.test_mode, false);
  const term = await kopilka(
    'terminal',
    'create',
    '--org',
    String(org.id),
    '--restaurant',
    String(r7.id),
    '--name',
    'Касса r-keeper',
  );
  assert.equal(term.code, 0, term.stderr);
  const created = JSON.parse(term.stdout);
  assert.match(created.key, /^kp_\d+_\d+_[A-Za-z0-9_-]{43}$/);
  assert.match(term.stderr, /shown once/);
  state.terminal = created.id;
  state.key = created.key;
});

test('notify news: the letters are queued for the worker; the same command again queues nothing', async () => {
  await withDatabase((db) =>
    sql`insert into notification_settings (org_id, news_recipients)
      values (${state.org}, '["chef@venue.example"]')`.execute(db),
  );
  const text = join(dir, 'news.txt');
  writeFileSync(text, 'Первый абзац.\n\nВторой абзац.');
  const args = ['notify', 'news', '--subject', 'Новости', '--text-file', text];
  const first = JSON.parse(await ok(...args));
  assert.deepEqual([first.created, first.organizations, first.letters], [true, 1, 1]);
  assert.equal(JSON.parse(await ok(...args)).created, false);
  const bad = await kopilka('notify', 'gossip', '--subject', 'x', '--text-file', text);
  assert.notEqual(bad.code, 0);
  const letters = await withDatabase((db) =>
    db.selectFrom('email_deliveries').select(['kind', 'to_address']).execute(),
  );
  assert.deepEqual(letters, [{ kind: 'news', to_address: 'chef@venue.example' }]);
});

test('import guests: exit 0 when every row is good, 2 with the rejected rows listed', async () => {
  const good = join(dir, 'good.csv');
  writeFileSync(
    good,
    'card_number;card_uid;last_name;phone\n100038;61366822;Иванов;+79001112233\n100039;;Петров;\n',
  );
  const clean = await ok('import', 'guests', good, '--org', String(state.org), '--no-progress');
  assert.match(clean, /Imported: 2; rejected: 0/);

  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'card_number,phone,email\n100040,,\n100041,123,\n100038,,\n100042,,nope\n');
  const r = await kopilka('import', 'guests', bad, '--org', String(state.org), '--no-progress');
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stdout, /Imported: 1; rejected: 3/);
  assert.match(r.stdout, /line 3: invalid_phone/);
  assert.match(r.stdout, /line 4: card_exists/);
  assert.match(r.stdout, /line 5: invalid_email/);
});

test('serve: the printed key works against the POS API', async () => {
  const server = await serve();
  try {
    const headers = { authorization: `Bearer ${state.key}`, 'content-type': 'application/json' };
    const id = await fetch(`${server.base}/identify`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ uid: '61366822' }),
    });
    assert.equal(id.status, 200);
    const info = (await id.json()) as { card: { number: string }; guest: { name: string } };
    assert.equal(info.card.number, '100038');
    assert.equal(info.guest.name, 'Иванов');
    const top = await fetch(`${server.base}/topups`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        topup_id: 'cli-1',
        card: { number: '100038' },
        account_kind: 'bonus',
        amount: 5000,
      }),
    });
    assert.equal(top.status, 201);
    const anonymous = await fetch(`${server.base}/cards/1`);
    assert.equal(anonymous.status, 401);
  } finally {
    assert.equal(await server.stop(), 0, 'serve stops cleanly on SIGTERM');
  }
});

/** A request on a connection of its own: the cluster hands each new connection to the next worker. */
function fresh(port: number, method: string, path: string, token: string, body?: unknown) {
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

test('serve --workers 2: both workers answer, and a key revoked through one is refused by all within a second', async (t) => {
  if (!pg) {
    const r = await kopilka('serve', '--port', String(await freePort()), '--workers', '2');
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /embedded database serves one process/);
    t.diagnostic('PGlite: several workers are refused; the rest needs PostgreSQL');
    return;
  }
  const r = await kopilka(
    'user',
    'create',
    '--org',
    String(state.org),
    '--email',
    'owner@cli.test',
    '--name',
    'Владелец',
    '--role',
    'owner',
  );
  assert.equal(r.code, 0, r.stderr);
  const server = await serve('--workers', '2');
  try {
    const login = await fetch(`http://127.0.0.1:${server.port}/api/admin/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@cli.test', password: PASSWORD }),
    });
    assert.equal(login.status, 200);
    const { token } = (await login.json()) as { token: string };
    const created = await fresh(server.port, 'POST', '/api/admin/v1/terminals', token, {
      restaurant_id: state.restaurant,
      name: 'Бар',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const key = created.body.key as string;
    const id = (created.body.terminal as { id: number }).id;
    const identify = () =>
      fresh(server.port, 'POST', '/api/pos/v1/identify', key, { uid: '61366822' });
    // Four connections: two per worker, each worker now holds the key verified in its cache.
    for (let i = 0; i < 4; i++) assert.equal((await identify()).status, 200);
    const revoked = await fresh(server.port, 'POST', `/api/admin/v1/terminals/${id}/revoke`, token);
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    // Each worker hears of it from PostgreSQL (LISTEN/NOTIFY): within a second, not at once.
    const since = performance.now();
    for (let i = 0; i < 4; i++) {
      let after = await identify();
      while (after.status === 200 && performance.now() - since < 1_000) after = await identify();
      assert.equal(after.status, 401, `connection ${i} after the revoke`);
    }
  } finally {
    assert.equal(await server.stop(), 0, 'the primary and its workers stop cleanly on SIGTERM');
  }
});

test('terminal revoke marks the terminal revoked', async () => {
  const out = JSON.parse(
    await ok('terminal', 'revoke', '--org', String(state.org), '--id', String(state.terminal)),
  );
  assert.equal(out.id, state.terminal);
  assert.ok(out.revoked_at);
});

test('verify finds no drift in a clean ledger', async () => {
  const clean = await ok('verify');
  assert.match(clean, /ledger entries: no drift/);
  assert.doesNotMatch(clean, /Checked 0 accounts/);
});

test('the revoked key is refused; a balance changed behind the ledger makes verify exit 1', async () => {
  // One opening of the database for both: PGlite takes a while to open.
  await withDatabase(async (db) => {
    const s = await testServer(db);
    try {
      const r = await s.call('POST', '/identify', state.key, { uid: '61366822' });
      assert.equal(r.status, 401);
      assert.equal(r.body.error.code, 'invalid_api_key');
    } finally {
      await s.app.close();
    }
    await sql`update accounts set balance = balance + 1 where balance <> 0`.execute(db);
  });
  const r = await kopilka('verify');
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /drifting/);
  assert.match(r.stdout, /balance: stored 5001, from the ledger 5000/);
});
