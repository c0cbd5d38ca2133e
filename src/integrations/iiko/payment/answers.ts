// What the plugin shows the cashier after each call, Russian first (the till's language) and
// English, plus the figures it may print on the slip. Errors take the common shape of
// src/http/errors.ts; these are the successful answers.
import type { TillCardInfo } from '../../../app/card-info.ts';
import type { AccountView } from '../../../app/cards.ts';
import type { PaymentResult } from '../../../app/pay.ts';
import type { CancelResult, PaymentReturnResult } from '../../../app/payment-returns.ts';
import { splitPrepaidAndCredit } from '../../../domain/deposit.ts';
import { formatRoubles } from '../../../domain/money.ts';

const rub = (k: number) => `${formatRoubles(k)} ₽`;

function deposit(a: AccountView | null) {
  if (!a) return null;
  return {
    accountId: a.id,
    scheme: a.scheme,
    fiscalMode: a.fiscal_mode,
    creditLimit: a.credit_limit,
    balance: a.balance,
    available: a.available,
    floor: a.floor,
  };
}

function left(a: AccountView | null): { ru: string; en: string } {
  if (!a) return { ru: '', en: '' };
  return { ru: ` Доступно: ${rub(a.available)}.`, en: ` Available: ${rub(a.available)}.` };
}

/** The card answer every till is shaped from (app/card-info.ts), in the plugin's terms. */
export function identified(info: TillCardInfo) {
  const account = info.accounts.find((a) => a.kind === 'deposit') ?? null;
  const l = left(account);
  const { rank, to_next_rank: next } = info.loyalty;
  return {
    card: { number: info.card.number, status: info.card.status, flags: info.card.flags },
    guest: { id: info.guest.id, name: info.guest.name },
    deposit: deposit(account),
    rank: rank ? { name: rank.name, accrualBp: rank.accrual_bp, discountBp: rank.discount_bp } : null,
    toNextRank: next ? { rankName: next.rank_name, left: next.left } : null,
    bonusBalance: info.loyalty.bonus_balance,
    receiptFooter: info.loyalty.receipt_footer,
    messageRu: account ? `${info.guest.name}.${l.ru}` : `${info.guest.name}: у гостя нет депозита.`,
    messageEn: account
      ? `${info.guest.name}.${l.en}`
      : `${info.guest.name}: the guest has no deposit.`,
  };
}

export function paid(transactionId: string, r: PaymentResult) {
  // For a mixed deposit the cashier sees how much of the payment went into credit.
  const before = r.account.balance + r.amount;
  const split = r.account.scheme === 'mixed' ? splitPrepaidAndCredit(before, r.amount) : null;
  const l = left(r.account);
  const credit = split && split.credit > 0 ? split.credit : 0;
  return {
    status: 'paid' as const,
    transactionId,
    sum: r.amount,
    cardId: r.card_id,
    split,
    entries: r.entries.map((e) => ({
      id: e.id,
      sum: -e.amount,
      lineNo: e.line_no,
      itemName: e.item_name,
    })),
    deposit: deposit(r.account),
    messageRu: `Оплачено с депозита: ${rub(r.amount)}${credit ? `, из них в кредит ${rub(credit)}` : ''}.${l.ru}`,
    messageEn: `Paid from the deposit: ${rub(r.amount)}${credit ? `, of which ${rub(credit)} on credit` : ''}.${l.en}`,
  };
}

export function returned(transactionId: string, returnId: string, r: PaymentReturnResult) {
  const l = left(r.account);
  return {
    status: 'returned' as const,
    transactionId,
    returnId,
    sum: r.amount,
    leftToReturn: r.left,
    entries: r.entries.map((e) => ({
      id: e.id,
      sum: e.amount,
      lineNo: e.line_no,
      itemName: e.item_name,
    })),
    deposit: deposit(r.account),
    messageRu: `Возвращено на депозит: ${rub(r.amount)}.${l.ru}`,
    messageEn: `Returned to the deposit: ${rub(r.amount)}.${l.en}`,
  };
}

export function returnedWithoutOrder(
  returnId: string,
  r: { amount: number; account: AccountView; entries: { id: number; amount: number }[] },
) {
  const l = left(r.account);
  return {
    status: 'returned' as const,
    returnId,
    sum: r.amount,
    entries: r.entries.map((e) => ({ id: e.id, sum: e.amount })),
    deposit: deposit(r.account),
    messageRu: `Возвращено на депозит без заказа: ${rub(r.amount)}.${l.ru}`,
    messageEn: `Returned to the deposit without an order: ${rub(r.amount)}.${l.en}`,
  };
}

export function cancelledAnswer(transactionId: string, r: CancelResult) {
  const l = left(r.account);
  const ru =
    r.amount > 0
      ? `Оплата отменена: на депозит возвращено ${rub(r.amount)}.${l.ru}`
      : 'Оплата отменена: деньги с депозита не списаны.';
  const en =
    r.amount > 0
      ? `Payment cancelled: ${rub(r.amount)} returned to the deposit.${l.en}`
      : 'Payment cancelled: no money was taken from the deposit.';
  return {
    status: 'cancelled' as const,
    transactionId,
    sum: r.amount,
    paymentFound: r.payment_found,
    deposit: deposit(r.account),
    messageRu: ru,
    messageEn: en,
  };
}
