// L14, the pure parts: the 4-character one-time payment code (seed 003: "always 4 characters"),
// promo-code and payment-code lifetimes, and the policy that makes guessing codes useless —
// failed attempts are limited per terminal and per organization, over-limit callers are locked
// out for a while, and every failure or lockout yields a security event for notifications (G3).
import type { Message } from '../errors.ts';

/** 32 symbols without the look-alikes 0/O and 1/I: 32 divides 256, so bytes map unbiased. */
export const PAYMENT_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const PAYMENT_CODE_LENGTH = 4;

/** A code from 4 random bytes (the caller draws them from node:crypto). */
export function paymentCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < PAYMENT_CODE_LENGTH)
    throw new RangeError(`need ${PAYMENT_CODE_LENGTH} random bytes`);
  let code = '';
  for (let i = 0; i < PAYMENT_CODE_LENGTH; i++)
    code += PAYMENT_CODE_ALPHABET[(bytes[i] as number) & 31];
  return code;
}

/** What the cashier typed, as the canonical code: upper case, spaces and dashes dropped. */
export function normalizePaymentCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export function isPaymentCode(code: string): boolean {
  if (code.length !== PAYMENT_CODE_LENGTH) return false;
  for (const ch of code) if (!PAYMENT_CODE_ALPHABET.includes(ch)) return false;
  return true;
}

/** Seed 003: the guest has this many minutes after entering a promo code to use it. */
export function promoCodeAlive(enteredAt: Date, now: Date, lifetimeMinutes: number): boolean {
  const age = now.getTime() - enteredAt.getTime();
  return age >= 0 && age <= lifetimeMinutes * 60_000;
}

export function paymentCodeAlive(issuedAt: Date, now: Date, ttlSeconds: number): boolean {
  const age = now.getTime() - issuedAt.getTime();
  return age >= 0 && age < ttlSeconds * 1000;
}

export interface AttemptLimit {
  /** Failures allowed within the window before a lockout. */
  maxFailures: number;
  windowSeconds: number;
}

/** Which code the cashier types: each has its own limits, events and words. */
export type CodeKind = 'payment_code' | 'promo_code';

export interface AttemptPolicy {
  code: CodeKind;
  perTerminal: AttemptLimit;
  perOrganization: AttemptLimit;
  lockoutSeconds: number;
}

export const DEFAULT_ATTEMPT_POLICY: AttemptPolicy = {
  code: 'payment_code',
  perTerminal: { maxFailures: 5, windowSeconds: 300 },
  perOrganization: { maxFailures: 50, windowSeconds: 300 },
  lockoutSeconds: 900,
};

/**
 * Promo codes are words guests read off a poster, typed more often and mistyped more often
 * than payment codes, so the limits are wider; the lockout is the same.
 */
export const PROMO_CODE_ATTEMPT_POLICY: AttemptPolicy = {
  code: 'promo_code',
  perTerminal: { maxFailures: 10, windowSeconds: 300 },
  perOrganization: { maxFailures: 100, windowSeconds: 300 },
  lockoutSeconds: 900,
};

/** Recent failed attempts (their times), as the repository read them. */
export interface AttemptHistory {
  terminal: readonly Date[];
  organization: readonly Date[];
}

export interface AttemptSubject {
  organizationId: string;
  terminalId: string;
}

export type SecurityEventType = `${CodeKind}_${'failed' | 'lockout' | 'locked_attempt'}`;

export interface SecurityEvent extends AttemptSubject {
  type: SecurityEventType;
  at: Date;
  scope: 'terminal' | 'organization' | null;
  failures: number;
  lockedUntil: Date | null;
  text: Message;
}

export type AttemptDecision =
  | { allowed: true }
  | { allowed: false; scope: 'terminal' | 'organization'; lockedUntil: Date; event: SecurityEvent };

/**
 * Locked while `now` is within lockoutSeconds of a failure that was the limit-th inside its
 * window; the latest such failure counts, so failures during a lockout extend it.
 */
