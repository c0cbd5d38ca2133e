// Changes reach every server within a second: two `kopilka serve` processes on one PostgreSQL
// database. A key revoked through server A's admin API stops paying on server B (which holds
// it verified in its cache) within a second, a card blocked through A stops paying on B at
// once, and an announcement travels only when its transaction commits. The embedded database
// serves one process, so there is nothing to test there.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  announce,
  clearLocal,
  generation,
  onInvalidate,
  processCaches,
} from '../../src/app/invalidation.ts';
import { createUser } from '../../src/app/admin/users.ts';
import { createContext } from '../../src/app/context.ts';
import { listenForInvalidations } from '../../src/db/invalidation-listener.ts';
import { onPostgres, testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg, type GuestFixture, type OrgFixture } from '../support/fixtures.ts';

const BIN = join(import.meta.dirname, '../../bin/kopilka.mjs');
const skip = onPostgres ? false : 'the embedded database serves one process';
const PASSWORD = 'correct horse battery staple';

let t: TestDatabase | null = null;
let org: OrgFixture;
let guest: GuestFixture;
const children = new Set<ChildProcess>();

before(async () => {
  if (!onPostgres) return;
  t = await testDatabase();
  const ctx = createContext(t.db);
  org = await makeOrg(ctx);
  guest = await makeGuest(ctx, org, { funds: 1_000_000 });
  await createUser(ctx, org.actor, {
    email: 'owner@invalidation.test',
    name: 'Владелец',
    role: 'owner',
    password: PASSWORD,
  });
});

after(async () => {
  for (const c of children) c.kill('SIGKILL');
  await t?.close();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function serve(): Promise<string> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--host', '127.0.0.1', '--port', String(port)],
    {
      env: { ...process.env, DATABASE_URL: t?.url ?? '', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.add(child);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 90_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('is listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return `http://127.0.0.1:${port}`;
}

async function call(base: string, path: string, auth: string, body?: unknown) {
  const r = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

let payments = 0;
const pay = (base: string) =>
  call(base, '/api/pos/v1/payments', org.key, {
    payment_id: `inv-${++payments}`,
    card: { card_id: guest.cardId },
    account_kind: 'deposit',
    amount: 100,
  });

/** Pays on `base` until refused; how long after `since` the first refusal came, and its answer. */
async function refusedWithin(base: string, since: number, limitMs: number) {
  for (;;) {
    const r = await pay(base);
    const elapsed = performance.now() - since;
    if (r.status !== 201 && r.status !== 200) return { elapsed, ...r };
    if (elapsed > limitMs) return { elapsed, ...r };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test(
  'a key revoked on server A is refused on server B within a second; a blocked card at once',
  { skip },
  async () => {
    const [a, b] = await Promise.all([serve(), serve()]);
    const login = await fetch(`${a}/api/admin/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@invalidation.test', password: PASSWORD }),
    });
    assert.equal(login.status, 200);
    const { token } = (await login.json()) as { token: string };

    // B has verified the key and holds it in its cache (kept 10 s without an announcement).
    assert.equal((await pay(b)).status, 201);
    assert.equal((await pay(b)).status, 201);

    // A card blocked on A: cards are read per request, so B refuses the next payment.
    const blocked = await call(a, `/api/admin/v1/cards/${guest.cardId}/status`, token, {
      status: 'blocked',
      reason: 'утеряна',
    });
    assert.equal(blocked.status, 200, JSON.stringify(blocked.body));
    const onBlocked = await pay(b);
    assert.equal(onBlocked.status, 422, JSON.stringify(onBlocked.body));
    await call(a, `/api/admin/v1/cards/${guest.cardId}/status`, token, { status: 'active' });
    assert.equal((await pay(b)).status, 201);

    const revoked = await call(a, `/api/admin/v1/terminals/${org.terminalId}/revoke`, token);
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    const since = performance.now();
    const r = await refusedWithin(b, since, 1_000);
    assert.equal(r.status, 401, `B still pays ${Math.round(r.elapsed)} ms after the revoke`);
    assert.equal((r.body.error as { code: string }).code, 'invalid_api_key');
    assert.ok(r.elapsed < 1_000, `refused after ${Math.round(r.elapsed)} ms`);

    // B is ready, and says it listens.
    const ready = await fetch(`${b}/health/ready`);
    assert.equal(ready.status, 200);
    assert.equal(
      ((await ready.json()) as { checks: Record<string, string> }).checks.invalidations,
      'ok',
    );
  },
);

test(
  'an announcement reaches a listener on commit, and never for a rollback',
  { skip },
  async () => {
    const db = t as TestDatabase;
    const listener = await listenForInvalidations(db.url as string, processCaches);
    let cleared = 0;
    onInvalidate('pos-dictionary', () => cleared++);
    try {
      assert.equal(listener.problem(), null);
      const start = generation('pos-dictionary');
      await db.db
        .transaction()
        .execute(async (tx) => {
          await announce(tx, 'pos-dictionary');
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(generation('pos-dictionary'), start, 'a rolled-back change is not announced');
      await db.db.transaction().execute((tx) => announce(tx, 'pos-dictionary'));
      const deadline = performance.now() + 1_000;
      while (generation('pos-dictionary') === start && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(generation('pos-dictionary'), start + 1);
      assert.equal(cleared, 1);
    } finally {
      await listener.close();
      clearLocal('pos-dictionary');
    }
  },
);
