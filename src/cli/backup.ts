// `kopilka backup FILE` and `kopilka restore FILE` for the embedded database. While a server
// runs on the data directory it holds the database alone, so the backup is asked of it
// (GET /ops/backup with the token it wrote in control.json); otherwise the CLI opens the
// database itself. On PostgreSQL backups are PostgreSQL's own (docs/operations.md).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openDatabase, configuredTarget } from '../db/connect.ts';
import { dumpPglite, restorePglite } from '../db/pglite-backup.ts';
import { isAlive, lockDataDir } from './runtime.ts';

/** Where a server on the embedded database at `dataDir` says how to reach it. */
export function controlFile(dataDir: string): string {
  return join(dirname(dataDir), 'control.json');
}

/** The address the server answers on from this machine. */
export function loopbackOf(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function embeddedDir(): string {
  const target = configuredTarget();
  if (target.kind !== 'pglite' || !target.dataDir) {
    throw new Error(
      'DATABASE_URL is set: back PostgreSQL up with pg_dump or base backups and WAL archiving (docs/operations.md).',
    );
  }
  return target.dataDir;
}

interface Control {
  pid: number;
  url: string;
  token: string;
}

function runningServer(dataDir: string): Control | null {
  const file = controlFile(dataDir);
  if (!existsSync(file)) return null;
  const control = JSON.parse(readFileSync(file, 'utf8')) as Control;
  return isAlive(control.pid) ? control : null;
}

/** Takes a backup; says where it came from. */
export async function backup(file: string): Promise<string> {
  const dataDir = embeddedDir();
  let bytes: Buffer;
  let source: string;
  const server = runningServer(dataDir);
  if (server) {
    const r = await fetch(`${server.url}/ops/backup`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    if (r.status !== 200)
      throw new Error(`The server refused the backup: ${r.status} ${await r.text()}`);
    bytes = Buffer.from(await r.arrayBuffer());
    source = `the running server (process ${server.pid})`;
  } else {
    if (!existsSync(join(dataDir, 'PG_VERSION')))
      throw new Error(`No embedded database in ${dataDir}`);
    const unlock = lockDataDir(dataDir);
    try {
      const opened = await openDatabase({ kind: 'pglite', dataDir });
      try {
        bytes = await dumpPglite(opened.db, opened.lite as NonNullable<typeof opened.lite>);
      } finally {
        await opened.close();
      }
    } finally {
      unlock();
    }
    source = dataDir;
  }
  // Guests' data: readable by the owner only, and never a half-written file under the name.
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes, { mode: 0o600 });
  renameSync(partial, file);
  return `${bytes.length} bytes from ${source}`;
}

/** Restores a backup over the embedded database, which no process may be using. */
export async function restore(file: string): Promise<string> {
  const dataDir = embeddedDir();
  const bytes = readFileSync(file);
  const unlock = existsSync(dataDir) ? lockDataDir(dataDir) : () => {};
  let aside: string | null;
  try {
    aside = await restorePglite(bytes, dataDir);
  } catch (e) {
    unlock();
    throw e;
  }
  // The lock file moved aside with the old directory.
  return aside ? `the previous database is kept in ${aside}` : 'there was no database before';
}
