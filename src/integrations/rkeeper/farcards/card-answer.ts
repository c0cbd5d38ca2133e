// A Kopilka card as GetCardInfoEx: flags one to one (C3), Summa = what the deposit can pay
// now, Sum2 = the bonus wallet, and short Russian texts for the cashier's screen and the
// receipt. The DLL's ANSI buffers take 255 characters; clipping happens in the builder.
import type { CardInfo } from '../../../app/cards.ts';
import { formatRoubles } from '../../../domain/money.ts';
import type { CardInfoAnswer } from './responses.ts';

export interface CardExtras {
  /** The guest's loyalty rank, when the program has ranks. */
  rank?: string | null;
  /** Receipt footer lines from the loyalty program (e.g. a payment code). */
  footer?: readonly string[];
}

const DWORD_MAX = 0xffffffff;

/** The DLL's Account is a DWORD: the card's numeric UID when it fits (seed 000), else its id. */
function accountNumber(info: CardInfo): number {
  const uid = info.card.uid;
  if (uid && /^\d{1,10}$/.test(uid) && Number(uid) <= DWORD_MAX) return Number(uid);
  return info.card.id;
}

export function cardInfoAnswer(info: CardInfo, extras: CardExtras = {}): CardInfoAnswer {
  const deposit = info.accounts.find((a) => a.kind === 'deposit');
  const bonus = info.accounts.find((a) => a.kind === 'bonus');
  const available = Math.max(0, deposit?.available ?? 0);
  const bonusAvailable = Math.max(0, bonus?.available ?? 0);
  const f = info.card.flags;
  const balance = [
    ...(deposit ? [`Депозит: ${formatRoubles(available)} руб.`] : []),
    ...(bonus ? [`Бонусы: ${formatRoubles(bonusAvailable)}`] : []),
    ...(extras.rank ? [`Уровень: ${extras.rank}`] : []),
  ];
  const state = f.deleted
    ? 'Карта удалена'
    : f.seize
      ? 'Изъять карту!'
      : f.blocked
        ? `Карта заблокирована${f.blockReason ? `: ${f.blockReason}` : ''}`
        : f.expired
          ? 'Срок действия карты истёк'
          : f.notActiveYet
            ? 'Карта ещё не действует'
            : f.needsManager
              ? 'Нужно подтверждение менеджера'
              : null;
  return {
    deleted: f.deleted,
    seize: f.seize,
    expired: f.expired,
    inactive: f.notActiveYet,
    needsManager: f.needsManager,
    locked: f.blocked,
    whyLock: f.blockReason ?? '',
    holder: info.guest.name,
    personId: String(info.guest.id),
    account: accountNumber(info),
    available,
    extraSums: [bonusAvailable],
    screenMessage: [info.guest.name, ...(state ? [state] : []), ...balance].join('\n'),
    printMessage: [`Карта ${info.card.number}`, ...balance, ...(extras.footer ?? [])].join('\n'),
  };
}
