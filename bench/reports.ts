// Report timings on the generated network (bench/generate-network.ts), through the real HTTP
// server run as a child process on PostgreSQL: the detailed sales of one restaurant-day
// (target ≤ 200 ms), item demand of the whole network for a month (≤ 1 s), and a streamed
// export of ≥ 100k rows with the server's peak RSS (VmHWM) ≤ 150 MB. The database is dropped
// and the server stopped at the end, also on failure.
//
//   KOPILKA_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/reports.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createUser } from '../src/app/admin/users.ts';
import { createContext } from '../src/app/context.ts';
import { openDatabase } from '../src/db/connect.ts';
import { generateNetwork } from './generate-network.ts';

const adminUrl = process.env.KOPILKA_BENCH_DATABASE_URL ?? process.env.KOPILKA_TEST_DATABASE_URL;
if (!adminUrl) {
  console.error('Set KOPILKA_BENCH_DATABASE_URL (a PostgreSQL server where databases may be created).');
  process.exit(2);
}
const PORT = 18_000 + (process.pid % 1000);
const base = `http://127.0.0.1:${PORT}/api/admin/v1`;

const vm = (pid: number, key: 'VmHWM' | 'VmRSS') => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(key));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function timed(url: string, token: string): Promise<{ ms: number; bytes: number; lines: number }> {
  const t = performance.now();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let lines = 0;
  // Read as it streams: the client keeps nothing, so only the server's memory is measured.
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  return { ms: performance.now() - t, bytes, lines };
}

async function series(label: string, url: string, token: string, runs: number, target: number) {
  await timed(url, token);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push((await timed(url, token)).ms);
  const p50 = median(ms);
  console.log(
    `${label.padEnd(34)} p50 ${p50.toFixed(0).padStart(5)} ms  max ${Math.max(...ms).toFixed(0).padStart(5)} ms  (${runs} runs; target ≤ ${target} ms) ${p50 <= target ? 'OK' : 'OVER'}`,
  );
}

const net = await generateNetwork(adminUrl);
console.log(`network generated in ${net.seconds.toFixed(1)} s:`, JSON.stringify(net.counts));
let server: ChildProcess | undefined;
try {
  const opened = await openDatabase({ kind: 'postgres', url: net.url, poolSize: 1 });
  const ctx = createContext(opened.db);
  const actor = { orgId: net.orgId, type: 'cli' as const, id: null, name: 'bench' };
  await createUser(ctx, actor, { email: 'bench@example.ru', name: 'Bench', role: 'analyst', password: 'bench bench bench' });
  await opened.close();

  server = spawn(process.execPath, ['bin/kopilka.mjs', 'serve', '--port', String(PORT)], {
    env: { ...process.env, DATABASE_URL: net.url, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = server.pid as number;
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${PORT}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 600) throw new Error('the server did not start within a minute');
    await sleep(100);
  }
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.ru', password: 'bench bench bench' }),
  });
  const { token } = (await login.json()) as { token: string };
  console.log(`server pid ${pid}, RSS after start ${vm(pid, 'VmRSS')} MB`);

  const day = await timed(`${base}/reports/sales?restaurant_id=7&from=2024-02-15&to=2024-02-15&limit=500`, token);
  console.log(`one restaurant-day: ${day.bytes} bytes of JSON`);
  await series('A1 sales, restaurant-day, JSON', `${base}/reports/sales?restaurant_id=7&from=2024-02-15&to=2024-02-15&limit=500`, token, 20, 200);
  await series('A1 sales, restaurant-day, CSV', `${base}/reports/sales?restaurant_id=7&from=2024-02-15&to=2024-02-15&format=csv`, token, 20, 200);
  await series('A2 demand, network, month, item', `${base}/reports/demand?from=2024-02-01&to=2024-02-29&group_by=item`, token, 5, 1000);
  await series('A2 demand, network, month, hour', `${base}/reports/demand?from=2024-02-01&to=2024-02-29&group_by=category,hour`, token, 5, 1000);
  const before = vm(pid, 'VmHWM');
  for (const format of ['csv', 'xlsx'] as const) {
    const url = `${base}/reports/guest-spend?from=2024-01-01&to=2024-03-31&format=${format}`;
    const r = await timed(url, token);
    const rows = format === 'csv' ? r.lines - 1 : Number.NaN;
    console.log(
      `A3 guest spend export ${format.padEnd(4)}          ${(r.ms / 1000).toFixed(1)} s, ${(r.bytes / 1e6).toFixed(1)} MB${format === 'csv' ? `, ${rows} rows` : ''}; server VmHWM ${vm(pid, 'VmHWM')} MB (target ≤ 150)`,
    );
  }
  const history = await timed(`${base}/reports/history?guest_id=12345&format=csv`, token);
  console.log(`C6 history export of one guest      ${history.ms.toFixed(0)} ms, ${history.lines - 3} rows`);
  console.log(`server peak RSS: ${vm(pid, 'VmHWM')} MB (${before} MB before the exports)`);
} finally {
  if (server?.pid) {
    server.kill('SIGTERM');
    await new Promise((r) => server?.once('exit', r));
  }
  await net.drop();
}
