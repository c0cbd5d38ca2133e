// Each organization's ceilings on creating money (src/domain/money-limits.ts). No row means
// the defaults; the owner's first change writes one. Refusals and notable amounts go to
// security_events, which already exists.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table money_limits (
  org_id bigint primary key references organizations(id),
  max_topup bigint not null check (max_topup > 0),
  max_credit_limit bigint not null check (max_credit_limit > 0),
  max_payer_links integer not null check (max_payer_links >= 0),
  notable_amount bigint not null check (notable_amount > 0),
  updated_at timestamptz not null default now()
);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table money_limits;`.execute(db);
}
