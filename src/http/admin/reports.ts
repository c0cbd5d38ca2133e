// Admin API: reports A1–A5 (docs/reports.md). Each answers JSON, or with format=csv|xlsx an
// export streamed page by page. Everything is validated before the first byte is sent, so a
// mistake is a clean 4xx, never a truncated file.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { ReportSource } from '../../db/replica.ts';
import { fail } from '../../domain/errors.ts';
import type { EntryType } from '../../domain/ledger.ts';
import { demandTable } from '../../reports/demand.ts';
import {
  collectRows,
  csvStream,
  xlsxStream,
  type Lang,
  type ReportTable,
} from '../../reports/export.ts';
import {
  guestSegments,
  guestSpendPage,
  guestSpendScope,
  guestSpendTable,
} from '../../reports/guest-spend.ts';
import { historyReportPage, historyScope, historyTable } from '../../reports/history.ts';
import { liability, liabilityTable } from '../../reports/liability.ts';
import { promotionTable, rankTable } from '../../reports/loyalty.ts';
import { LOCAL_PATTERN, MAX_DAYS } from '../../reports/period.ts';
import {
  decodeSalesCursor,
  encodeSalesCursor,
  salesHeading,
  salesPage,
  salesScope,
  salesTable,
} from '../../reports/sales.ts';
import { adminSecurity as security, Strict, tags } from './schemas.ts';
import {
  GuestSpendAnswer,
  HistoryReportAnswer,
  LiabilityAnswer,
  SalesAnswer,
  SegmentsAnswer,
  TableAnswer,
} from './report-answers.ts';

const tag = tags('reports');
const config = { permission: 'reports.read' as const };

const Id = (description: string) => Type.String({ pattern: '^[1-9][0-9]{0,14}$', description });
const Local = (description: string) =>
  Type.String({
    pattern: LOCAL_PATTERN,
    description: `${description}: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], local time`,
  });
const ENTRY_TYPES = [
  'topup',
  'payment',
  'bonus_accrual',
  'bonus_payment',
  'bonus_expiry',
  'adjustment',
  'reversal',
];
const TYPE_LIST = `(${ENTRY_TYPES.join('|')})`;

const Output = {
  format: Type.Optional(
    Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('xlsx')], {
      description: 'Default json',
    }),
  ),
  lang: Type.Optional(
    Type.Union([Type.Literal('ru'), Type.Literal('en')], {
      description: 'Column names; default ru',
    }),
  ),
  delimiter: Type.Optional(
    Type.Union(
      [Type.Literal(','), Type.Literal(';'), Type.Literal('comma'), Type.Literal('semicolon')],
      {
        description:
          "CSV delimiter; ';' (or semicolon) also writes decimal commas for Russian Excel",
      },
    ),
  ),
};
const Page = {
  limit: Type.Optional(
    Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–500 (JSON pages)' }),
  ),
  cursor: Type.Optional(
    Type.String({ maxLength: 100, description: 'next_cursor of the previous page' }),
  ),
};
type OutputQ = { format?: 'json' | 'csv' | 'xlsx'; lang?: Lang; delimiter?: string };

const SalesQ = Strict({
  restaurant_id: Id('Restaurant'),
  terminal_id: Type.Optional(Id('Cash register')),
  from: Local('Start'),
  to: Local(`End; a date alone means the whole day; at most ${MAX_DAYS.sales} days`),
  ...Page,
  ...Output,
});
const HistoryQ = Strict({
  card_id: Type.Optional(Id('Card')),
  guest_id: Type.Optional(Id('Guest (one of card_id, guest_id)')),
  from: Type.Optional(Local('Start')),
  to: Type.Optional(Local(`End; at most ${MAX_DAYS.history} days`)),
  type: Type.Optional(
    Type.String({
      pattern: `^${TYPE_LIST}(,${TYPE_LIST})*$`,
      description: 'Entry types, comma-separated',
    }),
  ),
  restaurant_id: Type.Optional(Id('Restaurant')),
  terminal_id: Type.Optional(Id('Point of service')),
  time_zone: Type.Optional(
    Type.String({ maxLength: 64, description: 'IANA zone for dates; default the restaurant’s' }),
  ),
  ...Page,
  ...Output,
});
const DemandQ = Strict({
  from: Local('Start'),
  to: Local(`End; at most ${MAX_DAYS.demand} days`),
  group_by: Type.Optional(
    Type.String({
      maxLength: 60,
      description:
        'item, category, restaurant, hour, weekday; up to 3, comma-separated; default item',
    }),
  ),
  restaurant_id: Type.Optional(Id('Restaurant')),
  ...Output,
});
const GuestQ = Strict({
  from: Local('Start'),
  to: Local(`End; at most ${MAX_DAYS.guests} days`),
  restaurant_id: Type.Optional(Id('Restaurant')),
  time_zone: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Page.limit,
  cursor: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,15}$', description: 'next_cursor of the previous page' }),
  ),
  ...Output,
});
const AsOfQ = Strict({
  as_of: Local('The moment; a date alone means the end of that day'),
  time_zone: Type.Optional(Type.String({ maxLength: 64 })),
  ...Output,
});
const PromoQ = Strict({
  from: Local('Start'),
  to: Local(`End; at most ${MAX_DAYS.demand} days`),
  restaurant_id: Type.Optional(Id('Restaurant')),
  ...Output,
});

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

