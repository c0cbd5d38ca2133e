// `kopilka serve` and `kopilka demo`: the HTTP server on the configured database, stopping
// cleanly on SIGINT / SIGTERM so PGlite's files are closed properly. On PostgreSQL it can run
// several worker processes on one port (node:cluster): one Node process spends a core at
// most, and the till waits on it. The primary migrates, seeds the demo, starts the workers and
// restarts one that dies. On PostgreSQL every server process listens for cache invalidations.
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import {
  addIikoDemoIfMissing,
  DEMO_CARD,
  DEMO_OPERATOR_EMAIL,
  DEMO_OWNER_EMAIL,
  ensureDemoOperator,
  findDemo,
  seedDemo,
} from './demo-seed.ts';
import { processCaches } from '../app/invalidation.ts';
import {
  DEMO_IIKO_CARD,
  DEMO_IIKO_RESTAURANT,
  DEMO_IIKO_TILL,
} from '../integrations/iiko/demo-seed.ts';
import { config } from '../config.ts';
import { configuredTarget } from '../db/connect.ts';
import { listenForInvalidations } from '../db/invalidation-listener.ts';
import { dumpPglite } from '../db/pglite-backup.ts';
import { openReplica } from '../db/replica.ts';
import type { ReadyCheck } from '../http/health.ts';
import { gatherForWorkers } from '../http/cluster-metrics.ts';
import { configuredMetrics } from '../http/metrics.ts';
import { startEventWorker } from '../events/configured.ts';
import { SCHEDULED_JOBS } from '../scheduler/jobs.ts';
import { startScheduler } from '../scheduler/scheduler.ts';
import { buildServer } from '../http/server.ts';
import { signInBudget } from '../app/admin/sign-in.ts';
import { firstOperatorSetup } from '../app/installation/password-setup.ts';
import { controlFile, loopbackOf } from './backup.ts';
import { openRuntime } from './runtime.ts';

export interface ServeOptions {
  host: string;
  port: number;
  demo: boolean;
  /** Server processes; more than one needs PostgreSQL. */
  workers: number;
  quiet?: boolean;
}

const DEMO_KEY_FILE = `${config.dataDir}/demo-terminal-key.txt`;
const DEMO_ADMIN_FILE = `${config.dataDir}/demo-admin.txt`;
const DEMO_IIKO_KEY_FILE = `${config.dataDir}/demo-iiko-terminal-key.txt`;
const DEMO_OPERATOR_FILE = `${config.dataDir}/demo-operator.txt`;

/** A worker that dies this soon after starting is not restarted: it would only die again. */
const RESTART_AFTER_MS = 5_000;
const STOP_WITHIN_MS = 10_000;

type Message = { kopilka: 'listening' };

const isMessage = (m: unknown): m is Message =>
  typeof m === 'object' && m !== null && 'kopilka' in m;

type Demo = {
  key: string | null;
  admin: string | null;
  iikoKey: string | null;
  operator: string | null;
};

/** The demo's secrets, created once and kept (mode 600) beside the data they open. */
async function demoSecrets(rt: Awaited<ReturnType<typeof openRuntime>>): Promise<Demo> {
  // Demo data made before the installation had operators gets its operator at the next start.
  const operatorPassword = await ensureDemoOperator(rt.ctx);
  if (operatorPassword)
    writeFileSync(DEMO_OPERATOR_FILE, `${DEMO_OPERATOR_EMAIL} ${operatorPassword}\n`, {
      mode: 0o600,
    });
  const operator = existsSync(DEMO_OPERATOR_FILE)
    ? readFileSync(DEMO_OPERATOR_FILE, 'utf8').trim()
    : null;
  const existing = await findDemo(rt.ctx);
  if (existing) {
    const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').trim() : null);
    const added = await addIikoDemoIfMissing(rt.ctx, existing.orgId);
    if (added) writeFileSync(DEMO_IIKO_KEY_FILE, `${added.terminalKey}\n`, { mode: 0o600 });
    return {
      key: read(DEMO_KEY_FILE),
      admin: read(DEMO_ADMIN_FILE),
      iikoKey: read(DEMO_IIKO_KEY_FILE),
      operator,
    };
  }
  const demo = await seedDemo(rt.ctx);
  const admin = `${DEMO_OWNER_EMAIL} ${demo.ownerPassword}`;
  writeFileSync(DEMO_KEY_FILE, `${demo.terminalKey}\n`, { mode: 0o600 });
  writeFileSync(DEMO_ADMIN_FILE, `${admin}\n`, { mode: 0o600 });
  writeFileSync(DEMO_IIKO_KEY_FILE, `${demo.iiko.terminalKey}\n`, { mode: 0o600 });
  return { key: demo.terminalKey, admin, iikoKey: demo.iiko.terminalKey, operator };
}

