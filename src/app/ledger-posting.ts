// The only writer of balances. Every change is an append-only entry plus the same change to
// the account's projection, in the caller's transaction, on an account row the caller locked.
// Bonus accounts also keep their lots in step, so Σ entries = balance = Σ lot remainders.
import { sql, type RawBuilder } from 'kysely';
import {
  expiredLots,
  planClawback,
  planCredit,
  planSpend,
  spendable,
  type Draw,
} from '../domain/bonus-lots.ts';
import { availableToPay, topUpCeiling } from '../domain/deposit.ts';
import { fail } from '../domain/errors.ts';
import { reversalAmount, type EntryType } from '../domain/ledger.ts';
import { formatRoubles } from '../domain/money.ts';
import {
  appendEntries,
  drawFromLots,
  entriesOfOrder,
  insertLot,
  moveBalance,
  netDrawsOf,
  openLots,
} from '../db/repositories/ledger.ts';
import type { Account, EntrySource, LedgerEntry, NewLedgerEntry } from '../db/schema.ts';
import type { Tx } from './context.ts';

export interface EntryMeta {
  orgId: number;
  occurredAt: Date;
  source: EntrySource;
  restaurantId?: number | null;
  terminalId?: number | null;
  operator?: string | null;
  cardId?: number | null;
  payerGuestId?: number | null;
  payerCardId?: number | null;
  recipientGuestId?: number | null;
  recipientCardId?: number | null;
  softOffline?: boolean;
  posCheckId?: string | null;
  posTxnId?: string | null;
  orderId?: number | null;
  holdId?: number | null;
  comment?: string | null;
}

/** One entry's worth: a positive size, and the order line it belongs to, if any. */
export interface EntryPart {
  amount: number;
  lineNo?: number | null;
  itemCode?: string | null;
  itemName?: string | null;
  paymentAmount?: number;
}

function row(
  account: Account,
  type: EntryType,
  amount: number,
  meta: EntryMeta,
  part?: EntryPart,
): NewLedgerEntry {
  return {
    org_id: meta.orgId,
    account_id: account.id,
    guest_id: account.guest_id,
    type,
    amount,
    occurred_at: meta.occurredAt,
    restaurant_id: meta.restaurantId ?? null,
    terminal_id: meta.terminalId ?? null,
    order_id: meta.orderId ?? null,
    line_no: part?.lineNo ?? null,
    item_code: part?.itemCode ?? null,
    item_name: part?.itemName ?? null,
    payment_amount: part?.paymentAmount ?? 0,
    operator: meta.operator ?? null,
    card_id: meta.cardId ?? null,
    payer_guest_id: meta.payerGuestId ?? null,
    payer_card_id: meta.payerCardId ?? null,
    recipient_guest_id: meta.recipientGuestId ?? null,
    recipient_card_id: meta.recipientCardId ?? null,
    soft_offline: meta.softOffline ?? false,
    source: meta.source,
    pos_check_id: meta.posCheckId ?? null,
    pos_txn_id: meta.posTxnId ?? null,
    hold_id: meta.holdId ?? null,
    reverses_entry_id: null,
    fiscal_mode: account.fiscal_mode,
    comment: meta.comment ?? null,
  };
}

function insufficient(available: number, requested: number): never {
  fail(
    'rejected',
    'insufficient_funds',
    {
      ru: `Недостаточно средств: доступно ${formatRoubles(available)}, требуется ${formatRoubles(requested)}`,
      en: `Insufficient funds: ${formatRoubles(available)} available, ${formatRoubles(requested)} requested`,
    },
    { available, requested },
  );
}

/**
 * Releases holds past their expiry and writes off expired bonus lots, so that what follows
 * sees the account as it stands now. Mutates `account` to match the database.
 */
export async function settleAccount(tx: Tx, account: Account, now: Date): Promise<void> {
  if (account.held > 0) {
    const expired = await sql<{ amount: number }>`
      update holds set status = 'expired', closed_at = ${now}
      where org_id = ${account.org_id} and account_id = ${account.id}
        and status = 'active' and expires_at <= ${now}
      returning amount`.execute(tx);
    const released = expired.rows.reduce((s, r) => s + r.amount, 0);
    if (released > 0) {
      await moveBalance(tx, account.org_id, account.id, 0, -released);
      account.held -= released;
    }
  }
  if (account.kind === 'bonus') {
    const lots = await openLots(tx, account.org_id, account.id);
    for (const lot of expiredLots(lots, now)) {
      const meta: EntryMeta = { orgId: account.org_id, occurredAt: now, source: 'system' };
      const move = { orgId: account.org_id, accountId: account.id, balanceDelta: -lot.remaining };
      const [entryId] = await appendEntries(
        tx,
        [row(account, 'bonus_expiry', -lot.remaining, meta)],
        move,
      );
      await drawFromLots(tx, account.org_id, entryId as number, [
        { lotId: lot.id, amount: lot.remaining },
      ]);
      account.balance -= lot.remaining;
    }
  }
}

