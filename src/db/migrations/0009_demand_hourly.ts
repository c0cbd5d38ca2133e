// The item-demand read model (src/app/demand-summary.ts), filled from the checks already closed.
// A null category is a category of its own, so the key treats nulls as equal (PostgreSQL 15+).
import { sql, type Kysely } from 'kysely';
import { addDemand } from '../../app/demand-summary.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table demand_hourly (
  org_id bigint not null,
  restaurant_id bigint not null,
  hour timestamptz not null,
  item_code text not null,
  item_name text not null,
  category_name text,
  checks integer not null,
  item_checks integer not null,
  category_checks integer not null,
  order_checks integer not null,
  quantity_milli bigint not null,
  amount bigint not null,
  refunded_milli bigint not null,
  refunded bigint not null,
  deposit bigint not null,
  bonus bigint not null,
  unique nulls not distinct (org_id, hour, restaurant_id, item_code, item_name, category_name)
);
`.execute(db);
  await addDemand(sql`true`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table demand_hourly;`.execute(db);
}
