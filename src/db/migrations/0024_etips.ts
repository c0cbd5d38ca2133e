// E-tips (G4): a venue's settings for an e-tips service — the link template of the service and
// the venue's own recipient — and the recipients of its waiters, named as the till names them.
// The receipt footer and the guest's page print the link (docs/loyalty.md).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table etips_venues (
  org_id bigint not null,
  restaurant_id bigint not null,
  enabled boolean not null,
  service_name text not null,
  -- https://… with {recipient}: the service's page of one recipient.
  link_template text not null,
  -- The venue's own recipient (the team), for checks whose waiter has none.
  recipient text not null,
  on_receipt boolean not null,
  on_guest_page boolean not null,
  updated_at timestamptz not null default now(),
  primary key (org_id, restaurant_id),
  foreign key (org_id, restaurant_id) references restaurants (org_id, id)
);

create table etips_waiters (
  org_id bigint not null,
  restaurant_id bigint not null,
  -- The waiter as the till names the check's operator (r_keeper's waiter, the POS API's operator).
  waiter text not null,
  recipient text not null,
  primary key (org_id, restaurant_id, waiter),
  foreign key (org_id, restaurant_id) references etips_venues (org_id, restaurant_id) on delete cascade
);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table etips_waiters, etips_venues;`.execute(db);
}
