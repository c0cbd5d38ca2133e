// What a close tells the world: the order, each deposit or bonus payment, the bonuses it
// earned and the change put on the wallet. Built from what the close decided before it writes,
// so the order's own statement writes them (with the order's id) at no extra round trip.
import type { OrderPaymentRecord } from '../db/schema.ts';
import type { PosPrincipal } from './context.ts';
import type { OrderEvent } from './events.ts';

/**
 * What the events are built from: the part of the close's answer (CloseOrderResult) they tell,
 * but the order's id, which the statement writing them gives.
 */
export interface ClosedSummary {
  order_id: string;
  total: number;
  discount: number;
  closed_at: string;
  soft_offline: boolean;
  change_to_wallet: number;
  /** Each accrued lot, sent as it is answered to the till. */
  accruals: readonly { amount: number }[];
}

export function closeEvents(
  p: PosPrincipal,
  guest: { guestId: number | null; cardId: number | null },
  result: ClosedSummary,
  payments: readonly OrderPaymentRecord[],
): OrderEvent[] {
  const at = new Date(result.closed_at);
  const order = {
    restaurant_id: p.restaurantId,
    terminal_id: p.terminalId,
    order_id: result.order_id,
    guest_id: guest.guestId,
    card_id: guest.cardId,
  };
  const events: OrderEvent[] = [
    {
      type: 'order.closed',
      key: ['', ''],
      at,
      data: {
        ...order,
        total: result.total,
        discount: result.discount,
        closed_at: result.closed_at,
        soft_offline: result.soft_offline,
        payments: payments.map((x) => ({ kind: x.kind, amount: x.amount })),
      },
    },
  ];
  for (const [i, pay] of payments.entries()) {
    if (pay.kind !== 'deposit' && pay.kind !== 'bonus') continue;
    events.push({
      type: pay.kind === 'deposit' ? 'deposit.debited' : 'bonus.spent',
      key: ['', `:${i}`],
      at,
      data: { ...order, account_id: pay.account_id ?? null, amount: pay.amount },
    });
  }
  const accrued = result.accruals.reduce((s, a) => s + a.amount, 0);
  if (accrued > 0) {
    events.push({
      type: 'bonus.accrued',
      key: ['', ''],
      at,
      data: { ...order, amount: accrued, lots: result.accruals },
    });
  }
  if (result.change_to_wallet > 0) {
    events.push({
      type: 'bonus.topped_up',
      key: ['order:', ''],
      at,
      data: { ...order, amount: result.change_to_wallet },
    });
  }
  return events;
}
