// Google Wallet: an organization's issuer account (its issuer id, the service account that signs
// for it with its key sealed, and the card's design), one loyalty object per guest who asked for
// the «Добавить в Google Wallet» link, and the queue of updates that keeps the organization's
// loyalty class and those objects live — claimed with a lease and retried, like wallet_pushes.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table wallet_google_settings (
  org_id bigint primary key references organizations(id),
  issuer_id text not null,
  client_email text not null,
  private_key_id text not null,
  -- The service account's private key, PKCS#8 PEM, sealed (stored-secrets.ts) for client_email.
  key_sealed text not null,
  background_color text not null,
  logo_url text not null,
  updated_at timestamptz not null
);

create table wallet_google_objects (
  org_id bigint not null,
  guest_id bigint not null,
  -- Random: the object's id is "<issuer id>.<suffix>", unique across organizations sharing an issuer.
  object_suffix text not null,
  created_at timestamptz not null,
  primary key (org_id, guest_id),
  foreign key (org_id, guest_id) references guests(org_id, id)
);

create table wallet_google_updates (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  -- The guest whose object changed; null: the organization's loyalty class.
  guest_id bigint,
  status text not null default 'pending' check (status in ('pending', 'sent', 'dead')),
  -- Changes that called for this update: one arriving while the update is in flight makes it
  -- go out once more, so the card never keeps what was read before that change.
  changes integer not null default 1,
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error text,
  created_at timestamptz not null,
  primary key (org_id, id)
);
-- Several changes before an update goes out are one update: it sends what is current then.
create unique index wallet_google_updates_waiting on wallet_google_updates (org_id, coalesce(guest_id, 0))
  where status = 'pending';
create index wallet_google_updates_due on wallet_google_updates (next_attempt_at) where status = 'pending';
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table wallet_google_updates, wallet_google_objects, wallet_google_settings;`.execute(
    db,
  );
}
