// E-mail notifications: an organization's SMTP server (its password sealed, bound to host and
// port), who receives which notification, and the e-mails waiting to go out. An e-mail row is
// written by the event worker in the transaction that dispatches its event (or by the use case
// that sends it: a test letter, the birthday list, news), so the outbox's guarantees hold for
// mail too: unique per organization and dedup key, claimed with a lease (docs/events.md).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table smtp_settings (
  org_id bigint primary key references organizations(id),
  host text not null,
  port integer not null check (port between 1 and 65535),
  -- tls: TLS from the first byte (465); starttls: required upgrade (587); none: plain (a local relay).
  security text not null check (security in ('tls', 'starttls', 'none')),
  username text not null default '',
  -- Sealed (stored-secrets.ts) for smtp://host:port: a new host needs the password typed again.
  password_sealed text,
  from_address text not null,
  from_name text not null default '',
  updated_at timestamptz not null default now()
);

create table notification_settings (
  org_id bigint primary key references organizations(id),
  locale text not null default 'ru' check (locale in ('ru', 'en')),
  -- Recipients per notification type: ["a@b.ru", …].
  birthday_recipients jsonb not null default '[]',
  birthday_every_days integer not null default 7 check (birthday_every_days between 1 and 365),
  review_recipients jsonb not null default '[]',
  security_recipients jsonb not null default '[]',
  news_recipients jsonb not null default '[]',
  maintenance_recipients jsonb not null default '[]',
  -- "Unusual deposit spending" (kopecks; null: not watched): one debit at or above, or one
  -- deposit's debits within 24 hours at or above.
  unusual_deposit_debit bigint check (unusual_deposit_debit > 0),
  unusual_deposit_day bigint check (unusual_deposit_day > 0),
  updated_at timestamptz not null default now()
);

create table email_deliveries (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  kind text not null,
  -- One letter per fact and address: a second write of it is dropped.
  dedup_key text not null,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  -- The List-Unsubscribe address of a letter the law wants one on (news).
  unsubscribe_url text,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_attempt_at timestamptz,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  unique (org_id, dedup_key)
);
create index email_deliveries_due on email_deliveries (next_attempt_at) where status = 'pending';
create index email_deliveries_by_status on email_deliveries (org_id, status, id);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table email_deliveries, notification_settings, smtp_settings;`.execute(db);
}