/** A JSON answer with the lag of the database it was read from (null: the primary). */
export async function withLag<T extends object>(src: ReportSource, answer: T) {
  return { ...answer, replica_lag_seconds: await src.lagSeconds() };
}

/** JSON of the whole table, or a streamed CSV / XLSX file. */
async function send(
  src: ReportSource,
  reply: FastifyReply,
  table: ReportTable,
  q: OutputQ,
  name: string,
) {
  if (q.format === 'csv' || q.format === 'xlsx') return sendFile(src, reply, table, q, name);
  return withLag(src, {
    title: table.title,
    heading: table.heading,
    columns: [...table.columns],
    rows: await collectRows(table),
  });
}

/** A file has no JSON body to carry the replica's lag: a header does, set before streaming. */
export const REPLICA_LAG_HEADER = 'kopilka-replica-lag-seconds';

/** The table as a CSV or XLSX file, streamed page by page. */
async function sendFile(
  src: ReportSource,
  reply: FastifyReply,
  table: ReportTable,
  q: OutputQ,
  name: string,
) {
  const lag = await src.lagSeconds();
  if (lag !== null) reply.header(REPLICA_LAG_HEADER, lag.toFixed(3));
  const lang = q.lang ?? 'ru';
  if (q.format === 'csv') {
    const delimiter = q.delimiter === ';' || q.delimiter === 'semicolon' ? ';' : ',';
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(csvStream(table, { lang, delimiter }));
  }
  return reply
    .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${name}.xlsx"`)
    .send(xlsxStream(table, lang));
}

