// The admin API's own rows: the venue card of each restaurant (M1), and indexes that let the
// audit log be queried by time and by actor as well as by entity.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table venue_cards (
  org_id bigint not null,
  restaurant_id bigint not null,
  description text,
  -- [{ day: 'mon'…'sun', open: 'HH:MM', close: 'HH:MM' }]; close before open runs past midnight.
  hours jsonb not null default '[]',
  city text,
  address text,
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  average_check bigint check (average_check >= 0),
  logo_url text,
  contact_phone text,
  contact_email text,
  sync_with_licensing boolean not null default false,
  updated_at timestamptz not null default now(),
  primary key (org_id, restaurant_id),
  foreign key (org_id, restaurant_id) references restaurants (org_id, id)
);

create index audit_at on audit_log (org_id, at, id);
create index audit_actor on audit_log (org_id, actor_id, id);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index audit_actor; drop index audit_at; drop table venue_cards;`.execute(db);
}
