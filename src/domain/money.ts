// Money is integer kopecks; bonus points are integer hundredths of a point (1 point = 1 rouble,
// so one hundredth of a point pays one kopeck). Quantities are integer thousandths of a unit.
// Every helper here keeps sums exact: nothing is lost or invented by rounding.

/** Largest amount accepted anywhere: 1 billion roubles. Keeps every sum a safe integer. */
export const MAX_AMOUNT = 100_000_000_000;
/** Largest quantity of one line: one million units, in thousandths. */
export const MAX_QUANTITY_MILLI = 1_000_000_000;

export function isKopecks(value: unknown): value is number {
  return Number.isSafeInteger(value) && Math.abs(value as number) <= MAX_AMOUNT;
}

/** price × quantity (thousandths), rounded half away from zero to whole kopecks. */
export function lineAmount(price: number, quantityMilli: number): number {
  const product = BigInt(price) * BigInt(quantityMilli);
  const sign = product < 0n ? -1n : 1n;
  const abs = product * sign;
  return Number(((abs + 500n) / 1000n) * sign);
}

/**
 * Splits `total` over `weights` in proportion, by the largest-remainder method: the parts are
 * integers, sum to exactly `total`, and ties go to the earlier weight (deterministic).
 * With all weights zero the total goes to the first part.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero total over nothing');
    return [];
  }
  if (weights.some((w) => w < 0 || !Number.isSafeInteger(w))) {
    throw new RangeError('weights must be non-negative integers');
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const t = BigInt(total);
  const s = BigInt(sum);
  const sign = t < 0n ? -1n : 1n;
  const abs = t * sign;
  const parts = weights.map((w) => (abs * BigInt(w)) / s);
  const remainders = weights.map((w, i) => ({ i, r: (abs * BigInt(w)) % s }));
  let left = abs - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] as bigint) + 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p * sign));
}

/** 235000 → "2350.00"; −29000 → "-290.00". For English messages and receipts, never for arithmetic. */
export function formatRoubles(kopecks: number): string {
  const sign = kopecks < 0 ? '-' : '';
  const abs = Math.abs(kopecks);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const russianGrouping = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 0 });

/**
 * 235000 → "2 350,00" (a no-break space between thousands, a comma before kopecks), as a
 * Russian reader writes amounts: for the Russian text of messages and explanations.
 */
export function formatRoublesRu(kopecks: number): string {
  const sign = kopecks < 0 ? '−' : '';
  const abs = Math.abs(kopecks);
  const whole = russianGrouping.format(Math.trunc(abs / 100));
  return `${sign}${whole},${String(abs % 100).padStart(2, '0')}`;
}
