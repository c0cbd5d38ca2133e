// Operation history (C6) per card and per guest, with seed 000's columns, newest first,
// paginated by a keyset cursor so deep pages cost the same as the first.
import { sql } from 'kysely';
import { ENTRY_LABELS, type EntryType } from '../domain/ledger.ts';
import { fail } from '../domain/errors.ts';
import type { Tx } from './context.ts';
import { guestName } from './cards.ts';

export interface HistoryRow {
  id: number;
  /** Тип: a letter as in seed 000, with the full name. */
  type: string;
  type_code: string;
  type_name: { ru: string; en: string };
  /** Дата */
  occurred_at: string;
  /** Счет/Билет */
  account: string;
  account_id: number;
  /** Начисление/Списание, kopecks (points: hundredths). */
  amount: number;
  /** Товар */
  item: string | null;
  /** Оплата: money the guest paid in the same operation. */
  payment: number;
  /** Точка обслуживания */
  point_of_service: string | null;
  /** Оператор */
  operator: string | null;
  /** Плательщик, Карта плательщика */
  payer: string | null;
  payer_card: string | null;
  /** Получатель, Карта получателя */
  recipient: string | null;
  recipient_card: string | null;
  /** Мягкий оффлайн */
  soft_offline: boolean;
  source: string;
  order_id: string | null;
  reverses_entry_id: number | null;
}

export interface HistoryPage {
  rows: HistoryRow[];
  next_cursor: string | null;
}

export interface HistoryQuery {
  limit?: number;
  cursor?: string;
  from?: string;
  to?: string;
  types?: readonly EntryType[];
  restaurantId?: number;
  terminalId?: number;
}

// Cursors carry times of real entries; outside years 1–9999 the database refuses the value.
const inCursorRange = (ms: number) => ms >= -62_135_596_800_000 && ms <= 253_402_300_799_999;

function decodeCursor(cursor: string): { at: Date; id: number } {
  const [ms, id] = Buffer.from(cursor, 'base64url').toString().split(':').map(Number);
  if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(id) || !inCursorRange(ms as number)) {
    fail('validation', 'invalid_cursor', {
      ru: 'Неверный курсор страницы',
      en: 'Invalid page cursor',
    });
  }
  return { at: new Date(ms as number), id: id as number };
}

function encodeCursor(at: Date, id: number): string {
  return Buffer.from(`${at.getTime()}:${id}`).toString('base64url');
}

function parseTime(value: string, field: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    fail(
      'validation',
      'invalid_time',
      { ru: `Неверная дата в поле ${field}`, en: `Invalid date in ${field}` },
      { field },
    );
  return d;
}

/** The display of a card in history: its UID where it has one (seed 000), else its number. */
const cardLabel = (uid: string | null, number: string | null) => uid ?? number;

export async function history(
  tx: Tx,
  orgId: number,
  subject: { cardId: number } | { guestId: number },
  q: HistoryQuery,
): Promise<HistoryPage> {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  let query = tx
    .selectFrom('ledger_entries as e')
    .innerJoin('accounts as a', (j) =>
      j.onRef('a.org_id', '=', 'e.org_id').onRef('a.id', '=', 'e.account_id'),
    )
    .leftJoin('terminals as t', (j) =>
      j.onRef('t.org_id', '=', 'e.org_id').onRef('t.id', '=', 'e.terminal_id'),
    )
    .leftJoin('guests as pg', (j) =>
      j.onRef('pg.org_id', '=', 'e.org_id').onRef('pg.id', '=', 'e.payer_guest_id'),
    )
    .leftJoin('cards as pc', (j) =>
      j.onRef('pc.org_id', '=', 'e.org_id').onRef('pc.id', '=', 'e.payer_card_id'),
    )
    .leftJoin('guests as rg', (j) =>
      j.onRef('rg.org_id', '=', 'e.org_id').onRef('rg.id', '=', 'e.recipient_guest_id'),
    )
    .leftJoin('cards as rc', (j) =>
      j.onRef('rc.org_id', '=', 'e.org_id').onRef('rc.id', '=', 'e.recipient_card_id'),
    )
    .leftJoin('orders as o', (j) =>
      j.onRef('o.org_id', '=', 'e.org_id').onRef('o.id', '=', 'e.order_id'),
    )
    .select([
      'e.id',
      'e.type',
      'e.occurred_at',
      'e.amount',
      'e.item_name',
      'e.payment_amount',
      'e.operator',
      'e.soft_offline',
      'e.source',
      'e.reverses_entry_id',
      'e.account_id',
      'a.name as account_name',
      't.name as terminal_name',
      'o.pos_order_id',
      'pg.last_name as p_last',
      'pg.first_name as p_first',
      'pg.middle_name as p_middle',
      'pc.uid as p_uid',
      'pc.number as p_number',
      'rg.last_name as r_last',
      'rg.first_name as r_first',
      'rg.middle_name as r_middle',
      'rc.uid as r_uid',
      'rc.number as r_number',
    ])
    .where('e.org_id', '=', orgId);
  query =
    'cardId' in subject
      ? query.where('e.card_id', '=', subject.cardId)
      : query.where('e.guest_id', '=', subject.guestId);
  if (q.from) query = query.where('e.occurred_at', '>=', parseTime(q.from, 'from'));
  if (q.to) query = query.where('e.occurred_at', '<', parseTime(q.to, 'to'));
  if (q.types?.length) query = query.where('e.type', 'in', q.types);
  if (q.restaurantId) query = query.where('e.restaurant_id', '=', q.restaurantId);
  if (q.terminalId) query = query.where('e.terminal_id', '=', q.terminalId);
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    query = query.where(sql<boolean>`(e.occurred_at, e.id) < (${c.at}, ${c.id})`);
  }
  const rows = await query
    .orderBy('e.occurred_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => {
      const label = ENTRY_LABELS[r.type];
      const payer = guestName({
        last_name: r.p_last,
        first_name: r.p_first,
        middle_name: r.p_middle,
      });
      const recipient = guestName({
        last_name: r.r_last,
        first_name: r.r_first,
        middle_name: r.r_middle,
      });
      return {
        id: r.id,
        type: label.code,
        type_code: r.type,
        type_name: { ru: label.ru, en: label.en },
        occurred_at: r.occurred_at.toISOString(),
        account: r.account_name,
        account_id: r.account_id,
        amount: r.amount,
        item: r.item_name,
        payment: r.payment_amount,
        point_of_service: r.terminal_name,
        operator: r.operator,
        payer: payer || null,
        payer_card: cardLabel(r.p_uid, r.p_number),
        recipient: recipient || null,
        recipient_card: cardLabel(r.r_uid, r.r_number),
        soft_offline: r.soft_offline,
        source: r.source,
        order_id: r.pos_order_id,
        reverses_entry_id: r.reverses_entry_id,
      };
    }),
    next_cursor: rows.length > limit && last ? encodeCursor(last.occurred_at, last.id) : null,
  };
}
