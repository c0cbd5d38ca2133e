// Outbox drain rate on PostgreSQL: 20,000 committed events, each for one webhook subscription
// whose receiver (node:http on 127.0.0.1, answering 200) runs in this process, drained by one
// worker at its default batch and concurrency. Prints events delivered per second (target
// ≥ 2,000/s) and checks every event arrived exactly once.
//
//   node --import tsx bench/outbox-drain.ts [--pg URL] [--events N]
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createOrganization } from '../src/app/admin/tenancy.ts';
import { createContext, inTransaction, type Actor } from '../src/app/context.ts';
import { recordEvents } from '../src/app/events.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createSubscription } from '../src/events/subscriptions.ts';
import { httpSender } from '../src/events/webhook-sender.ts';
import { DEFAULT_WORKER, workOnce } from '../src/events/worker.ts';

const { values: opts } = parseArgs({
  options: {
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    events: { type: 'string', default: '20000' },
  },
});
const N = Number(opts.events);
const admin = async (sql: string) => {
  const c = new pg.Client({ connectionString: opts.pg });
  await c.connect();
  await c.query(sql);
  await c.end();
};
const name = `kopilka_drain_${randomBytes(4).toString('hex')}`;
await admin(`create database ${name}`);
const url = new URL(opts.pg as string);
url.pathname = `/${name}`;
const opened = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 10 });
const seen = new Set<string>();
let duplicates = 0;
const receiver = createServer((req, res) => {
  const id = String(req.headers['webhook-id']);
  if (seen.has(id)) duplicates++;
  seen.add(id);
  req.resume();
  req.on('end', () => res.writeHead(200).end());
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
try {
  await migrateToLatest(opened.db);
  const ctx = createContext(opened.db);
  const org = await createOrganization(ctx, { name: 'Drain' }, 'bench');
  const actor: Actor = { orgId: org.id, type: 'system', id: null, name: 'bench' };
  const port = (receiver.address() as AddressInfo).port;
  await createSubscription(
    ctx,
    actor,
    { url: `http://127.0.0.1:${port}/hook`, event_types: ['*'] },
    true,
  );
  const at = new Date();
  for (let i = 0; i < N; i += 1000) {
    await inTransaction(ctx, (tx) =>
      recordEvents(
        tx,
        org.id,
        Array.from({ length: Math.min(1000, N - i) }, (_, k) => ({
          type: 'order.closed' as const,
          key: String(i + k),
          at,
          data: { id: i + k, total: 235_000 },
        })),
      ),
    );
  }
  const worker = { ...DEFAULT_WORKER, send: httpSender({ allowPrivate: true, timeoutMs: 10_000 }) };
  const started = performance.now();
  while ((await workOnce(ctx, worker)) > 0);
  const seconds = (performance.now() - started) / 1000;
  const rate = N / seconds;
  console.log(
    `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}: ${N} events drained to one webhook in ${seconds.toFixed(1)} s · ${rate.toFixed(0)} events/s · delivered ${seen.size}, repeated ${duplicates} · target ≥ 2,000/s ${rate >= 2000 ? '✓' : '✗'}`,
  );
  if (seen.size !== N || duplicates > 0) process.exitCode = 1;
} finally {
  receiver.close();
  await opened.close();
  await admin(`drop database if exists ${name} with (force)`);
}
