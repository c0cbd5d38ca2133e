// An e-mail address is unique within an organization, no longer across the installation:
// refusing an address because another organization has it told that organization's owner
// who works elsewhere. Signing in finds the address's accounts and checks the password
// against each (src/app/admin/sign-in.ts).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index users_email;
create unique index users_org_email on users (org_id, lower(email));
create index users_email on users (lower(email));
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index users_email;
drop index users_org_email;
create unique index users_email on users (lower(email));
`.execute(db);
}
