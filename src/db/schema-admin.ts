// Tables of the admin API (migration 0006), merged into the core DB interface.
import type { ColumnType } from 'kysely';

export interface OpeningHours {
  day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  open: string;
  close: string;
}

export interface VenueCardsTable {
  org_id: number;
  restaurant_id: number;
  description: string | null;
  hours: ColumnType<OpeningHours[], string, string>;
  city: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  average_check: number | null;
  logo_url: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  sync_with_licensing: boolean;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

declare module './schema.ts' {
  interface DB {
    venue_cards: VenueCardsTable;
  }
}
