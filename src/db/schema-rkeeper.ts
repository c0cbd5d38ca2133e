// Row types of the r_keeper tables (migrations 0005, 0015), merged into the core DB interface.
import type { ColumnType } from 'kysely';

type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

/** Soft-offline limits of a restaurant (P5); a missing field means "no limit". */
export interface OfflineLimits {
  /** Oldest post accepted, hours after the check was closed. */
  maxAgeHours?: number;
  /** Kopecks paid from one card in one offline check. */
  maxPerCheck?: number;
  /** Kopecks paid from one card in offline checks of one business day. */
  maxPerCardPerDay?: number;
}

export interface RkeeperEndpointsTable {
  org_id: number;
  restaurant_id: number;
  terminal_id: number;
  secret_hash: string;
  secret_hint: string;
  offline_limits: Json<OfflineLimits>;
  created_at: Stamp;
  rotated_at: Stamp;
  /** The last LicenseInfo notice of ExtDllHTTP.dll, as Kopilka summarized it. */
  license_notice: string | null;
  license_notice_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface RkeeperXmlSettingsTable {
  org_id: number;
  kind: 'mid' | 'ref';
  host: string;
  port: number;
  user_name: string;
  /** stored-secrets.ts seal bound to https://host:port; null until entered after an upgrade. */
  password_sealed: string | null;
  allow_self_signed: boolean;
  updated_at: Stamp;
}

declare module './schema.ts' {
  interface DB {
    rkeeper_endpoints: RkeeperEndpointsTable;
    rkeeper_xml_settings: RkeeperXmlSettingsTable;
  }
}
