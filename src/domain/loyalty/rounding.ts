// Step 6, rounding: the order's percentage accrual is rounded once, as a total, by the L11
// mode and unit, then split back over the mechanics in proportion to their exact shares, so
// lines never lose a point each to rounding. Rounding up never lifts a budgeted promotion over
// the allowance the caps step left it.
import { roundTo, split } from './arith.ts';
import type { PartPlan } from './caps.ts';
import type { AccrualSettings } from './types.ts';

/** Accrual in hundredths of a point for every plan, in the shape of `parts`. */
export function rounding(
  parts: readonly (readonly PartPlan[])[],
  accrual: AccrualSettings,
  allowance: ReadonlyMap<number, number>,
): number[][] {
  const flat: PartPlan[] = [];
  for (const plans of parts) for (const p of plans) flat.push(p);
  const raws = flat.map((p) => p.accrualRaw);
  const total = raws.reduce((s, r) => s + r, 0);
  const rounded = roundTo(total, 10000 * accrual.roundingUnit, accrual.rounding) / 10000;
  const pct = total === 0 ? raws.map(() => 0) : split(rounded, raws);
  for (const [pi, limit] of allowance) {
    const mine = flat.map((p, k) => (p.candidate.promotion === pi ? k : -1)).filter((k) => k >= 0);
    const used = mine.reduce((s, k) => s + (pct[k] as number), 0);
    if (used <= limit) continue;
    const fitted = split(
      limit,
      mine.map((k) => raws[k] as number),
    );
    mine.forEach((k, j) => (pct[k] = fitted[j] as number));
  }
  let k = 0;
  return parts.map((plans) => plans.map((p) => (pct[k++] as number) + p.accrualFixed));
}
