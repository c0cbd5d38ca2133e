// Ceilings on the ways money comes into being outside a sale: a top-up from a till, the credit
// limit of a credit deposit, the cards one payer card pays for. Each organization has its own
// (the owner changes them); any one operation above a ceiling is refused, and an amount at or
// above the "notable" threshold goes through but is recorded as a security event, so the owner
// hears of it. Pure rules here; src/app/money-limits.ts stores them and records the events.
import { fail, type Message } from './errors.ts';
import { MAX_AMOUNT, formatRoubles } from './money.ts';

export interface MoneyLimits {
  /** Kopecks one top-up from a till may bring. */
  maxTopUp: number;
  /** Kopecks of credit one deposit may be given. */
  maxCreditLimit: number;
  /** Cards one payer card may pay for. */
  maxPayerLinks: number;
  /** Kopecks from which a top-up, credit limit or adjustment is reported as a security event. */
  notableAmount: number;
}

export const DEFAULT_MONEY_LIMITS: Readonly<MoneyLimits> = {
  maxTopUp: 50_000_000, // 500 000 ₽
  maxCreditLimit: 30_000_000, // 300 000 ₽
  maxPayerLinks: 20,
  notableAmount: 10_000_000, // 100 000 ₽
};

export type LimitName = keyof MoneyLimits;
const MAX_LINKS = 10_000;

/** Refuses a ceiling out of range; a field not given keeps its current value. */
export function mergeLimits(current: MoneyLimits, patch: Partial<MoneyLimits>): MoneyLimits {
  const next = { ...current, ...patch };
  for (const name of ['maxTopUp', 'maxCreditLimit', 'notableAmount'] as const) {
    const v = next[name];
    if (!Number.isSafeInteger(v) || v < 1 || v > MAX_AMOUNT) {
      fail(
        'validation',
        'invalid_money_limit',
        {
          ru: `Лимит ${name}: целое число копеек от 1 до ${MAX_AMOUNT}`,
          en: `Limit ${name}: whole kopecks from 1 to ${MAX_AMOUNT}`,
        },
        { field: name },
      );
    }
  }
  if (
    !Number.isSafeInteger(next.maxPayerLinks) ||
    next.maxPayerLinks < 0 ||
    next.maxPayerLinks > MAX_LINKS
  ) {
    fail(
      'validation',
      'invalid_money_limit',
      {
        ru: `Лимит maxPayerLinks: целое число от 0 до ${MAX_LINKS}`,
        en: `Limit maxPayerLinks: a whole number from 0 to ${MAX_LINKS}`,
      },
      { field: 'maxPayerLinks' },
    );
  }
  return next;
}

const rub = (kopecks: number) => `${formatRoubles(kopecks)} ₽`;

const REFUSALS: Record<
  Exclude<LimitName, 'notableAmount'>,
  (ceiling: number, value: number) => Message
> = {
  maxTopUp: (c, v) => ({
    ru: `Пополнение на ${rub(v)} больше допустимого за одну операцию (${rub(c)}): разбейте сумму или попросите владельца изменить лимит`,
    en: `A top-up of ${rub(v)} is above the per-operation limit (${rub(c)}): split it or ask the owner to change the limit`,
  }),
  maxCreditLimit: (c, v) => ({
    ru: `Кредитный лимит ${rub(v)} больше допустимого (${rub(c)}); изменить потолок может владелец`,
    en: `A credit limit of ${rub(v)} is above the ceiling (${rub(c)}); the owner can change it`,
  }),
  maxPayerLinks: (c) => ({
    ru: `Карта-плательщик уже платит за ${c} карт — это предел; изменить его может владелец`,
    en: `The payer card already pays for ${c} cards, the limit; the owner can change it`,
  }),
};

/** Throws 422 money_limit_exceeded when `value` is above the ceiling `limit`. */
export function enforceLimit(
  limits: MoneyLimits,
  limit: Exclude<LimitName, 'notableAmount'>,
  value: number,
): void {
  const ceiling = limits[limit];
  if (value <= ceiling) return;
  fail('rejected', 'money_limit_exceeded', REFUSALS[limit](ceiling, value), {
    limit,
    ceiling,
    value,
  });
}

export const isNotable = (limits: MoneyLimits, kopecks: number): boolean =>
  kopecks >= limits.notableAmount;
