// A FarCards Sale (or ReturnRollback) as a close of the POS use case, and which packets may
// take the close command's fast way (app/close-command.ts): the common Sale paid from one
// card's deposit is written in two statements and no transaction — one read of the card with
// its guest, the program's head, its accounts (with their row versions), the wallet's lots,
// the rank spend and the packet's claim, then the order's own statement, which also claims the
// packet and moves each account only if its row is still the version read. Whatever that
// cannot take — a race, a refusal, an unusual packet — goes the locked way (transactions.ts);
// an attempt that fails writes nothing.
import { fail } from '../../../domain/errors.ts';
import type { Posting } from './posting.ts';
import type { CloseOrderInput, PaymentLineInput, PresentedCard } from '../../../app/close-order.ts';
import type { CardSearch } from '../../../app/close-command.ts';
import { pickCard } from './presented-cards.ts';

export const OPERATION = 'rkeeper.transactionsex';

/** The close a Sale or ReturnRollback packet makes, for its presented cards (by code). */
export function saleClose(
  posting: Posting,
  cards: ReadonlyMap<string, PresentedCard>,
  common: Pick<CloseOrderInput, 'occurred_at' | 'soft_offline' | 'operator'>,
): CloseOrderInput {
  const total = posting.lines.reduce((s, l) => s + l.amount, 0);
  const byCard = posting.payments.reduce((s, x) => s + x.amount, 0);
  if (byCard > total) {
    fail('rejected', 'rkeeper.posting.over_total', {
      ru: `Оплата картой (${byCard / 100} ₽) больше суммы чека (${total / 100} ₽)`,
      en: `The card payment (${byCard} kopecks) exceeds the check total (${total} kopecks)`,
    });
  }
  const payments: PaymentLineInput[] = posting.payments.map((x) => ({
    kind: x.kind,
    amount: x.amount,
    card: { card_id: (cards.get(x.cardCode) as PresentedCard).card.id },
  }));
  if (total > byCard) {
    payments.push({
      kind: 'other',
      amount: total - byCard,
      name: posting.otherPaymentNames.join(', ') || 'r_keeper',
    });
  }
  const [first] = cards.values();
  return {
    ...common,
    order_id: posting.op === 'sale' ? posting.saleId : `${posting.saleId}:return-rollback`,
    check_number: posting.checkNumber,
    ...(first ? { card: { card_id: first.card.id } } : {}),
    lines: posting.lines,
    payments,
  };
}

/** The packet's one card, as the fast way's read finds it (by number, UID or track). */
export function saleCardSearch(code: string): CardSearch {
  return {
    where: (eb) =>
      eb.or([eb('c.number', '=', code), eb('c.uid', '=', code), eb('c.track', '=', code)]),
    pick: (rows) => pickCard(rows, code),
  };
}

/**
 * Whether a packet may take the fast way (app/close-command.ts): on time, one card, paid from
 * its deposit. A payer's card, holds, promotion budgets or lots to settle send it on to the
 * locked way from there.
 */
export function fastSale(posting: Posting, offline: boolean): string | null {
  const codes = [...new Set(posting.cards)];
  if (offline || codes.length !== 1 || posting.payments.some((x) => x.kind !== 'deposit'))
    return null;
  return codes[0] as string;
}
