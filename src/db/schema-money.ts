// Row type of the money ceilings table (migration 0017), merged into the core DB interface.
import type { ColumnType } from 'kysely';

export interface MoneyLimitsTable {
  org_id: number;
  max_topup: number;
  max_credit_limit: number;
  max_payer_links: number;
  notable_amount: number;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

declare module './schema.ts' {
  interface DB {
    money_limits: MoneyLimitsTable;
  }
}
