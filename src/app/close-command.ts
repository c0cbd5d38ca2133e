// Every till's sale — a POS API close, a one-shot payment (POS API, iikoFront), a hold
// committed, a FarCards Sale — runs as one close command: one idempotency mechanism (the
// operation is claimed by the close's own write, after its order, so the stored answer can
// carry the ids that write makes) and one way through the database:
//
// - the fast way: one read of the card with its guest, the program's head, its deposit and
//   wallet (each with its row version), the wallet's lot state, the rank spend and the
//   operation's claim; then the close's one write, which moves each account only if its row is
//   still the version read. Two statements, no transaction. A claim found by the read is
//   answered from it (one statement).
// - the locked way, for anything the fast way does not take (no card it can read, a payer's
//   card, holds, expired lots, promotion budgets, a restaurant still in test mode) or refused
//   (a race, a refusal, a duplicate in flight): one transaction that locks the accounts and
//   ends with the same write.
// A close that fails is checked against the claim once: a duplicate is answered with the first
// answer (or refused as a reused id), anything else fails as it did. An attempt that fails
// writes nothing.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { expiredLots } from '../domain/bonus-lots.ts';
import { DomainError, fail } from '../domain/errors.ts';
import type { PeriodSpend } from '../domain/loyalty/ranks.ts';
import type { Card, DB } from '../db/schema.ts';
import type { Database } from '../db/connect.ts';
import {
  accountFromJson,
  accountJson,
  lotStateJson,
  parseLotState,
  REFUSED,
  type AccountJson,
  type LotStateJson,
} from '../db/repositories/ledger.ts';
import { claimOf } from '../db/repositories/requests.ts';
import { adoptAccount } from './account-state.ts';
import type { CardRef } from './cards.ts';
import { inTransaction, type AppContext, type PosPrincipal, type Tx } from './context.ts';
import { replayOf, requestHash, type Once } from './idempotency.ts';
import { programHeadColumns } from './loyalty/program-store.ts';
import type { GuestBasics, KnownSpend } from './loyalty/guest-context.ts';
import type { ProgramHead } from './loyalty/program-store.ts';
import { NotOptimistic, type OptimisticClose } from './order-write.ts';

/** The card a close is for, with what the close reads next, when the caller has them. */
export interface PresentedCard {
  card: Card;
  guest?: GuestBasics;
  program?: ProgramHead;
  spend?: KnownSpend;
}

/** The operation a close is claimed as: the till's id for it and what its hash covers. */
export interface CloseClaim {
  operation: string;
  posId: string;
  hash: string;
}

/** How the fast way finds the close's card: a condition on `cards as c`, and the row it means. */
export interface CardSearch {
  where: (eb: ExpressionBuilder<CardsAsC, 'c'>) => Expression<SqlBool>;
  /** The card meant among the rows found (a FarCards code may match a number and a UID). */
  pick?: <C extends Card>(rows: readonly C[]) => C | null;
}

type CardsAsC = { c: DB['cards'] };

/** The condition on `cards as c` a till's card reference means; null where the fast way has none. */
export function cardSearch(ref: CardRef | undefined): CardSearch | null {
  if (!ref) return null;
  if ('card_id' in ref) return { where: (eb) => eb('c.id', '=', ref.card_id) };
  if ('number' in ref) return { where: (eb) => eb('c.number', '=', ref.number) };
  if ('uid' in ref) return { where: (eb) => eb('c.uid', '=', ref.uid) };
  if ('track' in ref) return { where: (eb) => eb('c.track', '=', ref.track) };
  // A phone names the guest's newest usable card: the locked way's findCard knows how.
  return null;
}

export interface CloseCommand<A> {
  /** The principal's restaurant time zone, when known (cached): the read then has the rank spend. */
  timeZone?: string | undefined;
  operation: string;
  posId: string;
  /** What the idempotency hash covers (the request, or FarCards' packet fingerprint). */
  request: unknown;
  /** The close's card for the fast way; null: the locked way only. */
  fast: CardSearch | null;
  /** When the close happens (the lot state and the spend are read at it). */
  at: Date;
  /** A close of a check lifts its restaurant's test mode (C1), which only the locked way does. */
  liftsTestMode: boolean;
  /**
   * Plans and writes the close in `tx` with `claim` in its write: inside a transaction that
   * locks (`optimistic` undefined), or on the database itself with the accounts read.
   */
  post(
    ctx: AppContext,
    tx: Tx,
    claim: CloseClaim,
    fast?: { presented: PresentedCard; optimistic: OptimisticClose },
  ): Promise<A>;
}

