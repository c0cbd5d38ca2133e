// Reads and writes of accounts, ledger entries and bonus lots. Only app/ledger-posting.ts
// calls the writers, so every balance change goes through the domain's rules.
import { sql, type RawBuilder } from 'kysely';
import type { Lot, LotTotals } from '../../domain/bonus-lots.ts';
import type { Tx } from '../connect.ts';
import type { Account, NewLedgerEntry } from '../schema.ts';

/** Which account to lock: the guest's first of its kind, or the one named. */
export interface AccountWant {
  guestId: number;
  kind: 'deposit' | 'bonus';
  accountId?: number | undefined;
}

/** An account row as `accountJson` gives it, inside a statement that reads more than accounts. */
export type AccountJson = Omit<Account, 'created_at'> & { created_at: string; version: string };

/** The row of the accounts table aliased `alias` as JSON, with its row version (xmin). */
export const accountJson = (alias: string) =>
  sql<AccountJson>`to_jsonb(${sql.table(alias)}) || jsonb_build_object('version', ${sql.ref(`${alias}.xmin`)}::text)`;

export const accountFromJson = (j: AccountJson): { account: Account; version: string } => {
  const { version, created_at, ...row } = j;
  return { account: { ...row, created_at: new Date(created_at) }, version };
};

/**
 * Finds and locks the accounts wanted, in id order, in one statement; an account not found is
 * missing from the answer.
 */
export async function lockAccountsOf(
  tx: Tx,
  orgId: number,
  wants: readonly AccountWant[],
): Promise<Account[]> {
  if (wants.length === 0) return [];
  const ids = wants.map(
    (w) => sql`(select id from accounts where org_id = ${orgId} and guest_id = ${w.guestId}
      and kind = ${w.kind}${w.accountId === undefined ? sql`` : sql` and id = ${w.accountId}`}
      order by id limit 1)`,
  );
  const r = await sql<Account>`
    select * from accounts
    where org_id = ${orgId} and id in (${sql.join(ids, sql` union all `)})
    order by id
    for update`.execute(tx);
  return r.rows;
}

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

/** A lot a planned entry opens: its entry is given by position in `LedgerWrite.entries`. */
export interface PlannedLot {
  entry: number;
  accountId: number;
  amount: number;
  availableFrom: Date;
  expiresAt: Date | null;
}

/** Points a planned entry takes out of an existing lot (negative: puts back). */
export interface PlannedDraw {
  entry: number;
  lotId: number;
  amount: number;
}

/** Ledger writes planned in memory against locked accounts, written by one statement. */
export interface LedgerWrite {
  entries: NewLedgerEntry[];
  lots: PlannedLot[];
  draws: PlannedDraw[];
  /**
   * Per account, how its projection moves; with `version` (the row's xmin as read, for an
   * account read without a lock) only if the row is still that version.
   */
  moves: ReadonlyMap<number, { balance: number; held: number; version?: string }>;
}

/** The error a statement raises when what it was planned on has changed (migration 0011). */
export const REFUSED = 'KP409';

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

/**
 * The CTEs that write `w`: `e` (the entries, in order), then when there are lots or draws `ei`
 * (the entries' ids with their positions), the lots, the draws and the lots' remainders, and
 * always the accounts' projections (`m`, returning the ids it moved: `movedAll` checks them). With `order`, the statement's CTE `o` inserts an
 * order (one row, `id`): every entry takes its id, and nothing is written unless the order was.
 */
