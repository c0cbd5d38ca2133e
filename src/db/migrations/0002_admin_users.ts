// People who manage an organization (M3) and their login sessions.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table users (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  email text not null,
  name text not null,
  role text not null check (role in ('owner', 'manager', 'marketer', 'analyst', 'integrator', 'support')),
  password_hash text not null,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);
-- Login finds the user by e-mail before the organization is known: a directory lookup.
create unique index users_email on users (lower(email));

create table user_sessions (
  org_id bigint not null,
  id bigint generated always as identity,
  user_id bigint not null,
  token_hash text not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, user_id) references users (org_id, id)
);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table user_sessions, users;`.execute(db);
}
