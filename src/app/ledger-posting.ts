// The only writer of balances. Every change is an append-only entry plus the same change to
// the account's projection, in the caller's transaction, on an account row the caller locked.
// Bonus accounts also keep their lots in step, so Σ entries = balance = Σ lot remainders.
// Changes are planned in memory (a LedgerWork) against the locked accounts and written by one
// statement: alone, or inside the statement that inserts their order (close-order.ts).
import { sql, type RawBuilder } from 'kysely';
import {
  isLive,
  planClawback,
  planCredit,
  planSpend,
  type Draw,
  type Lot,
} from '../domain/bonus-lots.ts';
import { topUpCeiling } from '../domain/deposit.ts';
import { fail } from '../domain/errors.ts';
import { reversalAmount, type EntryType } from '../domain/ledger.ts';
import { formatRoubles, formatRoublesRu } from '../domain/money.ts';
import {
  coveringLots,
  ledgerCtes,
  movedAll,
  netDrawsOf,
  writeLedger,
  type LedgerWrite,
  type LotState,
  type PlannedDraw,
  type PlannedLot,
} from '../db/repositories/ledger.ts';
import type { Account, EntrySource, LedgerEntry, NewLedgerEntry } from '../db/schema.ts';
import { availableOf, forget, knownState, lotStateOf, versionOf } from './account-state.ts';
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
      ru: `Недостаточно средств: доступно ${formatRoublesRu(available)}, требуется ${formatRoublesRu(requested)}`,
      en: `Insufficient funds: ${formatRoubles(available)} available, ${formatRoubles(requested)} requested`,
    },
    { available, requested },
  );
}

export interface DebitOptions {
  /** The size of a hold this debit consumes: released in the same step, counted as available. */
  fromHold?: number;
  /** An adjustment instead of a payment. */
  type?: 'adjustment';
}

export interface LotTiming {
  availableFrom: Date;
  expiresAt: Date | null;
}

/**
 * Ledger changes planned against settled, locked accounts, written by one statement. Each
 * planning step checks what it must (funds, ceilings), moves the accounts in memory at once
 * (so the next step sees them) and returns the positions of its entries; `write` (or the
 * order's statement, through `withOrder`) turns positions into ids.
 */
export class LedgerWork {
  readonly #entries: NewLedgerEntry[] = [];
  readonly #lots: PlannedLot[] = [];
  readonly #draws: PlannedDraw[] = [];
  readonly #moves = new Map<number, { balance: number; held: number; version?: string }>();
  /**
   * Bonus accounts reversed on: their lots are not followed here, so nothing else may be planned
   * on them in the same work (a second reversal included).
   */
  readonly #reversed = new Set<number>();

  constructor(readonly orgId: number) {}

