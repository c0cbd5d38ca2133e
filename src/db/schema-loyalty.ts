// Row types of the loyalty tables (migration 0003), merged into the core DB interface.
import type { ColumnType, Generated, Selectable } from 'kysely';
import type {
  Privilege,
  ProgramSettings,
  PromotionBudget,
  PromotionConditions,
  SettingsOverride,
} from '../domain/loyalty/types.ts';
import type { FooterSettings } from '../domain/loyalty/receipt.ts';

type Json<T> = ColumnType<T, string, string>;

export interface LoyaltyProgramsTable {
  org_id: number;
  restaurant_id: number;
  settings: Json<ProgramSettings | SettingsOverride>;
  footer: Json<FooterSettings> | null;
  version: Generated<number>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface LoyaltyRanksTable {
  org_id: number;
  id: Generated<number>;
  name: string;
  threshold: number;
  accrual_bp: number;
  discount_bp: number;
}

export interface LoyaltyPromotionsTable {
  org_id: number;
  id: Generated<number>;
  name: string;
  kind: 'regular' | 'registration_bonus';
  active: boolean;
  conditions: Json<PromotionConditions>;
  privileges: Json<Privilege[]>;
  budget: Json<PromotionBudget> | null;
  priority: number;
  created_at: ColumnType<Date, Date | undefined, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface LoyaltyBudgetUsageTable {
  org_id: number;
  promotion_id: number;
  scope: 'total' | 'day' | 'guest';
  key: string;
  used: Generated<number>;
  uses: Generated<number>;
}

export interface OrderSpendRecord {
  promotion_id: number;
  /** Kopecks of discount + hundredths of points + gift value charged to the budgets. */
  cost: number;
}

export interface LoyaltyOrdersTable {
  org_id: number;
  order_id: number;
  guest_id: number | null;
  day: string;
  discount: number;
  accrual: number;
  spend: Json<OrderSpendRecord[]>;
}

export interface LoyaltyPromoCodeEntriesTable {
  org_id: number;
  guest_id: number;
  code: string;
  entered_at: Date;
}

export interface LoyaltyPaymentCodesTable {
  org_id: number;
  id: Generated<number>;
  guest_id: number;
  code: string;
  status: 'active' | 'used' | 'replaced' | 'expired';
  issued_at: Date;
  expires_at: Date;
  used_at: Date | null;
  used_terminal_id: number | null;
}

export interface SecurityEventsTable {
  org_id: number;
  id: Generated<number>;
  at: Date;
  type: string;
  restaurant_id: number | null;
  terminal_id: number | null;
  scope: string | null;
  failures: number;
  locked_until: Date | null;
  message_ru: string;
  message_en: string;
}

declare module './schema.ts' {
  interface DB {
    loyalty_programs: LoyaltyProgramsTable;
    loyalty_ranks: LoyaltyRanksTable;
    loyalty_promotions: LoyaltyPromotionsTable;
    loyalty_budget_usage: LoyaltyBudgetUsageTable;
    loyalty_orders: LoyaltyOrdersTable;
    loyalty_promo_code_entries: LoyaltyPromoCodeEntriesTable;
    loyalty_payment_codes: LoyaltyPaymentCodesTable;
    security_events: SecurityEventsTable;
  }
}

export type LoyaltyPromotionRow = Selectable<LoyaltyPromotionsTable>;
export type LoyaltyRankRow = Selectable<LoyaltyRanksTable>;
