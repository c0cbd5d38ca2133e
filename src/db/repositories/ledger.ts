// Reads and writes of accounts, ledger entries and bonus lots. Only app/ledger-posting.ts
// calls the writers, so every balance change goes through the domain's rules.
import { sql, type RawBuilder } from 'kysely';
import type { Lot } from '../../domain/bonus-lots.ts';
import type { Tx } from '../../app/context.ts';
import type { Account, NewLedgerEntry } from '../schema.ts';

/** Locks the accounts in id order (no deadlocks between two payers) and returns them. */
export async function lockAccounts(
  tx: Tx,
  orgId: number,
  ids: readonly number[],
): Promise<Account[]> {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  return tx
    .selectFrom('accounts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', 'in', sorted)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/**
 * Appends entries and, in the same statement, moves the account's projection by
 * `balanceDelta` / `heldDelta`: one round trip for the step every payment takes.
 */
export async function appendEntries(
  tx: Tx,
  rows: readonly NewLedgerEntry[],
  move?: { orgId: number; accountId: number; balanceDelta: number; heldDelta?: number },
): Promise<number[]> {
  if (rows.length === 0) {
    if (move) await moveBalance(tx, move.orgId, move.accountId, move.balanceDelta, move.heldDelta);
    return [];
  }
  if (!move || (move.balanceDelta === 0 && !move.heldDelta)) {
    const inserted = await tx.insertInto('ledger_entries').values(rows).returning('id').execute();
    return inserted.map((r) => r.id);
  }
  const inserted = await tx
    .with('e', (db) => db.insertInto('ledger_entries').values(rows).returning('id'))
    .with('u', (db) =>
      db
        .updateTable('accounts')
        .set({
          balance: sql`balance + ${move.balanceDelta}`,
          held: sql`held + ${move.heldDelta ?? 0}`,
        })
        .where('org_id', '=', move.orgId)
        .where('id', '=', move.accountId)
        .returning('id'),
    )
    .selectFrom('e')
    .select('id')
    .orderBy('id')
    .execute();
  return inserted.map((r) => r.id);
}

/**
 * CTEs `e` and `m` for a statement whose CTE `o` inserts an order (one row, `id`): the entries,
 * each taking `o.id` as its order, and the moves of their accounts' projections, both written
 * only if the order was. `e` returns the entries' ids; they follow `rows` in order.
 */
export function entriesOfOrder(
  orgId: number,
  rows: readonly NewLedgerEntry[],
  moves: readonly { accountId: number; balanceDelta: number; heldDelta?: number }[],
): RawBuilder<unknown> {
  const columns = Object.keys(rows[0] ?? {}).filter((c) => c !== 'order_id');
  const byAccount = new Map<number, { id: number; balance: number; held: number }>();
  for (const m of moves) {
    const to = byAccount.get(m.accountId) ?? { id: m.accountId, balance: 0, held: 0 };
    to.balance += m.balanceDelta;
    to.held += m.heldDelta ?? 0;
    byAccount.set(m.accountId, to);
  }
  return sql`e as (
      insert into ledger_entries (${sql.join(columns.map((c) => sql.id(c)))}, order_id)
      select ${sql.join(columns.map((c) => sql`x.${sql.id(c)}`))}, o.id
      from o, jsonb_populate_recordset(null::ledger_entries, ${JSON.stringify(rows)}::jsonb) as x
      returning id
    ), m as (
      update accounts as a set balance = a.balance + d.balance, held = a.held + d.held
      from jsonb_to_recordset(${JSON.stringify([...byAccount.values()])}::jsonb)
        as d(id bigint, balance bigint, held bigint)
      where a.org_id = ${orgId} and a.id = d.id and exists (select 1 from o)
    )`;
}

export async function moveBalance(
  tx: Tx,
  orgId: number,
  accountId: number,
  balanceDelta: number,
  heldDelta = 0,
): Promise<void> {
  if (balanceDelta === 0 && heldDelta === 0) return;
  await tx
    .updateTable('accounts')
    .set({
      balance: sql`balance + ${balanceDelta}`,
      held: sql`held + ${heldDelta}`,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', accountId)
    .execute();
}

export async function openLots(tx: Tx, orgId: number, accountId: number): Promise<Lot[]> {
  const rows = await tx
    .selectFrom('bonus_lots')
    .select(['id', 'remaining', 'available_from', 'expires_at'])
    .where('org_id', '=', orgId)
    .where('account_id', '=', accountId)
    .where('remaining', '<>', 0)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    remaining: r.remaining,
    availableFrom: r.available_from,
    expiresAt: r.expires_at,
  }));
}

export async function insertLot(
  tx: Tx,
  lot: {
    orgId: number;
    accountId: number;
    entryId: number;
    amount: number;
    availableFrom: Date;
    expiresAt: Date | null;
  },
): Promise<number> {
  const row = await tx
    .insertInto('bonus_lots')
    .values({
      org_id: lot.orgId,
      account_id: lot.accountId,
      entry_id: lot.entryId,
      amount: lot.amount,
      remaining: lot.amount,
      available_from: lot.availableFrom,
      expires_at: lot.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Applies draws (positive: points taken out of a lot; negative: points put back). */
export async function drawFromLots(
  tx: Tx,
  orgId: number,
  entryId: number,
  draws: readonly { lotId: number; amount: number }[],
): Promise<void> {
  if (draws.length === 0) return;
  for (const d of draws) {
    await tx
      .updateTable('bonus_lots')
      .set({ remaining: sql`remaining - ${d.amount}` })
      .where('org_id', '=', orgId)
      .where('id', '=', d.lotId)
      .execute();
  }
  await tx
    .insertInto('lot_draws')
    .values(
      draws.map((d) => ({ org_id: orgId, entry_id: entryId, lot_id: d.lotId, amount: d.amount })),
    )
    .execute();
}

/** Net points each lot gave to the listed entries (draws less what was put back). */
export async function netDrawsOf(tx: Tx, orgId: number, entryIds: readonly number[]) {
  if (entryIds.length === 0) return [];
  return tx
    .selectFrom('lot_draws')
    .select(['lot_id', sql<number>`sum(amount)::bigint`.as('amount')])
    .where('org_id', '=', orgId)
    .where('entry_id', 'in', entryIds)
    .groupBy('lot_id')
    .orderBy('lot_id')
    .execute();
}
