// Events out: the transactional outbox (an event row written in the transaction of the change
// it tells about), webhook subscriptions, their deliveries with every attempt's answer.
// Workers claim rows with FOR UPDATE SKIP LOCKED and a lease, so several processes never work on
// one row at the same moment (docs/events.md).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table outbox_events (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  type text not null,
  -- The same fact told twice (a retried request, a replay) is one event.
  dedup_key text not null,
  payload jsonb not null,
  occurred_at timestamptz not null,
  -- Turned into one delivery per matching subscription by the worker.
  dispatched_at timestamptz,
  primary key (org_id, id),
  unique (org_id, dedup_key)
);
create index outbox_events_waiting on outbox_events (id) where dispatched_at is null;
create index outbox_events_by_type on outbox_events (org_id, type, id);

create table webhook_subscriptions (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  url text not null,
  description text not null default '',
  -- ["order.closed", …]; ["*"] is every type.
  event_types jsonb not null,
  enabled boolean not null default true,
  -- Sealed (stored-secrets.ts), bound to the URL; the previous one signs too until it expires.
  secret_sealed text not null,
  previous_secret_sealed text,
  previous_secret_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);

create table webhook_deliveries (
  org_id bigint not null,
  id bigint generated always as identity,
  event_id bigint not null,
  subscription_id bigint not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
  attempts integer not null default 0,
  -- A claim moves it a lease ahead: a worker that dies mid-send leaves the delivery due again.
  next_attempt_at timestamptz not null,
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  unique (org_id, event_id, subscription_id),
  foreign key (org_id, event_id) references outbox_events (org_id, id),
  -- Deleting a subscription deletes its log with it.
  foreign key (org_id, subscription_id) references webhook_subscriptions (org_id, id) on delete cascade
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_by_status on webhook_deliveries (org_id, status, id);

create table webhook_attempts (
  org_id bigint not null,
  id bigint generated always as identity,
  delivery_id bigint not null,
  attempt integer not null,
  at timestamptz not null,
  duration_ms integer not null,
  -- The receiver's HTTP status, or null when no answer came (error says why).
  status integer,
  response text,
  error text,
  primary key (org_id, id),
  foreign key (org_id, delivery_id) references webhook_deliveries (org_id, id) on delete cascade
);
create index webhook_attempts_of on webhook_attempts (org_id, delivery_id, attempt);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table webhook_attempts, webhook_deliveries, webhook_subscriptions, outbox_events;`.execute(
    db,
  );
}
