// What a close tells the world: the order, each deposit or bonus payment, the bonuses it
// earned and the change put on the wallet. Built from the close's own answer, so writing them
// costs the close one statement and no read.
import type { OrderPaymentRecord } from '../db/schema.ts';
import type { PosPrincipal } from './context.ts';
import type { NewEvent } from './events.ts';

/** What the events are built from: the part of the close's answer (CloseOrderResult) they tell. */
export interface ClosedOrderAnswer {
  order_id: string;
  id: number;
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
  result: ClosedOrderAnswer,
  payments: readonly OrderPaymentRecord[],
): NewEvent[] {
  const at = new Date(result.closed_at);
  const order = {
    restaurant_id: p.restaurantId,
    terminal_id: p.terminalId,
    order_id: result.order_id,
    id: result.id,
    guest_id: guest.guestId,
    card_id: guest.cardId,
  };
  const events: NewEvent[] = [
    {
      type: 'order.closed',
      key: String(result.id),
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
      key: `${result.id}:${i}`,
      at,
      data: { ...order, account_id: pay.account_id ?? null, amount: pay.amount },
    });
  }
  const accrued = result.accruals.reduce((s, a) => s + a.amount, 0);
  if (accrued > 0) {
    events.push({
      type: 'bonus.accrued',
      key: String(result.id),
      at,
      data: { ...order, amount: accrued, lots: result.accruals },
    });
  }
  if (result.change_to_wallet > 0) {
    events.push({
      type: 'bonus.topped_up',
      key: `order:${result.id}`,
      at,
      data: { ...order, amount: result.change_to_wallet },
    });
  }
  return events;
}
