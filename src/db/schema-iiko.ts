// Row types of the iiko tables (migration 0004), merged into the core DB interface.
import type { ColumnType } from 'kysely';
import type { DepositScheme, FiscalMode } from './schema.ts';

type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface IikoServerSettingsTable {
  org_id: number;
  server_name: string;
  protocol: 'http' | 'https';
  address: string;
  port: number;
  login: string;
  /** The SHA-1 digest iiko's /auth takes, sealed (stored-secrets.ts) for protocol://address:port. */
  password_sealed: string | null;
  timeout_ms: number;
  tls_ca: string | null;
  updated_at: UpdatedAt;
}

export interface IikoDepositPaymentTypesTable {
  org_id: number;
  scheme: DepositScheme;
  fiscal_mode: FiscalMode;
  payment_type_id: string;
  confirmed_fiscal: boolean | null;
  confirmed_payment_method: 'prepayment' | 'other' | null;
  updated_at: UpdatedAt;
}

declare module './schema.ts' {
  interface DB {
    iiko_server_settings: IikoServerSettingsTable;
    iiko_deposit_payment_types: IikoDepositPaymentTypesTable;
  }
}
