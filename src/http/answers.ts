// Answer schemas shared by the JSON APIs: the one list shape, bilingual texts, the operation
// history row. They document the answers (OpenAPI, the cabinet's generated client); they do not
// filter them — the contract (contract.ts) serializes answers whole, so a property missing here
// is not lost, but the HTTP tests (test/support/response-check.ts) fail on it.
import { Type, type TSchema } from 'typebox';

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A moment: the server holds a Date, the answer carries its ISO 8601 text. */
export const Instant = Type.Unsafe<string | Date>({
  type: 'string',
  format: 'date-time',
  description: 'ISO 8601 with offset',
});

/** A text in both languages of the product. */
export const Bilingual = Type.Object({ ru: Type.String(), en: Type.String() });

/** Every list answers this shape: the rows, and where the next page starts (null: the end). */
export const ListOf = <T extends TSchema>(row: T, description?: string) =>
  Type.Object(
    {
      rows: Type.Array(row),
      next_cursor: Nullable(
        Type.String({ description: 'Pass back as cursor for the next page; null: the end' }),
      ),
    },
    description ? { description } : {},
  );

/** A row of the operation history (seed 000's columns), newest first. */
export const HistoryRow = Type.Object({
  id: Type.Integer(),
  type: Type.String({ description: 'Тип: a letter as in seed 000' }),
  type_code: Type.String(),
  type_name: Bilingual,
  occurred_at: Instant,
  account: Type.String(),
  account_id: Type.Integer(),
  amount: Type.Integer({ description: 'Kopecks (points: hundredths); + credit, − debit' }),
  item: Nullable(Type.String()),
  payment: Type.Integer({ description: 'Money the guest paid in the same operation, kopecks' }),
  point_of_service: Nullable(Type.String()),
  operator: Nullable(Type.String()),
  payer: Nullable(Type.String()),
  payer_card: Nullable(Type.String()),
  recipient: Nullable(Type.String()),
  recipient_card: Nullable(Type.String()),
  soft_offline: Type.Boolean(),
  source: Type.String(),
  order_id: Nullable(Type.String()),
  reverses_entry_id: Nullable(Type.Integer()),
});
