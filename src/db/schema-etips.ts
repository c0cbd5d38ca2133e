// Tables of e-tips (migration 0024), merged into the core DB interface.
import type { ColumnType } from 'kysely';

export interface EtipsVenuesTable {
  org_id: number;
  restaurant_id: number;
  enabled: boolean;
  service_name: string;
  link_template: string;
  recipient: string;
  on_receipt: boolean;
  on_guest_page: boolean;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface EtipsWaitersTable {
  org_id: number;
  restaurant_id: number;
  waiter: string;
  recipient: string;
}

declare module './schema.ts' {
  interface DB {
    etips_venues: EtipsVenuesTable;
    etips_waiters: EtipsWaitersTable;
  }
}
