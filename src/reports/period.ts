// Report periods and scope: local calendar times in a restaurant's zone, validated once with
// stable codes, and the limits on how much one report may cover.
import { fail } from '../domain/errors.ts';
import type { Tx } from '../app/context.ts';

/** The longest period each report accepts, in days (docs/reports.md). */
export const MAX_DAYS = {
  sales: 31,
  history: 366,
  demand: 92,
  guests: 366,
} as const;

export interface LocalStamp {
  /** 'YYYY-MM-DD HH:MM:SS', as PostgreSQL reads a timestamp without zone. */
  sql: string;
  /** Milliseconds of the same wall-clock time read as UTC: only for comparing and spans. */
  wall: number;
  /** As the seed prints it: '04.03.2024 0:00:00'. */
  text: string;
}

export interface LocalPeriod {
  from: LocalStamp;
  /** Exclusive end: a date alone means the whole day, a time means up to and including it. */
  toExclusive: LocalStamp;
  /** The end as the user gave it (a date alone shows as 23:59:59). */
  toText: string;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
export const LOCAL_PATTERN = LOCAL.source;

const pad = (n: number) => String(n).padStart(2, '0');

function stamp(wall: number): LocalStamp {
  const d = new Date(wall);
  const [y, mo, da, h, mi, s] = [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  ];
  return {
    sql: `${y}-${pad(mo)}-${pad(da)} ${pad(h)}:${pad(mi)}:${pad(s)}`,
    wall,
    text: `${pad(da)}.${pad(mo)}.${y} ${h}:${pad(mi)}:${pad(s)}`,
  };
}

/** Parses 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM[:SS]'; `dateOnly` tells which was given. */
export function parseLocal(value: string, field: string): { wall: number; dateOnly: boolean } {
  const m = LOCAL.exec(value);
  const [y, mo, d, h, mi, s] = (m?.slice(1) ?? []).map((x) => (x === undefined ? 0 : Number(x)));
  const wall = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0);
  const back = new Date(wall);
  const valid =
    m !== null &&
    (y as number) >= 2000 &&
    (y as number) <= 2100 &&
    back.getUTCMonth() + 1 === mo &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi &&
    back.getUTCSeconds() === s;
  if (!valid) {
    fail(
      'validation',
      'invalid_date',
      {
        ru: `Неверная дата в поле ${field}: «${value}» (нужно ГГГГ-ММ-ДД или ГГГГ-ММ-ДДTЧЧ:ММ[:СС], 2000–2100)`,
        en: `Invalid date in ${field}: "${value}" (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], 2000–2100)`,
      },
      { field, value },
    );
  }
  return { wall, dateOnly: m?.[4] === undefined };
}

const DAY = 86_400_000;

/** A validated period no longer than `maxDays`; both ends are local times of one zone. */
export function localPeriod(from: string, to: string, maxDays: number): LocalPeriod {
  const f = parseLocal(from, 'from');
  const t = parseLocal(to, 'to');
  const end = t.dateOnly ? t.wall + DAY : t.wall + 1000;
  if (end <= f.wall) {
    fail(
      'validation',
      'period_reversed',
      {
        ru: `Начало периода (${from}) позже его конца (${to})`,
        en: `The period starts (${from}) after it ends (${to})`,
      },
      { from, to },
    );
  }
  if (end - f.wall > maxDays * DAY) {
    fail(
      'validation',
      'period_too_long',
      {
        ru: `Период длиннее ${maxDays} дн.: сократите его или разбейте на части`,
        en: `The period is longer than ${maxDays} days: shorten it or split it`,
      },
      { from, to, max_days: maxDays },
    );
  }
  return {
    from: stamp(f.wall),
    toExclusive: stamp(end),
    toText: stamp(t.dateOnly ? end - 1000 : t.wall).text,
  };
}

export function assertTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return fail(
      'validation',
      'invalid_time_zone',
      { ru: `Неизвестный часовой пояс «${tz}»`, en: `Unknown time zone "${tz}"` },
      { time_zone: tz },
    );
  }
}

export interface ScopeRestaurant {
  id: number;
  name: string;
  time_zone: string;
}

export async function findRestaurant(
  tx: Tx,
  orgId: number,
  id: number,
): Promise<ScopeRestaurant> {
  const r = await tx
    .selectFrom('restaurants')
    .select(['id', 'name', 'time_zone'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    r ??
    fail(
      'not_found',
      'restaurant_not_found',
      { ru: `Ресторан ${id} не найден`, en: `Restaurant ${id} not found` },
      { restaurant_id: id },
    )
  );
}

export async function findTerminal(
  tx: Tx,
  orgId: number,
  id: number,
): Promise<{ id: number; name: string; restaurant_id: number }> {
  const t = await tx
    .selectFrom('terminals')
    .select(['id', 'name', 'restaurant_id'])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    t ??
    fail(
      'not_found',
      'terminal_not_found',
      { ru: `Касса ${id} не найдена`, en: `Cash register ${id} not found` },
      { terminal_id: id },
    )
  );
}

/**
 * The zone local dates are read in when a report spans restaurants: the one asked for, else
 * the restaurant's, else the organization's first restaurant's (a network usually has one).
 */
export async function reportTimeZone(
  tx: Tx,
  orgId: number,
  opts: { timeZone?: string; restaurantId?: number },
): Promise<string> {
  if (opts.timeZone) return assertTimeZone(opts.timeZone);
  if (opts.restaurantId) return (await findRestaurant(tx, orgId, opts.restaurantId)).time_zone;
  const first = await tx
    .selectFrom('restaurants')
    .select('time_zone')
    .where('org_id', '=', orgId)
    .orderBy('id')
    .executeTakeFirst();
  return first?.time_zone ?? 'UTC';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** '04.03.2024 11:22:00' in `tz`: seed 000's display of a moment. */
export function formatLocal(at: Date, tz: string): string {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return `${pad(Number(p.day))}.${pad(Number(p.month))}.${p.year} ${Number(p.hour)}:${p.minute}:${p.second}`;
}

/** Kopecks as roubles for display: '290', '290,50' (ru) or '290.50' (en). */
export function roubles(kopecks: number, lang: 'ru' | 'en' = 'ru'): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  return cents === 0 ? `${sign}${whole}` : `${sign}${whole}${lang === 'ru' ? ',' : '.'}${pad(cents)}`;
}

/** Kopecks as a number of roubles for spreadsheet cells (display only, never summed back). */
export const roubleNumber = (kopecks: number): number => kopecks / 100;