/**
 * A production server without an operator prints a one-time link to create the first one:
 * there is no default password to forget to change (docs/security.md).
 */
async function firstStart(rt: Awaited<ReturnType<typeof openRuntime>>) {
  const setup = await firstOperatorSetup(rt.ctx);
  return setup ? { path: setup.path, expires_at: setup.expires_at } : null;
}

/** What an operator must know of how guests' codes are sent, when it is not a real SMS. */
function smsNotice(demo: boolean): string | null {
  const provider = config.sms.provider;
  if (provider === 'none' && !demo)
    return 'joining and signing in by SMS are off: set KOPILKA_SMS_PROVIDER (docs/guests.md)';
  if (provider === 'log' || provider === 'none')
    return 'one-time codes are written to this log, not sent (KOPILKA_SMS_PROVIDER, docs/guests.md)';
  return null;
}

function printBanner(
  opts: ServeOptions,
  where: string,
  demo: Demo | null,
  setup: { path: string; expires_at: string } | null,
) {
  const base = `http://${opts.host}:${opts.port}`;
  console.log(`Kopilka is listening on ${base}`);
  console.log(`  POS API:   ${base}/api/pos/v1`);
  console.log(`  API docs:  ${base}/docs`);
  console.log(`  Database:  ${where}`);
  if (opts.workers > 1) console.log(`  Processes: ${opts.workers} workers`);
  const sms = smsNotice(opts.demo);
  if (sms) console.log(`  Guests:    ${sms}`);
  if (demo?.key) {
    console.log(
      `\nDemo organization «Тестовая», till «Касса r-keeper», card ${DEMO_CARD.number} (UID ${DEMO_CARD.uid}).`,
    );
    console.log(`  Terminal key: ${demo.key}`);
    console.log(
      `  Try: curl -s -H 'Authorization: Bearer ${demo.key}' -H 'Content-Type: application/json' \\`,
    );
    console.log(`         -d '{"uid":"${DEMO_CARD.uid}"}' ${base}/api/pos/v1/identify`);
  }
  if (demo?.iikoKey) {
    console.log(
      `\niiko: restaurant ${DEMO_IIKO_RESTAURANT}, till «${DEMO_IIKO_TILL}», card ${DEMO_IIKO_CARD}; payment types imported from the bundled fake iiko Server.`,
    );
    console.log(`  Terminal key: ${demo.iikoKey}`);
    console.log(
      `  Try: npm run kopilka -- simulate iiko --url ${base} --key $(cat ${config.dataDir}/demo-iiko-terminal-key.txt) --card ${DEMO_IIKO_CARD}`,
    );
    console.log(
      '  The fake iiko Server for the connection check and import: npm run kopilka -- simulate iiko-server',
    );
  }
  if (demo?.admin) {
    const [email, password] = demo.admin.split(' ');
    console.log(`  Admin API: ${base}/api/admin/v1 — owner ${email}, password ${password}`);
  }
  if (demo?.operator) {
    const [email, password] = demo.operator.split(' ');
    console.log(`  Installation operator: ${email}, password ${password}`);
  }
  if (demo?.admin || demo?.operator)
    console.log(
      `  (kept in ${config.dataDir}/demo-terminal-key.txt, demo-iiko-terminal-key.txt, demo-admin.txt and demo-operator.txt)`,
    );
  if (setup) {
    console.log(`\nNo installation operator yet. Create the first one within 24 h, once, at:`);
    console.log(`  ${base}${setup.path}`);
    console.log('  (or: KOPILKA_PASSWORD=… kopilka operator create --email E --name N)');
  }
}

export async function serve(opts: ServeOptions): Promise<void> {
  if (!Number.isInteger(opts.workers) || opts.workers < 1) {
    throw new Error(`The number of workers must be a whole number ≥ 1, not ${opts.workers}`);
  }
  if (opts.workers > 1 && configuredTarget().kind !== 'postgres') {
    throw new Error(
      'The embedded database serves one process: run one worker, or set DATABASE_URL to PostgreSQL.',
    );
  }
  if (cluster.isWorker) return serveWorker(opts);
  if (opts.workers > 1) return servePrimary(opts);
  const rt = await openRuntime();
  const demo = opts.demo ? await demoSecrets(rt) : null;
  const setup = opts.demo ? null : await firstStart(rt);
  const { stop } = await startServer(rt, opts);
  printBanner(opts, rt.where, demo, setup);
  onStop(stop);
}

