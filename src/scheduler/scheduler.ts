// The scheduler: runs each job of ./jobs.ts once per period, however many server processes and
// `kopilka worker`s run it. A job is one row of scheduled_jobs; a process claims a due job with
// one UPDATE that moves the row's next run to the following period and leases it:
// - on PostgreSQL a second process's UPDATE of the same row waits for the first, then finds the
//   next run in the future and claims nothing; PGlite serves one connection, so claims follow
//   each other;
// - the lease (running_until) keeps a long run from overlapping the next period's, and frees a
//   job whose process was killed mid-run when it ends;
// - a run's outcome is written only if the row still records this run's start, so a run that
//   outlived its lease cannot overwrite a newer one's.
// A failed run records its error; the next period runs the job again (`since` unchanged). The
// row keeps only the error's kind and code: the jobs are the installation's and every
// organization's integrators read the row, while a message may quote another organization's
// data — the full message goes to the server log.
// No job library: pg-boss and graphile-worker need node-postgres connections and schemas of their
// own and cannot run on the embedded PGlite database (docs/events.md).
import { sql } from 'kysely';
import type { AppContext } from '../app/context.ts';
import type { JobDefinition } from './job.ts';

export interface SchedulerOptions {
  /** How long a claimed run holds its job. */
  leaseMs: number;
  /** The wait between looks for due jobs. */
  pollMs: number;
  log: (message: string) => void;
}

export const DEFAULT_SCHEDULER: SchedulerOptions = {
  leaseMs: 30 * 60_000,
  pollMs: 30_000,
  log: (m) => console.error(m),
};

/**
 * What the row keeps of a failure: the error's class and code (an SQLSTATE, a domain code).
 * The run's start (last_started_at) is in the row and in the server log's line beside it.
 */
export function errorSummary(e: unknown): string {
  const kind = e instanceof Error ? e.name : typeof e;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[\w.-]{1,64}$/.test(code) ? `${kind} ${code}` : kind;
}

/** Adds the rows of jobs new to the database, due at once. */
export async function registerJobs(ctx: AppContext, jobs: readonly JobDefinition[]) {
  if (jobs.length === 0) return;
  const now = ctx.now();
  await ctx.db
    .insertInto('scheduled_jobs')
    .values(jobs.map((j) => ({ name: j.name, next_run_at: now })))
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

interface Claim {
  started: Date;
  since: Date | null;
}

async function claim(
  ctx: AppContext,
  job: JobDefinition,
  now: Date,
  leaseMs: number,
): Promise<Claim | null> {
  const r = await sql<{ last_success_at: Date | null }>`
    update scheduled_jobs
    set next_run_at = ${job.nextRunAfter(now)}, running_until = ${new Date(now.getTime() + leaseMs)},
      last_started_at = ${now}, runs = runs + 1
    where name = ${job.name} and next_run_at <= ${now}
      and (running_until is null or running_until <= ${now})
    returning last_success_at`.execute(ctx.db);
  const row = r.rows[0];
  return row ? { started: now, since: row.last_success_at } : null;
}

async function finish(ctx: AppContext, job: JobDefinition, c: Claim, error: string | null) {
  await ctx.db
    .updateTable('scheduled_jobs')
    .set((eb) => ({
      running_until: null,
      last_finished_at: ctx.now(),
      last_error: error,
      ...(error === null ? { last_success_at: c.started } : { failures: eb('failures', '+', 1) }),
    }))
    .where('name', '=', job.name)
    .where('last_started_at', '=', c.started)
    .execute();
}

/** Runs, one after another, the jobs due now that no other process holds; returns their names. */
export async function runDueJobs(
  ctx: AppContext,
  jobs: readonly JobDefinition[],
  o: Pick<SchedulerOptions, 'leaseMs' | 'log'> = DEFAULT_SCHEDULER,
): Promise<string[]> {
  const ran: string[] = [];
  for (const job of jobs) {
    const c = await claim(ctx, job, ctx.now(), o.leaseMs);
    if (!c) continue;
    ran.push(job.name);
    let error: string | null = null;
    try {
      await job.run(ctx, { now: c.started, since: c.since });
    } catch (e) {
      error = errorSummary(e);
      o.log(
        `Kopilka scheduled job ${job.name} (run of ${c.started.toISOString()}) failed: ${(e as Error).message || String(e)}`,
      );
    }
    await finish(ctx, job, c, error);
  }
  return ran;
}

export interface RunningScheduler {
  stop(): Promise<void>;
}

/** Registers the jobs, then looks for due ones every `pollMs` until stopped. */
export function startScheduler(
  ctx: AppContext,
  jobs: readonly JobDefinition[],
  o: SchedulerOptions = DEFAULT_SCHEDULER,
): RunningScheduler {
  let running = true;
  let wake: (() => void) | null = null;
  const rest = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  const loop = (async () => {
    let registered = false;
    while (running) {
      try {
        if (!registered) await registerJobs(ctx, jobs);
        registered = true;
        await runDueJobs(ctx, jobs, o);
      } catch (e) {
        o.log(`Kopilka scheduler: ${(e as Error).message}`);
      }
      if (running) await rest(o.pollMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      wake?.();
      await loop;
    },
  };
}

export interface JobStatus {
  name: string;
  description: { ru: string; en: string };
  schedule: { ru: string; en: string };
  next_run_at: string | null;
  running: boolean;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  runs: number;
  failures: number;
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** Each job with its row; a job no process has registered yet shows no runs. */
export async function jobStatuses(
  ctx: AppContext,
  jobs: readonly JobDefinition[],
): Promise<JobStatus[]> {
  const rows = await ctx.db.selectFrom('scheduled_jobs').selectAll().execute();
  const now = ctx.now().getTime();
  return jobs.map((j) => {
    const r = rows.find((x) => x.name === j.name);
    return {
      name: j.name,
      description: j.description,
      schedule: j.schedule,
      next_run_at: iso(r?.next_run_at),
      running: r?.running_until ? r.running_until.getTime() > now : false,
      last_started_at: iso(r?.last_started_at),
      last_finished_at: iso(r?.last_finished_at),
      last_success_at: iso(r?.last_success_at),
      last_error: r?.last_error ?? null,
      runs: r?.runs ?? 0,
      failures: r?.failures ?? 0,
    };
  });
}