/** How a close was written: without a lock, tried so and then locked, or locked at once. */
export type ClosePath = 'optimistic' | 'fallback' | 'locked' | 'replay';

/** The first account of a kind of the card's guest, with its row's version, as JSON. */
const firstAccountJson = (kind: 'deposit' | 'bonus') =>
  sql<AccountJson | null>`(select ${accountJson('a')}
    from accounts as a where a.org_id = c.org_id and a.guest_id = c.guest_id and a.kind = ${kind}
    order by a.id limit 1)`;

/** The fast way's one read (a hot statement: its SQL is kept in test/snapshots/sql/). */
export function closeReadQuery(
  db: Database | Tx,
  ctx: AppContext,
  p: PosPrincipal,
  cmd: Pick<CloseCommand<unknown>, 'timeZone' | 'operation' | 'posId' | 'at'>,
  search: CardSearch,
  now: Date,
) {
  const spend =
    cmd.timeZone === undefined
      ? null
      : (ctx.loyalty.spendRead?.(p.orgId, p.restaurantId, cmd.timeZone, sql`c.guest_id`, cmd.at) ??
        null);
  const claim = (column: 'request_hash' | 'response') =>
    sql`(select ${sql.ref(column)} from pos_requests where org_id = ${p.orgId}
        and restaurant_id = ${p.restaurantId} and operation = ${cmd.operation}
        and pos_id = ${cmd.posId})`;
  const query = db
    .selectFrom('cards as c')
    .innerJoin('guests as g', (j) =>
      j.onRef('g.org_id', '=', 'c.org_id').onRef('g.id', '=', 'c.guest_id'),
    )
    .selectAll('c')
    .select(['g.created_at as guest_created_at', 'g.birthday as guest_birthday'])
    .select(programHeadColumns(db, p.orgId, p.restaurantId))
    .select([
      (spend?.column ?? sql<PeriodSpend | null>`null`).as('spend'),
      claim('request_hash').$castTo<string | null>().as('claim_hash'),
      claim('response').$castTo<unknown>().as('claim_response'),
      firstAccountJson('deposit').as('deposit'),
      firstAccountJson('bonus').as('wallet'),
      sql<LotStateJson>`${lotStateJson(
        p.orgId,
        sql`(select a.id from accounts as a where a.org_id = c.org_id and a.guest_id = c.guest_id
          and a.kind = 'bonus' order by a.id limit 1)`,
        now,
      )}`.as('lots'),
    ])
    .where('c.org_id', '=', p.orgId)
    .where(search.where);
  return { query, spendVersion: spend?.version };
}

type ReadRow = Awaited<ReturnType<ReturnType<typeof closeReadQuery>['query']['execute']>>[number];

/** The read's columns beyond the card's own. */
const READ_EXTRAS = new Set([
  'guest_created_at',
  'guest_birthday',
  'time_zone',
  'version',
  'spend',
  'claim_hash',
  'claim_response',
  'deposit',
  'wallet',
  'lots',
]);

