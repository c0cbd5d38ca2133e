// Report tables and their exports. A report is a title, a few heading lines, named columns and
// rows that arrive page by page from keyset queries; CSV and XLSX are written as the pages
// arrive, so a large export holds one page in memory, never the whole result.
import { PassThrough, Readable, type Writable } from 'node:stream';
import { once } from 'node:events';

export type Lang = 'ru' | 'en';
export type Cell = string | number | boolean | null;

export interface Column {
  key: string;
  ru: string;
  en: string;
}

export interface ReportTable {
  title: { ru: string; en: string };
  /** Lines above the column header (period, installation, cash register …). */
  heading: string[];
  columns: readonly Column[];
  /** Rows in column order, page by page. */
  pages: AsyncIterable<Cell[][]>;
}

export interface CsvOptions {
  lang: Lang;
  delimiter: ',' | ';';
}

/** Column names in the chosen language: Russian first, as the seed shows them. */
export const headerOf = (columns: readonly Column[], lang: Lang) => columns.map((c) => c[lang]);

export function csvField(value: Cell, delimiter: string): string {
  if (value === null) return '';
  // With ';' the reader is a Russian Excel, which also expects a decimal comma.
  const text =
    typeof value === 'number' && delimiter === ';'
      ? String(value).replace('.', ',')
      : typeof value === 'boolean'
        ? value
          ? '1'
          : '0'
        : String(value);
  return /[",;\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (cells: readonly Cell[], d: string) =>
  cells.map((c) => csvField(c, d)).join(d) + '\r\n';

/** RFC 4180 CSV with a UTF-8 byte-order mark so that Excel reads Cyrillic correctly. */
export function csvStream(table: ReportTable, opts: CsvOptions): Readable {
  async function* lines() {
    yield '\uFEFF';
    for (const h of table.heading) yield csvLine([h], opts.delimiter);
    yield csvLine(headerOf(table.columns, opts.lang), opts.delimiter);
    for await (const page of table.pages) {
      yield page.map((row) => csvLine(row, opts.delimiter)).join('');
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

/** XLSX through exceljs's streaming writer: rows are committed and flushed page by page. */
export function xlsxStream(table: ReportTable, lang: Lang): Readable {
  const out = new PassThrough();
  (async () => {
    // Only exceljs's streaming writer, and on the first XLSX export: 16 MB a server that never
    // exports keeps, where the whole package would take 28 MB.
    const { default: WorkbookWriter } = await import('exceljs/lib/stream/xlsx/workbook-writer.js');
    const book = new WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = book.addWorksheet(table.title[lang].slice(0, 31));
    sheet.columns = table.columns.map((c) => ({ key: c.key, width: Math.max(12, c[lang].length + 2) }));
    for (const h of table.heading) sheet.addRow([h]).commit();
    const header = sheet.addRow(headerOf(table.columns, lang));
    header.font = { bold: true };
    header.commit();
    // exceljs hands the sheet's XML to the zip through a stream that ignores backpressure: rows
    // committed faster than they are deflated pile up in memory (≈ 45 MB for 160,000 rows).
    // So each page waits for that stream to drain, and for the client to take what is zipped.
    // (The zip's side is archiver's readable-stream PassThrough, which keeps its state in
    // _writableState.)
    type ZipSide = Writable & { _writableState?: { needDrain?: boolean } };
    const toZip = (sheet as unknown as { stream?: { pipes?: ZipSide[] } }).stream?.pipes ?? [];
    for await (const page of table.pages) {
      for (const row of page) sheet.addRow(row).commit();
      for (const pipe of toZip) if (pipe._writableState?.needDrain) await once(pipe, 'drain');
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
    await book.commit();
  })().catch((e: unknown) => out.destroy(e as Error));
  return out;
}

/** Every row of a table, for JSON answers of reports small enough to return whole. */
export async function collectRows(table: ReportTable): Promise<Record<string, Cell>[]> {
  const rows: Record<string, Cell>[] = [];
  for await (const page of table.pages) {
    for (const r of page) rows.push(Object.fromEntries(table.columns.map((c, i) => [c.key, r[i] ?? null])));
  }
  return rows;
}

/** Pages from a keyset query: `next` returns a page and the key after it, or null at the end. */
export async function* keysetPages<K, R>(
  first: K,
  next: (key: K) => Promise<{ rows: R[]; key: K | null }>,
): AsyncGenerator<R[]> {
  let key: K | null = first;
  while (key !== null) {
    const page: { rows: R[]; key: K | null } = await next(key);
    if (page.rows.length > 0) yield page.rows;
    key = page.key;
  }
}