export function ledgerCtes(orgId: number, w: LedgerWrite, order: boolean): RawBuilder<unknown> {
  const columns = Object.keys(w.entries[0] ?? {}).filter((c) => !(order && c === 'order_id'));
  // Sorted, so that two statements moving the same accounts lock them in the same order.
  const moves = [...w.moves].sort(([a], [b]) => a - b).map(([id, m]) => ({ id, ...m }));
  const written = order ? sql`exists (select 1 from o)` : sql`true`;
  // The ids again as arrays: a generic plan cannot tell how few rows a recordset has, and
  // would join them with every account (or lot) of the organization instead of fetching them.
  const lotIds = [...new Set(w.draws.map((d) => d.lotId))];
  // Ids are drawn in insertion order, and rows are inserted in the order of the select.
  const entries =
    w.entries.length === 0
      ? sql`select null::bigint as id where false`
      : sql`insert into ledger_entries (${sql.join(columns.map((c) => sql.id(c)))}${order ? sql`, order_id` : sql``})
      select ${sql.join(columns.map((c) => sql`x.${sql.id(c)}`))}${order ? sql`, o.id` : sql``}
      from ${order ? sql`o, ` : sql``}jsonb_populate_recordset(null::ledger_entries, ${json(w.entries)})
        with ordinality as x
      order by x.ordinality
      returning id`;
  // Lots and draws only when there are some: most writes (a deposit payment) have none, and
  // every CTE is planned (on PGlite, which prepares nothing, at every statement) and run.
  const positions = sql`, ei as (
      select id, (row_number() over (order by id) - 1)::int as k from e
    )`;
  const lots = sql`, nl as (
      insert into bonus_lots (org_id, account_id, entry_id, amount, remaining, available_from, expires_at)
      select ${orgId}, y.account_id, ei.id, y.amount, y.amount, y.available_from, y.expires_at
      from jsonb_to_recordset(${json(w.lots.map((l) => ({ k: l.entry, account_id: l.accountId, amount: l.amount, available_from: l.availableFrom, expires_at: l.expiresAt })))})
        as y(k int, account_id bigint, amount bigint, available_from timestamptz, expires_at timestamptz)
      join ei on ei.k = y.k
    )`;
  const draws = sql`, dr as (
      insert into lot_draws (org_id, entry_id, lot_id, amount)
      select ${orgId}, ei.id, z.lot_id, z.amount
      from jsonb_to_recordset(${json(w.draws.map((d) => ({ k: d.entry, lot_id: d.lotId, amount: d.amount })))})
        as z(k int, lot_id bigint, amount bigint)
      join ei on ei.k = z.k
    ), lr as (
      update bonus_lots as b set remaining = b.remaining - d.amount
      from (select z.lot_id, sum(z.amount) as amount
        from jsonb_to_recordset(${json(w.draws.map((d) => ({ lot_id: d.lotId, amount: d.amount })))})
          as z(lot_id bigint, amount bigint)
        group by z.lot_id) as d
      where b.org_id = ${orgId} and b.id = any(${lotIds}::bigint[]) and b.id = d.lot_id and ${written}
    )`;
  const hasLots = w.lots.length > 0;
  const hasDraws = w.draws.length > 0;
  return sql`e as (${entries})${hasLots || hasDraws ? positions : sql``}${hasLots ? lots : sql``}${hasDraws ? draws : sql``}, m as (
      update accounts as a set balance = a.balance + d.balance, held = a.held + d.held
      from jsonb_to_recordset(${json(moves)}) as d(id bigint, balance bigint, held bigint, version text)
      where a.org_id = ${orgId} and a.id = any(${moves.map((m) => m.id)}::bigint[]) and a.id = d.id
        and ${written}
        and (d.version is null or a.xmin = d.version::xid)
      returning a.id
    )`;
}

/** Whether the statement of `ledgerCtes` moved every account it was to move. */
export function movedAll(w: LedgerWrite): RawBuilder<boolean> {
  return sql<boolean>`((select count(*) from m) = ${w.moves.size})`;
}

