// Tables of the Wallet cards (migrations 0023, Apple, and 0030, Google), merged into the core DB interface.
import type { ColumnType, Generated } from 'kysely';

export interface WalletAppleSettingsTable {
  org_id: number;
  pass_type_id: string;
  team_id: string;
  certificate_pem: string;
  certificate_expires_at: Date;
  key_sealed: string;
  wwdr_pem: string;
  background_color: string;
  foreground_color: string;
  label_color: string;
  /** base64 */
  logo_png: string;
  updated_at: Date;
}

export interface WalletPassesTable {
  org_id: number;
  serial: string;
  guest_id: number;
  auth_token_sealed: string;
  updated_at: Date;
  download_hash: string | null;
  download_until: Date | null;
  created_at: Date;
}

export interface WalletRegistrationsTable {
  org_id: number;
  device_id: string;
  serial: string;
  push_token: string;
  created_at: Date;
}

export type WalletPushStatus = 'pending' | 'sent' | 'dead';

export interface WalletPushesTable {
  org_id: number;
  id: Generated<number>;
  push_token: string;
  status: ColumnType<WalletPushStatus, WalletPushStatus | undefined, WalletPushStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
}

export interface WalletGoogleSettingsTable {
  org_id: number;
  issuer_id: string;
  client_email: string;
  private_key_id: string;
  key_sealed: string;
  background_color: string;
  logo_url: string;
  updated_at: Date;
}

export interface WalletGoogleObjectsTable {
  org_id: number;
  guest_id: number;
  object_suffix: string;
  created_at: Date;
}

export interface WalletGoogleUpdatesTable {
  org_id: number;
  id: Generated<number>;
  /** null: the organization's loyalty class. */
  guest_id: number | null;
  status: ColumnType<WalletPushStatus, WalletPushStatus | undefined, WalletPushStatus>;
  changes: ColumnType<number, number | undefined, number>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
}

declare module './schema.ts' {
  interface DB {
    wallet_apple_settings: WalletAppleSettingsTable;
    wallet_passes: WalletPassesTable;
    wallet_registrations: WalletRegistrationsTable;
    wallet_pushes: WalletPushesTable;
    wallet_google_settings: WalletGoogleSettingsTable;
    wallet_google_objects: WalletGoogleObjectsTable;
    wallet_google_updates: WalletGoogleUpdatesTable;
  }
}
