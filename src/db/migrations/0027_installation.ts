// The installation's operator: whoever hosts Kopilka for many organizations. Operators belong
// to no organization, so they have tables of their own (an operator row in `users` would need
// an organization, and every organization-scoped query would have to remember to exclude it).
// Their sessions expire like staff sessions; what they do is written to the installation's
// audit log, which no organization reads. A password set-up is a one-time link: the first
// operator's at a production server's first start, and an organization's first owner's, so
// nobody but the person who signs in ever knows the password.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table operators (
  id bigint generated always as identity primary key,
  email text not null,
  name text not null,
  password_hash text not null,
  disabled_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index operators_email on operators (lower(email));

create table operator_sessions (
  id bigint generated always as identity primary key,
  operator_id bigint not null references operators(id),
  token_hash text not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);

create table installation_audit (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_type text not null,
  actor_id text,
  actor_name text,
  action text not null,
  entity text not null,
  entity_id text,
  -- The organization the action concerns, when there is one.
  org_id bigint,
  before jsonb,
  after jsonb
);
create index installation_audit_at on installation_audit (at, id);

create table password_setups (
  id bigint generated always as identity primary key,
  token_hash text not null unique,
  -- first_operator: the person chooses e-mail, name and password; user: a password for a user
  -- made without one (an organization's first owner).
  purpose text not null check (purpose in ('first_operator', 'user')),
  org_id bigint,
  user_id bigint,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  foreign key (org_id, user_id) references users (org_id, id),
  check ((purpose = 'user') = (user_id is not null))
);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table password_setups, installation_audit, operator_sessions, operators;`.execute(
    db,
  );
}
