// What the cabinet's guest page shows beyond the profile: the rank the guest holds, the spend
// that earned it and what is left to the next one, and the bonus lots with their pending and
// expiry dates. Ranks are the organization's (the first restaurant's time zone frames the rank
// period, as a network usually has one); a restaurant's override of the settings does not
// change ranks.
import { currentRank, toNextRank } from '../../domain/loyalty/ranks.ts';
import type { Tx } from '../context.ts';
import { periodSpend } from '../loyalty/guest-context.ts';
import { ProgramStore } from '../loyalty/program-store.ts';

/** Lots shown on the page: the newest first, those with points left, at most this many. */
export const LOTS_SHOWN = 100;

/** The guest's rank, the spend that earned it and what is left to the next; null without venues. */
export async function guestRank(
  tx: Tx,
  orgId: number,
  guestId: number,
  now: Date,
  programs: ProgramStore = new ProgramStore(),
) {
  const restaurant = await tx
    .selectFrom('restaurants')
    .select('id')
    .where('org_id', '=', orgId)
    .orderBy('id')
    .executeTakeFirst();
  if (!restaurant) return null;
  const loaded = await programs.load(tx, orgId, restaurant.id);
  const ranks = loaded.program.ranks;
  const spend = await periodSpend(tx, orgId, guestId, loaded, now);
  const held = currentRank(ranks, spend);
  const next = toNextRank(ranks, spend);
  return {
    current: held ? { id: held.id, name: held.name, threshold: held.threshold } : null,
    next: next
      ? { id: next.rank.id, name: next.rank.name, threshold: next.rank.threshold, left: next.left }
      : null,
    spend_current_period: spend.current,
    spend_previous_period: spend.previous,
  };
}

/** `programs`: the context's program cache (ctx.programs); a fresh one reads the program anew. */
export async function guestStanding(
  tx: Tx,
  orgId: number,
  guestId: number,
  now: Date,
  programs?: ProgramStore,
) {
  const rank = await guestRank(tx, orgId, guestId, now, programs);
  const lots = await tx
    .selectFrom('bonus_lots as l')
    .innerJoin('accounts as a', (j) =>
      j.onRef('a.org_id', '=', 'l.org_id').onRef('a.id', '=', 'l.account_id'),
    )
    .select(['l.id', 'l.account_id', 'l.amount', 'l.remaining', 'l.available_from', 'l.expires_at'])
    .where('l.org_id', '=', orgId)
    .where('a.guest_id', '=', guestId)
    .where('l.remaining', '>', 0)
    .orderBy('l.id', 'desc')
    .limit(LOTS_SHOWN)
    .execute();
  return {
    rank,
    bonus_lots: lots.map((l) => ({
      ...l,
      available_from: l.available_from.toISOString(),
      expires_at: l.expires_at?.toISOString() ?? null,
      state:
        l.available_from > now
          ? ('pending' as const)
          : l.expires_at && l.expires_at <= now
            ? ('expired' as const)
            : ('available' as const),
    })),
  };
}