function lockout(
  limit: AttemptLimit,
  failures: readonly Date[],
  now: Date,
  lockoutMs: number,
): Date | null {
  const windowMs = limit.windowSeconds * 1000;
  const times = failures
    .map((f) => f.getTime())
    .filter((t) => t <= now.getTime())
    .sort((a, b) => a - b);
  let first = times.length - 1;
  for (let i = times.length - 1; i >= 0; i--) {
    const t = times[i] as number;
    if (t + lockoutMs <= now.getTime()) return null;
    if (first > i) first = i;
    while (first > 0 && (times[first - 1] as number) > t - windowMs) first--;
    if (i - first + 1 >= limit.maxFailures) return new Date(t + lockoutMs);
  }
  return null;
}

/** The code's name in each language, in the genitive for Russian («подбор платёжного кода»). */
/** Minutes a lock has left, rounded up: the message reads the same in every time zone (the
 * moment itself travels in locked_until). */
function minutesLeft(now: Date, until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
}

const CODE_NAME: Record<CodeKind, Message> = {
  payment_code: { ru: 'платёжного кода', en: 'Payment code' },
  promo_code: { ru: 'промокода', en: 'Promo code' },
};

function scopeText(scope: 'terminal' | 'organization'): Message {
  return scope === 'terminal'
    ? { ru: 'кассы', en: 'terminal' }
    : { ru: 'организации', en: 'organization' };
}

/** Before checking a code: is this terminal or the whole organization locked out? */
export function attemptAllowed(
  policy: AttemptPolicy,
  history: AttemptHistory,
  now: Date,
  subject: AttemptSubject,
): AttemptDecision {
  const lockMs = policy.lockoutSeconds * 1000;
  for (const scope of ['terminal', 'organization'] as const) {
    const limit = scope === 'terminal' ? policy.perTerminal : policy.perOrganization;
    const until = lockout(limit, history[scope], now, lockMs);
    if (until) {
      const s = scopeText(scope);
      return {
        allowed: false,
        scope,
        lockedUntil: until,
        event: {
          ...subject,
          type: `${policy.code}_locked_attempt`,
          at: now,
          scope,
          failures: history[scope].length,
          lockedUntil: until,
          text: {
            ru: `Попытка ввода ${CODE_NAME[policy.code].ru} при блокировке ${s.ru} (ещё ${minutesLeft(now, until)} мин.)`,
            en: `${CODE_NAME[policy.code].en} attempt while the ${s.en} is locked (${minutesLeft(now, until)} min left)`,
          },
        },
      };
    }
  }
  return { allowed: true };
}

const WRONG_CODE: Record<CodeKind, Message> = {
  payment_code: { ru: 'Неверный платёжный код', en: 'Wrong payment code' },
  promo_code: { ru: 'Неизвестный промокод', en: 'Unknown promo code' },
};

/** After a wrong code: the event to record; a lockout event when this failure reaches a limit. */
export function failureEvent(
  policy: AttemptPolicy,
  history: AttemptHistory,
  now: Date,
  subject: AttemptSubject,
): SecurityEvent {
  const withThis: AttemptHistory = {
    terminal: [...history.terminal, now],
    organization: [...history.organization, now],
  };
  const decision = attemptAllowed(policy, withThis, now, subject);
  if (!decision.allowed) {
    const s = scopeText(decision.scope);
    return {
      ...subject,
      type: `${policy.code}_lockout`,
      at: now,
      scope: decision.scope,
      failures: withThis[decision.scope].length,
      lockedUntil: decision.lockedUntil,
      text: {
        ru: `Подбор ${CODE_NAME[policy.code].ru}: блокировка ${s.ru} на ${minutesLeft(now, decision.lockedUntil)} мин.`,
        en: `${CODE_NAME[policy.code].en} guessing: ${s.en} locked for ${minutesLeft(now, decision.lockedUntil)} min`,
      },
    };
  }
  return {
    ...subject,
    type: `${policy.code}_failed`,
    at: now,
    scope: null,
    failures: withThis.terminal.length,
    lockedUntil: null,
    text: WRONG_CODE[policy.code],
  };
}
