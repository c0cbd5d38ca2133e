// Opens the one database Kopilka runs on: a PostgreSQL server when a URL is given, otherwise
// embedded PGlite (in memory, or persisted in a data directory). Both speak the same SQL.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { config, type Config } from '../config.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;
/** The same database as a use case writes to it: the connection, or a transaction on it. */
export type Tx = Kysely<DB>;

export type DatabaseTarget =
  { kind: 'postgres'; url: string; poolSize?: number } | { kind: 'pglite'; dataDir?: string };

export interface OpenDatabase {
  db: Database;
  target: DatabaseTarget;
  /** The PostgreSQL connection pool (for its metrics); none on PGlite. */
  pool?: pg.Pool;
  /** The embedded engine (for its backups); none on PostgreSQL. */
  lite?: PGlite;
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

/**
 * A pg client that prepares the statements it runs repeatedly: the POS hot path is a fixed set
 * of texts, and preparing saves PostgreSQL the parse and plan of each (about a quarter of its
 * time per statement). Texts are prepared on their second use, at most 256 per connection, so
 * one-off texts (lists of varying length) never pile up on the server.
 */
class PreparingClient extends pg.Client {
  private readonly seen = new Map<string, string | null>();
  private prepared = 0;

  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (
      typeof text === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      args.length === 2
    ) {
      const name = this.nameFor(text);
      if (name) return super.query({ name, text, values } as never) as never;
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }

  private nameFor(text: string): string | null {
    const known = this.seen.get(text);
    if (known) return known;
    if (known === undefined) {
      if (this.seen.size < 4096) this.seen.set(text, null);
      return null;
    }
    if (this.prepared >= 256) return null;
    const name = `k${createHash('sha1').update(text).digest('base64url')}`;
    this.seen.set(text, name);
    this.prepared++;
    return name;
  }
}

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
      Client: PreparingClient,
      application_name: 'kopilka',
    });
    // An idle connection the server drops (restart, failover, admin termination) is removed
    // from the pool and replaced on the next query; unhandled, the event would end the process.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, target, pool, close: () => db.destroy() };
  }
  if (target.dataDir) mkdirSync(target.dataDir, { recursive: true });
  // Loaded only here: the embedded engine costs ~50 MB of memory a PostgreSQL server never needs.
  const { PGlite, types: pgliteTypes } = await import('@electric-sql/pglite');
  // Trigram indexes keep the cabinet's guest search instant (migration 0017).
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const lite = await PGlite.create({
    extensions: { pg_trgm },
    ...(target.dataDir ? { dataDir: target.dataDir } : {}),
    parsers: { [pgliteTypes.INT8]: parseInt8, [pgliteTypes.DATE]: (v: string) => v },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(lite) });
  return { db, target, lite, close: () => db.destroy() };
}

/** DATABASE_URL selects PostgreSQL; otherwise PGlite under KOPILKA_DATA_DIR (default ./data). */
export function configuredTarget(
  cfg: Pick<Config, 'databaseUrl' | 'dbPool' | 'dataDir'> = config,
): DatabaseTarget {
  if (cfg.databaseUrl) return { kind: 'postgres', url: cfg.databaseUrl, poolSize: cfg.dbPool };
  return { kind: 'pglite', dataDir: `${cfg.dataDir}/pglite` };
}

export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `PGlite ${target.dataDir ?? '(in memory)'}`;
  const url = new URL(target.url);
  url.password = url.password ? '***' : '';
  return `PostgreSQL ${url.toString()}`;
}
