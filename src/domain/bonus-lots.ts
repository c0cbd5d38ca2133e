// Bonus lots (C5): every credit of points is a lot (a close's accruals on several lines share
// one) with a date it becomes spendable and an optional expiry. Spending draws from the lots
// that expire first; a reversal of an accrual takes its own lot back first and records any
// shortfall as a negative lot (points owed), which the next credit repays. Pure planning: the
// caller persists the plan.

export interface Lot {
  id: number;
  remaining: number;
  availableFrom: Date;
  expiresAt: Date | null;
}

export interface Draw {
  lotId: number;
  amount: number;
}

/** Whether a lot's points can be spent at `now` (pending and expired ones cannot). */
export const isLive = (l: Pick<Lot, 'remaining' | 'availableFrom' | 'expiresAt'>, now: Date) =>
  l.remaining > 0 &&
  l.availableFrom.getTime() <= now.getTime() &&
  (l.expiresAt === null || l.expiresAt.getTime() > now.getTime());

/** Earliest expiry first (no expiry last), then oldest. */
function spendOrder(a: Lot, b: Lot): number {
  const ea = a.expiresAt?.getTime() ?? Infinity;
  const eb = b.expiresAt?.getTime() ?? Infinity;
  if (ea !== eb) return ea - eb;
  const fa = a.availableFrom.getTime();
  const fb = b.availableFrom.getTime();
  return fa !== fb ? fa - fb : a.id - b.id;
}

/** A wallet's lots summed for spending: points in live lots, and points negative lots owe. */
export interface LotTotals {
  live: number;
  owed: number;
}

function lotTotals(lots: readonly Lot[], now: Date): LotTotals {
  return {
    live: lots.filter((l) => isLive(l, now)).reduce((s, l) => s + l.remaining, 0),
    owed: lots.filter((l) => l.remaining < 0).reduce((s, l) => s - l.remaining, 0),
  };
}

/** Points spendable: live lots less what negative lots owe. */
export const spendableOf = (t: LotTotals): number => Math.max(0, t.live - t.owed);

/** Points spendable now. */
export const spendable = (lots: readonly Lot[], now: Date): number =>
  spendableOf(lotTotals(lots, now));

/** Lots that have expired with points left: each becomes an expiry entry of `remaining`. */
export function expiredLots(lots: readonly Lot[], now: Date): Lot[] {
  return lots.filter(
    (l) => l.remaining > 0 && l.expiresAt !== null && l.expiresAt.getTime() <= now.getTime(),
  );
}

/** Draws for spending `amount`, or null when the live lots do not cover it. */
export function planSpend(lots: readonly Lot[], amount: number, now: Date): Draw[] | null {
  if (amount > spendable(lots, now)) return null;
  const draws: Draw[] = [];
  let left = amount;
  for (const lot of lots.filter((l) => isLive(l, now)).sort(spendOrder)) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    draws.push({ lotId: lot.id, amount: take });
    left -= take;
  }
  return draws;
}

/** A credit first repays negative lots (oldest first); the rest becomes a new lot. */
export function planCredit(
  lots: readonly Lot[],
  amount: number,
): { repay: Draw[]; newLot: number } {
  const repay: Draw[] = [];
  let left = amount;
  for (const lot of lots.filter((l) => l.remaining < 0).sort((a, b) => a.id - b.id)) {
    if (left === 0) break;
    const take = Math.min(-lot.remaining, left);
    repay.push({ lotId: lot.id, amount: -take });
    left -= take;
  }
  return { repay, newLot: left };
}

/**
 * Taking back `amount` points that were credited to `ownLotId` (an accrual being reversed):
 * from that lot first, then from any lot with points, earliest expiry first; what cannot be
 * covered is owed (a negative lot).
 */
export function planClawback(
  lots: readonly Lot[],
  amount: number,
  ownLotId: number | null,
): { draws: Draw[]; owed: number } {
  const draws: Draw[] = [];
  let left = amount;
  const own = lots.find((l) => l.id === ownLotId && l.remaining > 0);
  const others = lots.filter((l) => l.remaining > 0 && l.id !== ownLotId).sort(spendOrder);
  for (const lot of own ? [own, ...others] : others) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    draws.push({ lotId: lot.id, amount: take });
    left -= take;
  }
  return { draws, owed: left };
}
