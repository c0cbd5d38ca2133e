// L10 ranks: a guest holds the highest rank whose threshold the spend of the current period
// has reached (promotion as soon as it is reached), or the rank earned in the previous period,
// whichever is higher; when a period ends the previous one is what counts, so a guest who
// spent less is demoted at the period boundary and never in the middle of one.
import { localMidnight, localTime } from './local-time.ts';
import type { Rank, RankPeriod } from './types.ts';

export interface PeriodSpend {
  /** Kopecks spent in the current rank period (all time for an 'all_time' period). */
  current: number;
  /** Kopecks spent in the previous period; 0 for 'all_time'. */
  previous: number;
}

/** The highest rank whose threshold `spend` reaches; ranks sorted by threshold. */
export function rankForSpend(ranks: readonly Rank[], spend: number): Rank | null {
  let found: Rank | null = null;
  for (const r of ranks) {
    if (r.threshold <= spend) found = r;
    else break;
  }
  return found;
}

function higher(ranks: readonly Rank[], a: Rank | null, b: Rank | null): Rank | null {
  if (!a) return b;
  if (!b) return a;
  return ranks.indexOf(a) >= ranks.indexOf(b) ? a : b;
}

/** The rank held now. */
export function currentRank(ranks: readonly Rank[], spend: PeriodSpend): Rank | null {
  return higher(ranks, rankForSpend(ranks, spend.current), rankForSpend(ranks, spend.previous));
}

/** The next rank above the one held and the kopecks still to spend this period to reach it. */
export function toNextRank(
  ranks: readonly Rank[],
  spend: PeriodSpend,
): { rank: Rank; left: number } | null {
  const held = currentRank(ranks, spend);
  const next = ranks[held ? ranks.indexOf(held) + 1 : 0];
  return next ? { rank: next, left: Math.max(0, next.threshold - spend.current) } : null;
}

export type RankChangeKind = 'promotion' | 'demotion' | 'none';

export interface RankChange {
  from: Rank | null;
  to: Rank | null;
  kind: RankChangeKind;
}

function change(ranks: readonly Rank[], from: Rank | null, to: Rank | null): RankChange {
  const a = from ? ranks.indexOf(from) : -1;
  const b = to ? ranks.indexOf(to) : -1;
  return { from, to, kind: b > a ? 'promotion' : b < a ? 'demotion' : 'none' };
}

/** After a purchase: promoted as soon as the current period's spend reaches a higher rank. */
export function rankAfterPurchase(
  ranks: readonly Rank[],
  held: Rank | null,
  spend: PeriodSpend,
): RankChange {
  return change(ranks, held, higher(ranks, held, currentRank(ranks, spend)));
}

/** At a period boundary: the rank the ended period earned, lower or not. */
export function rankAtPeriodEnd(
  ranks: readonly Rank[],
  held: Rank | null,
  endedPeriodSpend: number,
): RankChange {
  return change(ranks, held, rankForSpend(ranks, endedPeriodSpend));
}

/**
 * Across a period boundary: the rank held just before it (`before`: the spend of the period that
 * ended and of the one before) and the rank held now (`after`: the spend since the boundary and
 * of the period that ended). A demotion is the boundary's doing; purchases since then count.
 */
export function rankAcrossBoundary(
  ranks: readonly Rank[],
  before: PeriodSpend,
  after: PeriodSpend,
): RankChange {
  return change(ranks, currentRank(ranks, before), currentRank(ranks, after));
}

export interface PeriodBounds {
  /** Null for 'all_time'. */
  currentStart: Date | null;
  previousStart: Date | null;
  nextStart: Date | null;
}

/** Calendar periods aligned to 1 January in the restaurant's zone: months 1, 2, 3, 4, 6, 12. */
export function rankPeriodBounds(period: RankPeriod, now: Date, timeZone: string): PeriodBounds {
  if (period.kind === 'all_time')
    return { currentStart: null, previousStart: null, nextStart: null };
  const t = localTime(now, timeZone);
  const index = Math.floor((t.month - 1) / period.months);
  const at = (k: number): Date => {
    const months = k * period.months;
    return localMidnight(
      t.year + Math.floor(months / 12),
      (((months % 12) + 12) % 12) + 1,
      1,
      timeZone,
    );
  };
  return { currentStart: at(index), previousStart: at(index - 1), nextStart: at(index + 1) };
}
