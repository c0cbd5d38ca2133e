// News and maintenance letters the installation's operator sends to every organization's
// recipients of that type, and the addresses that unsubscribed from a kind of letter. An
// announcement is written once (its key is its content: the same command run again sends
// nothing new) in the transaction that queues its letters into each organization's
// email_deliveries, so they are sent, retried and logged as every other letter
// (docs/events.md).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table announcements (
  id bigint generated always as identity primary key,
  type text not null check (type in ('news', 'maintenance')),
  dedup_key text not null unique,
  subject text not null,
  text_body text not null,
  -- The operator's own HTML, put inside the letter's frame; null: made from the text.
  html_body text,
  -- The English version for organizations whose letters are in English; null: the same text.
  subject_en text,
  text_body_en text,
  html_body_en text,
  created_by text not null,
  organizations integer not null,
  letters integer not null,
  created_at timestamptz not null default now()
);

-- An address that followed an unsubscribe link: no more letters of that kind from this
-- organization (the letters are dropped when queued).
create table email_unsubscribes (
  org_id bigint not null references organizations(id),
  kind text not null,
  address text not null,
  created_at timestamptz not null default now(),
  primary key (org_id, kind, address)
);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table email_unsubscribes, announcements;`.execute(db);
}
