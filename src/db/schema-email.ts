// Tables of e-mail notifications (migrations 0025, 0028), merged into the core DB interface.
import type { ColumnType, Generated } from 'kysely';
import type { DeliveryStatus } from './schema-events.ts';

type Json<T> = ColumnType<T, string, string>;

export type SmtpSecurity = 'tls' | 'starttls' | 'none';

export interface SmtpSettingsTable {
  org_id: number;
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string;
  password_sealed: string | null;
  from_address: string;
  from_name: string;
  updated_at: Date;
}

export interface NotificationSettingsTable {
  org_id: number;
  locale: 'ru' | 'en';
  birthday_recipients: Json<string[]>;
  birthday_every_days: number;
  review_recipients: Json<string[]>;
  security_recipients: Json<string[]>;
  news_recipients: Json<string[]>;
  maintenance_recipients: Json<string[]>;
  unusual_deposit_debit: ColumnType<number | null, number | null, number | null>;
  unusual_deposit_day: ColumnType<number | null, number | null, number | null>;
  updated_at: Date;
}

export interface EmailDeliveriesTable {
  org_id: number;
  id: Generated<number>;
  kind: string;
  dedup_key: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  unsubscribe_url: string | null;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface AnnouncementsTable {
  id: Generated<number>;
  type: 'news' | 'maintenance';
  dedup_key: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  subject_en: string | null;
  text_body_en: string | null;
  html_body_en: string | null;
  created_by: string;
  organizations: number;
  letters: number;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface EmailUnsubscribesTable {
  org_id: number;
  kind: string;
  address: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

declare module './schema.ts' {
  interface DB {
    announcements: AnnouncementsTable;
    email_unsubscribes: EmailUnsubscribesTable;
    smtp_settings: SmtpSettingsTable;
    notification_settings: NotificationSettingsTable;
    email_deliveries: EmailDeliveriesTable;
  }
}
