// pgbench's TPC-B-like yardstick with 8 clients, in a database of its own, for the benchmarks
// that compare a close with it (bench/pos-throughput.ts), with the CPU its backends spent.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { backendPids, cpuWindow } from './cpu.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function dbUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

export interface Yardstick {
  tps: number;
  version: string;
  /** PostgreSQL backends' CPU per transaction, and the neighbours' share of the machine. */
  pgCpuMs: number;
  othersShare: number;
}

/** pgbench's TPC-B-like TPS with 8 clients, in a database of its own, dropped afterwards. */
export async function pgbench(url: string, seconds: number): Promise<Yardstick> {
  if (spawnSync('pgbench', ['--version']).error) {
    throw new Error(
      'pgbench is not installed. On Debian/Ubuntu: apt-get install -y postgresql-contrib ' +
        '(pgbench ships with the server package it pulls in, e.g. postgresql-15).',
    );
  }
  const name = `kopilka_pgbench_${randomBytes(4).toString('hex')}`;
  const version = await admin(url, async (c) => {
    await c.query(`create database ${name}`);
    const v = await c.query<{ server_version: string }>('show server_version');
    return v.rows[0]?.server_version ?? '?';
  });
  try {
    const target = dbUrl(url, name);
    const init = spawnSync('pgbench', ['-i', '-s', '8', '-q', target], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pgbench -i failed:\n${init.stderr}`);
    const child = spawn('pgbench', ['-c', '8', '-j', '2', '-T', String(seconds), target]);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const done = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // CPU is sampled inside the run, while pgbench's backends exist: from 1 s to 0.5 s before
    // the end.
    await sleep(1000);
    const window = cpuWindow({
      postgres: await backendPids(target),
      pgbench: [child.pid ?? 0],
      client: [process.pid],
    });
    const from = performance.now();
    await sleep(seconds * 1000 - 1500);
    const use = window.end();
    const windowSeconds = (performance.now() - from) / 1000;
    const code = await done;
    const m = /tps = ([\d.]+)/.exec(out);
    if (code !== 0 || !m) throw new Error(`pgbench failed:\n${out}`);
    const tps = Number(m[1]);
    const ours = (use.groups.postgres ?? 0) + (use.groups.pgbench ?? 0) + (use.groups.client ?? 0);
    return {
      tps,
      version,
      pgCpuMs: ((use.groups.postgres ?? 0) * 1000) / (tps * windowSeconds),
      othersShare: Math.max(0, use.machineBusy - ours) / use.machineTotal,
    };
  } finally {
    await admin(url, (c) => c.query(`drop database if exists ${name} with (force)`));
  }
}
