// The FarCards use cases: what r_keeper's ExtDllHTTP asks (a card, a guest by e-mail) and the
// posting of a check's card transactions. A packet is posted all or nothing in ONE
// transaction: the idempotency claim on r_keeper's identifiers, the soft-offline limits, and
// the close, rollback or return through the same use cases the POS API uses.
import { sql, type InferResult } from 'kysely';
import { fail } from '../../domain/errors.ts';
import { localMidnight, localTime } from '../../domain/loyalty/local-time.ts';
import type { Card } from '../../db/schema.ts';
import type { Posting } from '../../integrations/rkeeper/farcards/posting.ts';
import { cardInfo, guestName, type CardInfo } from '../cards.ts';
import { postClose, type PaymentLineInput, type PresentedCard } from '../close-order.ts';
import { inTransaction, type AppContext, type Tx } from '../context.ts';
import { onceAlongside } from '../idempotency.ts';
import { programHeadColumns } from '../loyalty/program-store.ts';
import { refundOrder } from '../refund.ts';
import type { FarCardsPrincipal } from './endpoints.ts';

/** A check closed longer ago than this reached Kopilka late: soft offline (P5). */
export const ONLINE_GRACE_MS = 15 * 60_000;

/** The card a code names: by number first, then by UID, then by track. */
function pickCard<C extends Card>(rows: readonly C[], code: string): C | null {
  return (
    rows.find((c) => c.number === code) ??
    rows.find((c) => c.uid === code) ??
    rows.find((c) => c.track === code) ??
    null
  );
}

/** r_keeper presents whatever the card carries: its number, its UID (seed 000) or its track. */
export async function findFarCard(tx: Tx, orgId: number, code: string): Promise<Card | null> {
  const rows = await tx
    .selectFrom('cards')
    .selectAll()
    .where('org_id', '=', orgId)
    .where((eb) => eb.or([eb('number', '=', code), eb('uid', '=', code), eb('track', '=', code)]))
    .limit(3)
    .execute();
  return pickCard(rows, code);
}

/**
 * The packet's cards with each one's guest and the loyalty program's head: everything the close
 * reads before it locks an account, as one read that rides on the packet's claim.
 */
function presentedCardsQuery(tx: Tx, p: FarCardsPrincipal, codes: readonly string[]) {
  return tx
    .selectFrom('cards as c')
    .innerJoin('guests as g', (j) => j.onRef('g.org_id', '=', 'c.org_id').onRef('g.id', '=', 'c.guest_id'))
    .selectAll('c')
    .select(['g.created_at as guest_created_at', 'g.birthday as guest_birthday'])
    .select(programHeadColumns(tx, p.orgId, p.restaurantId))
    .where('c.org_id', '=', p.orgId)
    .where((eb) => eb.or([eb('c.number', 'in', codes), eb('c.uid', 'in', codes), eb('c.track', 'in', codes)]));
}

type PresentedRow = InferResult<ReturnType<typeof presentedCardsQuery>>[number];

function presented(row: PresentedRow): PresentedCard {
  const { guest_created_at, guest_birthday, time_zone, version, ...card } = row;
  return {
    card,
    guest: { id: card.guest_id, created_at: guest_created_at, birthday: guest_birthday },
    // The restaurant is the principal's own: its row exists while its endpoint does.
    program: { time_zone: time_zone ?? '', version },
  };
}

export async function farCardInfo(
  ctx: AppContext,
  p: FarCardsPrincipal,
  code: string,
): Promise<{ card: Card; info: CardInfo } | null> {
  const card = await findFarCard(ctx.db, p.orgId, code);
  return card ? { card, info: await cardInfo(ctx.db, p.orgId, card, ctx.now()) } : null;
}

export async function findGuestByEmail(ctx: AppContext, p: FarCardsPrincipal, email: string) {
  const row = await ctx.db
    .selectFrom('guests as g')
    .innerJoin('cards as c', (j) => j.onRef('c.org_id', '=', 'g.org_id').onRef('c.guest_id', '=', 'g.id'))
    .select(['g.last_name', 'g.first_name', 'g.middle_name', 'c.id', 'c.number', 'c.uid'])
    .where('g.org_id', '=', p.orgId)
    .where(sql<string>`lower(g.email)`, '=', email.trim().toLowerCase())
    .where('c.status', '=', 'active')
    .orderBy('c.id', 'desc')
    .executeTakeFirst();
  return row ? { name: guestName(row), cardId: row.id, number: row.number, uid: row.uid } : null;
}