  #assertFollowed(account: Account): void {
    if (this.#reversed.has(account.id)) {
      throw new Error(`bonus account ${account.id} was reversed on in this work: write it first`);
    }
  }

  get isEmpty(): boolean {
    return this.#entries.length === 0 && this.#moves.size === 0;
  }

  #entry(r: NewLedgerEntry, draws: readonly Draw[] = []): number {
    const k = this.#entries.push(r) - 1;
    for (const d of draws) this.#draws.push({ entry: k, lotId: d.lotId, amount: d.amount });
    return k;
  }

  #move(account: Account, balance: number, held = 0): void {
    const version = versionOf(account);
    const m = this.#moves.get(account.id) ?? {
      balance: 0,
      held: 0,
      ...(version ? { version } : {}),
    };
    m.balance += balance;
    m.held += held;
    this.#moves.set(account.id, m);
    account.balance += balance;
    account.held += held;
  }

  /** Debits parts, one entry per non-empty part; bonus points come from the live lots. */
  async debit(
    tx: Tx,
    account: Account,
    parts: readonly EntryPart[],
    meta: EntryMeta,
    now: Date,
    { fromHold = 0, type: asType }: DebitOptions = {},
  ): Promise<number[]> {
    const total = parts.reduce((s, p) => s + p.amount, 0);
    const available = (await availableOf(tx, account, now)) + fromHold;
    if (total > available) insufficient(available, total);
    const type: EntryType = asType ?? (account.kind === 'deposit' ? 'payment' : 'bonus_payment');
    let lots: Lot[] = [];
    let state: LotState | null = null;
    if (account.kind === 'bonus') {
      this.#assertFollowed(account);
      state = await lotStateOf(tx, account, now);
      // Enough live lots, earliest expiry first, to pay `total` with the debt still covered.
      const covering = await coveringLots(tx, account.org_id, account.id, total + state.owed, {
        liveAt: now,
      });
      lots = [...covering, ...state.lots.filter((l) => l.remaining < 0)];
    }
    const positions: number[] = [];
    for (const p of parts) {
      if (p.amount <= 0) continue;
      const draws = state ? (planSpend(lots, p.amount, now) as Draw[]) : [];
      lots = lots.map((l) => ({
        ...l,
        remaining: l.remaining - (draws.find((d) => d.lotId === l.id)?.amount ?? 0),
      }));
      if (state) state.live -= p.amount;
      positions.push(this.#entry(row(account, type, -p.amount, meta, p), draws));
    }
    this.#move(account, -total, -fromHold);
    return positions;
  }

  /**
   * Credits `amount` (top-up, accrual, adjustment) as one entry; bonus credits become a lot,
   * or with `shareLot` join the lot an earlier credit of this work opened with the same timing
   * (a close's accruals: one lot, however many lines earned).
   */
  async credit(
    tx: Tx,
    account: Account,
    type: 'topup' | 'bonus_accrual' | 'adjustment',
    part: EntryPart,
    meta: EntryMeta,
    timing: LotTiming,
    { shareLot = false }: { shareLot?: boolean } = {},
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
          ru: `Кредитный депозит пополняется только в счёт долга: можно внести не больше ${formatRoublesRu(ceiling - account.balance)}. Для предоплаты используйте дебетовую или смешанную схему.`,
          en: `A credit deposit is topped up only to repay its debt: at most ${formatRoubles(ceiling - account.balance)}. Use the debit or mixed scheme for prepaid money.`,
        },
        { max: ceiling - account.balance, requested: part.amount },
      );
    }
    const row_ = row(account, type, part.amount, meta, part);
    if (account.kind !== 'bonus') {
      this.#move(account, part.amount);
      return this.#entry(row_);
    }
    this.#assertFollowed(account);
    // Only negative lots matter here: a credit repays them first.
    const k = knownState(account);
    const state = k?.lots ?? (await lotStateOf(tx, account, timing.availableFrom));
    const plan = planCredit(state.lots, part.amount);
    const position = this.#entry(row_, plan.repay);
    for (const d of plan.repay) {
      const lot = state.lots.find((l) => l.id === d.lotId) as Lot;
      lot.remaining -= d.amount;
      state.owed += d.amount;
    }
    if (plan.newLot > 0) {
      const shared = shareLot
        ? this.#lots.find(
            (l) =>
              l.accountId === account.id &&
              l.amount > 0 &&
              l.availableFrom.getTime() === timing.availableFrom.getTime() &&
              l.expiresAt?.getTime() === timing.expiresAt?.getTime(),
          )
        : undefined;
      if (shared) shared.amount += plan.newLot;
      else
        this.#lots.push({ entry: position, accountId: account.id, amount: plan.newLot, ...timing });
      if (k && isLive({ remaining: plan.newLot, ...timing }, new Date(k.settledAt))) {
        state.live += plan.newLot;
      }
    }
    this.#move(account, part.amount);
    return position;
  }

  /**
   * Reverses `portion` (a positive size) of `original`. Deposit money simply goes back; bonus
   * points paid go back into the lots they came from; points credited are clawed back, and
   * what was already spent is owed.
   */
  async reverse(
    tx: Tx,
    account: Account,
    original: LedgerEntry,
    portion: number,
    already: number,
    meta: EntryMeta,
  ): Promise<number> {
    if (account.kind === 'bonus') this.#assertFollowed(account);
    const amount = reversalAmount(original.amount, already, portion);
    const entry = { ...row(account, 'reversal', amount, meta), reverses_entry_id: original.id };
    entry.line_no = original.line_no;
    entry.item_code = original.item_code;
    entry.item_name = original.item_name;
    entry.order_id = meta.orderId ?? original.order_id;
    this.#move(account, amount);
    if (account.kind !== 'bonus') return this.#entry(entry);
    // Which lots the points go back to, or come from, is not followed in memory.
    forget(account);
    this.#reversed.add(account.id);
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
      return this.#entry(entry, back);
    }
    const lots = await coveringLots(tx, account.org_id, account.id, -amount, {
      own: { entryId: original.id, orderId: original.order_id },
    });
    const own = lots.find((l) => l.own)?.id ?? null;
    const plan = planClawback(lots, -amount, own);
    const position = this.#entry(entry, plan.draws);
    if (plan.owed > 0) {
      this.#lots.push({
        entry: position,
        accountId: account.id,
        amount: -plan.owed,
        availableFrom: meta.occurredAt,
        expiresAt: null,
      });
    }
    return position;
  }

  /** Writes off what an expired lot has left. */
  expire(account: Account, lot: Lot, now: Date): number {
    const meta: EntryMeta = { orgId: account.org_id, occurredAt: now, source: 'system' };
    this.#move(account, -lot.remaining);
    return this.#entry(row(account, 'bonus_expiry', -lot.remaining, meta), [
      { lotId: lot.id, amount: lot.remaining },
    ]);
  }

  /** Everything planned, as the repository writes it; entries take ids in planning order. */
  get plan(): LedgerWrite {
    return { entries: this.#entries, lots: this.#lots, draws: this.#draws, moves: this.#moves };
  }

  /** CTEs for the statement that inserts their order as CTE `o` (see `ledgerCtes`). */
  withOrder(): RawBuilder<unknown> {
    return ledgerCtes(this.orgId, this.plan, true);
  }

  /** In that statement: whether every account moved (one read without a lock may have changed). */
  movedAll(): RawBuilder<boolean> {
    return movedAll(this.plan);
  }

  /** Writes everything planned; the entries' ids by position. */
  write(tx: Tx): Promise<number[]> {
    return writeLedger(tx, this.orgId, this.plan);
  }
}

