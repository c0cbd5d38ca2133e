// `npm start` as a newcomer runs it: the demo server on embedded PGlite, seed 000's guest and
// till ready, the printed key and admin password working, the iiko side ready for
// `kopilka simulate iiko` (exit 0) and `kopilka simulate iiko-server` answering the connection
// check and the import — and a second start reusing the data instead of seeding it again.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SEED_LINES } from '../support/fixtures.ts';
import { BIN, freePort, KopilkaProcesses, type Started } from '../support/kopilka-process.ts';

interface CardInfoBody {
  card: { number: string };
  accounts: { kind: string; balance: number }[];
}

const dir = mkdtempSync(join(tmpdir(), 'kopilka-demo-'));
const cli = new KopilkaProcesses(90_000);
let demo: Started | null = null;

after(() => {
  cli.killAll();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `kopilka demo` and resolves with what it printed once it listens. */
async function startDemo(port: number): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, KOPILKA_DATA_DIR: dir, LOG_LEVEL: 'error' };
  delete env.DATABASE_URL;
  // The admin line is the last the demo prints, on the first start and on every restart.
  demo = await cli.start(env, ['demo', '--port', String(port)], /Admin API.*\n/);
  return demo.printed;
}

async function stopDemo(): Promise<void> {
  await demo?.stop();
  demo = null;
}

/** The iiko side as the banner tells a newcomer to try it. */
async function tryIiko(base: string, out: string, token: string): Promise<void> {
  const key = readFileSync(join(dir, 'demo-iiko-terminal-key.txt'), 'utf8').trim();
  assert.ok(out.includes(key), 'the iiko key is printed');
  assert.match(out, /simulate iiko --url/);
  const sim = await promisify(execFile)(
    process.execPath,
    [BIN, 'simulate', 'iiko', '--url', base, '--key', key, '--card', '200038'],
    { timeout: 120_000 },
  );
  assert.match(sim.stdout, /✔ Сверка депозита/);
  assert.doesNotMatch(sim.stdout, /✖/);

  const port = await freePort();
  const server = await cli.start(
    process.env,
    ['simulate', 'iiko-server', '--port', String(port)],
    /\/resto\/api/,
  );
  try {
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${base}/api/admin/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const saved = await admin('PUT', '/iiko/server', {
      serverName: 'Фейковый iiko Server',
      protocol: 'http',
      address: '127.0.0.1',
      port,
      login: 'kopilka',
      password: 'kopilka',
      timeoutMs: 5000,
    });
    assert.equal(saved.status, 200);
    const check = (await (await admin('POST', '/iiko/server/check')).json()) as { ok: boolean };
    assert.equal(check.ok, true);
    assert.equal((await admin('POST', '/iiko/import')).status, 200);
  } finally {
    await server.stop();
  }
}

test('the demo serves seed 000 with the printed credentials and keeps its data across restarts', async () => {
  const port = await freePort();
  const out = await startDemo(port);
  assert.match(out, /\/docs/);
  assert.match(out, /Тестовая/);
  const key = readFileSync(join(dir, 'demo-terminal-key.txt'), 'utf8').trim();
  assert.ok(out.includes(key), 'the key is printed');
  const [email, password] = readFileSync(join(dir, 'demo-admin.txt'), 'utf8').trim().split(' ');
  const base = `http://127.0.0.1:${port}`;
  const post = (path: string, body: unknown, auth: string | null) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      },
      body: JSON.stringify(body),
    });

  const who: CardInfoBody = (await (
    await post('/api/pos/v1/identify', { uid: '61366822' }, key)
  ).json()) as CardInfoBody;
  assert.equal(who.card.number, '100038');
  assert.equal(who.accounts.find((a) => a.kind === 'deposit')?.balance, 500_000);
  const closed = await post(
    '/api/pos/v1/orders/close',
    {
      order_id: 'demo-1',
      card: { uid: '61366822' },
      lines: SEED_LINES,
      payments: [{ kind: 'deposit', amount: 235_000 }],
    },
    key,
  );
  assert.equal(closed.status, 201);
  const login = await post('/api/admin/v1/auth/login', { email, password }, null);
  assert.equal(login.status, 200);
  assert.equal((await fetch(`${base}/docs/json`)).status, 200);
  await tryIiko(base, out, ((await login.json()) as { token: string }).token);
  await stopDemo();

  const again = await startDemo(port);
  assert.ok(again.includes(key), 'the same key after a restart');
  const after: CardInfoBody = (await (
    await post('/api/pos/v1/identify', { uid: '61366822' }, key)
  ).json()) as CardInfoBody;
  assert.equal(
    after.accounts.find((a) => a.kind === 'deposit')?.balance,
    265_000,
    'not seeded twice',
  );
  await stopDemo();
});
