// `kopilka import guests FILE`: streams the CSV (UTF-8 or windows-1251, ';' or ','), shows a
// progress bar by bytes read, imports the good rows and lists the bad ones with line numbers.
import { createReadStream, statSync } from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import { parse } from 'csv-parse';
import cliProgress from 'cli-progress';
import { importGuests, type ImportResult, type ImportRow } from '../app/admin/import-guests.ts';
import type { AppContext } from '../app/context.ts';

export interface ImportOptions {
  orgId: number;
  delimiter?: string;
  encoding: string;
  progress: boolean;
}

function decoder(encoding: string): Transform {
  const d = new TextDecoder(encoding, { fatal: true });
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      try {
        cb(null, d.decode(chunk, { stream: true }));
      } catch {
        cb(new Error(`The file is not valid ${encoding}: try --encoding windows-1251`));
      }
    },
    flush(cb) {
      cb(null, d.decode());
    },
  });
}

async function sniffDelimiter(file: string, encoding: string): Promise<string> {
  const head = await new Promise<string>((resolve, reject) => {
    const s = createReadStream(file, { start: 0, end: 4095 });
    const parts: Buffer[] = [];
    s.on('data', (c) => parts.push(c as Buffer))
      .on('end', () => resolve(new TextDecoder(encoding).decode(Buffer.concat(parts))))
      .on('error', reject);
  });
  const first = head.split(/\r?\n/)[0] ?? '';
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}

export async function importGuestsCsv(
  ctx: AppContext,
  file: string,
  opts: ImportOptions,
): Promise<ImportResult> {
  const size = statSync(file).size;
  const delimiter = opts.delimiter ?? (await sniffDelimiter(file, opts.encoding));
  const input = createReadStream(file);
  const bar = opts.progress
    ? new cliProgress.SingleBar(
        { format: 'Импорт [{bar}] {percentage}% | {rows} строк' },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(size, 0, { rows: 0 });
  const parser = parse({
    columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
    delimiter,
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  });
  // pipeline, not pipe: a decoding error destroys the parser with it, so the loop below
  // rejects with the message instead of the process dying of an unhandled stream error.
  pipeline(input, decoder(opts.encoding), parser, () => {});
  async function* rows(): AsyncIterable<ImportRow> {
    for await (const r of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { line: r.info.lines, record: r.record };
    }
  }
  try {
    return await importGuests(
      ctx,
      { orgId: opts.orgId, type: 'import', id: null, name: `csv:${file}` },
      rows(),
      (n) => bar?.update(input.bytesRead, { rows: n }),
    );
  } finally {
    bar?.update(size);
    bar?.stop();
  }
}
