// Amounts as a guest reads them: roubles from kopecks, points from hundredths, local dates.
import type { Lang } from './i18n/index.ts';

const locale = (lang: Lang) => (lang === 'ru' ? 'ru-RU' : 'en-GB');

export const roubles = (kopecks: number, lang: Lang) =>
  new Intl.NumberFormat(locale(lang), { style: 'currency', currency: 'RUB' }).format(kopecks / 100);

export const points = (hundredths: number, lang: Lang) =>
  new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 2 }).format(hundredths / 100);

export const day = (iso: string, lang: Lang) =>
  new Date(iso).toLocaleDateString(locale(lang), { day: 'numeric', month: 'long' });

export const moment = (iso: string, lang: Lang) =>
  new Date(iso).toLocaleString(locale(lang), {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
