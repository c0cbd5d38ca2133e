// Pages and periods of admin queries. Pages are keyset cursors over ids (newest first), so a
// deep page costs what the first does; periods are checked before any query runs.
import { fail } from '../../domain/errors.ts';

export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;

export function pageSize(limit: number | undefined, fallback = 50): number {
  return Math.min(Math.max(limit ?? fallback, 1), 500);
}

export function encodeIdCursor(id: number): string {
  return Buffer.from(`id:${id}`).toString('base64url');
}

export function decodeIdCursor(cursor: string): number {
  const m = /^id:([1-9][0-9]{0,14})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m)
    fail('validation', 'invalid_cursor', {
      ru: 'Неверный курсор страницы',
      en: 'Invalid page cursor',
    });
  return Number(m[1]);
}

/** A page of `rows` fetched with one extra row: the extra one says there is a next page. */
export function pageOf<T extends { id: number }>(rows: T[], limit: number) {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next_cursor: rows.length > limit && last ? encodeIdCursor(last.id) : null };
}

/** A moment people can mean: years 1900–2999; the rest is a typo, not a date. */
export function parseInstant(value: string, field: string): Date {
  const d = new Date(value);
  const year = d.getUTCFullYear();
  if (Number.isNaN(d.getTime()) || year < 1900 || year > 2999) {
    fail(
      'validation',
      'invalid_date',
      {
        ru: `Неверная дата в поле «${field}»: нужна дата ISO 8601 между 1900 и 2999 годом`,
        en: `Invalid date in ${field}: give an ISO 8601 date between 1900 and 2999`,
      },
      { field, value },
    );
  }
  return d;
}

export interface Period {
  from: Date | null;
  to: Date | null;
}

/** from ≤ to, and no longer than a year when both ends are given. */
export function parsePeriod(from: string | undefined, to: string | undefined): Period {
  const p: Period = {
    from: from === undefined ? null : parseInstant(from, 'from'),
    to: to === undefined ? null : parseInstant(to, 'to'),
  };
  if (p.from && p.to && p.from.getTime() > p.to.getTime()) {
    fail(
      'validation',
      'period_reversed',
      { ru: 'Начало периода позже его конца', en: 'The period starts after it ends' },
      { from, to },
    );
  }
  if (p.from && p.to && p.to.getTime() - p.from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    fail(
      'validation',
      'period_too_long',
      {
        ru: `Период длиннее ${MAX_PERIOD_DAYS} дней: сузьте его`,
        en: `The period is longer than ${MAX_PERIOD_DAYS} days: narrow it`,
      },
      { from, to, max_days: MAX_PERIOD_DAYS },
    );
  }
  return p;
}
