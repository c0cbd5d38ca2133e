// Backups of the embedded database: PGlite's data directory as a gzipped tarball. The copy is
// taken holding the database's one connection — no transaction is half-done in it — after a
// CHECKPOINT, so it is what a clean stop would leave; tills wait for it (a second or two for a
// venue's database). A restore loads the tarball into a fresh directory beside the target and
// only then swaps it in, keeping what was there.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import type { Database } from './connect.ts';

/** The file runtime.ts keeps in a data directory in use; never part of a restored one. */
const LOCK_FILE = '.kopilka.pid';

export async function dumpPglite(db: Database, lite: PGlite): Promise<Buffer> {
  const blob = await db.connection().execute(async (conn) => {
    await sql`checkpoint`.execute(conn);
    return lite.dumpDataDir('gzip');
  });
  return Buffer.from(await blob.arrayBuffer());
}

/**
 * Restores `backup` into `dataDir`; an existing directory is moved aside, its new name returned.
 * The embedded database must not be in use (the caller holds no lock on it, nobody else does).
 */
export async function restorePglite(backup: Buffer, dataDir: string): Promise<string | null> {
  const staging = join(dirname(dataDir), `.restoring-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(dataDir), { recursive: true });
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const lite = await PGlite.create({
      dataDir: staging,
      loadDataDir: new Blob([new Uint8Array(backup)]),
    });
    // It opens and answers: the tarball was a database.
    await lite.query('select count(*) from kysely_migration');
    await lite.close();
    rmSync(join(staging, LOCK_FILE), { force: true });
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Not a Kopilka backup, or a damaged one: ${(e as Error).message}`);
  }
  let aside: string | null = null;
  if (existsSync(dataDir)) {
    aside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(dataDir, aside);
  }
  renameSync(staging, dataDir);
  return aside;
}
