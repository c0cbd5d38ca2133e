// Card states (seed 000/003, C3) and card masks. Pure: `now` is passed in.
import { fail } from './errors.ts';

export type CardStatus =
  'active' | 'blocked' | 'expired' | 'deleted' | 'manager_confirmation' | 'seize';

export const CARD_STATUSES: readonly CardStatus[] = [
  'active',
  'blocked',
  'expired',
  'deleted',
  'manager_confirmation',
  'seize',
];

export interface CardState {
  status: CardStatus;
  blockReason: string | null;
  validFrom: Date | null;
  validUntil: Date | null;
}

/** The flags a POS shows; they map one to one onto FarCards' GetCardInfoEx attributes. */
export interface CardFlags {
  deleted: boolean;
  seize: boolean;
  expired: boolean;
  notActiveYet: boolean;
  needsManager: boolean;
  blocked: boolean;
  blockReason: string | null;
}

export function cardFlags(card: CardState, now: Date): CardFlags {
  const expiredByDate = card.validUntil !== null && card.validUntil.getTime() <= now.getTime();
  return {
    deleted: card.status === 'deleted',
    seize: card.status === 'seize',
    expired: card.status === 'expired' || expiredByDate,
    notActiveYet: card.validFrom !== null && card.validFrom.getTime() > now.getTime(),
    needsManager: card.status === 'manager_confirmation',
    blocked: card.status === 'blocked',
    blockReason: card.status === 'blocked' ? card.blockReason : null,
  };
}

/**
 * Throws the reason a card cannot pay or be credited now. A card needing manager
 * confirmation works once the POS says a manager confirmed it.
 */
export function assertCardUsable(card: CardState, now: Date, managerConfirmed = false): void {
  const f = cardFlags(card, now);
  if (f.deleted)
    fail('rejected', 'card_deleted', { ru: 'Карта удалена', en: 'The card is deleted' });
  if (f.seize) {
    fail('rejected', 'card_seize', {
      ru: 'Карта подлежит изъятию: заберите карту у гостя',
      en: 'The card must be seized: take it from the guest',
    });
  }
  if (f.blocked) {
    fail(
      'rejected',
      'card_blocked',
      {
        ru: `Карта заблокирована${f.blockReason ? `: ${f.blockReason}` : ''}`,
        en: `The card is blocked${f.blockReason ? `: ${f.blockReason}` : ''}`,
      },
      { reason: f.blockReason },
    );
  }
  if (f.expired)
    fail('rejected', 'card_expired', {
      ru: 'Срок действия карты истёк',
      en: 'The card has expired',
    });
  if (f.notActiveYet) {
    fail('rejected', 'card_not_active_yet', {
      ru: 'Карта ещё не действует',
      en: 'The card is not valid yet',
    });
  }
  if (f.needsManager && !managerConfirmed) {
    fail('rejected', 'card_needs_manager', {
      ru: 'Операция по карте требует подтверждения менеджера',
      en: 'Operations with this card need a manager to confirm',
    });
  }
}

// Card masks (seed 003 "маски пластиковых карт"): `#` stands for one digit, `*` for any run
// of digits, `?` for any one character; everything else is literal.
const MASK_SYNTAX = /^[0-9A-Za-z#*?=-]{1,64}$/;

export interface CardMask {
  id: number;
  name: string;
  pattern: string;
  kind: string;
}

export function validateMaskPattern(pattern: string): void {
  if (!MASK_SYNTAX.test(pattern)) {
    fail(
      'validation',
      'invalid_card_mask',
      {
        ru: 'Маска может содержать цифры, латинские буквы, «#» (цифра), «*» (любые цифры), «?» (любой символ), до 64 символов',
        en: 'A mask may hold digits, Latin letters, "#" (a digit), "*" (any digits), "?" (any character), up to 64 characters',
      },
      { pattern },
    );
  }
}

function maskToRegExp(pattern: string): RegExp {
  const body = [...pattern]
    .map((ch) =>
      ch === '#' ? '\\d' : ch === '*' ? '\\d*' : ch === '?' ? '.' : ch.replace(/[-=]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}$`);
}

export function matchesMask(pattern: string, number: string): boolean {
  return maskToRegExp(pattern).test(number);
}

/** The first mask the number fits, or null. */
export function classifyCardNumber<M extends CardMask>(
  masks: readonly M[],
  number: string,
): M | null {
  return masks.find((m) => matchesMask(m.pattern, number)) ?? null;
}

const CARD_NUMBER = /^[0-9A-Za-z=-]{1,64}$/;

/** With masks configured a number must fit one; without, any sane number is accepted. */
export function validateCardNumber<M extends CardMask>(
  masks: readonly M[],
  number: string,
): M | null {
  if (!CARD_NUMBER.test(number)) {
    fail(
      'validation',
      'invalid_card_number',
      {
        ru: 'Номер карты: 1–64 символа, цифры, латинские буквы, «=» или «-»',
        en: 'Card number: 1–64 characters, digits, Latin letters, "=" or "-"',
      },
      { number },
    );
  }
  if (masks.length === 0) return null;
  const mask = classifyCardNumber(masks, number);
  if (!mask) {
    fail(
      'validation',
      'card_number_fits_no_mask',
      {
        ru: `Номер ${number} не подходит ни под одну маску карт организации (${masks.map((m) => m.pattern).join(', ')})`,
        en: `Number ${number} fits none of the organization's card masks (${masks.map((m) => m.pattern).join(', ')})`,
      },
      { number, masks: masks.map((m) => m.pattern) },
    );
  }
  return mask;
}

/** Digits a virtual card gets for a mask's `*` (any run of digits). */
const STAR_DIGITS = 10;
/** The pattern of virtual cards of an organization that has no card masks. */
export const DEFAULT_VIRTUAL_MASK = '77##########';

/**
 * A number that fits `pattern`, drawing each free position from `digit` (0–9): `#` and `?`
 * become one digit, `*` a run of STAR_DIGITS digits, anything else stays as written.
 */
export function numberFromMask(pattern: string, digit: () => number): string {
  return [...pattern]
    .map((ch) =>
      ch === '#' || ch === '?'
        ? String(digit())
        : ch === '*'
          ? Array.from({ length: STAR_DIGITS }, () => String(digit())).join('')
          : ch,
    )
    .join('');
}
