// What the report routes answer in JSON (docs/reports.md); with format=csv|xlsx the same
// routes stream a file instead. The cabinet's report screens read these generated types.
import { Type, type TSchema } from 'typebox';
import { Bilingual, HistoryRow, Instant, ListOf, Nullable } from '../answers.ts';

const Cell = Nullable(Type.Union([Type.String(), Type.Number(), Type.Boolean()]));

const FileNote =
  ' With format=csv or xlsx the answer is the file, streamed; its Kopilka-Replica-Lag-Seconds header then carries the lag.';

/** Every report answer says how late its figures may be (docs/operations.md, read replica). */
export const ReplicaLag = {
  replica_lag_seconds: Nullable(
    Type.Number({
      minimum: 0,
      description:
        'How far the read replica the report was read from is behind the primary, seconds; null: read from the primary',
    }),
  ),
};

/** Demand, ranks, promotions: a titled table; its amounts are roubles, not kopecks. */
export const TableAnswer = Type.Object(
  {
    title: Bilingual,
    heading: Type.Array(Type.String(), { description: 'Lines above the column header' }),
    columns: Type.Array(Type.Object({ key: Type.String(), ru: Type.String(), en: Type.String() })),
    rows: Type.Array(Type.Record(Type.String(), Cell), {
      description: 'One object per row, keyed by the columns’ keys',
    }),
    ...ReplicaLag,
  },
  { description: `A report table.${FileNote}` },
);

const SalePayment = Type.Object({
  account: Type.String(),
  kind: Type.Union([Type.Literal('deposit'), Type.Literal('bonus')]),
  amount: Type.Integer({ description: 'Kopecks (bonus: hundredths of a point)' }),
  card_uid: Nullable(Type.String()),
  text: Type.String({ description: 'As the r_keeper report prints it' }),
});

const SaleLine = Type.Object({
  line_no: Type.Integer(),
  item_code: Type.String(),
  item: Type.String(),
  category: Nullable(Type.String()),
  base_price: Type.Integer(),
  price: Type.Integer(),
  units: Type.Number(),
  amount: Type.Integer(),
  refunded_units: Type.Number(),
  payments: Type.Array(SalePayment),
});

export const Sale = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  card: Nullable(Type.String()),
  closed_at: Instant,
  closed_at_local: Type.String(),
  cash_register: Nullable(Type.String()),
  total: Type.Integer(),
  status: Type.String(),
  soft_offline: Type.Boolean(),
  lines: Type.Array(SaleLine),
});

const Named = Type.Object({ id: Type.Integer(), name: Type.String() });

export const SalesAnswer = Type.Object(
  {
    title: Type.String(),
    heading: Type.Array(Type.String()),
    period: Type.Object({ from: Type.String(), to: Type.String(), time_zone: Type.String() }),
    installation: Type.String(),
    restaurant: Type.Object({ ...Named.properties, time_zone: Type.String() }),
    cash_register: Nullable(Named),
    rows: Type.Array(Sale, { description: 'The sales of the page, each with its items' }),
    next_cursor: Nullable(Type.String()),
    ...ReplicaLag,
  },
  { description: `A1 detailed sales, a page of sales.${FileNote}` },
);

export const HistoryReportAnswer = Type.Object(
  {
    time_zone: Type.String(),
    ...ListOf(Type.Object({ ...HistoryRow.properties, occurred_at_local: Type.String() }))
      .properties,
    ...ReplicaLag,
  },
  { description: `C6 history.${FileNote}` },
);

/** A list answer of a report: its rows, the next page, the replica's lag. */
const ReportList = <T extends TSchema>(row: T, description?: string) => {
  const list = ListOf(row, description);
  return Type.Object({ ...list.properties, ...ReplicaLag }, description ? { description } : {});
};

export const GuestSpendAnswer = ReportList(
  Type.Object({
    guest_id: Type.Integer(),
    guest: Nullable(Type.String()),
    card: Nullable(Type.String()),
    visits: Type.Integer(),
    average_check: Type.Integer({ description: 'Kopecks' }),
    total: Type.Integer({ description: 'Kopecks' }),
    last_visit: Instant,
    last_visit_local: Type.String(),
    recency_days: Type.Integer(),
    rfm: Type.String({ description: 'Recency, frequency, money scores 1–5, e.g. "545"' }),
    segment: Type.String(),
  }),
  `A3 guest spend.${FileNote}`,
);

export const SegmentsAnswer = ReportList(
  Type.Object({
    segment: Type.String(),
    name: Bilingual,
    guests: Type.Integer(),
    visits: Type.Integer(),
    total: Type.Integer({ description: 'Kopecks' }),
  }),
);

export const LiabilityAnswer = Type.Object(
  {
    as_of: Instant,
    as_of_local: Type.String(),
    time_zone: Type.String(),
    rows: Type.Array(
      Type.Object({
        kind: Type.Union([Type.Literal('deposit'), Type.Literal('bonus')]),
        account: Type.String(),
        accounts: Type.Integer(),
        positive: Type.Integer(),
        negative: Type.Integer(),
        net: Type.Integer(),
        pending: Nullable(Type.Integer()),
        expired_unposted: Nullable(Type.Integer()),
        available: Nullable(Type.Integer()),
      }),
    ),
    ...ReplicaLag,
  },
  { description: `A4 liabilities, kopecks (bonus: hundredths of a point).${FileNote}` },
);