/** Writes `w` on its own; the entries' ids come back in order. */
export async function writeLedger(tx: Tx, orgId: number, w: LedgerWrite): Promise<number[]> {
  if (w.entries.length === 0 && w.moves.size === 0) return [];
  const r = await sql<{ ids: number[] }>`
    with ${ledgerCtes(orgId, w, false)}
    select case when ${movedAll(w)} then coalesce((select json_agg(id order by id) from e), '[]')
      else to_json(kopilka_refuse('an account moved since it was read')) end as ids`.execute(tx);
  return r.rows[0]?.ids ?? [];
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

/**
 * A bonus account's lots as a write needs them: points spendable now (`live`), points owed by
 * negative lots, and the lots themselves that are negative or expired with points left. A
 * wallet gathers a lot per accrual, so the rest stay in the database.
 */
export interface LotState extends LotTotals {
  /** Negative lots and expired ones with points left. */
  lots: Lot[];
}

interface LotRow {
  id: number;
  remaining: number;
  available_from: number;
  expires_at: number | null;
}

const toLot = (r: LotRow): Lot => ({
  id: r.id,
  remaining: r.remaining,
  availableFrom: new Date(r.available_from),
  expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
});

// Times travel as epoch milliseconds, what a JavaScript Date holds.
const lotJson = sql`json_build_object('id', id, 'remaining', remaining,
  'available_from', floor(extract(epoch from available_from) * 1000),
  'expires_at', floor(extract(epoch from expires_at) * 1000))`;

/** The lot state of one account at `now`, as JSON: a scalar subquery; `accountId` is SQL. */
export function lotStateJson(orgId: number, accountId: RawBuilder<unknown>, now: Date) {
  return sql<LotStateJson>`(select json_build_object(
      'live', coalesce(sum(remaining) filter (where remaining > 0 and available_from <= ${now}
        and (expires_at is null or expires_at > ${now})), 0),
      'owed', coalesce(-sum(remaining) filter (where remaining < 0), 0),
      'lots', coalesce(json_agg(${lotJson} order by id)
        filter (where remaining < 0 or expires_at <= ${now}), '[]'))
    from bonus_lots
    where org_id = ${orgId} and account_id = ${accountId} and remaining <> 0)`;
}

export interface LotStateJson {
  live: number;
  owed: number;
  lots: LotRow[];
}

export const parseLotState = (j: LotStateJson): LotState => ({
  live: j.live,
  owed: j.owed,
  lots: j.lots.map(toLot),
});

/** The lot state of each listed bonus account. */
export async function lotStates(
  tx: Tx,
  orgId: number,
  accountIds: readonly number[],
  now: Date,
): Promise<Map<number, LotState>> {
  if (accountIds.length === 0) return new Map();
  const r = await sql<{ id: number; state: LotStateJson }>`
    select x.id, ${lotStateJson(orgId, sql`x.id`, now)} as state
    from (values ${sql.join(accountIds.map((id) => sql`(${id}::bigint)`))}) as x(id)`.execute(tx);
  return new Map(r.rows.map((x) => [x.id, parseLotState(x.state)]));
}

/**
 * Lots with points left, as many as cover `amount`, in the order a spend or a clawback takes
 * them: a spend takes live lots, earliest expiry first; a clawback of an accrual takes its own
 * lot first (the lot of the entry, or of its order's accruals on the account), then the rest.
 */
export async function coveringLots(
  tx: Tx,
  orgId: number,
  accountId: number,
  amount: number,
  opts: { liveAt: Date } | { own: { entryId: number; orderId: number | null } },
): Promise<(Lot & { own: boolean })[]> {
  let first = sql``;
  let own = sql`false`;
  let live = sql``;
  if ('liveAt' in opts) {
    live = sql`and available_from <= ${opts.liveAt} and (expires_at is null or expires_at > ${opts.liveAt})`;
  } else {
    const { entryId, orderId } = opts.own;
    own =
      orderId === null
        ? sql`entry_id = ${entryId}`
        : sql`(entry_id = ${entryId} or entry_id in (select id from ledger_entries
            where org_id = ${orgId} and order_id = ${orderId} and account_id = ${accountId}
              and type = 'bonus_accrual'))`;
    first = sql`(entry_id = ${entryId}) desc, own desc,`;
  }
  const r = await sql<LotRow & { own: boolean }>`
    select id, remaining, own,
      floor(extract(epoch from available_from) * 1000)::bigint as available_from,
      floor(extract(epoch from expires_at) * 1000)::bigint as expires_at
    from (
      select *, sum(remaining) over (order by ${first} expires_at nulls last, available_from, id) as run
      from (select *, ${own} as own from bonus_lots
        where org_id = ${orgId} and account_id = ${accountId} and remaining > 0 ${live}) as o
    ) as s
    where run - remaining < ${amount}
    order by run`.execute(tx);
  return r.rows.map((x) => ({ ...toLot(x), own: x.own }));
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
