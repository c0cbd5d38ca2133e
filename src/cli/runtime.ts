// Opening the configured database for a CLI command, with migrations applied, and making
// sure an embedded PGlite directory is used by one process at a time.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, type AppContext } from '../app/context.ts';
import { loadSecretBox } from '../app/stored-secrets.ts';
import { openDatabase, configuredTarget, describeTarget, type OpenDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** PGlite has no multi-process locking of its own: two writers would corrupt the files. */
export function lockDataDir(dir: string): () => void {
  const lock = join(dir, '.kopilka.pid');
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database ${dir} is in use by process ${pid}. Stop it first, or use DATABASE_URL.`,
      );
    }
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

export interface Runtime {
  ctx: AppContext;
  db: OpenDatabase;
  where: string;
  close(): Promise<void>;
}

export async function openRuntime(): Promise<Runtime> {
  const target = configuredTarget();
  const secrets = loadSecretBox().box;
  const db = await openDatabase(target);
  const unlock =
    target.kind === 'pglite' && target.dataDir ? lockDataDir(target.dataDir) : () => {};
  try {
    await migrateToLatest(db.db);
  } catch (e) {
    unlock();
    await db.close();
    throw e;
  }
  return {
    ctx: createContext(db.db, { secrets }),
    db,
    where: describeTarget(target),
    close: async () => {
      await db.close();
      unlock();
    },
  };
}
