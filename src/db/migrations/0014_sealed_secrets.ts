// Stored passwords sealed (AES-256-GCM, bound to the address they were entered for) instead of
// kept in clear (r_keeper XML interface) or as the digest iiko accepts in place of the password.
// Migrations have no access to the installation's key, so the old values are dropped, not
// sealed: after the upgrade an integrator enters each password once more (the settings show
// password_set false / passwordSet false until then). Nothing else of the settings changes.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table rkeeper_xml_settings drop column password;
alter table rkeeper_xml_settings add column password_sealed text;
alter table iiko_server_settings drop column password_sha1;
alter table iiko_server_settings add column password_sealed text;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The sealed values cannot be turned back without the key: the passwords are entered again.
  await sql`
delete from rkeeper_xml_settings;
delete from iiko_server_settings;
alter table rkeeper_xml_settings drop column password_sealed;
alter table rkeeper_xml_settings add column password text not null;
alter table iiko_server_settings drop column password_sealed;
alter table iiko_server_settings add column password_sha1 text not null check (password_sha1 ~ '^[0-9a-f]{40}$');
`.execute(db);
}
