// Tables of the guest channels (migration 0019), merged into the core DB interface.
import type { ColumnType, Generated } from 'kysely';

export interface RegistrationLinksTable {
  org_id: number;
  id: Generated<number>;
  token: string;
  restaurant_id: number | null;
  campaign: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  disabled_at: Date | null;
}

/** How a guest joined by a link: the link's attribution and the consent given (152-FZ). */
export interface GuestRegistrationsTable {
  org_id: number;
  guest_id: number;
  link_id: number | null;
  restaurant_id: number | null;
  campaign: string | null;
  consent_version: string;
  consent_at: Date;
}

export interface GuestCodesTable {
  org_id: number;
  id: Generated<number>;
  phone: string;
  code_hash: string;
  created_at: Date;
  expires_at: Date;
  failures: Generated<number>;
  used_at: Date | null;
}

export interface GuestSessionsTable {
  org_id: number;
  id: Generated<number>;
  guest_id: number;
  token_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: Date;
}

export interface GuestReviewsTable {
  org_id: number;
  id: Generated<number>;
  guest_id: number;
  restaurant_id: number | null;
  rating: number;
  text: string;
  created_at: Date;
}

/** Attempts per key ('code:phone:…', 'join:addr:…') in the current window. */
export interface GuestAttemptsTable {
  key: string;
  count: number;
  window_started: Date;
}

declare module './schema.ts' {
  interface DB {
    registration_links: RegistrationLinksTable;
    guest_registrations: GuestRegistrationsTable;
    guest_codes: GuestCodesTable;
    guest_sessions: GuestSessionsTable;
    guest_reviews: GuestReviewsTable;
    guest_attempts: GuestAttemptsTable;
  }
}
