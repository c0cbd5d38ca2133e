// What every POS money operation shares: resolving the presented card to the account that
// pays, locking and settling that account, and the entry metadata (who, where, when).
import { assertCardUsable } from '../domain/cards.ts';
import { fail } from '../domain/errors.ts';
import { normalizeLines, type OrderLine } from '../domain/order.ts';
import type { Account, Card } from '../db/schema.ts';
import { lockAccounts, lockAccountsOf, type AccountWant } from '../db/repositories/ledger.ts';
import {
  accountFor,
  accountNotFound,
  cardState,
  findCard,
  payingCard,
  type CardRef,
} from './cards.ts';
import type { PosPrincipal, Tx } from './context.ts';
import { settleAccount, settleAccounts } from './account-settle.ts';
import type { EntryMeta } from './ledger-posting.ts';

/** Fields every POS operation may carry. */
export interface PosOperationInput {
  /** When it happened at the till; required for soft-offline posts, else defaults to now. */
  occurred_at?: string;
  soft_offline?: boolean;
  operator?: string;
  check_number?: string;
}

/** An entry as the till is answered it. */
export interface EntryView {
  id: number;
  amount: number;
  line_no: number | null;
  item_name: string | null;
}

export interface LineInput {
  line_no: number;
  item_code: string;
  item_name: string;
  category_code?: string;
  category_name?: string;
  base_price?: number;
  price: number;
  quantity_milli: number;
  amount?: number;
  /** L12: ids of POS (cash-register) promotions or discounts on the line. */
  pos_promotions?: string[];
}

export function toLines(lines: readonly LineInput[]): OrderLine[] {
  return normalizeLines(
    lines.map((l) => ({
      lineNo: l.line_no,
      itemCode: l.item_code,
      itemName: l.item_name,
      categoryCode: l.category_code ?? null,
      categoryName: l.category_name ?? null,
      basePrice: l.base_price ?? l.price,
      price: l.price,
      quantityMilli: l.quantity_milli,
      amount: l.amount ?? null,
    })),
  );
}

/** Soft-offline operations keep their original time; online ones happen now. */
export function occurredAt(input: PosOperationInput, now: Date): Date {
  if (input.soft_offline && !input.occurred_at) {
    fail('validation', 'occurred_at_required', {
      ru: 'Для операции мягкого оффлайна укажите исходное время (occurred_at)',
      en: 'A soft-offline operation needs its original time (occurred_at)',
    });
  }
  if (!input.occurred_at) return now;
  const at = new Date(input.occurred_at);
  if (Number.isNaN(at.getTime())) {
    fail(
      'validation',
      'invalid_time',
      { ru: 'Неверный формат времени', en: 'Invalid time format' },
      { occurred_at: input.occurred_at },
    );
  }
  if (at.getTime() > now.getTime() + 5 * 60_000) {
    fail(
      'validation',
      'time_in_future',
      {
        ru: 'Время операции в будущем: проверьте часы кассы',
        en: 'The operation time is in the future: check the till clock',
      },
      { occurred_at: input.occurred_at },
    );
  }
  return at;
}

export interface Charge {
  card: Card;
  payer: Card;
  account: Account;
  meta: EntryMeta;
}

export function posMeta(p: PosPrincipal, input: PosOperationInput, at: Date): EntryMeta {
  return {
    orgId: p.orgId,
    occurredAt: at,
    source: 'pos',
    restaurantId: p.restaurantId,
    terminalId: p.terminalId,
    operator: input.operator ?? null,
    softOffline: input.soft_offline ?? false,
    posCheckId: input.check_number ?? null,
  };
}

export function cardMeta(card: Card, payer: Card): Partial<EntryMeta> {
  const forSomeoneElse = payer.id !== card.id;
  return {
    cardId: card.id,
    payerGuestId: payer.guest_id,
    payerCardId: payer.id,
    recipientGuestId: forSomeoneElse ? card.guest_id : null,
    recipientCardId: forSomeoneElse ? card.id : null,
  };
}

export interface ChargeRequest {
  card: CardRef;
  kind: 'deposit' | 'bonus';
  accountId?: number | undefined;
  /** The card, when the caller has already read it in this transaction. */
  found?: Card | null;
  /** Lock the account while finding it: only for operations that touch one account. */
  lock?: boolean;
}

/**
 * The card and the card that pays for it, both checked usable at `at`, and the account to
 * charge: the payer's account of the kind asked for.
 */
export async function chargeTarget(
  tx: Tx,
  p: PosPrincipal,
  input: PosOperationInput & { manager_confirmed?: boolean },
  req: ChargeRequest,
  at: Date,
): Promise<{ card: Card; payer: Card; want: AccountWant; meta: EntryMeta }> {
  const card = req.found ?? (await findCard(tx, p.orgId, req.card));
  // Soft-offline posts are judged by the card as it was when the till accepted it.
  assertCardUsable(cardState(card), at, input.manager_confirmed);
  const payer = await payingCard(tx, p.orgId, card);
  if (payer.id !== card.id) assertCardUsable(cardState(payer), at, input.manager_confirmed);
  return {
    card,
    payer,
    want: { guestId: payer.guest_id, kind: req.kind, accountId: req.accountId },
    meta: { ...posMeta(p, input, at), ...cardMeta(card, payer) },
  };
}

/**
 * Finds the card and the account that pays, checking the card (and its payer card) can be
 * used at `at`. Locks nothing unless asked: callers touching several accounts lock them all
 * at once, in id order.
 */
export async function resolveCharge(
  tx: Tx,
  p: PosPrincipal,
  input: PosOperationInput & { manager_confirmed?: boolean },
  req: ChargeRequest,
  at: Date,
): Promise<Charge> {
  const { card, payer, want, meta } = await chargeTarget(tx, p, input, req, at);
  const account = await accountFor(tx, p.orgId, want.guestId, want.kind, want.accountId, req.lock);
  return { card, payer, account, meta };
}

/** Locks the accounts in id order, settles each, and returns them by id. */
export async function lockAndSettle(
  tx: Tx,
  orgId: number,
  ids: readonly number[],
  now: Date,
): Promise<Map<number, Account>> {
  const locked = await lockAccounts(tx, orgId, ids);
  await settleAccounts(tx, locked, now);
  return new Map(locked.map((a) => [a.id, a]));
}

/**
 * Finds, locks (in id order, one statement) and settles the accounts wanted; the answer is in
 * the order of `wants`, the same row where two wants name one account.
 */
export async function lockWanted(
  tx: Tx,
  orgId: number,
  wants: readonly AccountWant[],
  now: Date,
): Promise<Account[]> {
  const locked = await lockAccountsOf(tx, orgId, wants);
  await settleAccounts(tx, locked, now);
  return wants.map(
    (w) =>
      locked.find(
        (a) =>
          a.guest_id === w.guestId &&
          a.kind === w.kind &&
          (w.accountId === undefined || a.id === w.accountId),
      ) ?? accountNotFound(w.kind, w.accountId),
  );
}

/** resolveCharge + lock + settle, for operations that touch one account. */
export async function prepareCharge(
  tx: Tx,
  p: PosPrincipal,
  input: PosOperationInput & { card: CardRef; manager_confirmed?: boolean },
  kind: 'deposit' | 'bonus',
  accountId: number | undefined,
  now: Date,
  at: Date,
): Promise<Charge> {
  const resolved = await resolveCharge(
    tx,
    p,
    input,
    { card: input.card, kind, accountId, lock: true },
    at,
  );
  await settleAccount(tx, resolved.account, now);
  return resolved;
}
