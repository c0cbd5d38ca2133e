// The SQL of the hot statements (a FarCards Sale, a POS close, an iiko payment) is kept in
// test/snapshots/sql/, one file per statement: a change to what the till's critical path sends
// shows in review as a change to these files. KOPILKA_UPDATE_SQL_SNAPSHOTS=1 rewrites them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '..', 'snapshots', 'sql');

/** Asserts the statement's text is the committed one (or writes it when asked to). */
export function assertSqlSnapshot(name: string, text: string | undefined): void {
  const file = join(DIR, `${name}.sql`);
  const got = `${(text ?? '').replace(/[ \t]+$/gm, '')}\n`;
  if (process.env.KOPILKA_UPDATE_SQL_SNAPSHOTS === '1') {
    writeFileSync(file, got);
    return;
  }
  assert.ok(
    existsSync(file),
    `no snapshot ${file}: run with KOPILKA_UPDATE_SQL_SNAPSHOTS=1 and review it`,
  );
  assert.equal(
    got,
    readFileSync(file, 'utf8'),
    `the SQL of ${name} changed: review it and rewrite the snapshot`,
  );
}
