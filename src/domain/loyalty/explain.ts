// The words of the explanation: every decision of the engine becomes a structured entry with
// Russian and English text, so the cashier, the marketer and the simulate endpoint read why.
import type { Message } from '../errors.ts';
import type { ExplanationEntry } from './types.ts';

/** Why a promotion did not fire: stable codes (after 'condition:') and their words. */
export const CONDITION_TEXT: Record<string, Message> = {
  inactive: { ru: 'акция не активна', en: 'the promotion is not active' },
  restaurant: { ru: 'не действует в этом ресторане', en: 'not valid in this restaurant' },
  date: { ru: 'вне периода действия', en: 'outside its date range' },
  day: { ru: 'не действует в этот день недели', en: 'not valid on this day of the week' },
  hours: { ru: 'не действует в это время', en: 'not valid at this time of day' },
  rank: { ru: 'не для ранга гостя', en: "not for the guest's rank" },
  birthday: { ru: 'не в окне дня рождения гостя', en: "outside the guest's birthday window" },
  registration: {
    ru: 'только в первое посещение после регистрации',
    en: 'only on the first visit after registration',
  },
  promo_code: { ru: 'промокод не введён или истёк', en: 'promo code not entered or expired' },
  lines: { ru: 'в заказе нет подходящих позиций', en: 'no matching lines in the order' },
  min_sum: {
    ru: 'сумма подходящих позиций меньше минимальной',
    en: 'matching lines sum to less than the minimum',
  },
  min_quantity: {
    ru: 'количество подходящих позиций меньше минимального',
    en: 'matching lines are fewer than the minimum',
  },
  uses: { ru: 'исчерпан лимит использований гостем', en: "the guest's use limit is exhausted" },
  budget: { ru: 'бюджет акции исчерпан', en: "the promotion's budget is exhausted" },
};

export function conditionText(code: string): Message {
  return CONDITION_TEXT[code] ?? { ru: code, en: code };
}

type Extra = { line?: number; blockedBy?: string };

/**
 * An entry whose text is composed only when read (or serialized): the engine writes hundreds
 * of entries per evaluation and the till rarely reads them, so strings are built on demand.
 */
class Entry implements ExplanationEntry {
  readonly rule: string;
  readonly ruleId?: string;
  readonly line?: number;
  readonly outcome: ExplanationEntry['outcome'];
  readonly blockedBy?: string;
  readonly #make: () => Message;

  constructor(
    rule: string,
    ruleId: string | undefined,
    outcome: ExplanationEntry['outcome'],
    extra: Extra,
    make: () => Message,
  ) {
    this.rule = rule;
    if (ruleId !== undefined) this.ruleId = ruleId;
    if (extra.line !== undefined) this.line = extra.line;
    this.outcome = outcome;
    if (extra.blockedBy !== undefined) this.blockedBy = extra.blockedBy;
    this.#make = make;
  }

  get text(): Message {
    return this.#make();
  }

  toJSON(): ExplanationEntry {
    return { ...this, text: this.text };
  }
}

function where(line: number | undefined): Message {
  return line === undefined
    ? { ru: '', en: '' }
    : { ru: `, позиция ${line}`, en: `, line ${line}` };
}

/** `why` may be a thunk so that amounts are formatted only when the text is read. */
export function promotionEntry(
  id: string,
  name: string,
  outcome: ExplanationEntry['outcome'],
  why: Message | (() => Message),
  extra: Extra = {},
): ExplanationEntry {
  return new Entry('promotion', id, outcome, extra, () => {
    const w = typeof why === 'function' ? why() : why;
    const at = where(extra.line);
    return { ru: `Акция «${name}»${at.ru}: ${w.ru}`, en: `Promotion "${name}"${at.en}: ${w.en}` };
  });
}

export function rankEntry(
  id: string,
  name: string,
  outcome: ExplanationEntry['outcome'],
  why: Message | (() => Message),
  extra: Extra = {},
): ExplanationEntry {
  return new Entry('rank', id, outcome, extra, () => {
    const w = typeof why === 'function' ? why() : why;
    const at = where(extra.line);
    return { ru: `Ранг «${name}»${at.ru}: ${w.ru}`, en: `Rank "${name}"${at.en}: ${w.en}` };
  });
}

export function ruleEntry(
  rule: string,
  outcome: ExplanationEntry['outcome'],
  text: Message | (() => Message),
  line?: number,
): ExplanationEntry {
  return new Entry(
    rule,
    undefined,
    outcome,
    line === undefined ? {} : { line },
    typeof text === 'function' ? text : () => text,
  );
}
