// C6 operation history of a card or a guest as a report: the use case's keyset pages with
// the period read in a local zone, filters by type, restaurant and cash register, and seed
// 000's columns for export.
import type { Tx } from '../app/context.ts';
import { history, type HistoryQuery, type HistoryRow } from '../app/history.ts';
import { fail } from '../domain/errors.ts';
import type { EntryType } from '../domain/ledger.ts';
import { keysetPages, type Cell, type Column, type Lang, type ReportTable } from './export.ts';
import {
  findRestaurant,
  findTerminal,
  formatLocal,
  localPeriod,
  MAX_DAYS,
  reportTimeZone,
  roubleNumber,
} from './period.ts';
import { utcBounds } from './sales.ts';

export type HistorySubject = { cardId: number } | { guestId: number };

export interface HistoryReportQuery {
  subject: HistorySubject;
  from?: string;
  to?: string;
  types?: EntryType[];
  restaurantId?: number;
  terminalId?: number;
  timeZone?: string;
}

export interface HistoryScope {
  orgId: number;
  subject: HistorySubject;
  timeZone: string;
  query: HistoryQuery;
}

export const HISTORY_COLUMNS: readonly Column[] = [
  { key: 'type', ru: 'Тип', en: 'Type' },
  { key: 'occurred_at', ru: 'Дата', en: 'Date' },
  { key: 'account', ru: 'Счет/Билет', en: 'Account/ticket' },
  { key: 'amount', ru: 'Начисление/Списание', en: 'Credit/debit' },
  { key: 'item', ru: 'Товар', en: 'Item' },
  { key: 'payment', ru: 'Оплата', en: 'Payment' },
  { key: 'point_of_service', ru: 'Точка обслуживания', en: 'Point of service' },
  { key: 'operator', ru: 'Оператор', en: 'Operator' },
  { key: 'payer', ru: 'Плательщик', en: 'Payer' },
  { key: 'payer_card', ru: 'Карта плательщика', en: "Payer's card" },
  { key: 'recipient', ru: 'Получатель', en: 'Recipient' },
  { key: 'recipient_card', ru: 'Карта получателя', en: "Recipient's card" },
  { key: 'soft_offline', ru: 'Мягкий оффлайн', en: 'Soft offline' },
];

async function assertSubject(tx: Tx, orgId: number, subject: HistorySubject): Promise<void> {
  const found =
    'cardId' in subject
      ? await tx
          .selectFrom('cards')
          .select('id')
          .where('org_id', '=', orgId)
          .where('id', '=', subject.cardId)
          .executeTakeFirst()
      : await tx
          .selectFrom('guests')
          .select('id')
          .where('org_id', '=', orgId)
          .where('id', '=', subject.guestId)
          .executeTakeFirst();
  if (found) return;
  if ('cardId' in subject) {
    fail('not_found', 'card_not_found', { ru: `Карта ${subject.cardId} не найдена`, en: `Card ${subject.cardId} not found` }, { card_id: subject.cardId });
  }
  fail('not_found', 'guest_not_found', { ru: `Гость ${subject.guestId} не найден`, en: `Guest ${subject.guestId} not found` }, { guest_id: subject.guestId });
}

export async function historyScope(tx: Tx, orgId: number, q: HistoryReportQuery): Promise<HistoryScope> {
  await assertSubject(tx, orgId, q.subject);
  if (q.restaurantId) await findRestaurant(tx, orgId, q.restaurantId);
  if (q.terminalId) await findTerminal(tx, orgId, q.terminalId);
  const timeZone = await reportTimeZone(tx, orgId, q);
  const query: HistoryQuery = {
    ...(q.types ? { types: q.types } : {}),
    ...(q.restaurantId ? { restaurantId: q.restaurantId } : {}),
    ...(q.terminalId ? { terminalId: q.terminalId } : {}),
  };
  if (q.from || q.to) {
    if (!q.from || !q.to) {
      fail('validation', 'period_incomplete', { ru: 'Укажите и начало (from), и конец (to) периода', en: 'Give both ends of the period (from and to)' });
    }
    const bounds = await utcBounds(tx, localPeriod(q.from, q.to, MAX_DAYS.history), timeZone);
    query.from = bounds.from.toISOString();
    query.to = bounds.to.toISOString();
  }
  return { orgId, subject: q.subject, timeZone, query };
}

export function historyCells(r: HistoryRow, tz: string): Cell[] {
  return [
    r.type,
    formatLocal(new Date(r.occurred_at), tz),
    r.account,
    roubleNumber(r.amount),
    r.item,
    roubleNumber(r.payment),
    r.point_of_service,
    r.operator,
    r.payer,
    r.payer_card,
    r.recipient,
    r.recipient_card,
    r.soft_offline,
  ];
}

export async function historyReportPage(tx: Tx, s: HistoryScope, cursor: string | undefined, limit: number) {
  const page = await history(tx, s.orgId, s.subject, { ...s.query, limit, ...(cursor ? { cursor } : {}) });
  return {
    rows: page.rows.map((r) => ({ ...r, occurred_at_local: formatLocal(new Date(r.occurred_at), s.timeZone) })),
    next_cursor: page.next_cursor,
  };
}

export function historyTable(tx: Tx, s: HistoryScope, lang: Lang): ReportTable {
  const who = 'cardId' in s.subject ? `${lang === 'ru' ? 'Карта' : 'Card'} ${s.subject.cardId}` : `${lang === 'ru' ? 'Гость' : 'Guest'} ${s.subject.guestId}`;
  return {
    title: { ru: 'История операций', en: 'Operation history' },
    heading: [lang === 'ru' ? 'История операций' : 'Operation history', who],
    columns: HISTORY_COLUMNS,
    pages: keysetPages<string | undefined, Cell[]>(undefined, async (cursor) => {
      const page = await history(tx, s.orgId, s.subject, { ...s.query, limit: 500, ...(cursor ? { cursor } : {}) });
      return { rows: page.rows.map((r) => historyCells(r, s.timeZone)), key: page.next_cursor };
    }),
  };
}
