// Report periods as calendar days (YYYY-MM-DD) of the organization: the server reads them in
// the restaurant's own zone, so the cabinet sends days, never moments.
import { todayIn } from '../../app/format.ts';

/** The day `n` days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export interface Period {
  from: string;
  to: string;
}

/** The quick choices beside the calendar: today, yesterday, 7 and 30 days, this month. */
export function presets(timeZone: string) {
  const today = todayIn(timeZone);
  return {
    today: { from: today, to: today },
    yesterday: { from: addDays(today, -1), to: addDays(today, -1) },
    week: { from: addDays(today, -6), to: today },
    month30: { from: addDays(today, -29), to: today },
    thisMonth: { from: `${today.slice(0, 8)}01`, to: today },
  } satisfies Record<string, Period>;
}
