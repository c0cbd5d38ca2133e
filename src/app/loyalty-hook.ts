// The seam between closing an order and the loyalty engine: the close-order use case asks
// the hook what the program grants and posts it. Until the engine is wired in, the hook
// grants nothing, so orders close with their payments only.
import type { OrderLine } from '../domain/order.ts';
import type { Tx } from './context.ts';

export interface ClosedOrderFacts {
  orgId: number;
  restaurantId: number;
  orderId: number;
  guestId: number | null;
  cardId: number | null;
  closedAt: Date;
  lines: readonly OrderLine[];
}

export interface Accrual {
  lineNo: number | null;
  amount: number;
  availableFrom: Date;
  expiresAt: Date | null;
  source: 'promotion' | 'pos';
}

export interface LoyaltyOutcome {
  accruals: Accrual[];
  /** Stored with the order and returned to the POS: why each privilege applied or not. */
  explanation: unknown[];
}

export interface LoyaltyHook {
  onOrderClosed(tx: Tx, facts: ClosedOrderFacts): Promise<LoyaltyOutcome>;
}

export const noLoyalty: LoyaltyHook = {
  async onOrderClosed() {
    return { accruals: [], explanation: [] };
  },
};
