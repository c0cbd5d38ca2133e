// What a transactionsex packet means for Kopilka, decided without the database: which
// operation (a sale to close, a sale or return to undo, a return to take back, or nothing),
// under which of r_keeper's own identifiers, with which lines and card payments.
//
// Identifiers. A sale is known as `<orderguid>/<checknum>` when the check carries its order
// GUID, else as `<restaurant>/<unit>/<cash day>/<checknum>` from the transaction records.
// The idempotency key of a packet is `<chmode>:<sale id>`: a repeat of the same post (the DLL
// retries a timed-out call byte for byte) has one effect; the same key with other contents is
// refused.
import { checkModeName, type CheckModeName, type RkCheck } from './check.ts';
import type { FarCardsTransaction, TransactionsExRequest } from './requests.ts';

export type PostingOp = 'sale' | 'sale_rollback' | 'return' | 'return_rollback' | 'none';

export interface PostingLine {
  line_no: number;
  item_code: string;
  item_name: string;
  category_name?: string;
  price: number;
  quantity_milli: number;
  amount: number;
}

export interface CardPayment {
  kind: 'deposit' | 'bonus';
  cardCode: string;
  /** Kopecks, positive. */
  amount: number;
}

export interface Posting {
  op: PostingOp;
  mode: CheckModeName;
  /** The idempotency key (see the header). */
  key: string;
  saleId: string;
  /** Prefix shared by every check of the same order (a return may carry its own check number). */
  orderPrefix: string | null;
  checkNumber: string;
  /** Restaurant-local "YYYY-MM-DDTHH:MM:SS" the check was closed, when r_keeper says. */
  closedAtLocal: string | null;
  cashDate: string | null;
  lines: PostingLine[];
  payments: CardPayment[];
  /** Every card of the packet: the guest's card also rides on Kind 2 and 3 records. */
  cards: string[];
  /** Names of the check's other payments (cash, bank card), for the rest of the total. */
  otherPaymentNames: string[];
  operator: string | null;
  /** What the idempotency hash covers: everything but the time the packet was generated. */
  fingerprint: unknown;
}

const MODE_OPS: Partial<Record<CheckModeName, PostingOp>> = {
  Sale: 'sale',
  SaleRollback: 'sale_rollback',
  Return: 'return',
  ReturnRollback: 'return_rollback',
};

/** Forward modes move money from the card; the other two give it back. */
const FORWARD: ReadonlySet<PostingOp> = new Set(['sale', 'return_rollback']);

export class PostingError extends Error {
  constructor(
    readonly code: string,
    readonly ru: string,
    en: string,
  ) {
    super(en);
  }
}

function modeOf(req: TransactionsExRequest): CheckModeName {
  const fromCheck = req.check?.mode ?? (req.check?.modeCode != null ? checkModeName(req.check.modeCode) : null);
  if (fromCheck && fromCheck !== 'NotCheck') return fromCheck;
  // No check (or chmode 0): the signs tell a sale from its rollback.
  return req.transactions.every((t) => t.reversal) ? 'SaleRollback' : 'Sale';
}

/** The item name of a payment r_keeper posted without the check's lines. */
export const WITHOUT_LINES = 'Оплата без состава чека';

function linesOf(check: RkCheck | null, txns: readonly FarCardsTransaction[], checkNumber: string): PostingLine[] {
  const lines = check?.data?.lines ?? [];
  if (lines.length > 0) {
    return lines.map((l, i) => ({
      line_no: i + 1,
      item_code: l.code ?? l.id ?? '',
      item_name: l.name,
      ...(l.category ? { category_name: l.category } : {}),
      price: l.price,
      quantity_milli: l.quantityMilli,
      amount: l.sum,
    }));
  }
  // The DLL may post without a check (InpKind 0) or with a check without CHECKLINES: a payment
  // without lines, kept as one line named so in the history and the reports, worth what the
  // guest spent (Kind 3) or what the card paid.
  const spending = txns.filter((t) => t.kind === 'spending').reduce((s, t) => s + Math.abs(t.amount), 0);
  const paid = txns.filter((t) => t.kind === 'payment' || t.kind === 'discount').reduce((s, t) => s + Math.abs(t.amount), 0);
  const total = Math.max(spending, paid);
  const name = checkNumber === '' ? WITHOUT_LINES : `${WITHOUT_LINES}, чек ${checkNumber}`;
  return [{ line_no: 1, item_code: '', item_name: name, price: total, quantity_milli: 1000, amount: total }];
}

export function planPosting(req: TransactionsExRequest): Posting {
  const mode = modeOf(req);
  const op = MODE_OPS[mode] ?? 'none';
  const first = req.transactions[0] as FarCardsTransaction;
  const data = req.check?.data ?? null;
  const checkNumber = data?.checkNum ?? (first.checkNumber === null ? '' : String(first.checkNumber));
  if (checkNumber === '' && !data?.orderGuid) {
    throw new PostingError(
      'rkeeper.posting.no_check_id',
      'В транзакции нет номера чека (RKCheck) и GUID заказа',
      'The transaction carries neither a check number (RKCheck) nor an order GUID',
    );
  }
  const orderPrefix = data?.orderGuid ? `guid:${data.orderGuid}` : null;
  const saleId = orderPrefix
    ? `${orderPrefix}/${checkNumber}`
    : `rk:${first.restaurant ?? ''}/${first.unitNo ?? ''}/${first.cashDay ?? ''}/${checkNumber}`;

  const forward = FORWARD.has(op);
  const payments: CardPayment[] = [];
  for (const t of req.transactions) {
    if (op !== 'none' && t.reversal === forward && (t.kind === 'payment' || t.kind === 'discount')) {
      throw new PostingError(
        'rkeeper.posting.sign',
        `Знак суммы транзакции ${t.num} не соответствует режиму чека ${mode}`,
        `The sign of transaction ${t.num} does not fit the check mode ${mode}`,
      );
    }
    // Kind 0 pays from the deposit (Summa); Kind 1, the card system's discount, is the bonus
    // payment (Sum2). Kinds 2 and 3 move no money here: Kopilka's own engine accrues bonuses.
    if (t.kind === 'payment' || t.kind === 'discount') {
      payments.push({ kind: t.kind === 'payment' ? 'deposit' : 'bonus', cardCode: t.card, amount: Math.abs(t.amount) });
    }
  }
  const otherPaymentNames = (data?.payments ?? [])
    .filter((p) => !p.cardCode)
    .map((p) => p.name ?? p.code ?? '')
    .filter((n) => n !== '');
  const waiter = data?.persons.find((p) => p.role === 'waiter' || p.role === 'cashier') ?? data?.persons[0];
  const lines = linesOf(req.check, req.transactions, checkNumber);
  return {
    op,
    mode,
    key: `${mode}:${saleId}`,
    saleId,
    orderPrefix,
    checkNumber,
    closedAtLocal: data?.closedAt ?? null,
    cashDate: first.cashDate ?? req.check?.shiftDate ?? null,
    lines,
    payments,
    cards: [...new Set(req.transactions.map((t) => t.card))],
    otherPaymentNames,
    operator: waiter?.name ?? null,
    fingerprint: {
      mode,
      transactions: req.transactions.map(({ num, card, kind, amount, cashDay, unitNo, checkNumber: n }) => ({ num, card, kind, amount, cashDay, unitNo, n })),
      lines,
      payments: (data?.payments ?? []).map((p) => [p.code, p.sum, p.cardCode]),
    },
  };
}
