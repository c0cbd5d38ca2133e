// r_keeper 7: the FarCards endpoint of each restaurant (its credential and soft-offline limits)
// and the organization's connection to the r_keeper XML interface (seed 002).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- One FarCards endpoint per restaurant. Only a SHA-256 of the 256-bit secret is kept; the
-- terminal is the point of service FarCards operations are recorded under ("Касса r-keeper").
create table rkeeper_endpoints (
  org_id bigint not null references organizations(id),
  restaurant_id bigint not null,
  terminal_id bigint not null,
  secret_hash text not null,
  secret_hint text not null,
  offline_limits jsonb not null default '{}',
  created_at timestamptz not null default now(),
  rotated_at timestamptz not null default now(),
  primary key (org_id, restaurant_id),
  foreign key (org_id, restaurant_id) references restaurants (org_id, id),
  foreign key (org_id, terminal_id) references terminals (org_id, id)
);

-- The password is needed in clear to call r_keeper, so it is stored; the API never returns it.
create table rkeeper_xml_settings (
  org_id bigint not null references organizations(id),
  kind text not null check (kind in ('mid', 'ref')),
  host text not null,
  port integer not null check (port between 1 and 65535),
  user_name text not null,
  password text not null,
  allow_self_signed boolean not null default false,
  updated_at timestamptz not null default now(),
  primary key (org_id)
);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table rkeeper_xml_settings, rkeeper_endpoints;`.execute(db);
}
