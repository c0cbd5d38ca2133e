// What the engine needs to know about a guest: the rank held (from the spend of the current and
// previous rank periods, summed over the guest's orders, each of which keeps its lines net of
// refunds: a refund lowers it in its own transaction), registration and first visit, birthday,
// bonus balance and the promo codes the guest entered earlier.
import { sql, type RawBuilder } from 'kysely';
import {
  currentRank,
  rankPeriodBounds,
  toNextRank,
  type PeriodSpend,
} from '../../domain/loyalty/ranks.ts';
import type { EnteredPromoCode, GuestContext, Rank } from '../../domain/loyalty/types.ts';
import { accountFor, guestOf, payingCard } from '../cards.ts';
import type { Card, Guest } from '../../db/schema.ts';
import type { Tx } from '../../db/connect.ts';
import { availableOf } from '../account-state.ts';
import type { LoadedProgram } from './program-store.ts';

/** The rank spend a caller read with the program of `version` in force. */
export type KnownSpend = PeriodSpend & { version: number };

/** The guest's own fields the engine reads. */
export type GuestBasics = Pick<Guest, 'id' | 'created_at' | 'birthday'>;

export interface GuestFacts {
  guestId: number;
  context: GuestContext;
  rank: Rank | null;
  toNext: { rank: Rank; left: number } | null;
  promoCodes: EnteredPromoCode[];
}

/**
 * Kopecks the guest spent in the current and the previous rank period, refunds deducted, as a
 * scalar subquery ({ current, previous }); `guestId` is SQL, so a caller can fold it into a
 * statement it runs anyway (the FarCards Sale's read).
 */
export function periodSpendJson(
  orgId: number,
  guestId: RawBuilder<unknown>,
  loaded: LoadedProgram,
  now: Date,
): RawBuilder<PeriodSpend> {
  const bounds = rankPeriodBounds(loaded.program.settings.rankPeriod, now, loaded.timeZone);
  // Each order carries its lines net of refunds (net_total), in the guest index itself.
  const current = bounds.currentStart
    ? sql`case when o.closed_at >= ${bounds.currentStart} then o.net_total else 0 end`
    : sql`o.net_total`;
  const previous = bounds.currentStart
    ? sql`case when o.closed_at < ${bounds.currentStart} then o.net_total else 0 end`
    : sql`0`;
  const since = bounds.previousStart ? sql`and o.closed_at >= ${bounds.previousStart}` : sql``;
  return sql<PeriodSpend>`(select json_build_object(
      'current', coalesce(sum(${current}), 0), 'previous', coalesce(sum(${previous}), 0))
    from orders as o
    where o.org_id = ${orgId} and o.guest_id = ${guestId} ${since})`;
}

export async function periodSpend(
  tx: Tx,
  orgId: number,
  guestId: number,
  loaded: LoadedProgram,
  now: Date,
): Promise<PeriodSpend> {
  const r = await sql<{ spend: PeriodSpend }>`
    select ${periodSpendJson(orgId, sql`${guestId}::bigint`, loaded, now)} as spend`.execute(tx);
  return r.rows[0]?.spend ?? { current: 0, previous: 0 };
}

async function walletBalance(tx: Tx, orgId: number, card: Card, now: Date): Promise<number> {
  const payer = await payingCard(tx, orgId, card);
  const wallet = await accountFor(tx, orgId, payer.guest_id, 'bonus').catch(() => null);
  return wallet ? availableOf(tx, wallet, now) : 0;
}

/**
 * @param bonusBalance points the guest may pay with; read from the payer's wallet when omitted
 * (a close passes its own bound: the ledger refuses a payment beyond the wallet anyway).
 * @param known the card's guest, when the caller read it in this transaction
 * @param knownSpend the rank spend, when the caller read it for the program's `version`
 */
export async function guestFacts(
  tx: Tx,
  orgId: number,
  card: Card,
  loaded: LoadedProgram,
  now: Date,
  bonusBalance?: number,
  known?: GuestBasics,
  knownSpend?: KnownSpend,
): Promise<GuestFacts> {
  // The reads are independent (the card names the guest): on PostgreSQL they go out together.
  const guestId = card.guest_id;
  const [guest, spend, firstVisit, promoCodes, balance] = await Promise.all([
    known?.id === guestId ? known : guestOf(tx, orgId, guestId),
    !loaded.needs.rankSpend
      ? { current: 0, previous: 0 }
      : knownSpend && knownSpend.version === loaded.version
        ? knownSpend
        : periodSpend(tx, orgId, guestId, loaded, now),
    loaded.needs.firstVisit
      ? tx
          .selectFrom('orders')
          .select('id')
          .where('org_id', '=', orgId)
          .where('guest_id', '=', guestId)
          .limit(1)
          .executeTakeFirst()
          .then((row) => !row)
      : false,
    loaded.needs.promoCodes
      ? tx
          .selectFrom('loyalty_promo_code_entries')
          .select(['code', 'entered_at'])
          .where('org_id', '=', orgId)
          .where('guest_id', '=', guestId)
          .execute()
          .then((rows) => rows.map((e) => ({ code: e.code, enteredAt: e.entered_at })))
      : [],
    bonusBalance ?? walletBalance(tx, orgId, card, now),
  ]);
  const ranks = loaded.program.ranks;
  return {
    guestId: guest.id,
    rank: currentRank(ranks, spend),
    toNext: toNextRank(ranks, spend),
    promoCodes,
    context: {
      spend,
      registeredAt: guest.created_at,
      firstVisit,
      ...(guest.birthday ? { birthday: guest.birthday } : {}),
      bonusBalance: balance,
    },
  };
}