function onStop(stop: () => Promise<void>) {
  let stopping = false;
  const once = async () => {
    if (stopping) return;
    stopping = true;
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', once);
  process.on('SIGTERM', once);
}

/**
 * The HTTP server of one process, listening; on PostgreSQL, for cache invalidations too; and,
 * unless turned off, the event worker and the scheduler (several processes share their work
 * safely).
 */
async function startServer(rt: Awaited<ReturnType<typeof openRuntime>>, opts: ServeOptions) {
  const target = rt.db.target;
  const listener =
    target.kind === 'postgres' ? await listenForInvalidations(target.url, processCaches) : null;
  const readyChecks: ReadyCheck[] = listener
    ? [{ name: 'invalidations', check: async () => listener.problem() }]
    : [];
  const lite = rt.db.lite;
  const token = randomBytes(32).toString('base64url');
  const replica = config.replicaUrl ? await openReplica(config.replicaUrl, config.dbPool) : null;
  const app = await buildServer(rt.ctx, {
    logger: opts.quiet ? false : { level: config.logLevel },
    metrics: configuredMetrics(rt.db.pool, config, replica ?? undefined),
    ...(replica ? { replica } : {}),
    readyChecks,
    demo: opts.demo,
    // The budget is the machine's CPU: workers on one machine share it.
    signInBudget: signInBudget(config.signInChecksPerSecond / opts.workers),
    ...(lite ? { backup: { token, dump: () => dumpPglite(rt.ctx.db, lite) } } : {}),
  });
  await app.listen({ host: opts.host, port: opts.port });
  const worker = config.eventWorker ? startEventWorker(rt.ctx) : null;
  const scheduler = config.eventWorker ? startScheduler(rt.ctx, SCHEDULED_JOBS) : null;
  const control = target.kind === 'pglite' && target.dataDir ? controlFile(target.dataDir) : null;
  if (control) {
    const url = `http://${loopbackOf(opts.host)}:${(app.server.address() as AddressInfo).port}`;
    writeFileSync(control, JSON.stringify({ pid: process.pid, url, token }), { mode: 0o600 });
  }
  const stop = async () => {
    if (control) rmSync(control, { force: true });
    await app.close();
    await worker?.stop();
    await scheduler?.stop();
    await listener?.close();
    await replica?.close();
    await rt.close();
  };
  return { stop };
}

/** A worker: the server on the shared port. */
async function serveWorker(opts: ServeOptions): Promise<void> {
  const rt = await openRuntime();
  const { stop } = await startServer(rt, opts);
  process.send?.({ kopilka: 'listening' } satisfies Message);
  // The primary stops the workers; Ctrl-C in a terminal reaches them too.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', async () => {
    await stop();
    process.exit(0);
  });
}

async function servePrimary(opts: ServeOptions): Promise<void> {
  // Migrations and the demo once, before any worker opens the database.
  const rt = await openRuntime();
  const demo = opts.demo ? await demoSecrets(rt) : null;
  const setup = opts.demo ? null : await firstStart(rt);
  const where = rt.where;
  await rt.close();

  // A scrape of any worker answers with every worker's metrics, gathered here.
  gatherForWorkers();
  let stopping = false;
  const started = new Map<Worker, number>();
  const start = () => {
    const w = cluster.fork();
    started.set(w, Date.now());
    return w;
  };
  cluster.on('exit', (w, code, signal) => {
    const since = started.get(w) ?? 0;
    started.delete(w);
    if (stopping) return;
    console.error(`Kopilka worker ${w.process.pid} stopped (${signal ?? `code ${code}`})`);
    if (Date.now() - since < RESTART_AFTER_MS) {
      console.error('It stopped right after starting: Kopilka stops too.');
      void stopAll(1);
      return;
    }
    start();
  });
  const stopAll = async (code: number) => {
    stopping = true;
    const alive = [...started.keys()];
    // A worker that does not close its connections in time is not waited for.
    setTimeout(() => process.exit(code), STOP_WITHIN_MS).unref();
    await Promise.all(
      alive.map(
        (w) =>
          new Promise<void>((resolve) => {
            w.once('exit', () => resolve());
            w.kill('SIGTERM');
          }),
      ),
    );
    process.exit(code);
  };

  await Promise.all(
    Array.from(
      { length: opts.workers },
      () =>
        new Promise<void>((resolve) => {
          start().on('message', (m: unknown) => {
            if (isMessage(m) && m.kopilka === 'listening') resolve();
          });
        }),
    ),
  );
  printBanner(opts, where, demo, setup);
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
}
