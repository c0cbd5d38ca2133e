// Finding a card the way a till presents it (number, UID, track, phone) and describing it:
// holder, flags, and every account with what it can pay now.
import { sql } from 'kysely';
import { cardFlags, type CardFlags, type CardState } from '../domain/cards.ts';
import { balanceFloor } from '../domain/deposit.ts';
import { fail } from '../domain/errors.ts';
import type { Account, Card, CardStatus, DepositScheme, FiscalMode, Guest } from '../db/schema.ts';
import type { Tx } from '../db/connect.ts';
import { availableOf, heldNow } from './account-state.ts';

export type CardRef =
  | { card_id: number }
  | { number: string }
  | { uid: string }
  | { track: string }
  | { phone: string };

/** Phone numbers are compared as digits; a Russian 8XXXXXXXXXX is the same as 7XXXXXXXXXX. */
export function normalizePhone(raw: string): string {
  let digits = raw.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  if (digits.length === 10) digits = `7${digits}`;
  if (digits.length < 10 || digits.length > 15) {
    fail('validation', 'invalid_phone', {
      ru: 'Телефон должен содержать от 10 до 15 цифр',
      en: 'A phone number must have 10 to 15 digits',
    });
  }
  return digits;
}

function notFound(): never {
  fail('not_found', 'card_not_found', { ru: 'Карта не найдена', en: 'Card not found' });
}

export async function findCard(tx: Tx, orgId: number, ref: CardRef): Promise<Card> {
  let q = tx.selectFrom('cards').selectAll().where('org_id', '=', orgId);
  if ('card_id' in ref) q = q.where('id', '=', ref.card_id);
  else if ('number' in ref) q = q.where('number', '=', ref.number);
  else if ('uid' in ref) q = q.where('uid', '=', ref.uid);
  else if ('track' in ref) q = q.where('track', '=', ref.track);
  else {
    // A guest found by phone is identified by their newest usable card.
    const phone = normalizePhone(ref.phone);
    q = q
      .where('guest_id', 'in', (s) =>
        s.selectFrom('guests').select('id').where('org_id', '=', orgId).where('phone', '=', phone),
      )
      .where('status', 'not in', ['deleted'])
      .orderBy(sql`status = 'active'`, 'desc')
      .orderBy('id', 'desc')
      .limit(1);
  }
  const card = await q.executeTakeFirst();
  if (!card) notFound();
  return card;
}

export async function guestOf(tx: Tx, orgId: number, guestId: number): Promise<Guest> {
  return tx
    .selectFrom('guests')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', guestId)
    .executeTakeFirstOrThrow();
}

export function guestName(g: Pick<Guest, 'last_name' | 'first_name' | 'middle_name'>): string {
  return [g.last_name, g.first_name, g.middle_name].filter(Boolean).join(' ');
}

export async function accountsOf(tx: Tx, orgId: number, guestId: number): Promise<Account[]> {
  return tx
    .selectFrom('accounts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('guest_id', '=', guestId)
    .orderBy('id')
    .execute();
}

/**
 * The card that pays for `card`: itself, or its payer card when the guest is linked to a
 * payer (family, corporate). The payer card must itself be usable.
 */
export async function payingCard(tx: Tx, orgId: number, card: Card): Promise<Card> {
  if (card.payer_card_id === null) return card;
  return findCard(tx, orgId, { card_id: card.payer_card_id });
}

/** The payer's account of `kind`: the one named, or the first one opened. */
export async function accountFor(
  tx: Tx,
  orgId: number,
  guestId: number,
  kind: 'deposit' | 'bonus',
  accountId?: number,
  lock = false,
): Promise<Account> {
  let q = tx
    .selectFrom('accounts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('guest_id', '=', guestId)
    .where('kind', '=', kind);
  if (accountId !== undefined) q = q.where('id', '=', accountId);
  q = q.orderBy('id').limit(1);
  // One account: finding and locking it is one statement (no lock-order question arises).
  const account = await (lock ? q.forUpdate() : q).executeTakeFirst();
  return account ?? accountNotFound(kind, accountId);
}

export function accountNotFound(kind: 'deposit' | 'bonus', accountId?: number): never {
  fail(
    'not_found',
    kind === 'deposit' ? 'deposit_account_not_found' : 'bonus_account_not_found',
    kind === 'deposit'
      ? {
          ru: 'У гостя нет такого депозитного счёта',
          en: 'The guest has no such deposit account',
        }
      : { ru: 'У гостя нет бонусного счёта', en: 'The guest has no bonus account' },
    accountId === undefined ? undefined : { account_id: accountId },
  );
}

/** The domain's view of a card row. */
export const cardState = (
  c: Pick<Card, 'status' | 'block_reason' | 'valid_from' | 'valid_until'>,
): CardState => ({
  status: c.status,
  blockReason: c.block_reason,
  validFrom: c.valid_from,
  validUntil: c.valid_until,
});

export interface AccountView {
  id: number;
  kind: 'deposit' | 'bonus';
  name: string;
  scheme: DepositScheme | null;
  fiscal_mode: FiscalMode | null;
  credit_limit: number;
  balance: number;
  held: number;
  available: number;
  floor: number;
}

export interface CardInfo {
  card: {
    id: number;
    number: string;
    uid: string | null;
    kind: string | null;
    status: CardStatus;
    valid_from: string | null;
    valid_until: string | null;
    flags: CardFlags;
    payer_card_id: number | null;
  };
  guest: {
    id: number;
    name: string;
    phone: string | null;
    email: string | null;
    birthday: string | null;
  };
  accounts: AccountView[];
}

export async function describeAccount(tx: Tx, a: Account, now: Date): Promise<AccountView> {
  return {
    id: a.id,
    kind: a.kind,
    name: a.name,
    scheme: a.scheme,
    fiscal_mode: a.fiscal_mode,
    credit_limit: a.credit_limit,
    balance: a.balance,
    held: await heldNow(tx, a, now),
    available: await availableOf(tx, a, now),
    floor:
      a.kind === 'deposit'
        ? balanceFloor({ scheme: a.scheme ?? 'debit', creditLimit: a.credit_limit })
        : 0,
  };
}

/** Rows a caller read already: the card's guest and, for a card that pays for itself, its accounts. */
export interface KnownHolder {
  guest: Pick<
    Guest,
    'id' | 'last_name' | 'first_name' | 'middle_name' | 'phone' | 'email' | 'birthday'
  >;
  accounts: Account[];
}

export async function cardInfo(
  tx: Tx,
  orgId: number,
  card: Card,
  now: Date,
  known?: KnownHolder,
): Promise<CardInfo> {
  const guest = known?.guest ?? (await guestOf(tx, orgId, card.guest_id));
  const accounts =
    known?.accounts ?? (await accountsOf(tx, orgId, (await payingCard(tx, orgId, card)).guest_id));
  return {
    card: {
      id: card.id,
      number: card.number,
      uid: card.uid,
      kind: card.kind,
      status: card.status,
      valid_from: card.valid_from?.toISOString() ?? null,
      valid_until: card.valid_until?.toISOString() ?? null,
      flags: cardFlags(cardState(card), now),
      payer_card_id: card.payer_card_id,
    },
    guest: {
      id: guest.id,
      name: guestName(guest),
      phone: guest.phone,
      email: guest.email,
      birthday: guest.birthday,
    },
    accounts: await Promise.all(accounts.map((a) => describeAccount(tx, a, now))),
  };
}
