// Guest search that stays instant on hundreds of thousands of guests. "Contains" searches on a
// name, a phone or an e-mail use trigram indexes (pg_trgm) when the server offers the
// extension — PGlite bundles it, and PostgreSQL has it in contrib; without it the search still
// works, by scanning. Card numbers and UIDs are exact and already indexed.
import { sql, type Kysely } from 'kysely';

/** The name as the search reads it; || on text is immutable, so it can be indexed. */
export const GUEST_NAME_EXPR = `(coalesce(last_name, '') || ' ' || coalesce(first_name, '') || ' ' || coalesce(middle_name, ''))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const offered = await sql`select 1 from pg_available_extensions where name = 'pg_trgm'`.execute(
    db,
  );
  if (offered.rows.length === 0) return;
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql
    .raw(
      `create index guests_name_trgm on guests using gin (${GUEST_NAME_EXPR} gin_trgm_ops);
       create index guests_phone_trgm on guests using gin (phone gin_trgm_ops);
       create index guests_email_trgm on guests using gin (email gin_trgm_ops);`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index if exists guests_name_trgm;
drop index if exists guests_phone_trgm;
drop index if exists guests_email_trgm;
`.execute(db);
}
