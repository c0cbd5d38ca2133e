// Failed sign-ins counted per e-mail address, known or not, in one row each: a single
// upsert counts a failure and sets the lockout, so parallel wrong passwords cannot overwrite
// each other's count, and an unknown address is throttled exactly like a known one (the
// answer must not tell them apart). The counters on users are gone: they were per account,
// read and written back in two steps.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table sign_in_failures (
  email text primary key,
  failures integer not null,
  locked_until timestamptz,
  last_failed_at timestamptz not null
);
alter table users drop column failed_logins, drop column locked_until;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table users add column failed_logins integer not null default 0,
  add column locked_until timestamptz;
drop table sign_in_failures;
`.execute(db);
}
