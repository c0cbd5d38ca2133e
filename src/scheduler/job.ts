// What a scheduled job is: a name, what it does in both languages, when it runs next, and the
// work of one run. Every job of the installation is listed in ./jobs.ts; the scheduler
// (./scheduler.ts) runs each once per period, whichever process gets to it first.
import type { AppContext } from '../app/context.ts';

export interface JobRun {
  /** The moment the run works at: the clock when it was claimed. */
  now: Date;
  /**
   * When the last successful run started, null before the first: what happened since is this
   * run's to handle. A failed run leaves it where it was, so the next run covers its period too.
   */
  since: Date | null;
}

export interface JobDefinition {
  /** The job's row: stable, lower case with dashes (renaming it starts a new history). */
  name: string;
  description: { ru: string; en: string };
  /** The schedule in words, for the admin API ("every hour"). */
  schedule: { ru: string; en: string };
  /** The start of the period after the one `at` falls in: the job runs once per period. */
  nextRunAfter: (at: Date) => Date;
  /**
   * The work. It must be safe to repeat (a run killed half-way is not rolled back as a whole):
   * each change is its own transaction and recorded so that doing it again changes nothing.
   */
  run: (ctx: AppContext, run: JobRun) => Promise<void>;
}

/** Periods of `ms` counted from 1970-01-01 UTC: every hour on the hour, every 15 minutes. */
export const every =
  (ms: number) =>
  (at: Date): Date =>
    new Date((Math.floor(at.getTime() / ms) + 1) * ms);

export const HOUR = 3_600_000;
