// Refunds reverse accruals and bonus payments in proportion to the quantity returned. Each
// reversal is the difference of cumulative shares, ⌊total × returned so far / sold⌋ before
// and after, so partial refunds never over-reverse and the last one reverses exactly the rest:
// a full refund, in one go or many, returns every point accrued and every kopeck paid.
import { fail } from '../errors.ts';
import type { ClosedLine } from './settle.ts';

export interface RefundQuantity {
  line: number;
  /** Thousandths returned. */
  quantity: number;
}

export interface Reversal {
  line: number;
  /** Hundredths of a point to take back from the guest. */
  accrual: number;
  /** Kopecks to return to the guest's bonus wallet. */
  bonusPaid: number;
  /** Kopecks of discount that went with the returned quantity. */
  discount: number;
}

function share(total: number, part: number, whole: number): number {
  return Number((BigInt(total) * BigInt(part)) / BigInt(whole));
}

/**
 * @param previous quantities already refunded per line (all earlier refunds summed)
 * @param now quantities refunded now
 */
export function reverse(
  closed: readonly ClosedLine[],
  previous: readonly RefundQuantity[],
  now: readonly RefundQuantity[],
): Reversal[] {
  const before = new Map<number, number>();
  for (const r of previous) before.set(r.line, (before.get(r.line) ?? 0) + r.quantity);
  const wanted = new Map<number, number>();
  for (const r of now) wanted.set(r.line, (wanted.get(r.line) ?? 0) + r.quantity);
  for (const line of wanted.keys()) {
    if (!closed.some((c) => c.line === line)) {
      fail(
        'validation',
        'loyalty.refund.unknown_line',
        { ru: `В чеке нет позиции ${line}`, en: `The check has no line ${line}` },
        { line },
      );
    }
  }
  return closed
    .filter((c) => (wanted.get(c.line) ?? 0) > 0)
    .map((c) => {
      const was = before.get(c.line) ?? 0;
      const after = was + (wanted.get(c.line) ?? 0);
      if (!Number.isInteger(after) || after > c.quantity) {
        fail(
          'rejected',
          'loyalty.refund.over_quantity',
          {
            ru: `Позиция ${c.line}: возвращается больше, чем продано`,
            en: `Line ${c.line}: more returned than sold`,
          },
          { line: c.line, sold: c.quantity, returned: after },
        );
      }
      const delta = (total: number): number =>
        share(total, after, c.quantity) - share(total, was, c.quantity);
      return {
        line: c.line,
        accrual: delta(c.accrual),
        bonusPaid: delta(c.bonusPaid),
        discount: delta(c.discount),
      };
    });
}
