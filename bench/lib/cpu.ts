// CPU time per process from Linux's /proc. On a shared machine the wall-clock figures move
// with the neighbours' load; CPU seconds spent by the server and by its PostgreSQL backends per
// transaction do not, so the benchmarks print both.
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux architecture Node supports

/** utime + stime of a process in seconds; 0 once it has exited. */
export function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the parenthesised command name: state is 0, utime 11, stime 12.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** A process and its descendants (a server's cluster workers), read from /proc. */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(parents.get(out[i] as number) ?? []));
  return out;
}

/** Busy and total CPU seconds of the whole machine, all cores, since boot. */
function machineSeconds(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1) ?? [];
  const ticks = cpu.map(Number);
  const total = ticks.reduce((s, x) => s + x, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/** Server processes of a database's connections (local servers only; empty if remote). */
export async function backendPids(url: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return r.rows.map((x) => x.pid);
  } finally {
    await c.end();
  }
}

export interface CpuUse {
  /** CPU seconds of each named group of processes over the window. */
  groups: Record<string, number>;
  /** CPU seconds the whole machine was busy, and its capacity (cores × wall seconds). */
  machineBusy: number;
  machineTotal: number;
}

/** Starts a window now over named groups of processes; `end()` reports what each group used. */
export function cpuWindow(groups: Record<string, readonly number[]>): { end(): CpuUse } {
  const sum = (pids: readonly number[]) => pids.reduce((s, p) => s + cpuSecondsOf(p), 0);
  const start = Object.fromEntries(Object.entries(groups).map(([k, pids]) => [k, sum(pids)]));
  const m0 = machineSeconds();
  return {
    end() {
      const m1 = machineSeconds();
      return {
        groups: Object.fromEntries(
          Object.entries(groups).map(([k, pids]) => [k, sum(pids) - (start[k] ?? 0)]),
        ),
        machineBusy: m1.busy - m0.busy,
        machineTotal: m1.total - m0.total,
      };
    },
  };
}
