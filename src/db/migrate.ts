// Migrations are the TypeScript modules in ./migrations, applied in file-name order at
// server start and by `kopilka migrate`, the same on PostgreSQL and PGlite. Each adapter
// that needs tables adds its own numbered file; nothing else has to be registered.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, Migrator, type MigrationResultSet } from 'kysely';
import type { Database } from './connect.ts';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export async function migrateToLatest(db: Database): Promise<MigrationResultSet> {
  const provider = new FileMigrationProvider({ fs, path, migrationFolder: folder });
  const migrator = new Migrator({ db, provider });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
