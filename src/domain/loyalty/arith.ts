// Integer arithmetic for percentages and rounding. Operands stay below 2^53 because amounts
// are at most MAX_AMOUNT (1e11) and rates at most 10000 bp, so products stay under 1e15.
import { allocate, lineAmount } from '../money.ts';
import type { RoundingMode } from './types.ts';

/** ⌊a / b⌋ for non-negative safe integers, exact even where the float quotient is not. */
export function divFloor(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q -= 1;
  else if ((q + 1) * b <= a) q += 1;
  return q;
}

/** `value` rounded to a multiple of `unit` by `mode`; value ≥ 0, unit > 0. */
export function roundTo(value: number, unit: number, mode: RoundingMode): number {
  const q = divFloor(value, unit);
  const r = value - q * unit;
  if (r === 0 || mode === 'down') return q * unit;
  if (mode === 'up' || 2 * r >= unit) return (q + 1) * unit;
  return q * unit;
}

/**
 * amount × bp / 10000, rounded half up to whole kopecks; amount ≥ 0. The float quotient is
 * exact enough: below 2^52 its spacing is finer than 1/10000, so ⌊⌋ never lands wrong.
 */
export function percentOf(amount: number, bp: number): number {
  return Math.floor((amount * bp + 5000) / 10000);
}

/** price × quantity (thousandths) to kopecks, half up; as money.lineAmount, without BigInt when safe. */
export function lineSum(price: number, quantityMilli: number): number {
  const p = price * quantityMilli;
  return p >= 0 && p <= 2 ** 52 ? Math.floor((p + 500) / 1000) : lineAmount(price, quantityMilli);
}

/**
 * money.allocate (largest remainder, ties to the earlier weight) for total ≥ 0, in plain
 * numbers when the products are safe: it runs on every evaluation, BigInt would dominate.
 */
export function split(total: number, weights: readonly number[]): number[] {
  let sum = 0;
  for (const w of weights) sum += w;
  if (sum === 0 || total === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  if (total * sum > Number.MAX_SAFE_INTEGER) return allocate(total, weights);
  const n = weights.length;
  const parts: number[] = [];
  const remainders: number[] = [];
  let left = total;
  for (let i = 0; i < n; i++) {
    const product = total * (weights[i] as number);
    const part = divFloor(product, sum);
    parts.push(part);
    remainders.push(product - part * sum);
    left -= part;
  }
  // left < n: hand out one kopeck at a time to the largest remainder, earlier first.
  for (; left > 0; left--) {
    let best = 0;
    for (let i = 1; i < n; i++)
      if ((remainders[i] as number) > (remainders[best] as number)) best = i;
    parts[best] = (parts[best] as number) + 1;
    remainders[best] = -1;
  }
  return parts;
}
