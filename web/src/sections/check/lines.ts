// A check as typed or pasted: one line per row — code, name, quantity, price — separated by
// tabs (a copy from a spreadsheet or the till's report), semicolons or runs of two spaces.
export interface CheckLine {
  code: string;
  name: string;
  /** Units, may be fractional (0.5 кг). */
  qty: number;
  /** Roubles per unit. */
  price: number;
  /** The till applied its own promotion to the line (sent as a POS promotion). */
  pos?: boolean;
}

const num = (s: string | undefined) => Number((s ?? '').replace(/\s/g, '').replace(',', '.'));

export function parseCheck(text: string): CheckLine[] {
  return text
    .split(/\r?\n/)
    .map((row) => row.trim())
    .filter(Boolean)
    .map((row) => row.split(/\t|;|\s{2,}/).map((c) => c.trim()))
    .filter((cells) => cells.length >= 4 && Number.isFinite(num(cells[3])))
    .map(([code = '', name = '', qty, price]) => ({
      code,
      name,
      qty: num(qty) || 1,
      price: num(price),
    }));
}

/** The admin API's lines: kopecks and thousandths of a unit, integers. */
export function toApiLines(lines: readonly CheckLine[]) {
  return lines.map((l, i) => ({
    line_no: i + 1,
    item_code: l.code || String(i + 1),
    item_name: l.name || l.code || `#${i + 1}`,
    price: Math.round(l.price * 100),
    quantity_milli: Math.round(l.qty * 1000),
    ...(l.pos ? { pos_promotions: ['pos'] } : {}),
  }));
}
