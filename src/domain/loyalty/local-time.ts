// Local calendar time in a restaurant's IANA zone. Intl does the zone arithmetic (pure: no
// clock is read); formatters are cached per zone because building one costs far more than
// formatting, and recent answers are kept by zone and minute: an order asks the same minutes
// repeatedly (now, and the guesses that find a local midnight), and so do the orders after it.

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** 'YYYY-MM-DD', comparable as a string. */
  date: string;
  /** ISO: 1 = Monday … 7 = Sunday. */
  dayOfWeek: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const recent = new Map<string, LocalTime>();
const RECENT_MAX = 256;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Throws RangeError for an unknown zone (validation reports it earlier). */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const key = `${timeZone} ${Math.floor(instant.getTime() / 60000)}`;
  const known = recent.get(key);
  if (known) return known;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const year = parts.year as number;
  const month = parts.month as number;
  const day = parts.day as number;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const value: LocalTime = {
    year,
    month,
    day,
    date: `${pad(year, 4)}-${pad(month)}-${pad(day)}`,
    dayOfWeek: weekday === 0 ? 7 : weekday,
    minutes: (parts.hour as number) * 60 + (parts.minute as number),
  };
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, value);
  return value;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The instant of local midnight starting the given local date in the zone. */
export function localMidnight(year: number, month: number, day: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  let guess = wall;
  // Two passes settle the zone offset, including on days the offset changes.
  for (let i = 0; i < 2; i++) {
    const t = localTime(new Date(guess), timeZone);
    const seen = Date.UTC(t.year, t.month - 1, t.day) + t.minutes * 60000;
    guess += wall - seen;
  }
  return new Date(guess);
}

/** Days from local date a to b, both 'YYYY-MM-DD'. */
export function daysBetween(a: string, b: string): number {
  return (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86400000;
}