/** A restaurant-local "YYYY-MM-DDTHH:MM:SS" (or a bare date) as an instant. */
function localInstant(local: string, timeZone: string): Date {
  const [y, m, d, h, mi, s] = local.split(/[-T:]/).map(Number);
  const midnight = localMidnight(y as number, m as number, d as number, timeZone);
  return new Date(midnight.getTime() + ((h ?? 0) * 3600 + (mi ?? 0) * 60 + (s ?? 0)) * 1000);
}

/** When the check happened and whether it reached us late. */
function timing(posting: Posting, timeZone: string, now: Date): { at: Date; offline: boolean } {
  if (posting.closedAtLocal) {
    const at = localInstant(posting.closedAtLocal, timeZone);
    // A till clock running ahead must not make the post "in the future".
    if (at.getTime() > now.getTime()) return { at: now, offline: false };
    return { at, offline: now.getTime() - at.getTime() > ONLINE_GRACE_MS };
  }
  if (posting.cashDate && posting.cashDate < localTime(now, timeZone).date) {
    return { at: localInstant(posting.cashDate, timeZone), offline: true };
  }
  return { at: now, offline: false };
}

function limitExceeded(code: string, ru: string, en: string, details: Record<string, unknown>): never {
  fail('rejected', code, { ru, en }, details);
}

async function checkOfflineLimits(
  tx: Tx,
  p: FarCardsPrincipal,
  cards: ReadonlyMap<string, PresentedCard>,
  payments: readonly { cardCode: string; amount: number }[],
  at: Date,
  now: Date,
): Promise<void> {
  const l = p.offlineLimits;
  const ageHours = (now.getTime() - at.getTime()) / 3_600_000;
  if (l.maxAgeHours !== undefined && ageHours > l.maxAgeHours) {
    limitExceeded(
      'rkeeper.offline.too_old',
      `Чек мягкого оффлайна старше ${l.maxAgeHours} ч: проведите его вручную`,
      `The soft-offline check is older than ${l.maxAgeHours} h: post it by hand`,
      { max_age_hours: l.maxAgeHours, age_hours: Math.floor(ageHours) },
    );
  }
  const t = localTime(at, p.timeZone);
  const dayStart = localMidnight(t.year, t.month, t.day, p.timeZone);
  const next = new Date(Date.UTC(t.year, t.month - 1, t.day + 1));
  const dayEnd = localMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), p.timeZone);
  for (const [code, { card }] of cards) {
    const amount = payments.filter((x) => x.cardCode === code).reduce((s, x) => s + x.amount, 0);
    if (amount === 0) continue;
    if (l.maxPerCheck !== undefined && amount > l.maxPerCheck) {
      limitExceeded(
        'rkeeper.offline.check_limit',
        `Оплата картой ${code} в оффлайне больше лимита на чек (${l.maxPerCheck / 100} ₽)`,
        `The offline payment by card ${code} exceeds the per-check limit (${l.maxPerCheck} kopecks)`,
        { card: code, amount, limit: l.maxPerCheck },
      );
    }
    if (l.maxPerCardPerDay === undefined) continue;
    // Offline posts of one card serialize on its row, so two cannot both fit the last room.
    await tx.selectFrom('cards').select('id').where('org_id', '=', p.orgId).where('id', '=', card.id).forUpdate().execute();
    const spent = await tx
      .selectFrom('ledger_entries')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), sql<number>`0`).as('total'))
      .where('org_id', '=', p.orgId)
      .where('card_id', '=', card.id)
      .where('occurred_at', '>=', dayStart)
      .where('occurred_at', '<', dayEnd)
      .where('soft_offline', '=', true)
      .where('type', 'in', ['payment', 'bonus_payment'])
      .executeTakeFirstOrThrow();
    const used = -Number(spent.total);
    if (used + amount > l.maxPerCardPerDay) {
      limitExceeded(
        'rkeeper.offline.day_limit',
        `Оплаты картой ${code} в оффлайне за день превысят лимит (${l.maxPerCardPerDay / 100} ₽)`,
        `Offline payments by card ${code} would exceed the daily limit (${l.maxPerCardPerDay} kopecks)`,
        { card: code, amount, used, limit: l.maxPerCardPerDay },
      );
    }
  }
}

