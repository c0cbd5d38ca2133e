// A1 «Детальный по продажам» (seed 000): per sale its number, card and time; per line the
// item, base price, price and units; under each line the account payments that covered it
// («Депозит (счет): 290; 61366822»). Sales are read by keyset pages of (closed_at, id).
import { sql } from 'kysely';
import type { Tx } from '../app/context.ts';
import { fail } from '../domain/errors.ts';
import { keysetPages, type Cell, type Column, type Lang, type ReportTable } from './export.ts';
import {
  findRestaurant,
  findTerminal,
  formatLocal,
  localPeriod,
  MAX_DAYS,
  roubleNumber,
  roubles,
  type LocalPeriod,
  type ScopeRestaurant,
} from './period.ts';

export interface SalesQuery {
  restaurantId: number;
  terminalId?: number;
  from: string;
  to: string;
}

export interface SalePayment {
  account: string;
  kind: 'deposit' | 'bonus';
  /** Kopecks (bonus: hundredths of a point). */
  amount: number;
  card_uid: string | null;
  text: string;
}

export interface SaleLine {
  line_no: number;
  item_code: string;
  item: string;
  category: string | null;
  base_price: number;
  price: number;
  units: number;
  amount: number;
  refunded_units: number;
  payments: SalePayment[];
}

export interface Sale {
  id: number;
  number: string;
  card: string | null;
  closed_at: string;
  closed_at_local: string;
  cash_register: string | null;
  total: number;
  status: string;
  soft_offline: boolean;
  lines: SaleLine[];
}

export interface SalesScope {
  orgId: number;
  restaurant: ScopeRestaurant;
  terminal: { id: number; name: string } | null;
  /** The cash registers the report covers, for its heading. */
  registers: string[];
  installation: string;
  period: LocalPeriod;
  bounds: { from: Date; to: Date };
}

export const SALES_COLUMNS: readonly Column[] = [
  { key: 'item', ru: 'Товар/услуга', en: 'Item/service' },
  { key: 'card', ru: 'Карта', en: 'Card' },
  { key: 'base_price', ru: 'Базовая цена', en: 'Base price' },
  { key: 'price', ru: 'Цена', en: 'Price' },
  { key: 'units', ru: 'Единиц', en: 'Units' },
];

/** UTC bounds of a local period in `tz`, by PostgreSQL's own zone rules (DST included). */
export async function utcBounds(tx: Tx, period: LocalPeriod, tz: string) {
  const { rows } = await sql<{ from: Date; to: Date }>`
    select (${period.from.sql}::timestamp at time zone ${tz}) as "from",
           (${period.toExclusive.sql}::timestamp at time zone ${tz}) as "to"`.execute(tx);
  return rows[0] as { from: Date; to: Date };
}

export async function salesScope(tx: Tx, orgId: number, q: SalesQuery): Promise<SalesScope> {
  const period = localPeriod(q.from, q.to, MAX_DAYS.sales);
  const restaurant = await findRestaurant(tx, orgId, q.restaurantId);
  let terminal: SalesScope['terminal'] = null;
  if (q.terminalId) {
    const t = await findTerminal(tx, orgId, q.terminalId);
    if (t.restaurant_id !== restaurant.id) {
      fail(
        'validation',
        'terminal_not_in_restaurant',
        {
          ru: `Касса ${t.id} не относится к ресторану ${restaurant.id}`,
          en: `Cash register ${t.id} does not belong to restaurant ${restaurant.id}`,
        },
        { terminal_id: t.id, restaurant_id: restaurant.id },
      );
    }
    terminal = { id: t.id, name: t.name };
  }
  const org = await tx
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  const registers = terminal
    ? [terminal.name]
    : (
        await tx
          .selectFrom('terminals')
          .select('name')
          .distinct()
          .where('org_id', '=', orgId)
          .where('restaurant_id', '=', restaurant.id)
          .orderBy('name')
          .execute()
      ).map((x) => x.name);
  const bounds = await utcBounds(tx, period, restaurant.time_zone);
  return { orgId, restaurant, terminal, registers, installation: org.name, period, bounds };
}

export interface SalesCursor {
  at: Date;
  id: number;
}

export function encodeSalesCursor(c: SalesCursor): string {
  return Buffer.from(`${c.at.getTime()}:${c.id}`).toString('base64url');
}

export function decodeSalesCursor(cursor: string): SalesCursor {
  const [ms, id] = Buffer.from(cursor, 'base64url').toString().split(':').map(Number);
  if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(id) || Math.abs(ms as number) > 8.64e15) {
    fail('validation', 'invalid_cursor', { ru: 'Неверный курсор страницы', en: 'Invalid page cursor' });
  }
  return { at: new Date(ms as number), id: id as number };
}

function paymentText(account: string, amount: number, uid: string | null, lang: Lang): string {
  const label = lang === 'ru' ? 'счет' : 'account';
  return `${account} (${label}): ${roubles(amount, lang)}${uid ? `; ${uid}` : ''}`;
}