/**
 * What is held now: holds past their expiry no longer count, even before a write settles
 * them, so a read never shows money as blocked that the till can no longer take.
 */
export async function heldNow(tx: Tx, account: Account, now: Date): Promise<number> {
  if (account.held === 0) return 0;
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
  const lots = await openLots(tx, account.org_id, account.id);
  return Math.max(0, spendable(lots, now) - held);
}

export interface DebitOptions {
  /** The size of a hold this debit consumes: released in the same step, counted as available. */
  fromHold?: number;
  /** An adjustment instead of a payment. */
  type?: 'adjustment';
}

/**
 * A debit checked against its settled, locked account but not written yet. Deposit debits are
 * written by the statement that records their order (`insertOrder` in close-order.ts): one
 * round trip less on a till's close. Bonus debits draw from lots by entry id, so `debit` writes them.
 */
export interface PlannedDebit {
  account: Account;
  rows: NewLedgerEntry[];
  total: number;
  fromHold: number;
}

/** Checks the funds and builds the entries: one per non-empty part. */
export async function planDebit(
  tx: Tx,
  account: Account,
  parts: readonly EntryPart[],
  meta: EntryMeta,
  now: Date,
  { fromHold = 0, type: asType }: DebitOptions = {},
): Promise<PlannedDebit> {
  const total = parts.reduce((s, p) => s + p.amount, 0);
  const available = (await availableOf(tx, account, now)) + fromHold;
  if (total > available) insufficient(available, total);
  const type: EntryType = asType ?? (account.kind === 'deposit' ? 'payment' : 'bonus_payment');
  const rows = parts.filter((p) => p.amount > 0).map((p) => row(account, type, -p.amount, meta, p));
  return { account, rows, total, fromHold };
}

/** The projection a planned debit moves, to be written with its entries. */
export function debitMove(plan: PlannedDebit) {
  return {
    orgId: plan.account.org_id,
    accountId: plan.account.id,
    balanceDelta: -plan.total,
    heldDelta: -plan.fromHold,
  };
}

/**
 * The planned debits' entries and moves as CTEs of the statement that inserts their order (CTE
 * `o`), or null when they write nothing. Their entry ids come back in the order of the plans.
 */
export function debitsWithOrder(orgId: number, plans: readonly PlannedDebit[]): RawBuilder<unknown> | null {
  const rows = plans.flatMap((p) => p.rows);
  if (rows.length === 0) return null;
  return entriesOfOrder(orgId, rows, plans.map(debitMove));
}

/** Brings the account in memory in step with its planned debit, once that is written. */
export function debited(plan: PlannedDebit): void {
  plan.account.balance -= plan.total;
  plan.account.held -= plan.fromHold;
}

/** Debits parts from a settled, locked account, one entry per non-empty part. */
export async function debit(
  tx: Tx,
  account: Account,
  parts: readonly EntryPart[],
  meta: EntryMeta,
  now: Date,
  options: DebitOptions = {},
): Promise<number[]> {
  const plan = await planDebit(tx, account, parts, meta, now, options);
  const ids = await appendEntries(tx, plan.rows, debitMove(plan));
  if (account.kind === 'bonus') {
    let lots = await openLots(tx, account.org_id, account.id);
    for (const [i, r] of plan.rows.entries()) {
      const draws = planSpend(lots, -r.amount, now) as Draw[];
      await drawFromLots(tx, account.org_id, ids[i] as number, draws);
      lots = lots.map((l) => ({
        ...l,
        remaining: l.remaining - (draws.find((d) => d.lotId === l.id)?.amount ?? 0),
      }));
    }
  }
  debited(plan);
  return ids;
}

export interface LotTiming {
  availableFrom: Date;
  expiresAt: Date | null;
}

