// Guest channels: registration links (per organization, optionally per restaurant and
// campaign), how and with which consent each guest joined, one-time codes sent by SMS, the
// guest's own short sessions, reviews, and attempt counters for the public entry points. The
// counters are one row per key (a phone, an address) changed by a single upsert, so parallel
// requests cannot overwrite each other's counts (as sign_in_failures does for e-mail addresses).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table registration_links (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  token text not null,
  restaurant_id bigint,
  campaign text,
  created_at timestamptz not null default now(),
  disabled_at timestamptz,
  primary key (org_id, id),
  foreign key (org_id, restaurant_id) references restaurants(org_id, id)
);
create unique index registration_links_token on registration_links (token);
create unique index registration_links_default on registration_links (org_id)
  where restaurant_id is null and campaign is null;

create table guest_registrations (
  org_id bigint not null,
  guest_id bigint not null,
  link_id bigint,
  restaurant_id bigint,
  campaign text,
  consent_version text not null,
  consent_at timestamptz not null,
  primary key (org_id, guest_id),
  foreign key (org_id, guest_id) references guests(org_id, id),
  foreign key (org_id, link_id) references registration_links(org_id, id)
);
create index guest_registrations_link on guest_registrations (org_id, link_id);

create table guest_codes (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  phone text not null,
  code_hash text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  failures integer not null default 0,
  used_at timestamptz,
  primary key (org_id, id)
);
create index guest_codes_phone on guest_codes (org_id, phone, id);

create table guest_sessions (
  org_id bigint not null,
  id bigint generated always as identity,
  guest_id bigint not null,
  token_hash text not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  created_at timestamptz not null,
  primary key (org_id, id),
  foreign key (org_id, guest_id) references guests(org_id, id)
);

create table guest_reviews (
  org_id bigint not null,
  id bigint generated always as identity,
  guest_id bigint not null,
  restaurant_id bigint,
  rating smallint not null check (rating between 1 and 5),
  text text not null,
  created_at timestamptz not null,
  primary key (org_id, id),
  foreign key (org_id, guest_id) references guests(org_id, id)
);

create table guest_attempts (
  key text primary key,
  count integer not null,
  window_started timestamptz not null
);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop table guest_attempts;
drop table guest_reviews;
drop table guest_sessions;
drop table guest_codes;
drop table guest_registrations;
drop table registration_links;
`.execute(db);
}
