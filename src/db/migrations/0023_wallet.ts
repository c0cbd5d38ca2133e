// Wallet cards: an organization's Apple Pass Type ID certificate (its key sealed) and the pass's
// design, one pass per guest (its serial and sealed authentication token, and when its content
// last changed), the devices that registered for its updates, and the pushes that tell those
// devices to fetch it again — claimed with a lease and retried, like webhook deliveries.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table wallet_apple_settings (
  org_id bigint primary key references organizations(id),
  -- From the certificate. Apple's web service paths carry the pass type and no organization:
  -- the pass type names the organization (a global key, test/db/tenancy-keys.test.ts).
  pass_type_id text not null,
  team_id text not null,
  certificate_pem text not null,
  certificate_expires_at timestamptz not null,
  -- The private key, unencrypted PKCS#8 PEM, sealed (stored-secrets.ts) for this pass type.
  key_sealed text not null,
  wwdr_pem text not null,
  background_color text not null,
  foreground_color text not null,
  label_color text not null,
  logo_png text not null,
  updated_at timestamptz not null
);
create unique index wallet_apple_settings_pass_type on wallet_apple_settings (pass_type_id);

create table wallet_passes (
  org_id bigint not null,
  -- Random (128 bits): found by the pass type's organization and the serial.
  serial text not null,
  guest_id bigint not null,
  -- Sealed, bound to the serial: it is written into every copy of the pass.
  auth_token_sealed text not null,
  -- The pass's content changed (a balance moved): Last-Modified, and the update tag.
  updated_at timestamptz not null,
  -- A short-lived link for the guest's phone to download the pass (hashed).
  download_hash text,
  download_until timestamptz,
  created_at timestamptz not null,
  primary key (org_id, serial),
  unique (org_id, guest_id),
  foreign key (org_id, guest_id) references guests(org_id, id)
);
create index wallet_passes_download on wallet_passes (download_hash) where download_hash is not null;

create table wallet_registrations (
  org_id bigint not null,
  device_id text not null,
  serial text not null,
  push_token text not null,
  created_at timestamptz not null,
  primary key (org_id, device_id, serial),
  foreign key (org_id, serial) references wallet_passes(org_id, serial) on delete cascade
);
create index wallet_registrations_pass on wallet_registrations (org_id, serial);

create table wallet_pushes (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  push_token text not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error text,
  created_at timestamptz not null,
  primary key (org_id, id)
);
-- Several balance changes before a push goes out are one push: the phone fetches the latest.
create unique index wallet_pushes_waiting on wallet_pushes (org_id, push_token) where status = 'pending';
create index wallet_pushes_due on wallet_pushes (next_attempt_at) where status = 'pending';
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table wallet_pushes, wallet_registrations, wallet_passes, wallet_apple_settings;`.execute(
    db,
  );
}
