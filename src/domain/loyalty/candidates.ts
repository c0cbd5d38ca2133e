// Step 2, candidate privileges: what each eligible promotion and the guest's rank would give
// each line if it were the only mechanic there. Fixed amounts and fixed points are split over
// a promotion's target lines in proportion to their sums; a gift goes with the first target
// line. Accrual stays a rate here: its base depends on the discount the contest settles.
import { divFloor, lineSum, percentOf, split } from './arith.ts';
import type { EligiblePromotion } from './eligibility.ts';
import type { Gift, Order, ProgramSettings, Rank } from './types.ts';

export type CandidateScope = 'item' | 'check' | 'rank' | 'registration';

export interface Candidate {
  scope: CandidateScope;
  /** Promotion or rank id. */
  id: string;
  name: string;
  /** Kopecks off the line, at most the line amount. */
  discount: number;
  /** Percentage accrual, at most 10000 bp. */
  accrualBp: number;
  /** Hundredths of a point. */
  accrualFixed: number;
  gifts: readonly Gift[];
  giftValue: number;
  /** L6: every privilege grants points. */
  bonusGranting: boolean;
  priority: number;
  /** What the line is worth to the guest under this candidate, in 1/10000 kopeck (L4 contest). */
  value: number;
  /** Index into the eligible promotions; −1 for the rank. */
  promotion: number;
}

const NO_GIFTS: readonly Gift[] = [];

export function candidateValue(
  amount: number,
  c: Pick<Candidate, 'discount' | 'accrualBp' | 'accrualFixed' | 'giftValue'>,
  settings: ProgramSettings,
): number {
  const base = settings.accrual.base === 'before_discounts' ? amount : amount - c.discount;
  return (c.discount + c.accrualFixed + c.giftValue) * 10000 + base * c.accrualBp;
}

function rankCandidate(rank: Rank, amount: number, settings: ProgramSettings): Candidate {
  const c: Candidate = {
    scope: 'rank',
    id: rank.id,
    name: rank.name,
    discount: percentOf(amount, rank.discountBp),
    accrualBp: rank.accrualBp,
    accrualFixed: 0,
    gifts: NO_GIFTS,
    giftValue: 0,
    bonusGranting: false,
    priority: Number.MAX_SAFE_INTEGER,
    value: 0,
    promotion: -1,
  };
  c.value = candidateValue(amount, c, settings);
  return c;
}

export function candidates(
  order: Order,
  eligible: readonly EligiblePromotion[],
  rank: Rank | null,
  settings: ProgramSettings,
): Candidate[][] {
  const lines = order.lines;
  const result: Candidate[][] = [];
  for (let li = 0; li < lines.length; li++) result.push([]);
  for (let pi = 0; pi < eligible.length; pi++) {
    const e = eligible[pi] as EligiblePromotion;
    const c = e.compiled;
    const targets = e.lines;
    // Line weights are needed only to split fixed amounts: most promotions have none.
    const weights =
      c.discountFixed > 0 || c.bonusFixed > 0 ? targets.map((i) => lines[i]?.amount ?? 0) : null;
    const fixedDiscounts = weights && c.discountFixed > 0 ? split(c.discountFixed, weights) : null;
    const fixedPoints = weights && c.bonusFixed > 0 ? split(c.bonusFixed, weights) : null;
    const multiplied = c.multiplier > 0 && rank ? divFloor(rank.accrualBp * c.multiplier, 100) : 0;
    const accrualBp = Math.min(10000, c.bonusBp + multiplied);
    const scope: CandidateScope =
      c.promotion.kind === 'registration_bonus' ? 'registration' : c.isCheck ? 'check' : 'item';
    for (let k = 0; k < targets.length; k++) {
      const li = targets[k] as number;
      const line = lines[li];
      if (!line) continue;
      let discount = percentOf(line.amount, c.discountBp) + (fixedDiscounts?.[k] ?? 0);
      if (c.fixedPrice !== null)
        discount += Math.max(0, line.amount - lineSum(c.fixedPrice, line.quantity));
      const first = k === 0 && c.gifts.length > 0;
      const cand: Candidate = {
        scope,
        id: c.promotion.id,
        name: c.promotion.name,
        discount: Math.min(line.amount, discount),
        accrualBp,
        accrualFixed: fixedPoints?.[k] ?? 0,
        gifts: first ? c.gifts : NO_GIFTS,
        giftValue: first ? c.giftValue : 0,
        bonusGranting: c.bonusGranting,
        priority: c.priority,
        value: 0,
        promotion: pi,
      };
      cand.value = candidateValue(line.amount, cand, settings);
      (result[li] as Candidate[]).push(cand);
    }
  }
  if (rank && (rank.accrualBp > 0 || rank.discountBp > 0)) {
    for (let li = 0; li < lines.length; li++)
      (result[li] as Candidate[]).push(
        rankCandidate(rank, (lines[li] as Order['lines'][number]).amount, settings),
      );
  }
  return result;
}
