// Refunds of a closed order, full or by line. Every deposit and bonus payment and every
// accrual of a returned line is reversed in proportion to the units returned, with
// cumulative rounding: returning every unit reverses exactly everything, never more.
import { fail } from '../domain/errors.ts';
import { refundShare } from '../domain/order.ts';
import type { Account, LedgerEntry } from '../db/schema.ts';
import { describeAccount, type AccountView } from './cards.ts';
import { inTransaction, type AppContext, type PosPrincipal, type Tx } from './context.ts';
import { once } from './idempotency.ts';
import { NET_OF_LINES } from './order-write.ts';
import { lockAndSettle, occurredAt, type EntryView, type PosOperationInput } from './pos-common.ts';
import { restsOf, reversalMeta, reverseRest } from './reversal.ts';
import { recordEvents } from './events.ts';
import { orderRefunded, returnedOf, type Returned } from './payment-events.ts';

export interface RefundInput extends PosOperationInput {
  refund_id: string;
  /** Lines and units to return; all that is left of the order when omitted. */
  lines?: { line_no: number; quantity_milli: number }[];
}

export interface RefundResult {
  refund_id: string;
  order_id: string;
  status: 'partially_refunded' | 'refunded';
  entries: (EntryView & { type: string })[];
  accounts: AccountView[];
}

async function lockOrder(tx: Tx, p: PosPrincipal, posOrderId: string) {
  const order = await tx
    .selectFrom('orders')
    .selectAll()
    .where('org_id', '=', p.orgId)
    .where('restaurant_id', '=', p.restaurantId)
    .where('pos_order_id', '=', posOrderId)
    .forUpdate()
    .executeTakeFirst();
  if (!order)
    fail(
      'not_found',
      'order_not_found',
      { ru: 'Заказ не найден', en: 'Order not found' },
      { order_id: posOrderId },
    );
  return order;
}

export async function refundOrder(
  ctx: AppContext,
  p: PosPrincipal,
  posOrderId: string,
  input: RefundInput,
) {
  return inTransaction(ctx, (tx) =>
    once(
      tx,
      p,
      'order.refund',
      input.refund_id,
      { ...input, order_id: posOrderId },
      async (): Promise<RefundResult> => {
        const now = ctx.now();
        const at = occurredAt(input, now);
        const order = await lockOrder(tx, p, posOrderId);
        const lines = await tx
          .selectFrom('order_lines')
          .selectAll()
          .where('org_id', '=', p.orgId)
          .where('order_id', '=', order.id)
          .orderBy('line_no')
          .execute();

        const returning = new Map<number, number>();
        for (const r of input.lines ??
          lines.map((l) => ({
            line_no: l.line_no,
            quantity_milli: l.quantity_milli - l.refunded_quantity_milli,
          }))) {
          const line = lines.find((l) => l.line_no === r.line_no);
          if (!line)
            fail(
              'not_found',
              'order_line_not_found',
              { ru: `В заказе нет строки ${r.line_no}`, en: `The order has no line ${r.line_no}` },
              { line_no: r.line_no },
            );
          const left =
            line.quantity_milli - line.refunded_quantity_milli - (returning.get(r.line_no) ?? 0);
          if (r.quantity_milli > left) {
            fail(
              'rejected',
              'refund_exceeds_sold',
              {
                ru: `По строке ${r.line_no} можно вернуть не больше ${left / 1000} ед.`,
                en: `At most ${left / 1000} units of line ${r.line_no} can be returned`,
              },
              { line_no: r.line_no, left_milli: left, requested_milli: r.quantity_milli },
            );
          }
          if (r.quantity_milli > 0)
            returning.set(r.line_no, (returning.get(r.line_no) ?? 0) + r.quantity_milli);
        }
        if (returning.size === 0) {
          fail(
            'rejected',
            'nothing_to_refund',
            {
              ru: 'Возвращать нечего: заказ уже возвращён',
              en: 'Nothing to refund: the order is already refunded',
            },
            { order_id: posOrderId },
          );
        }

        const entries = await tx
          .selectFrom('ledger_entries')
          .selectAll()
          .where('org_id', '=', p.orgId)
          .where('order_id', '=', order.id)
          .where('type', 'in', ['payment', 'bonus_payment', 'bonus_accrual'])
          .orderBy('id')
          .execute();
        const accounts = await lockAndSettle(
          tx,
          p.orgId,
          entries.map((e) => e.account_id),
          now,
        );
        const rests = await restsOf(tx, p.orgId, entries);
        const fullyReturned = lines.every(
          (l) => l.refunded_quantity_milli + (returning.get(l.line_no) ?? 0) === l.quantity_milli,
        );

        const views: RefundResult['entries'] = [];
        const returned: Returned[] = [];
        const meta = reversalMeta(p, input, at, input.refund_id, {
          orderId: order.id,
          posCheckId: order.check_number ?? order.pos_order_id,
        });
        for (const r of rests) {
          const share = shareOf(r.entry, lines, returning, r.already, fullyReturned);
          if (share === 0) continue;
          const account = accounts.get(r.entry.account_id) as Account;
          const view = await reverseRest(tx, account, r, share, meta);
          views.push({ ...view, type: r.entry.type });
          returned.push({ kind: account.kind, account_id: account.id, amount: view.amount });
        }

        for (const [lineNo, q] of returning) {
          const line = lines.find((l) => l.line_no === lineNo);
          await tx
            .updateTable('order_lines')
            .set({ refunded_quantity_milli: (line?.refunded_quantity_milli ?? 0) + q })
            .where('org_id', '=', p.orgId)
            .where('order_id', '=', order.id)
            .where('line_no', '=', lineNo)
            .execute();
        }
        await ctx.loyalty.onOrderRefunded(tx, {
          orgId: p.orgId,
          orderId: order.id,
          lines,
          returning,
        });
        const status = fullyReturned ? 'refunded' : 'partially_refunded';
        await tx
          .updateTable('orders')
          .set({ status, net_total: NET_OF_LINES })
          .where('org_id', '=', p.orgId)
          .where('id', '=', order.id)
          .execute();
        await recordEvents(tx, p.orgId, [
          orderRefunded(
            p,
            input.refund_id,
            { orderId: posOrderId, guestId: order.guest_id, status },
            returnedOf(returned),
            at,
          ),
        ]);
        return {
          refund_id: input.refund_id,
          order_id: posOrderId,
          status,
          entries: views,
          accounts: await Promise.all(
            [...accounts.values()].map((a) => describeAccount(tx, a, now)),
          ),
        };
      },
    ),
  );
}

/** The part of entry `e` that returning these units reverses. */
function shareOf(
  e: LedgerEntry,
  lines: readonly { line_no: number; quantity_milli: number; refunded_quantity_milli: number }[],
  returning: ReadonlyMap<number, number>,
  alreadyReversed: number,
  fullyReturned: boolean,
): number {
  const size = Math.abs(e.amount);
  const rest = size - Math.abs(alreadyReversed);
  if (e.line_no === null) return fullyReturned ? rest : 0; // order-level: back with the last unit
  const line = lines.find((l) => l.line_no === e.line_no);
  const now = returning.get(e.line_no) ?? 0;
  if (!line || now === 0) return 0;
  return Math.min(rest, refundShare(size, line.quantity_milli, line.refunded_quantity_milli, now));
}