/** One planning step written on its own: its positions become the entries' ids. */
async function alone<P extends number | number[]>(
  tx: Tx,
  account: Account,
  plan: (work: LedgerWork) => Promise<P>,
): Promise<P> {
  const work = new LedgerWork(account.org_id);
  const positions = await plan(work);
  const ids = await work.write(tx);
  return (Array.isArray(positions) ? positions.map((k) => ids[k]) : ids[positions as number]) as P;
}

/** Debits parts from a settled, locked account, one entry per non-empty part. */
export function debit(
  tx: Tx,
  account: Account,
  parts: readonly EntryPart[],
  meta: EntryMeta,
  now: Date,
  options: DebitOptions = {},
): Promise<number[]> {
  return alone(tx, account, (w) => w.debit(tx, account, parts, meta, now, options));
}

/** Credits `amount` (top-up, accrual, adjustment) as one entry; bonus credits become a lot. */
export function credit(
  tx: Tx,
  account: Account,
  type: 'topup' | 'bonus_accrual' | 'adjustment',
  part: EntryPart,
  meta: EntryMeta,
  timing: LotTiming,
): Promise<number> {
  return alone(tx, account, (w) => w.credit(tx, account, type, part, meta, timing));
}

/** Reverses `portion` of `original` on its own (see `LedgerWork.reverse`). */
export function reverse(
  tx: Tx,
  account: Account,
  original: LedgerEntry,
  portion: number,
  already: number,
  meta: EntryMeta,
): Promise<number> {
  return alone(tx, account, (w) => w.reverse(tx, account, original, portion, already, meta));
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

async function reversalIds(tx: Tx, original: LedgerEntry): Promise<number[]> {
  const rows = await tx
    .selectFrom('ledger_entries')
    .select('id')
    .where('org_id', '=', original.org_id)
    .where('reverses_entry_id', '=', original.id)
    .execute();
  return rows.map((r) => r.id);
}
