// Migrations are TypeScript modules listed here in order, so they ship inside the code and
// run the same on PostgreSQL and PGlite: at server start and by `kopilka migrate`.
import { Migrator, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './connect.ts';
import * as core from './migrations/0001_core.ts';

const migrations: Record<string, Migration> = {
  '0001_core': core,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Database): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}
