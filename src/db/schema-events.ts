// Tables of events out (migrations 0021, 0022), merged into the core DB interface.
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface OutboxEventsTable {
  org_id: number;
  id: Generated<number>;
  type: string;
  dedup_key: string;
  payload: Json<Record<string, unknown>>;
  occurred_at: Date;
  dispatched_at: Date | null;
}

export interface WebhookSubscriptionsTable {
  org_id: number;
  id: Generated<number>;
  url: string;
  description: ColumnType<string, string | undefined, string>;
  event_types: Json<string[]>;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_until: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface WebhookDeliveriesTable {
  org_id: number;
  id: Generated<number>;
  event_id: number;
  subscription_id: number;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface WebhookAttemptsTable {
  org_id: number;
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  at: Date;
  duration_ms: number;
  status: number | null;
  response: string | null;
  error: string | null;
}

declare module './schema.ts' {
  interface DB {
    outbox_events: OutboxEventsTable;
    webhook_subscriptions: WebhookSubscriptionsTable;
    webhook_deliveries: WebhookDeliveriesTable;
    webhook_attempts: WebhookAttemptsTable;
  }
}

export interface ScheduledJobsTable {
  name: string;
  next_run_at: Date;
  running_until: Date | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  runs: ColumnType<number, number | undefined, number>;
  failures: ColumnType<number, number | undefined, number>;
}

declare module './schema.ts' {
  interface DB {
    scheduled_jobs: ScheduledJobsTable;
  }
}
