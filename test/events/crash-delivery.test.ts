// kill -9 between a close and its delivery: the server (its worker off) commits a close and is
// killed; a server started again on the same database delivers the close's event exactly once
// to the webhook receiver and the guest's e-mail receipt exactly once to a real SMTP server.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from '../../src/app/context.ts';
import { SecretBox } from '../../src/app/stored-secrets.ts';
import { openDatabase, type Database } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { updateProgram } from '../../src/app/loyalty/admin.ts';
import { saveSmtpSettings } from '../../src/events/email/settings.ts';
import { createSubscription } from '../../src/events/subscriptions.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg, SEED_LINES } from '../support/fixtures.ts';
import { freePort, KopilkaProcesses } from '../support/kopilka-process.ts';
import { receiver } from './receiver.ts';
import { smtpReceiver } from './smtp-receiver.ts';

const dir = mkdtempSync(join(tmpdir(), 'kopilka-crash-events-'));
const key = randomBytes(32);
const processes = new KopilkaProcesses();
let pg: TestDatabase | null = null;

after(async () => {
  processes.killAll();
  await pg?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  if (pg) return work(pg.db);
  const lite = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
  try {
    await migrateToLatest(lite.db);
    return await work(lite.db);
  } finally {
    await lite.close();
  }
}

async function waitFor(done: () => boolean) {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setTimeout(r, 100));
}

test('an event committed before a kill -9 is delivered exactly once after the restart', async () => {
  if (process.env.KOPILKA_TEST_DB === 'postgres') pg = await testDatabase();
  const hook = await receiver(() => 200);
  const smtp = await smtpReceiver();
  try {
    const seeded = await withDatabase(async (db) => {
      const ctx = createContext(db, { secrets: new SecretBox(key) });
      const org = await makeOrg(ctx);
      const g = await makeGuest(ctx, org, { funds: 300_000 });
      await createSubscription(
        ctx,
        org.actor,
        { url: hook.url, event_types: ['order.closed'] },
        true,
      );
      // The same close also writes the guest's receipt: L9 on, the guest has agreed.
      await updateProgram(ctx, org.actor, { settings: { emailReceipt: true } });
      await db
        .updateTable('guests')
        .set({ email: 'guest@mail.example', consent_marketing: true })
        .where('org_id', '=', org.orgId)
        .where('id', '=', g.guestId)
        .execute();
      await saveSmtpSettings(
        ctx,
        org.actor,
        {
          host: '127.0.0.1',
          port: smtp.port,
          security: 'none',
          from_address: 'noreply@venue.example',
        },
        true,
      );
      return { key: org.key, cardId: g.cardId };
    });
    const port = await freePort();
    const env = (worker: 'on' | 'off'): NodeJS.ProcessEnv => {
      const e: NodeJS.ProcessEnv = {
        ...process.env,
        KOPILKA_DATA_DIR: dir,
        KOPILKA_SECRET_KEY: key.toString('hex'),
        KOPILKA_EVENT_WORKER: worker,
        KOPILKA_WEBHOOKS_ALLOW_PRIVATE: 'on',
        KOPILKA_SMTP_ALLOW_PRIVATE: 'on',
        LOG_LEVEL: 'error',
      };
      delete e.NODE_TEST_CONTEXT;
      delete e.DATABASE_URL;
      if (pg?.url) e.DATABASE_URL = pg.url;
      return e;
    };
    const args = ['serve', '--port', String(port)];
    await processes.start(env('off'), args, /listening on/);
    const res = await fetch(`http://127.0.0.1:${port}/api/pos/v1/orders/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${seeded.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        order_id: 'crash-1',
        card: { card_id: seeded.cardId },
        lines: SEED_LINES,
        payments: [{ kind: 'deposit', amount: 235_000 }],
      }),
    });
    assert.equal(res.status, 201, await res.text());
    processes.killAll(); // SIGKILL: nothing delivered yet, the worker was off
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(hook.got.length, 0);
    assert.equal(smtp.got.length, 0);

    const again = await processes.start(env('on'), args, /listening on/);
    await waitFor(() => hook.got.length > 0 && smtp.got.length > 0);
    await new Promise((r) => setTimeout(r, 1_500)); // time for a second delivery, if any
    await again.stop();
    assert.equal(hook.got.length, 1);
    assert.equal(hook.got[0]?.json.type, 'order.closed');
    assert.equal(hook.got[0]?.json.data.order_id, 'crash-1');
    assert.equal(smtp.got.length, 1, smtp.got.map((g) => g.mail.subject).join('; '));
    assert.deepEqual(smtp.got[0]?.to, ['guest@mail.example']);
    assert.match(smtp.got[0]?.mail.subject ?? '', /^Ваш заказ в «/);
    assert.match(smtp.got[0]?.mail.text ?? '', /crash-1/);
  } finally {
    await hook.close();
    await smtp.close();
  }
});
