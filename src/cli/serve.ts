// `kopilka serve` and `kopilka demo`: the HTTP server on the configured database, stopping
// cleanly on SIGINT / SIGTERM so PGlite's files are closed properly.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { findDemo, seedDemo, DEMO_CARD } from '../app/demo-seed.ts';
import { buildServer } from '../http/server.ts';
import { openRuntime } from './runtime.ts';

export interface ServeOptions {
  host: string;
  port: number;
  demo: boolean;
  quiet?: boolean;
}

const DEMO_KEY_FILE = () => `${process.env.KOPILKA_DATA_DIR ?? './data'}/demo-terminal-key.txt`;

export async function serve(opts: ServeOptions): Promise<void> {
  const rt = await openRuntime();
  let demoKey: string | null = null;
  if (opts.demo) {
    const existing = await findDemo(rt.ctx);
    if (existing && existsSync(DEMO_KEY_FILE())) {
      demoKey = readFileSync(DEMO_KEY_FILE(), 'utf8').trim();
    } else if (!existing) {
      const demo = await seedDemo(rt.ctx);
      demoKey = demo.terminalKey;
      writeFileSync(DEMO_KEY_FILE(), `${demoKey}\n`, { mode: 0o600 });
    }
  }
  const app = await buildServer(rt.ctx, {
    logger: opts.quiet ? false : { level: process.env.LOG_LEVEL ?? 'warn' },
  });
  await app.listen({ host: opts.host, port: opts.port });
  const base = `http://${opts.host}:${opts.port}`;
  console.log(`Kopilka is listening on ${base}`);
  console.log(`  POS API:   ${base}/api/pos/v1`);
  console.log(`  API docs:  ${base}/docs`);
  console.log(`  Database:  ${rt.where}`);
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