function cardsOf(rows: readonly PresentedRow[], codes: readonly string[]): Map<string, PresentedCard> {
  const out = new Map<string, PresentedCard>();
  for (const code of codes) {
    const row = pickCard(rows, code);
    if (!row) {
      fail('not_found', 'card_not_found', { ru: `Карта ${code} не найдена`, en: `Card ${code} not found` }, { card: code });
    }
    out.set(code, presented(row));
  }
  return out;
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
    ? q.where((eb) => eb.or([eb('pos_order_id', '=', posting.saleId), eb('pos_order_id', 'like', `${posting.orderPrefix}/%`)]))
    : q.where('pos_order_id', '=', posting.saleId);
  const row = await q.orderBy(sql`pos_order_id = ${posting.saleId}`, 'desc').orderBy('id', 'desc').executeTakeFirst();
  if (!row) {
    fail('not_found', 'order_not_found', { ru: 'Возвращаемый чек не найден в Kopilka', en: 'The returned check is not in Kopilka' }, { sale: posting.saleId });
  }
  return row.pos_order_id;
}

/** The returned units matched to the sale's lines by item code; null = all that is left. */
async function returnedLines(tx: Tx, p: FarCardsPrincipal, saleId: string, posting: Posting) {
  const lines = await tx
    .selectFrom('order_lines as l')
    .innerJoin('orders as o', (j) => j.onRef('o.org_id', '=', 'l.org_id').onRef('o.id', '=', 'l.order_id'))
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
}

export async function postFarCardsTransactions(
  ctx: AppContext,
  p: FarCardsPrincipal,
  posting: Posting,
): Promise<PostingResult> {
  // OrderCalc, OrderBill, PrintCardInfo and the like move no money: acknowledged, not stored.
  if (posting.op === 'none') return { op: posting.op, replayed: false, soft_offline: false };
  const now = ctx.now();
  const { at, offline } = timing(posting, p.timeZone, now);
  // Known before the work runs, so it is stored with the claim.
  const answer = { op: posting.op, soft_offline: offline };
  const codes = [...new Set(posting.cards)];
  const done = await inTransaction(ctx, (tx) => {
    const inner: AppContext = { ...ctx, db: tx };
    const read = presentedCardsQuery(tx, p, codes);
    return onceAlongside(tx, p, 'rkeeper.transactionsex', posting.key, posting.fingerprint, read, async (rows) => {
      const common = {
        occurred_at: at.toISOString(),
        soft_offline: offline,
        ...(posting.operator ? { operator: posting.operator } : {}),
      };
      const cards = cardsOf(rows, codes);
      if (posting.op === 'sale' || posting.op === 'return_rollback') {
        if (offline) await checkOfflineLimits(tx, p, cards, posting.payments, at, now);
        const total = posting.lines.reduce((s, l) => s + l.amount, 0);
        const byCard = posting.payments.reduce((s, x) => s + x.amount, 0);
        if (byCard > total) {
          fail('rejected', 'rkeeper.posting.over_total', {
            ru: `Оплата картой (${byCard / 100} ₽) больше суммы чека (${total / 100} ₽)`,
            en: `The card payment (${byCard} kopecks) exceeds the check total (${total} kopecks)`,
          });
        }
        const payments: PaymentLineInput[] = posting.payments.map((x) => ({
          kind: x.kind,
          amount: x.amount,
          card: { card_id: (cards.get(x.cardCode) as PresentedCard).card.id },
        }));
        if (total > byCard) {
          payments.push({ kind: 'other', amount: total - byCard, name: posting.otherPaymentNames.join(', ') || 'r_keeper' });
        }
        const [first] = cards.values();
        // The packet's claim on r_keeper's identifiers is the close's one effect: no second claim.
        await postClose(inner, tx, p, {
          ...common,
          order_id: posting.op === 'sale' ? posting.saleId : `${posting.saleId}:return-rollback`,
          check_number: posting.checkNumber,
          ...(first ? { card: { card_id: first.card.id } } : {}),
          lines: posting.lines,
          payments,
        }, first);
      } else if (posting.op === 'sale_rollback') {
        await refundOrder(inner, p, posting.saleId, { ...common, refund_id: posting.key });
      } else {
        const saleId = await saleOf(tx, p, posting);
        const lines = await returnedLines(tx, p, saleId, posting);
        await refundOrder(inner, p, saleId, { ...common, refund_id: posting.key, ...(lines ? { lines } : {}) });
      }
    }, answer);
  });
  // A committed close took the restaurant out of test mode (C1): the cached principal skips
  // the no-op update from now on.
  if (posting.op === 'sale' || posting.op === 'return_rollback') p.testMode = false;
  return { ...done.result, replayed: done.replayed };
}
