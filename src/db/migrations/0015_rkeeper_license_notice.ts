// The last licensing notice ExtDllHTTP.dll sent a restaurant's FarCards endpoint (its LicenseInfo
// call), so the owner sees in the cabinet why r_keeper's card interface may stop.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table rkeeper_endpoints add column license_notice text;
alter table rkeeper_endpoints add column license_notice_at timestamptz;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table rkeeper_endpoints drop column license_notice;
alter table rkeeper_endpoints drop column license_notice_at;
`.execute(db);
}