/** The read as a card presented with accounts adopted at `now`; null when it needs the locks. */
function adoptRead(
  row: ReadRow,
  now: Date,
  timeZone: string | undefined,
  spendVersion: number | undefined,
): { presented: PresentedCard; optimistic: OptimisticClose } | null {
  // A payer's card pays from another guest's accounts: the locked way reads them.
  if (row.payer_card_id !== null) return null;
  const deposit = row.deposit ? accountFromJson(row.deposit) : null;
  const wallet = row.wallet ? accountFromJson(row.wallet) : null;
  const lots = parseLotState(row.lots);
  // Holds to release or lots to write off are settled under a lock.
  if ([deposit, wallet].some((a) => a && a.account.held !== 0)) return null;
  if (expiredLots(lots.lots, now).length > 0) return null;
  if (deposit) adoptAccount(deposit.account, now, null, deposit.version);
  if (wallet) adoptAccount(wallet.account, now, lots, wallet.version);
  const { guest_created_at, guest_birthday, time_zone, version, spend } = row;
  const card = Object.fromEntries(
    Object.entries(row).filter(([k]) => !READ_EXTRAS.has(k)),
  ) as unknown as Card;
  return {
    presented: {
      card,
      guest: { id: card.guest_id, created_at: guest_created_at, birthday: guest_birthday },
      // The restaurant is the principal's own: its row exists while the principal does.
      program: { time_zone: time_zone ?? '', version },
      // Its period bounds were taken in the zone the caller cached: valid if that is still it.
      ...(spend && spendVersion !== undefined && time_zone === timeZone
        ? { spend: { ...spend, version: spendVersion } }
        : {}),
    },
    optimistic: { now, accounts: [deposit, wallet].flatMap((a) => (a ? [a.account] : [])) },
  };
}

/** Whether an error of the fast way means "try again under locks" rather than a fault. */
const retryLocked = (e: unknown) =>
  e instanceof NotOptimistic ||
  e instanceof DomainError ||
  (e as { code?: string }).code === REFUSED;

/** Runs a close command: the fast way when it can, else (or when it could not) the locked way. */
export async function runClose<A>(
  ctx: AppContext,
  p: PosPrincipal & { testMode?: boolean },
  cmd: CloseCommand<A>,
): Promise<Once<A> & { path: ClosePath }> {
  const claim: CloseClaim = {
    operation: cmd.operation,
    posId: cmd.posId,
    hash: requestHash(cmd.request),
  };
  let path: ClosePath = 'locked';
  // A restaurant's first close lifts its test mode (C1): under the locks.
  if (cmd.fast && (!cmd.liftsTestMode || p.testMode === false) && !ctx.db.isTransaction) {
    const now = ctx.now();
    const { query, spendVersion } = closeReadQuery(ctx.db, ctx, p, cmd, cmd.fast, now);
    const rows = await query.execute();
    const row = cmd.fast.pick ? cmd.fast.pick(rows) : (rows[0] ?? null);
    if (row?.claim_hash != null) {
      const replay = replayOf<A>(
        { request_hash: row.claim_hash, response: row.claim_response },
        claim.operation,
        claim.posId,
        claim.hash,
      ) as Once<A>;
      return { ...replay, path: 'replay' };
    }
    const fast = row ? adoptRead(row, now, cmd.timeZone, spendVersion) : null;
    if (fast) {
      try {
        return {
          result: await cmd.post(ctx, ctx.db, claim, fast),
          replayed: false,
          path: 'optimistic',
        };
      } catch (e) {
        // A refusal is given by the locked way, on the accounts as they stand under its locks.
        if (!retryLocked(e)) throw e;
      }
      path = 'fallback';
    }
  }
  try {
    const result = await inTransaction(ctx, (tx) => cmd.post({ ...ctx, db: tx }, tx, claim));
    return { result, replayed: false, path };
  } catch (e) {
    // Inside a caller's transaction nothing can be read after a failed statement.
    if (
      ctx.db.isTransaction ||
      !(e instanceof DomainError || (e as { code?: string }).code === REFUSED)
    ) {
      throw e;
    }
    // Claimed by an attempt that committed first: its answer (or a reused id's refusal).
    const replay = replayOf<A>(
      await claimOf(ctx.db, p, claim.operation, claim.posId),
      claim.operation,
      claim.posId,
      claim.hash,
    );
    if (replay) return { ...replay, path: 'replay' };
    if (e instanceof DomainError) throw e;
    // Not claimed, yet the write found its order: another operation closed that order.
    fail(
      'conflict',
      'order_already_closed',
      {
        ru: `Заказ ${cmd.posId} уже закрыт с другими данными`,
        en: `Order ${cmd.posId} was already closed with different data`,
      },
      { order_id: cmd.posId },
    );
  }
}
