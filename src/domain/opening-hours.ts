// A venue's opening hours: per weekday, intervals of the venue's local time as HH:MM, a close
// before the open running past midnight. The request schema checks the format; what it cannot
// see is checked here — an interval of no length, and two intervals of one day that overlap —
// each problem at its own entry (hours.N.open / hours.N.close) so a form shows it there.
import { DomainError } from './errors.ts';

export interface OpeningInterval {
  day: string;
  /** HH:MM */
  open: string;
  /** HH:MM; before the open: the next day's morning. */
  close: string;
}

const DAY_MINUTES = 24 * 60;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function problem(code: string, field: string, ru: string, en: string) {
  return new DomainError(
    'validation',
    `venue.${code}`,
    { ru: `${field}: ${ru}`, en: `${field}: ${en}` },
    { field },
  );
}

/** Every problem of the week at once; none for hours that make sense. */
export function validateOpeningHours(hours: readonly OpeningInterval[]): DomainError[] {
  const errors: DomainError[] = [];
  const spans = hours.map((h, i) => {
    const from = minutes(h.open);
    const to = minutes(h.close);
    return { i, h, from, to: to <= from ? to + DAY_MINUTES : to };
  });
  for (const a of spans) {
    if (a.h.open === a.h.close) {
      errors.push(
        problem(
          'hours_empty',
          `hours.${a.i}.close`,
          'закрытие совпадает с открытием; круглые сутки — 00:00–23:59',
          'the close equals the open; round the clock is 00:00–23:59',
        ),
      );
      continue;
    }
    const earlier = spans.find(
      (b) =>
        b.i < a.i &&
        b.h.day === a.h.day &&
        b.h.open !== b.h.close &&
        b.from < a.to &&
        a.from < b.to,
    );
    if (earlier)
      errors.push(
        problem(
          'hours_overlap',
          `hours.${a.i}.open`,
          `пересекается с интервалом ${earlier.h.open}–${earlier.h.close} того же дня`,
          `overlaps ${earlier.h.open}–${earlier.h.close} of the same day`,
        ),
      );
  }
  return errors;
}
