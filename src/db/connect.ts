// Opens the one database Kopilka runs on: a PostgreSQL server when a URL is given, otherwise
// embedded PGlite (in memory, or persisted in a data directory). Both speak the same SQL.
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;

export type DatabaseTarget =
  { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dataDir?: string };

export interface OpenDatabase {
  db: Database;
  target: DatabaseTarget;
  close(): Promise<void>;
}

// Dates (birthdays) stay 'YYYY-MM-DD' strings: no time zone can shift them.
// bigint columns hold kopecks and ids, all bounded far below 2^53 by validation; reading them as
// numbers keeps arithmetic plain, and this guard makes an out-of-range value loud, not silent.
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds 2^53`);
  return n;
}

let pgTypesSet = false;

export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  if (target.kind === 'postgres') {
    if (!pgTypesSet) {
      pg.types.setTypeParser(pg.types.builtins.INT8, parseInt8);
      pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
      pgTypesSet = true;
    }
    const pool = new pg.Pool({
      connectionString: target.url,
      max: target.poolSize ?? 10,
      application_name: 'kopilka',
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, target, close: () => db.destroy() };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  const lite = await PGlite.create({
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    parsers: { [pgliteTypes.INT8]: parseInt8, [pgliteTypes.DATE]: (v: string) => v },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(lite) });
  return { db, target, close: () => db.destroy() };
}

/** DATABASE_URL selects PostgreSQL; otherwise PGlite under KOPILKA_DATA_DIR (default ./data). */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  if (env.DATABASE_URL) {
    const poolSize = env.KOPILKA_DB_POOL ? Number(env.KOPILKA_DB_POOL) : undefined;
    return { kind: 'postgres', url: env.DATABASE_URL, ...(poolSize ? { poolSize } : {}) };
  }
  return { kind: 'pglite', dataDir: `${env.KOPILKA_DATA_DIR ?? './data'}/pglite` };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `PGlite ${target.dataDir ?? '(in memory)'}`;
  const url = new URL(target.url);
  url.password = url.password ? '***' : '';
  return `PostgreSQL ${url.toString()}`;
}
