// Money and dates as a Russian restaurant reads them: «1 234,56 ₽» from integer kopecks, and
// moments in the organization's time zone whatever the browser's zone is.
import type { Lang } from '../i18n/index.tsx';

const rubles = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });

/** 123456 → «1 234,56 ₽»; exact for any integer (no floating-point division). */
export function money(kopecks: number | null | undefined): string {
  if (kopecks === null || kopecks === undefined) return '—';
  const sign = kopecks < 0 ? '−' : '';
  const abs = Math.abs(kopecks);
  const whole = Math.trunc(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${rubles.format(whole)},${cents}\u00a0₽`;
}

/** Counts with grouping: 12 345. */
export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : rubles.format(n);
}

/** Bonus points are kept in hundredths: 123456 → «1 234,56». */
export function points(hundredths: number | null | undefined): string {
  return hundredths === null || hundredths === undefined
    ? '—'
    : money(hundredths).replace(/\u00a0₽$/, '');
}

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'ru-RU');

export function dateTime(iso: string | null | undefined, timeZone: string, lang: Lang): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

export function date(iso: string | null | undefined, timeZone: string, lang: Lang): string {
  if (!iso) return '—';
  // A bare date (2024-03-04) is a calendar day, not a moment: no zone shift.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split('-');
    return lang === 'en' ? `${d}/${m}/${y}` : `${d}.${m}.${y}`;
  }
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(iso));
}

/** A calendar day (YYYY-MM-DD) as «04.03» (en: «04/03»): a chart's axis, a period's ends. */
export function dayMonth(iso: string, lang: Lang): string {
  const [, m, d] = iso.split('-');
  return lang === 'en' ? `${d}/${m}` : `${d}.${m}`;
}

/** Today's date (YYYY-MM-DD) in the given zone: the organization's day, not the browser's. */
export function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
}

/** «1 234,56», «-10.5», «100» → kopecks; null when it is not an amount. No floating point. */
export function parseMoney(text: string): number | null {
  const m = /^\s*([-−]?)\s*(\d{1,3}(?:[\s\u00a0]?\d{3})*|\d+)(?:[.,](\d{1,2}))?\s*₽?\s*$/.exec(
    text,
  );
  if (!m) return null;
  const whole = Number((m[2] ?? '0').replace(/[\s\u00a0]/g, ''));
  const cents = Number((m[3] ?? '0').padEnd(2, '0'));
  const value = whole * 100 + cents;
  return m[1] ? -value : value;
}
