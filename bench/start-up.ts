// Start-up: how long from launch until /health/ready answers 200, and the resident memory once
// started and idle, for the built server (`node dist/kopilka.mjs demo`, what the image runs)
// against `npm start` (the same demo, through npm and its up-to-date checks), in one run.
// The figure is the ratio of the two start times. Embedded PGlite in a fresh data directory,
// migrated and seeded by an untimed first start, so every timed start opens the same database.
//
//   node --import tsx bench/start-up.ts [--runs N]
//
// `npm run build` first (the built server is not rebuilt here). RSS is the sum over the started
// process tree (npm and its shell included for `npm start`: they stay resident too), read from
// /proc 3 s after ready.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every process descended from pid (pid included), from /proc. */
function tree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone meanwhile
    }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(parents.get(all[i]!) ?? []));
  return all;
}

const rssMiB = (pids: number[]) =>
  pids.reduce((sum, p) => {
    const m = existsSync(`/proc/${p}/status`)
      ? readFileSync(`/proc/${p}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m)
      : null;
    return sum + (m ? Number(m[1]) / 1024 : 0);
  }, 0);

async function startOnce(cmd: string[], dataDir: string) {
  const port = await freePort();
  const t0 = performance.now();
  const child: ChildProcess = spawn(cmd[0]!, cmd.slice(1), {
    cwd: ROOT,
    env: { ...process.env, KOPILKA_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'error' },
    stdio: 'ignore',
    detached: true,
  });
  let readyMs = NaN;
  while (performance.now() - t0 < 60_000) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (r.status === 200) {
        readyMs = performance.now() - t0;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  await sleep(3000);
  const rss = rssMiB(tree(child.pid!));
  const done = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  await done;
  return { readyMs, rss };
}

async function measure(label: string, cmd: string[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kopilka-start-'));
  try {
    await startOnce(cmd, dataDir); // migrations and the demo, untimed
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await startOnce(cmd, dataDir));
    const ms = results.map((r) => r.readyMs).sort((a, b) => a - b);
    const rss = results.map((r) => r.rss).sort((a, b) => a - b);
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
    console.log(
      `${label.padEnd(28)} ready in ${median(ms).toFixed(0)} ms (${ms.map((x) => x.toFixed(0)).join(', ')}); idle RSS ${median(rss).toFixed(0)} MiB (${rss.map((x) => x.toFixed(0)).join(', ')})`,
    );
    return median(ms);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (!existsSync(join(ROOT, 'dist/kopilka.mjs'))) {
  console.error('Run `npm run build` first.');
  process.exit(1);
}
console.log(`${cpus().length} × ${cpus()[0]?.model}; ${runs} timed starts each, PGlite`);
const built = await measure('node dist/kopilka.mjs demo', [
  process.execPath,
  'dist/kopilka.mjs',
  'demo',
]);
const npmStart = await measure('npm start', ['npm', 'start']);
console.log(`built server / npm start, start time: ${(built / npmStart).toFixed(2)}`);
