// Exact number and date parsing for r_keeper attribute values. Money never goes through a float:
// decimal strings are split into digits and scaled with BigInt.
import { MAX_AMOUNT, MAX_QUANTITY_MILLI } from '../../../domain/money.ts';
import { badValue } from './errors.ts';

const DECIMAL = /^([+-])?(\d{1,19})(?:[.,](\d{1,12}))?$/;

/**
 * "2350.00" with scale 2 → 235000. Extra fractional digits are allowed only when they are zeros
 * ("1.000" kg is fine, "0.005" roubles is not a whole kopeck).
 */
export function parseScaled(field: string, raw: string, scale: number, limit: number): number {
  const m = raw.trim().match(DECIMAL);
  if (!m) return badValue(field, raw);
  const [, sign, whole = '0', fraction = ''] = m;
  const kept = fraction.slice(0, scale).padEnd(scale, '0');
  if (/[^0]/.test(fraction.slice(scale))) return badValue(field, raw);
  const value = BigInt(whole + kept) * (sign === '-' ? -1n : 1n);
  if (value > BigInt(limit) || value < -BigInt(limit)) return badValue(field, raw);
  return Number(value);
}

export type IntegerMoneyUnit = 'kopecks' | 'roubles';

/**
 * Money with a decimal separator is always roubles (a count of kopecks has no fraction);
 * a bare integer is read in the unit the field is known to use.
 */
export function parseMoney(field: string, raw: string, integerUnit: IntegerMoneyUnit): number {
  const hasFraction = /[.,]/.test(raw);
  return parseScaled(field, raw, hasFraction || integerUnit === 'roubles' ? 2 : 0, MAX_AMOUNT);
}

export type IntegerQuantityUnit = 'units' | 'thousandths';

/** Quantity → thousandths of a unit. "1.5" is always units; a bare integer follows `integerUnit`. */
export function parseQuantityMilli(field: string, raw: string, integerUnit: IntegerQuantityUnit): number {
  const hasFraction = /[.,]/.test(raw);
  return parseScaled(field, raw, hasFraction || integerUnit === 'units' ? 3 : 0, MAX_QUANTITY_MILLI);
}

export function parseInteger(field: string, raw: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^[+-]?\d{1,16}$/.test(raw.trim())) return badValue(field, raw);
  const n = Number(raw.trim());
  if (!Number.isSafeInteger(n) || n < min || n > max) return badValue(field, raw);
  return n;
}

const DELPHI_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Delphi/OLE date serial (days since 1899-12-30) → "YYYY-MM-DD". 45355 → "2024-03-04". */
export function delphiDayToIso(days: number): string {
  return isoDate(DELPHI_EPOCH_MS + days * DAY_MS);
}

export function isoToDelphiDay(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Math.round((Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1) - DELPHI_EPOCH_MS) / DAY_MS);
}

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && y <= 2200 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A cash date in any of the shapes seen: the DLL's day serial ("45355", "45355.0"), an ISO
 * date or date-time ("2024-03-04", "2024-03-04T11:22:00", FarcardsNet's "2024-03-04T11-22-00"),
 * or the Russian "04.03.2024". Returns "YYYY-MM-DD".
 */
export function parseCashDate(field: string, raw: string): string {
  const v = raw.trim();
  const serial = v.match(/^(\d{1,6})(?:[.,]\d+)?$/);
  if (serial) {
    const days = Number(serial[1]);
    if (days < 1 || days > 150_000) return badValue(field, raw);
    return delphiDayToIso(days);
  }
  const dt = parseDateTime(field, v);
  return dt.slice(0, 10);
}

/**
 * A local date-time without zone → "YYYY-MM-DDTHH:MM:SS" (r_keeper speaks the restaurant's
 * local time). Accepts "T" or a space, ":" or "-" between time parts, and "DD.MM.YYYY".
 */
export function parseDateTime(field: string, raw: string): string {
  const v = raw.trim();
  const m =
    v.match(/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})[:-](\d{2})(?:[:-](\d{2}))?(?:\.\d+)?)?$/) ??
    v.match(/^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/);
  if (!m) return badValue(field, raw);
  const russian = v[2] === '.';
  const [y, mo, d] = russian ? [m[3], m[2], m[1]].map(Number) : [m[1], m[2], m[3]].map(Number);
  const [h, mi, s] = [m[4], m[5], m[6]].map((x) => Number(x ?? 0));
  if (!validDate(y as number, mo as number, d as number) || (h as number) > 23 || (mi as number) > 59 || (s as number) > 59) {
    return badValue(field, raw);
  }
  return `${y}-${pad(mo as number)}-${pad(d as number)}T${pad(h as number)}:${pad(mi as number)}:${pad(s as number)}`;
}
