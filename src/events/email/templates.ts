// The letters Kopilka sends, in Russian (the default) and English: each is one subject, a
// heading, paragraphs and a table of label → value, rendered once as plain text and once as
// simple HTML (inline styles only: mail clients drop style sheets). Every value put into the
// HTML is escaped; the text part is what a client without HTML shows.
import { formatRoubles, formatRoublesRu } from '../../domain/money.ts';

export type Locale = 'ru' | 'en';

type Words = { ru: string; en: string };

export interface LetterContent {
  subject: string;
  heading: string;
  paragraphs: string[];
  rows: [string, string][];
  /** The installation operator's own HTML, used in place of the paragraphs (not escaped). */
  html?: string | null;
  /** Why the reader gets this letter, in place of the usual footer line. */
  note?: string;
}

export interface RenderedLetter {
  subject: string;
  text: string;
  html: string;
}

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const FOOTER: Words = {
  ru: 'Письмо отправлено Копилкой — системой лояльности вашего заведения.',
  en: 'Sent by Kopilka, the loyalty system of your venue.',
};
const UNSUBSCRIBE: Words = {
  ru: 'Отписаться от этой рассылки',
  en: 'Unsubscribe from these letters',
};

export function render(
  locale: Locale,
  c: LetterContent,
  unsubscribeUrl: string | null = null,
): RenderedLetter {
  const width = Math.max(0, ...c.rows.map(([k]) => k.length));
  const text = [
    c.heading,
    '',
    ...c.paragraphs.flatMap((p) => [p, '']),
    ...c.rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`),
    ...(c.rows.length ? [''] : []),
    '--',
    c.note ?? FOOTER[locale],
    ...(unsubscribeUrl ? [`${UNSUBSCRIBE[locale]}: ${unsubscribeUrl}`] : []),
  ].join('\n');
  const cell = 'padding:4px 12px 4px 0;vertical-align:top';
  const html = [
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(c.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#1b1b1b;background:#ffffff">',
    `<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(c.heading)}</h1>`,
    ...(c.html
      ? [`<div>${c.html}</div>`]
      : c.paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`)),
    c.rows.length
      ? `<table style="border-collapse:collapse;margin:0 0 16px">${c.rows
          .map(
            ([k, v]) =>
              `<tr><td style="${cell};color:#666">${escapeHtml(k)}</td><td style="${cell}">${escapeHtml(v)}</td></tr>`,
          )
          .join('')}</table>`
      : '',
    `<p style="margin:24px 0 0;font-size:12px;color:#888">${escapeHtml(c.note ?? FOOTER[locale])}`,
    unsubscribeUrl
      ? `<br><a href="${escapeHtml(unsubscribeUrl)}" style="color:#888">${escapeHtml(UNSUBSCRIBE[locale])}</a>`
      : '',
    '</p></body></html>',
  ].join('');
  return { subject: c.subject, text, html };
}

/** An amount of money as the locale writes it. */
export const money = (locale: Locale, kopecks: number) =>
  locale === 'ru' ? `${formatRoublesRu(kopecks)} ₽` : `RUB ${formatRoubles(kopecks)}`;

export const when = (locale: Locale, at: Date, timeZone = 'Europe/Moscow') =>
  new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(at);

const pick = (locale: Locale, w: Words) => w[locale];

export function testLetter(locale: Locale, orgName: string): LetterContent {
  return {
    subject: pick(locale, { ru: 'Копилка: тестовое письмо', en: 'Kopilka: a test letter' }),
    heading: pick(locale, { ru: 'Почта настроена', en: 'E-mail works' }),
    paragraphs: [
      pick(locale, {
        ru: `Это тестовое письмо организации «${orgName}». Раз оно дошло, уведомления будут приходить.`,
        en: `This is a test letter of ${orgName}. Since it arrived, notifications will too.`,
      }),
    ],
    rows: [],
  };
}

export interface ReceiptData {
  restaurantName: string;
  guestName: string | null;
  orderId: string;
  closedAt: Date;
  timeZone: string;
  total: number;
  discount: number;
  payments: { kind: string; amount: number }[];
  accrued: number;
}

const PAYMENT_KIND: Record<string, Words> = {
  deposit: { ru: 'Депозит', en: 'Deposit' },
  bonus: { ru: 'Бонусы', en: 'Bonuses' },
};

export function receiptLetter(locale: Locale, r: ReceiptData): LetterContent {
  return {
    subject: pick(locale, {
      ru: `Ваш заказ в «${r.restaurantName}»`,
      en: `Your order at ${r.restaurantName}`,
    }),
    heading: pick(locale, { ru: 'Спасибо за визит!', en: 'Thank you for your visit!' }),
    paragraphs: [
      pick(locale, {
        ru: `${r.guestName ? `${r.guestName}, в` : 'В'}аш заказ закрыт. Ниже — сумма, оплата и начисленные бонусы.`,
        en: `${r.guestName ? `${r.guestName}, y` : 'Y'}our order is closed. Its total, payments and bonuses are below.`,
      }),
    ],
    rows: [
      [pick(locale, { ru: 'Заведение', en: 'Venue' }), r.restaurantName],
      [pick(locale, { ru: 'Заказ', en: 'Order' }), r.orderId],
      [pick(locale, { ru: 'Время', en: 'Time' }), when(locale, r.closedAt, r.timeZone)],
      [pick(locale, { ru: 'Сумма', en: 'Total' }), money(locale, r.total)],
      ...(r.discount > 0
        ? [
            [pick(locale, { ru: 'Скидка', en: 'Discount' }), money(locale, r.discount)] as [
              string,
              string,
            ],
          ]
        : []),
      ...r.payments
        .filter((p) => PAYMENT_KIND[p.kind])
        .map((p): [string, string] => [
          pick(locale, PAYMENT_KIND[p.kind] as Words),
          money(locale, p.amount),
        ]),
      ...(r.accrued > 0
        ? [
            [
              pick(locale, { ru: 'Начислено бонусов', en: 'Bonuses earned' }),
              money(locale, r.accrued),
            ] as [string, string],
          ]
        : []),
    ],
  };
}

