// L15: the receipt / pre-check footer the POS prints: the venue's own text, the guest's
// balance, rank, what is left to the next rank, the payment code and the e-tips link. POS
// printers have a fixed line width and r_keeper limits the footer's length, so lines are
// wrapped to the width and, when too long, the least useful parts go first: the venue text,
// then "to next rank", then the tips link.
import { formatRoubles } from '../money.ts';

export interface FooterSettings {
  /** Characters per printed line (32, 42 and 48 are common). */
  width: number;
  /** Total characters allowed, newlines included. */
  maxLength: number;
  language: 'ru' | 'en';
  /** The venue's own text, printed first. */
  text?: string;
  showBalance: boolean;
  showRank: boolean;
  showToNextRank: boolean;
  showPaymentCode: boolean;
}

export interface FooterData {
  /** Hundredths of a point. */
  balance: number;
  rankName: string | null;
  toNextRank: { rankName: string; left: number } | null;
  paymentCode: string | null;
  /** The e-tips service and the link to the recipient's page (a till prints it as a QR code too). */
  tips?: { serviceName: string; url: string } | null;
}

const WORDS = {
  ru: {
    balance: 'Баланс',
    points: 'балл.',
    rank: 'Ранг',
    next: 'До ранга',
    code: 'Код оплаты',
    tips: 'Чаевые',
    quote: (s: string) => `«${s}»`,
  },
  en: {
    balance: 'Balance',
    points: 'pts',
    rank: 'Rank',
    next: 'To rank',
    code: 'Payment code',
    tips: 'Tips',
    quote: (s: string) => `"${s}"`,
  },
};

/** Greedy word wrap; words longer than the width are cut. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (let word of paragraph.split(/\s+/).filter(Boolean)) {
      while (word.length > width) {
        if (current) lines.push(current);
        lines.push(word.slice(0, width));
        word = word.slice(width);
        current = '';
      }
      if (!current) current = word;
      else if (current.length + 1 + word.length <= width) current += ` ${word}`;
      else {
        lines.push(current);
        current = word;
      }
    }
    lines.push(current);
  }
  return lines;
}

export function receiptFooter(settings: FooterSettings, data: FooterData): string {
  const w = WORDS[settings.language];
  const venue = settings.text ? wrap(settings.text, settings.width) : [];
  const facts: string[] = [];
  if (settings.showBalance)
    facts.push(...wrap(`${w.balance}: ${formatRoubles(data.balance)} ${w.points}`, settings.width));
  if (settings.showRank && data.rankName)
    facts.push(...wrap(`${w.rank}: ${data.rankName}`, settings.width));
  const next =
    settings.showToNextRank && data.toNextRank
      ? wrap(
          `${w.next} ${w.quote(data.toNextRank.rankName)}: ${formatRoubles(data.toNextRank.left)}`,
          settings.width,
        )
      : [];
  const code =
    settings.showPaymentCode && data.paymentCode
      ? wrap(`${w.code}: ${data.paymentCode}`, settings.width)
      : [];
  // The link on a line of its own, whole: a cut link is no link (it wraps only past the width).
  const tips = data.tips
    ? [`${w.tips} (${data.tips.serviceName}):`, ...wrap(data.tips.url, settings.width)]
    : [];
  const attempts = [
    [...venue, ...facts, ...next, ...code, ...tips],
    [...facts, ...next, ...code, ...tips],
    [...facts, ...code, ...tips],
    [...facts, ...code],
  ];
  for (const lines of attempts) {
    const text = lines.join('\n');
    if (text.length <= settings.maxLength) return text;
  }
  return (attempts[3] as string[]).join('\n').slice(0, settings.maxLength);
}
