// What a transaction knows of an account beyond its row, and the reads that use it: what is
// held and what can be paid now. A use case that locked and settled an account (or adopted one
// read without a lock, with its row's version) plans its writes on this without reading again.
import { sql } from 'kysely';
import { spendableOf } from '../domain/bonus-lots.ts';
import { availableToPay } from '../domain/deposit.ts';
import { lotStates, type LotState } from '../db/repositories/ledger.ts';
import type { Account } from '../db/schema.ts';
import type { Tx } from '../db/connect.ts';

/**
 * What this transaction knows of a locked account beyond its row: when it was settled (holds
 * and lots expired by then are gone) and, for a bonus account, its lot state, kept in step by
 * every planned write. Keyed by the row object the lock returned, so it lives as long as the
 * transaction's use of it; a write whose effect on lots is not known here forgets it.
 */
const known = new WeakMap<Account, { settledAt: number; lots: LotState | null }>();

/** A state of no lots, for an account that has none: a fresh object, as states are kept in step. */
export const noLots = (): LotState => ({ live: 0, owed: 0, lots: [] });

/** Accounts read without a lock: a write moves one only while its row is the version read. */
const versions = new WeakMap<Account, string>();

/**
 * Takes an account read without a lock, with its lot state at `now` and its row's version
 * (xmin), as settled: the write that moves it checks the version and fails if the row changed
 * (optimistic concurrency, app/close-order.ts). The caller makes sure nothing needed settling:
 * no holds, no expired lots.
 */
export function adoptAccount(
  account: Account,
  now: Date,
  lots: LotState | null,
  version: string,
): void {
  rememberSettled(account, now, lots);
  versions.set(account, version);
}

/** What is known of the account, if it was settled at `now` exactly. */
function settledState(account: Account, now: Date) {
  const k = known.get(account);
  return k && k.settledAt === now.getTime() ? k : undefined;
}

/** Settled at `now`, with this lot state (null for a deposit). */
export function rememberSettled(account: Account, now: Date, lots: LotState | null): void {
  known.set(account, { settledAt: now.getTime(), lots });
}

/** What is known of the account, whenever it was settled. */
export const knownState = (account: Account) => known.get(account);

/** The row version an adopted account was read at. */
export const versionOf = (account: Account): string | undefined => versions.get(account);

/** A write changed the account in ways not followed here: the next use reads again. */
export function forget(account: Account): void {
  known.delete(account);
}

/**
 * What is held now: holds past their expiry no longer count, even before a write settles
 * them, so a read never shows money as blocked that the till can no longer take.
 */
export async function heldNow(tx: Tx, account: Account, now: Date): Promise<number> {
  if (account.held === 0 || settledState(account, now)) return account.held;
  const row = await tx
    .selectFrom('holds')
    .select(sql<number>`coalesce(sum(amount), 0)::bigint`.as('held'))
    .where('org_id', '=', account.org_id)
    .where('account_id', '=', account.id)
    .where('status', '=', 'active')
    .where('expires_at', '>', now)
    .executeTakeFirstOrThrow();
  return row.held;
}

/** A bonus account's lot state at `now`: as settled in this transaction, else read. */
export async function lotStateOf(tx: Tx, account: Account, now: Date): Promise<LotState> {
  const k = settledState(account, now);
  if (k?.lots) return k.lots;
  return (await lotStates(tx, account.org_id, [account.id], now)).get(account.id) ?? noLots();
}

/** What the account can pay now, holds excluded (bonus: live lots; deposit: down to the floor). */
export async function availableOf(tx: Tx, account: Account, now: Date): Promise<number> {
  const held = await heldNow(tx, account, now);
  if (account.kind === 'deposit') {
    return availableToPay({
      scheme: account.scheme ?? 'debit',
      creditLimit: account.credit_limit,
      balance: account.balance,
      held,
    });
  }
  return Math.max(0, spendableOf(await lotStateOf(tx, account, now)) - held);
}