/** The reports; with a replica (DATABASE_REPLICA_URL) they read there, never the primary. */
export function reportRoutes(app: FastifyInstance, src: ReportSource) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = src;

  r.get(
    '/reports/sales',
    {
      config,
      schema: {
        operationId: 'reportSales',
        tags: tag,
        security,
        summary: 'A1 «Детальный по продажам» of one restaurant (seed 000)',
        querystring: SalesQ,
        response: { 200: SalesAnswer },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const lang = q.lang ?? 'ru';
      const s = await salesScope(db, req.admin.orgId, {
        restaurantId: Number(q.restaurant_id),
        ...(q.terminal_id ? { terminalId: Number(q.terminal_id) } : {}),
        from: q.from,
        to: q.to,
      });
      if (q.format === 'csv' || q.format === 'xlsx')
        return sendFile(src, reply, salesTable(db, s, lang), q, `sales-${q.from}`);
      const page = await salesPage(
        db,
        s,
        q.cursor ? decodeSalesCursor(q.cursor) : null,
        num(q.limit) ?? 100,
        lang,
      );
      return withLag(src, {
        title: lang === 'ru' ? 'Детальный по продажам' : 'Detailed sales',
        heading: salesHeading(s, lang),
        period: {
          from: s.period.from.text,
          to: s.period.toText,
          time_zone: s.restaurant.time_zone,
        },
        installation: s.installation,
        restaurant: s.restaurant,
        cash_register: s.terminal,
        rows: page.sales,
        next_cursor: page.next ? encodeSalesCursor(page.next) : null,
      });
    },
  );

  r.get(
    '/reports/history',
    {
      config,
      schema: {
        operationId: 'reportHistory',
        tags: tag,
        security,
        summary: 'C6 operation history of a card or a guest, filtered',
        querystring: HistoryQ,
        response: { 200: HistoryReportAnswer },
      },
    },
    async (req, reply) => {
      const q = req.query as Static<typeof HistoryQ>;
      const s = await historyScope(db, req.admin.orgId, {
        subject: subjectOf(q),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.type ? { types: q.type.split(',') as EntryType[] } : {}),
        ...(q.restaurant_id ? { restaurantId: Number(q.restaurant_id) } : {}),
        ...(q.terminal_id ? { terminalId: Number(q.terminal_id) } : {}),
        ...(q.time_zone ? { timeZone: q.time_zone } : {}),
      });
      if (q.format === 'csv' || q.format === 'xlsx')
        return sendFile(src, reply, historyTable(db, s, q.lang ?? 'ru'), q, 'history');
      return withLag(src, {
        time_zone: s.timeZone,
        ...(await historyReportPage(db, s, q.cursor, num(q.limit) ?? 50)),
      });
    },
  );

  r.get(
    '/reports/demand',
    {
      config,
      schema: {
        operationId: 'reportDemand',
        tags: tag,
        security,
        summary: 'A2 item demand by item, category, restaurant, hour, weekday',
        querystring: DemandQ,
        response: { 200: TableAnswer },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const table = await demandTable(db, req.admin.orgId, {
        from: q.from,
        to: q.to,
        groupBy: q.group_by ?? 'item',
        ...(q.restaurant_id ? { restaurantId: Number(q.restaurant_id) } : {}),
      });
      return send(src, reply, table, q, `demand-${q.from}`);
    },
  );

  r.get(
    '/reports/guest-spend',
    {
      config,
      schema: {
        operationId: 'reportGuestSpend',
        tags: tag,
        security,
        summary: 'A3 guest spend with RFM segments',
        querystring: GuestQ,
        response: { 200: GuestSpendAnswer },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const s = await guestSpendScope(db, req.admin.orgId, guestSpendQuery(q));
      if (q.format === 'csv' || q.format === 'xlsx')
        return sendFile(
          src,
          reply,
          guestSpendTable(db, s, q.lang ?? 'ru'),
          q,
          `guest-spend-${q.from}`,
        );
      const page = await guestSpendPage(db, s, num(q.cursor) ?? 0, num(q.limit) ?? 100);
      return withLag(src, {
        rows: page.rows,
        next_cursor: page.next === null ? null : String(page.next),
      });
    },
  );

  r.get(
    '/reports/guest-spend/segments',
    {
      config,
      schema: {
        operationId: 'reportGuestSegments',
        tags: tag,
        security,
        summary: 'A3 guests, visits and spend per RFM segment',
        querystring: GuestQ,
        response: { 200: SegmentsAnswer },
      },
    },
    async (req) => {
      const s = await guestSpendScope(db, req.admin.orgId, guestSpendQuery(req.query));
      return withLag(src, { rows: await guestSegments(db, s), next_cursor: null });
    },
  );

  r.get(
    '/reports/liability',
    {
      config,
      schema: {
        operationId: 'reportLiability',
        tags: tag,
        security,
        summary: 'A4 bonus liability and deposit balances as of a moment',
        querystring: AsOfQ,
        response: { 200: LiabilityAnswer },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const result = await liability(db, req.admin.orgId, {
        asOf: q.as_of,
        ...(q.time_zone ? { timeZone: q.time_zone } : {}),
      });
      if (q.format === 'csv' || q.format === 'xlsx')
        return sendFile(
          src,
          reply,
          liabilityTable(result, q.lang ?? 'ru'),
          q,
          `liability-${q.as_of}`,
        );
      return withLag(src, result);
    },
  );

  r.get(
    '/reports/ranks',
    {
      config,
      schema: {
        operationId: 'reportRanks',
        tags: tag,
        security,
        summary: 'A4 guests per loyalty rank as of a moment',
        querystring: AsOfQ,
        response: { 200: TableAnswer },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const table = await rankTable(db, req.admin.orgId, {
        asOf: q.as_of,
        ...(q.time_zone ? { timeZone: q.time_zone } : {}),
      });
      return send(src, reply, table, q, `ranks-${q.as_of}`);
    },
  );

  r.get(
    '/reports/promotions',
    {
      config,
      schema: {
        operationId: 'reportPromotions',
        tags: tag,
        security,
        summary: 'A4 promotion effectiveness over a period',
        querystring: PromoQ,
        response: { 200: TableAnswer },
      },
    },
    async (req, reply) => {
      const q = req.query;
      const table = await promotionTable(db, req.admin.orgId, {
        from: q.from,
        to: q.to,
        ...(q.restaurant_id ? { restaurantId: Number(q.restaurant_id) } : {}),
      });
      return send(src, reply, table, q, `promotions-${q.from}`);
    },
  );
}

function subjectOf(q: { card_id?: string; guest_id?: string }) {
  if (q.card_id && !q.guest_id) return { cardId: Number(q.card_id) };
  if (q.guest_id && !q.card_id) return { guestId: Number(q.guest_id) };
  return fail('validation', 'subject_required', {
    ru: 'Укажите ровно одно из card_id и guest_id',
    en: 'Give exactly one of card_id and guest_id',
  });
}

function guestSpendQuery(q: Static<typeof GuestQ>) {
  return {
    from: q.from,
    to: q.to,
    ...(q.restaurant_id ? { restaurantId: Number(q.restaurant_id) } : {}),
    ...(q.time_zone ? { timeZone: q.time_zone } : {}),
  };
}
