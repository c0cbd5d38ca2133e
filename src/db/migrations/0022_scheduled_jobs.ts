// Scheduled jobs: one row per job of the installation, claimed by moving its next run ahead in
// one statement, so any number of server processes and `kopilka worker`s run each job once per
// period (docs/events.md). Bonus lots get the two indexes the lot jobs scan by: lots expiring
// with points left, and lots becoming spendable.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table scheduled_jobs (
  name text primary key,
  -- The start of the period the next run covers; a claim moves it to the following one.
  next_run_at timestamptz not null,
  -- A run in progress keeps the job until then: a process killed mid-run frees it when it ends.
  running_until timestamptz,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  -- When the last successful run started: the next run covers what happened since.
  last_success_at timestamptz,
  last_error text,
  runs integer not null default 0,
  failures integer not null default 0
);
create index bonus_lots_expiring on bonus_lots (expires_at) where remaining > 0;
create index bonus_lots_becoming_available on bonus_lots (available_from) where remaining > 0;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index bonus_lots_becoming_available;
drop index bonus_lots_expiring;
drop table scheduled_jobs;`.execute(db);
}
