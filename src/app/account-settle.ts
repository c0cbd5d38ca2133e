// Settling accounts before they are used: holds past their expiry are released and expired bonus
// lots written off (through the ledger, one bonus.expired event per lot), so what follows sees
// the accounts as they stand now. Kept apart from ledger-posting.ts, which plans and writes
// the changes a sale, top-up or reversal makes.
import { sql } from 'kysely';
import { expiredLots, type Lot } from '../domain/bonus-lots.ts';
import { lotStates, moveBalance, type LotState } from '../db/repositories/ledger.ts';
import type { Account } from '../db/schema.ts';
import { noLots, rememberSettled } from './account-state.ts';
import type { Tx } from './context.ts';
import { recordEvents, type NewEvent } from './events.ts';
import { LedgerWork } from './ledger-posting.ts';
import { holdExpired, type HoldFacts } from './payment-events.ts';

/**
 * Releases holds past their expiry and writes off expired bonus lots, so that what follows
 * sees the accounts as they stand now. Mutates each account to match the database.
 */
export async function settleAccounts(
  tx: Tx,
  accounts: readonly Account[],
  now: Date,
): Promise<void> {
  for (const account of accounts) {
    if (account.held === 0) continue;
    const expired = await sql<HoldFacts>`
      update holds set status = 'expired', closed_at = ${now}
      where org_id = ${account.org_id} and account_id = ${account.id}
        and status = 'active' and expires_at <= ${now}
      returning id, pos_hold_id, restaurant_id, account_id, card_id, amount`.execute(tx);
    const released = expired.rows.reduce((s, r) => s + Number(r.amount), 0);
    if (released > 0) {
      await moveBalance(tx, account.org_id, account.id, 0, -released);
      account.held -= released;
      await recordEvents(
        tx,
        account.org_id,
        expired.rows.map((h) => holdExpired({ ...h, amount: Number(h.amount) }, now)),
      );
    }
  }
  const bonus = accounts.filter((a) => a.kind === 'bonus');
  const states: Map<number, LotState> =
    bonus.length > 0
      ? await lotStates(
          tx,
          bonus[0]!.org_id,
          bonus.map((a) => a.id),
          now,
        )
      : new Map();
  const work = new LedgerWork(accounts[0]?.org_id ?? 0);
  const expired: NewEvent[] = [];
  for (const account of accounts) {
    const lots = account.kind === 'bonus' ? (states.get(account.id) ?? noLots()) : null;
    for (const lot of lots ? expiredLots(lots.lots, now) : []) {
      expired.push(expiryEvent(account, lot, now));
      work.expire(account, lot, now);
    }
    if (lots) lots.lots = lots.lots.filter((l) => l.remaining < 0);
    rememberSettled(account, now, lots);
  }
  if (work.isEmpty) return;
  await work.write(tx);
  await recordEvents(tx, work.orgId, expired);
}

/** bonus.expired, one per lot: a lot expires once, whichever settle writes it off. */
function expiryEvent(account: Account, lot: Lot, now: Date): NewEvent {
  return {
    type: 'bonus.expired',
    key: `lot:${lot.id}`,
    at: now,
    data: {
      guest_id: account.guest_id,
      account_id: account.id,
      lot_id: lot.id,
      amount: lot.remaining,
      expires_at: lot.expiresAt?.toISOString() ?? null,
    },
  };
}

export async function settleAccount(tx: Tx, account: Account, now: Date): Promise<void> {
  await settleAccounts(tx, [account], now);
}
