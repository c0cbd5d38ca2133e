// `kopilka serve` and `kopilka demo`: the HTTP server on the configured database, stopping
// cleanly on SIGINT / SIGTERM so PGlite's files are closed properly.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DEMO_CARD, DEMO_OWNER_EMAIL, findDemo, seedDemo } from '../app/demo-seed.ts';
import { buildServer } from '../http/server.ts';
import { openRuntime } from './runtime.ts';

export interface ServeOptions {
  host: string;
  port: number;
  demo: boolean;
  quiet?: boolean;
}

const dataDir = () => process.env.KOPILKA_DATA_DIR ?? './data';
const DEMO_KEY_FILE = () => `${dataDir()}/demo-terminal-key.txt`;
const DEMO_ADMIN_FILE = () => `${dataDir()}/demo-admin.txt`;

/** The demo's secrets, created once and kept (mode 600) beside the data they open. */
async function demoSecrets(rt: Awaited<ReturnType<typeof openRuntime>>) {
  const existing = await findDemo(rt.ctx);
  if (existing) {
    const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').trim() : null);
    return { key: read(DEMO_KEY_FILE()), admin: read(DEMO_ADMIN_FILE()) };
  }
  const demo = await seedDemo(rt.ctx);
  const admin = `${DEMO_OWNER_EMAIL} ${demo.ownerPassword}`;
  writeFileSync(DEMO_KEY_FILE(), `${demo.terminalKey}\n`, { mode: 0o600 });
  writeFileSync(DEMO_ADMIN_FILE(), `${admin}\n`, { mode: 0o600 });
  return { key: demo.terminalKey, admin };
}

export async function serve(opts: ServeOptions): Promise<void> {
  const rt = await openRuntime();
  const demo = opts.demo ? await demoSecrets(rt) : null;
  const app = await buildServer(rt.ctx, {
    logger: opts.quiet ? false : { level: process.env.LOG_LEVEL ?? 'warn' },
  });
  await app.listen({ host: opts.host, port: opts.port });
  const base = `http://${opts.host}:${opts.port}`;
  console.log(`Kopilka is listening on ${base}`);
  console.log(`  POS API:   ${base}/api/pos/v1`);
  console.log(`  API docs:  ${base}/docs`);
  console.log(`  Database:  ${rt.where}`);
  const demoKey = demo?.key;
  if (demoKey) {
    console.log(
      `\nDemo organization «Тестовая», till «Касса r-keeper», card ${DEMO_CARD.number} (UID ${DEMO_CARD.uid}).`,
    );
    console.log(`  Terminal key: ${demoKey}`);
    console.log(
      `  Try: curl -s -H 'Authorization: Bearer ${demoKey}' -H 'Content-Type: application/json' \\`,
    );
    console.log(`         -d '{"uid":"${DEMO_CARD.uid}"}' ${base}/api/pos/v1/identify`);
  }
  if (demo?.admin) {
    const [email, password] = demo.admin.split(' ');
    console.log(`  Admin API: ${base}/api/admin/v1 — owner ${email}, password ${password}`);
    console.log(`  (both are kept in ${dataDir()}/demo-terminal-key.txt and demo-admin.txt)`);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await rt.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
