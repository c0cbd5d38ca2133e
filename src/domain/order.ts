// Order arithmetic: line amounts, the split of a deposit or bonus payment over the lines (so
// that history shows one entry per item, seed 000), and refund shares that return exactly what
// was paid once every unit is returned.
import { fail } from './errors.ts';
import { allocate, lineAmount, MAX_AMOUNT } from './money.ts';

export interface OrderLineInput {
  lineNo: number;
  itemCode: string;
  itemName: string;
  categoryCode: string | null;
  categoryName: string | null;
  basePrice: number;
  price: number;
  quantityMilli: number;
  /** The line's sum after POS discounts; price × quantity when the POS sends none. */
  amount: number | null;
}

export interface OrderLine extends OrderLineInput {
  amount: number;
}

function tooLarge(lineNo: number | null): never {
  fail(
    'validation',
    'amount_too_large',
    lineNo === null
      ? { ru: 'Сумма заказа слишком велика', en: 'The order total is too large' }
      : { ru: `Сумма строки ${lineNo} слишком велика`, en: `Line ${lineNo} is too large` },
    { line_no: lineNo, max: MAX_AMOUNT },
  );
}

/** Lines with their amounts; each amount and the total stay within MAX_AMOUNT, so every sum is exact. */
export function normalizeLines(lines: readonly OrderLineInput[]): OrderLine[] {
  const seen = new Set<number>();
  const normalized = lines.map((l) => {
    if (seen.has(l.lineNo)) {
      fail(
        'validation',
        'duplicate_line_no',
        {
          ru: `Номер строки ${l.lineNo} повторяется`,
          en: `Line number ${l.lineNo} is repeated`,
        },
        { line_no: l.lineNo },
      );
    }
    seen.add(l.lineNo);
    const amount = l.amount ?? lineAmount(l.price, l.quantityMilli);
    if (amount < 0) {
      fail(
        'validation',
        'negative_line_amount',
        {
          ru: `Сумма строки ${l.lineNo} отрицательна`,
          en: `Line ${l.lineNo} has a negative amount`,
        },
        { line_no: l.lineNo },
      );
    }
    if (amount > MAX_AMOUNT) tooLarge(l.lineNo);
    return { ...l, amount };
  });
  if (orderTotal(normalized) > MAX_AMOUNT) tooLarge(null);
  return normalized;
}

export function orderTotal(lines: readonly { amount: number }[]): number {
  return lines.reduce((s, l) => s + l.amount, 0);
}

/**
 * Splits each payment over the lines, in order, within what earlier payments left of each
 * line: parts are whole kopecks, each payment's parts sum to it, no line is over-covered.
 */
export function allocatePayments(
  lineAmounts: readonly number[],
  payments: readonly number[],
): number[][] {
  const capacity = [...lineAmounts];
  return payments.map((amount) => {
    const parts = allocate(amount, capacity);
    parts.forEach((p, i) => (capacity[i] = (capacity[i] as number) - p));
    return parts;
  });
}

/**
 * What to give back of `allocated` (paid for a line of `quantity`) when `now` more units are
 * returned after `before` were: cumulative rounding, so returning every unit returns it all.
 */
export function refundShare(
  allocated: number,
  quantity: number,
  before: number,
  now: number,
): number {
  const at = (q: number) => Number((BigInt(allocated) * BigInt(q)) / BigInt(quantity));
  return at(before + now) - at(before);
}