/** One page of sales, oldest first, after `after` (exclusive). */
export async function salesPage(
  tx: Tx,
  s: SalesScope,
  after: SalesCursor | null,
  limit: number,
  lang: Lang = 'ru',
): Promise<{ sales: Sale[]; next: SalesCursor | null }> {
  let q = tx
    .selectFrom('orders as o')
    .leftJoin('cards as c', (j) => j.onRef('c.org_id', '=', 'o.org_id').onRef('c.id', '=', 'o.card_id'))
    .leftJoin('terminals as t', (j) =>
      j.onRef('t.org_id', '=', 'o.org_id').onRef('t.id', '=', 'o.terminal_id'),
    )
    .select([
      'o.id',
      'o.pos_order_id',
      'o.check_number',
      'o.closed_at',
      'o.total',
      'o.status',
      'o.soft_offline',
      'c.number as card_number',
      't.name as terminal_name',
    ])
    .where('o.org_id', '=', s.orgId)
    .where('o.restaurant_id', '=', s.restaurant.id)
    .where('o.closed_at', '>=', s.bounds.from)
    .where('o.closed_at', '<', s.bounds.to);
  if (s.terminal) q = q.where('o.terminal_id', '=', s.terminal.id);
  if (after) q = q.where(sql<boolean>`(o.closed_at, o.id) > (${after.at}, ${after.id})`);
  const orders = await q.orderBy('o.closed_at').orderBy('o.id').limit(limit + 1).execute();
  const page = orders.slice(0, limit);
  const ids = page.map((o) => o.id);
  if (ids.length === 0) return { sales: [], next: null };

  const [lines, payments] = await Promise.all([
    tx
      .selectFrom('order_lines')
      .selectAll()
      .where('org_id', '=', s.orgId)
      .where('order_id', 'in', ids)
      .orderBy('order_id')
      .orderBy('line_no')
      .execute(),
    tx
      .selectFrom('ledger_entries as e')
      .innerJoin('accounts as a', (j) =>
        j.onRef('a.org_id', '=', 'e.org_id').onRef('a.id', '=', 'e.account_id'),
      )
      .leftJoin('cards as c', (j) => j.onRef('c.org_id', '=', 'e.org_id').onRef('c.id', '=', 'e.card_id'))
      .select(['e.order_id', 'e.line_no', 'e.amount', 'a.name', 'a.kind', 'c.uid', 'c.number'])
      .where('e.org_id', '=', s.orgId)
      .where('e.order_id', 'in', ids)
      .where('e.type', 'in', ['payment', 'bonus_payment'])
      .orderBy('e.id')
      .execute(),
  ]);
  const paid = new Map<string, SalePayment[]>();
  for (const p of payments) {
    const key = `${p.order_id}:${p.line_no}`;
    const uid = p.uid ?? p.number;
    const amount = -p.amount;
    const list = paid.get(key) ?? [];
    list.push({ account: p.name, kind: p.kind, amount, card_uid: uid, text: paymentText(p.name, amount, uid, lang) });
    paid.set(key, list);
  }
  const byOrder = new Map<number, SaleLine[]>();
  for (const l of lines) {
    const list = byOrder.get(l.order_id) ?? [];
    list.push({
      line_no: l.line_no,
      item_code: l.item_code,
      item: l.item_name,
      category: l.category_name,
      base_price: l.base_price,
      price: l.price,
      units: l.quantity_milli / 1000,
      amount: l.amount,
      refunded_units: l.refunded_quantity_milli / 1000,
      payments: paid.get(`${l.order_id}:${l.line_no}`) ?? [],
    });
    byOrder.set(l.order_id, list);
  }
  const last = page[page.length - 1];
  return {
    sales: page.map((o) => ({
      id: o.id,
      number: o.check_number ?? o.pos_order_id,
      card: o.card_number,
      closed_at: o.closed_at.toISOString(),
      closed_at_local: formatLocal(o.closed_at, s.restaurant.time_zone),
      cash_register: o.terminal_name,
      total: o.total,
      status: o.status,
      soft_offline: o.soft_offline,
      lines: byOrder.get(o.id) ?? [],
    })),
    next: orders.length > limit && last ? { at: last.closed_at, id: last.id } : null,
  };
}

/** The seed's layout: a «Продажа» row, then each line followed by its payment rows. */
export function saleRows(sale: Sale, lang: Lang): Cell[][] {
  const rows: Cell[][] = [
    [`${lang === 'ru' ? 'Продажа' : 'Sale'} ${sale.number}`, sale.card, sale.closed_at_local, null, null],
  ];
  for (const l of sale.lines) {
    rows.push([l.item, null, roubleNumber(l.base_price), roubleNumber(l.price), l.units]);
    for (const p of l.payments) rows.push([p.text, null, null, null, null]);
  }
  return rows;
}

export function salesHeading(s: SalesScope, lang: Lang): string[] {
  const ru = lang === 'ru';
  return [
    ru ? 'Детальный по продажам' : 'Detailed sales',
    `${ru ? 'С' : 'From'} ${s.period.from.text}`,
    `${ru ? 'По' : 'To'} ${s.period.toText}`,
    s.installation,
    s.registers.join(', '),
  ];
}

export function salesTable(tx: Tx, s: SalesScope, lang: Lang): ReportTable {
  return {
    title: { ru: 'Детальный по продажам', en: 'Detailed sales' },
    heading: salesHeading(s, lang),
    columns: SALES_COLUMNS,
    pages: keysetPages<SalesCursor | 'start', Cell[]>('start', async (key) => {
      const page = await salesPage(tx, s, key === 'start' ? null : key, 500, lang);
      return { rows: page.sales.flatMap((x) => saleRows(x, lang)), key: page.next };
    }),
  };
}
