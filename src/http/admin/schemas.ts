// Shared request pieces of the admin API: strict objects, ids in paths, pages and periods.
import { Type, type TSchema } from 'typebox';

export const tags = (name: string) => [`Admin API v1: ${name}`];
export const adminSecurity = [{ adminSession: [] }];

export const Strict = <T extends Record<string, TSchema>>(props: T, description?: string) =>
  Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });

export const Text = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });

export { Nullable } from '../answers.ts';

/** Path ids arrive as text; a pattern keeps "abc" and "1e5" out before any query runs. */
export const IdParam = Strict({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }) });

export const Time = Type.String({ format: 'date-time', description: 'ISO 8601 with offset' });

export const PageQuery = {
  limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–500' })),
  cursor: Type.Optional(
    Type.String({ maxLength: 100, description: 'next_cursor of the previous page' }),
  ),
};

export const PeriodQuery = {
  from: Type.Optional(Time),
  to: Type.Optional(Time),
};

export const pageLimit = (limit: string | undefined) => (limit ? Number(limit) : undefined);
