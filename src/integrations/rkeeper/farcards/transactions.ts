// The FarCards use cases: what r_keeper's ExtDllHTTP asks (a card, a guest by e-mail) and the
// posting of a check's card transactions. A packet is posted all or nothing in ONE
// transaction: the idempotency claim on r_keeper's identifiers, the soft-offline limits, and
// the close, rollback or return through the same use cases the POS API uses. The common Sale
// is first tried optimistically, with no transaction at all (sale.ts).
import { sql } from 'kysely';
import { fail } from '../../../domain/errors.ts';
import type { Posting } from './posting.ts';
import { guestName } from '../../../app/cards.ts';
import { postClose } from '../../../app/close-order.ts';
import { inTransaction, type AppContext, type Tx } from '../../../app/context.ts';
import { runClose } from '../../../app/close-command.ts';
import { once } from '../../../app/idempotency.ts';
import { refundOrder } from '../../../app/refund.ts';
import type { FarCardsPrincipal } from './endpoints.ts';
import { cardsOf, presentedCardsQuery } from './presented-cards.ts';
import { fastSale, OPERATION, saleCardSearch, saleClose } from './sale.ts';
import { checkOfflineLimits, timing } from './soft-offline.ts';

export async function findGuestByEmail(ctx: AppContext, p: FarCardsPrincipal, email: string) {
  const row = await ctx.db
    .selectFrom('guests as g')
    .innerJoin('cards as c', (j) =>
      j.onRef('c.org_id', '=', 'g.org_id').onRef('c.guest_id', '=', 'g.id'),
    )
    .select(['g.last_name', 'g.first_name', 'g.middle_name', 'c.id', 'c.number', 'c.uid'])
    .where('g.org_id', '=', p.orgId)
    .where(sql<string>`lower(g.email)`, '=', email.trim().toLowerCase())
    .where('c.status', '=', 'active')
    .orderBy('c.id', 'desc')
    .executeTakeFirst();
  return row ? { name: guestName(row), cardId: row.id, number: row.number, uid: row.uid } : null;
}

/** The sale a return takes back: the same check, else the order's newest check. */
async function saleOf(tx: Tx, p: FarCardsPrincipal, posting: Posting): Promise<string> {
  let q = tx
    .selectFrom('orders')
    .select('pos_order_id')
    .where('org_id', '=', p.orgId)
    .where('restaurant_id', '=', p.restaurantId)
    .where('status', '!=', 'refunded');
  q = posting.orderPrefix
    ? q.where((eb) =>
        eb.or([
          eb('pos_order_id', '=', posting.saleId),
          eb('pos_order_id', 'like', `${posting.orderPrefix}/%`),
        ]),
      )
    : q.where('pos_order_id', '=', posting.saleId);
  const row = await q
    .orderBy(sql`pos_order_id = ${posting.saleId}`, 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) {
    fail(
      'not_found',
      'order_not_found',
      { ru: 'Возвращаемый чек не найден в Kopilka', en: 'The returned check is not in Kopilka' },
      { sale: posting.saleId },
    );
  }
  return row.pos_order_id;
}

/** The returned units matched to the sale's lines by item code; null = all that is left. */
async function returnedLines(tx: Tx, p: FarCardsPrincipal, saleId: string, posting: Posting) {
  const lines = await tx
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', (j) =>
      j.onRef('o.org_id', '=', 'l.org_id').onRef('o.id', '=', 'l.order_id'),
    )
    .select(['l.line_no', 'l.item_code', 'l.quantity_milli', 'l.refunded_quantity_milli'])
    .where('o.org_id', '=', p.orgId)
    .where('o.restaurant_id', '=', p.restaurantId)
    .where('o.pos_order_id', '=', saleId)
    .orderBy('l.line_no')
    .execute();
  const left = new Map(lines.map((l) => [l.line_no, l.quantity_milli - l.refunded_quantity_milli]));
  const out: { line_no: number; quantity_milli: number }[] = [];
  for (const r of posting.lines) {
    let want = r.quantity_milli;
    for (const l of lines) {
      const room = left.get(l.line_no) ?? 0;
      if (want === 0 || l.item_code !== r.item_code || room === 0) continue;
      const take = Math.min(want, room);
      left.set(l.line_no, room - take);
      want -= take;
      out.push({ line_no: l.line_no, quantity_milli: take });
    }
  }
  return out.length > 0 ? out : null;
}

export interface PostingResult {
  op: Posting['op'];
  replayed: boolean;
  soft_offline: boolean;
  /** How a Sale was written: without a lock, tried so and then locked, or locked at once. */
  path: 'optimistic' | 'fallback' | 'locked' | null;
}

export async function postFarCardsTransactions(
  ctx: AppContext,
  p: FarCardsPrincipal,
  posting: Posting,
): Promise<PostingResult> {
  // OrderCalc, OrderBill, PrintCardInfo and the like move no money: acknowledged, not stored.
  if (posting.op === 'none') {
    return { op: posting.op, replayed: false, soft_offline: false, path: null };
  }
  const now = ctx.now();
  const { at, offline } = timing(posting, p.timeZone, now);
  // Known before the work runs, so it is stored with the claim.
  const answer = { op: posting.op, soft_offline: offline };
  const codes = [...new Set(posting.cards)];
  const common = {
    occurred_at: at.toISOString(),
    soft_offline: offline,
    ...(posting.operator ? { operator: posting.operator } : {}),
  };
  if (posting.op === 'sale' || posting.op === 'return_rollback') {
    // A close command (app/close-command.ts): the common Sale, on time, once the restaurant left
    // test mode, is one read and one write (sale.ts); the rest is one transaction under locks.
    const code = fastSale(posting, offline);
    const done = await runClose(ctx, p, {
      operation: OPERATION,
      posId: posting.key,
      request: posting.fingerprint,
      timeZone: p.timeZone,
      at,
      liftsTestMode: true,
      fast: code === null ? null : saleCardSearch(code),
      post: async (c, tx, claim, fast) => {
        const cards = fast
          ? new Map([[code as string, fast.presented]])
          : cardsOf(await presentedCardsQuery(tx, p, codes).execute(), codes);
        if (offline) await checkOfflineLimits(tx, p, cards, posting.payments, at, now);
        const [first] = cards.values();
        // The packet's claim on r_keeper's identifiers is the close's own: its answer is the packet's.
        await postClose(c, tx, p, saleClose(posting, cards, common), claim, {
          ...(fast ?? (first ? { presented: first } : {})),
          answer,
        });
        return answer;
      },
    });
    // A committed close took the restaurant out of test mode (C1): the cached principal skips
    // the no-op update from now on.
    p.testMode = false;
    return {
      ...done.result,
      replayed: done.replayed,
      path: done.path === 'replay' ? null : done.path,
    };
  }
  const done = await inTransaction(ctx, (tx) => {
    const inner: AppContext = { ...ctx, db: tx };
    return once(tx, p, OPERATION, posting.key, posting.fingerprint, async () => {
      if (posting.op === 'sale_rollback') {
        await refundOrder(inner, p, posting.saleId, { ...common, refund_id: posting.key });
      } else {
        const saleId = await saleOf(tx, p, posting);
        const lines = await returnedLines(tx, p, saleId, posting);
        await refundOrder(inner, p, saleId, {
          ...common,
          refund_id: posting.key,
          ...(lines ? { lines } : {}),
        });
      }
      return answer;
    });
  });
  return { ...done.result, replayed: done.replayed, path: null };
}
