// The seam between the POS use cases and the loyalty program. Closing an order asks the hook
// first for a plan (Kopilka's discount, the bonus-payment limit, L7, the accruals and the
// explanation), checks the payments against it, records the order with the plan's record and
// accruals, then commits the plan (budgets) in the same transaction. A refund tells the hook
// what share of the order came back.
import type { Card } from '../db/schema.ts';
import type { OrderSpendRecord } from '../db/schema-loyalty.ts';
import type { OrderLine } from '../domain/order.ts';
import type { Tx } from '../db/connect.ts';
import type { RawBuilder } from 'kysely';
import type { GuestBasics, KnownSpend } from './loyalty/guest-context.ts';
import type { PeriodSpend } from '../domain/loyalty/ranks.ts';
import type { LoadedProgram, ProgramHead } from './loyalty/program-store.ts';
import type { Run, RunRequest } from './loyalty/run.ts';

export interface ClosedOrderFacts {
  orgId: number;
  restaurantId: number;
  guestId: number | null;
  cardId: number | null;
  /** The card row itself, when the caller has read it (saves reading it again). */
  card?: Card | null;
  /** The card's guest and the program head, when the caller has read them in this transaction. */
  guest?: GuestBasics;
  program?: ProgramHead;
  /** The guest's rank spend, when the caller read it through `spendRead`. */
  spend?: KnownSpend;
  closedAt: Date;
  lines: readonly OrderLine[];
  /** L12: ids of POS promotions per line number. */
  posPromotions: ReadonlyMap<number, readonly string[]>;
  /** Promo codes typed at the till for this order (L14). */
  promoCodes: readonly string[];
  /** Kopecks the guest pays with bonus points in this close. */
  bonusPaid: number;
}

export interface Accrual {
  lineNo: number | null;
  amount: number;
  availableFrom: Date;
  expiresAt: Date | null;
  source: 'promotion' | 'pos';
}

/** The order's loyalty record: what budgets, discount and accrual it took, for refunds. */
export interface LoyaltyOrderRecord {
  guestId: number | null;
  day: string;
  discount: number;
  accrual: number;
  spend: OrderSpendRecord[];
}

export interface LoyaltyPlan {
  /** Kopilka's discount of the whole order: the payments must cover the total less this. */
  discount: number;
  /** What the close accrues to the guest's wallet (L11's pending period and expiry). */
  accruals: Accrual[];
  /** Stored with the order and returned to the POS: why each privilege applied or not. */
  explanation: unknown[];
  /** Stored with the order when anything applied; null when nothing did. */
  record: LoyaltyOrderRecord | null;
  /** Whether promotion budgets are charged: they are read under locks, in a transaction. */
  usesBudgets: boolean;
  /** L7: throws unless change may go to the bonus wallet of this order's guest. */
  assertChangeToWallet(change: number, hasCard: boolean): void;
  /** Charges the promotion budgets the order used, in the close's transaction. */
  commit(tx: Tx): Promise<void>;
}

export interface RefundFacts {
  orgId: number;
  orderId: number;
  /** The order's lines as they were before this refund. */
  lines: readonly {
    line_no: number;
    amount: number;
    quantity_milli: number;
    refunded_quantity_milli: number;
  }[];
  /** Thousandths returned now, per line number. */
  returning: ReadonlyMap<number, number>;
}

export interface LoyaltyHook {
  prepare(tx: Tx, facts: ClosedOrderFacts): Promise<LoyaltyPlan>;
  onOrderRefunded(tx: Tx, facts: RefundFacts): Promise<void>;
  /** L16: the close's evaluation without effects (calculate, simulate, card info). */
  dryRun(tx: Tx, request: RunRequest): Promise<Run>;
  /** The program in force at a restaurant (L8 and the footer need its settings). */
  program(tx: Tx, orgId: number, restaurantId: number): Promise<LoadedProgram>;
  /**
   * The guest's rank spend as a scalar subquery for a caller to fold into a statement it runs
   * anyway, with the program version it assumes; null when no rank needs it or the program is
   * not loaded yet. `guestId` is SQL; the spend counts up to `at`.
   */
  spendRead?(
    orgId: number,
    restaurantId: number,
    timeZone: string,
    guestId: RawBuilder<unknown>,
    at: Date,
  ): { column: RawBuilder<PeriodSpend>; version: number } | null;
}