export function reviewLetter(
  locale: Locale,
  r: { guest: string; rating: number | null; text: string; at: Date },
): LetterContent {
  return {
    subject: pick(locale, { ru: 'Новый отзыв гостя', en: 'A new guest review' }),
    heading: pick(locale, { ru: 'Гость оставил отзыв', en: 'A guest left a review' }),
    paragraphs: r.text ? [r.text] : [],
    rows: [
      [pick(locale, { ru: 'Гость', en: 'Guest' }), r.guest],
      ...(r.rating !== null
        ? [[pick(locale, { ru: 'Оценка', en: 'Rating' }), `${r.rating} / 5`] as [string, string]]
        : []),
      [pick(locale, { ru: 'Время', en: 'Time' }), when(locale, r.at)],
    ],
  };
}

export function securityLetter(
  locale: Locale,
  s: { kind: string; message: Words; restaurant: string | null; at: Date },
): LetterContent {
  return {
    subject: pick(locale, {
      ru: 'Копилка: нарушение правил безопасности',
      en: 'Kopilka: a security rule was broken',
    }),
    heading: pick(locale, { ru: 'Подозрительная операция', en: 'A suspicious operation' }),
    paragraphs: [pick(locale, s.message)],
    rows: [
      [pick(locale, { ru: 'Событие', en: 'Event' }), s.kind],
      ...(s.restaurant
        ? [[pick(locale, { ru: 'Заведение', en: 'Venue' }), s.restaurant] as [string, string]]
        : []),
      [pick(locale, { ru: 'Время', en: 'Time' }), when(locale, s.at)],
    ],
  };
}

export interface BirthdayGuest {
  name: string;
  birthday: string;
  phone: string | null;
  email: string | null;
}

export function birthdayLetter(
  locale: Locale,
  b: { from: string; to: string; guests: BirthdayGuest[]; total: number; test: boolean },
): LetterContent {
  const prefix = b.test ? pick(locale, { ru: '[Тест] ', en: '[Test] ' }) : '';
  return {
    subject: `${prefix}${pick(locale, { ru: 'Дни рождения гостей', en: "Guests' birthdays" })}: ${b.from} — ${b.to}`,
    heading: pick(locale, {
      ru: `Дни рождения с ${b.from} по ${b.to}`,
      en: `Birthdays from ${b.from} to ${b.to}`,
    }),
    paragraphs: [
      b.total
        ? pick(locale, {
            ru: `Гостей с днём рождения в эти дни: ${b.total}.${b.total > b.guests.length ? ` Ниже первые ${b.guests.length}.` : ''}`,
            en: `Guests with a birthday in these days: ${b.total}.${b.total > b.guests.length ? ` The first ${b.guests.length} are below.` : ''}`,
          })
        : pick(locale, {
            ru: 'В эти дни дней рождения у гостей нет.',
            en: 'No guest has a birthday in these days.',
          }),
    ],
    rows: b.guests.map((g) => [
      `${g.birthday.slice(8, 10)}.${g.birthday.slice(5, 7)}`,
      [g.name, g.phone, g.email].filter(Boolean).join(', '),
    ]),
  };
}

export interface Announcement {
  subject: string;
  text: string;
  /** A fragment of HTML, or a whole document whose body is taken. */
  html?: string | null;
}

/** The part of an HTML document inside <body>, or the whole text when it has no body. */
const bodyOf = (html: string) => /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;

/**
 * News and maintenance notices of the installation's operator: their own words (paragraphs
 * split on blank lines, or their HTML), framed with why the reader gets them.
 */
export function announcementLetter(
  locale: Locale,
  kind: 'news' | 'maintenance',
  orgName: string,
  a: Announcement,
): LetterContent {
  const list =
    kind === 'news'
      ? { ru: 'новостей Копилки', en: 'Kopilka news' }
      : { ru: 'уведомлений о плановых работах', en: 'planned maintenance notices' };
  return {
    subject: a.subject,
    heading: a.subject,
    paragraphs: a.text
      .split(/\n{2,}/)
      .map((p) => p.trim())
      .filter(Boolean),
    rows: [],
    html: a.html ? bodyOf(a.html) : null,
    note: pick(locale, {
      ru: `Вы получили это письмо, потому что ваш адрес указан в настройках уведомлений организации «${orgName}» как получатель ${list.ru}.`,
      en: `You receive this letter because your address is on the ${list.en} list of ${orgName}'s notification settings.`,
    }),
  };
}