/** Credits `amount` (top-up, accrual, adjustment) as one entry; bonus credits become a lot. */
export async function credit(
  tx: Tx,
  account: Account,
  type: 'topup' | 'bonus_accrual' | 'adjustment',
  part: EntryPart,
  meta: EntryMeta,
  timing: LotTiming,
): Promise<number> {
  const ceiling =
    account.kind === 'deposit' && type === 'topup'
      ? topUpCeiling({ scheme: account.scheme ?? 'debit' })
      : null;
  if (ceiling !== null && account.balance + part.amount > ceiling) {
    fail(
      'rejected',
      'credit_topup_exceeds_debt',
      {
        ru: `Кредитный депозит пополняется только в счёт долга: можно внести не больше ${formatRoubles(ceiling - account.balance)}. Для предоплаты используйте дебетовую или смешанную схему.`,
        en: `A credit deposit is topped up only to repay its debt: at most ${formatRoubles(ceiling - account.balance)}. Use the debit or mixed scheme for prepaid money.`,
      },
      { max: ceiling - account.balance, requested: part.amount },
    );
  }
  const [entryId] = await appendEntries(tx, [row(account, type, part.amount, meta, part)], {
    orgId: account.org_id,
    accountId: account.id,
    balanceDelta: part.amount,
  });
  if (account.kind === 'bonus') {
    const lots = await openLots(tx, account.org_id, account.id);
    const plan = planCredit(lots, part.amount);
    await drawFromLots(tx, account.org_id, entryId as number, plan.repay);
    if (plan.newLot > 0) {
      await insertLot(tx, {
        orgId: account.org_id,
        accountId: account.id,
        entryId: entryId as number,
        amount: plan.newLot,
        ...timing,
      });
    }
  }
  account.balance += part.amount;
  return entryId as number;
}

/** How much of each entry earlier reversals already took back. */
export async function reversedSoFar(
  tx: Tx,
  orgId: number,
  entryIds: readonly number[],
): Promise<Map<number, number>> {
  if (entryIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('ledger_entries')
    .select(['reverses_entry_id', sql<number>`sum(amount)::bigint`.as('amount')])
    .where('org_id', '=', orgId)
    .where('reverses_entry_id', 'in', entryIds)
    .groupBy('reverses_entry_id')
    .execute();
  return new Map(rows.map((r) => [r.reverses_entry_id as number, r.amount]));
}

/**
 * Reverses `portion` (a positive size) of `original`. Deposit money simply goes back; bonus
 * points paid go back into the lots they came from; points credited are clawed back, and what
 * was already spent is owed.
 */
export async function reverse(
  tx: Tx,
  account: Account,
  original: LedgerEntry,
  portion: number,
  already: number,
  meta: EntryMeta,
): Promise<number> {
  const amount = reversalAmount(original.amount, already, portion);
  const entry = { ...row(account, 'reversal', amount, meta), reverses_entry_id: original.id };
  entry.line_no = original.line_no;
  entry.item_code = original.item_code;
  entry.item_name = original.item_name;
  entry.order_id = meta.orderId ?? original.order_id;
  const [entryId] = await appendEntries(tx, [entry], {
    orgId: account.org_id,
    accountId: account.id,
    balanceDelta: amount,
  });
  if (account.kind === 'bonus') {
    if (amount > 0) {
      // Put points back where they were drawn from, newest draw first.
      const drawn = await netDrawsOf(tx, account.org_id, [
        original.id,
        ...(await reversalIds(tx, original)),
      ]);
      let left = amount;
      const back: Draw[] = [];
      for (const d of drawn.reverse()) {
        if (left === 0) break;
        const give = Math.min(d.amount, left);
        if (give > 0) back.push({ lotId: d.lot_id, amount: -give });
        left -= give;
      }
      if (left > 0) throw new Error(`lot draws of entry ${original.id} do not cover its reversal`);
      await drawFromLots(tx, account.org_id, entryId as number, back);
    } else {
      const lots = await openLots(tx, account.org_id, account.id);
      const own = await tx
        .selectFrom('bonus_lots')
        .select('id')
        .where('org_id', '=', account.org_id)
        .where('entry_id', '=', original.id)
        .executeTakeFirst();
      const plan = planClawback(lots, -amount, own?.id ?? null);
      await drawFromLots(tx, account.org_id, entryId as number, plan.draws);
      if (plan.owed > 0) {
        await insertLot(tx, {
          orgId: account.org_id,
          accountId: account.id,
          entryId: entryId as number,
          amount: -plan.owed,
          availableFrom: meta.occurredAt,
          expiresAt: null,
        });
      }
    }
  }
  account.balance += amount;
  return entryId as number;
}

async function reversalIds(tx: Tx, original: LedgerEntry): Promise<number[]> {
  const rows = await tx
    .selectFrom('ledger_entries')
    .select('id')
    .where('org_id', '=', original.org_id)
    .where('reverses_entry_id', '=', original.id)
    .execute();
  return rows.map((r) => r.id);
}
