// Step 3, the contest (L4, L5). With non-summation off every promotion that can fire fires,
// and the rank steps aside on promo lines. With it on, each line takes exactly one mechanic:
// the candidate worth most to the guest (ties: lower priority number, then id; promotions
// before the rank). The registration bonus is outside the contest and always accrues. L5: when
// an item promotion acts on any line of the order, check promotions are out of the whole order
// (seed 003: the promotion "that could have acted on the whole check" does not fire).
import type { Candidate } from './candidates.ts';
import type { ProgramSettings } from './types.ts';

export interface Blocked {
  candidate: Candidate;
  by: 'L4' | 'L5';
  /** The id of the mechanic that won the line, when one did. */
  winner: string | null;
}

export interface LineDecision {
  applied: Candidate[];
  /** Every candidate of the line; those not applied were blocked (see `blockedOf`). */
  candidates: readonly Candidate[];
  /** The contest winner under L4 on; null under L4 off or with no contestant. */
  winner: Candidate | null;
  /** L5 took check promotions out of this line. */
  checkExcluded: boolean;
}

/** Negative when a is the better candidate. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.value !== b.value) return b.value - a.value;
  if (a.priority !== b.priority) return a.priority - b.priority;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The blocked candidates of a line and what blocked them; built on demand for explanations. */
export function blockedOf(d: LineDecision): Blocked[] {
  const blocked: Blocked[] = [];
  for (const c of d.candidates) {
    if (d.applied.includes(c)) continue;
    const by = d.checkExcluded && c.scope === 'check' ? 'L5' : 'L4';
    blocked.push({ candidate: c, by, winner: by === 'L4' ? (d.winner?.id ?? null) : null });
  }
  return blocked;
}

function single(line: readonly Candidate[], excludeCheck: boolean): LineDecision {
  let best: Candidate | null = null;
  for (const c of line) {
    if (c.scope === 'registration' || (excludeCheck && c.scope === 'check')) continue;
    if (best === null || compareCandidates(c, best) < 0) best = c;
  }
  const applied: Candidate[] = [];
  for (const c of line) if (c === best || c.scope === 'registration') applied.push(c);
  return { applied, candidates: line, winner: best, checkExcluded: excludeCheck };
}

function summed(line: readonly Candidate[]): LineDecision {
  let promo = false;
  for (const c of line) if (c.scope === 'item' || c.scope === 'check') promo = true;
  const applied = promo ? line.filter((c) => c.scope !== 'rank') : [...line];
  return { applied, candidates: line, winner: null, checkExcluded: false };
}

export function contest(
  lines: readonly (readonly Candidate[])[],
  settings: ProgramSettings,
): LineDecision[] {
  if (!settings.nonSummation) return lines.map(summed);
  const excludeCheck =
    settings.itemPromotionBlocksCheckPromotion &&
    lines.some((l) => l.some((c) => c.scope === 'item'));
  return lines.map((l) => single(l, excludeCheck));
}
