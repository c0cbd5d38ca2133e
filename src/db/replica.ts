// A PostgreSQL streaming replica for reports and exports (DATABASE_REPLICA_URL): long reads
// there leave the primary to the tills. A replica is behind the primary by its replay lag,
// which every report answer and the metrics show, so nobody mistakes a late figure for a
// missing one. The tills never use it: only the report routes and the dashboard are given it.
import { sql } from 'kysely';
import { openDatabase, type Database } from './connect.ts';

export interface ReportDatabase {
  db: Database;
  /** Seconds the replica is behind the primary; 0 when it has replayed all it received. */
  lagSeconds(): Promise<number>;
  close(): Promise<void>;
}

export async function openReplica(url: string, poolSize: number): Promise<ReportDatabase> {
  const { db, close } = await openDatabase({ kind: 'postgres', url, poolSize });
  return {
    db,
    close,
    async lagSeconds() {
      // An idle primary sends nothing to replay: the last replay's age is then not lag.
      const { rows } = await sql<{ lag: number | string | null }>`
        select case
          when not pg_is_in_recovery() then 0
          when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
          else extract(epoch from now() - pg_last_xact_replay_timestamp())
        end as lag`.execute(db);
      return Math.max(0, Number(rows[0]?.lag ?? 0));
    },
  };
}

/** Where reports read, and how far behind the primary that is (null: they read the primary). */
export interface ReportSource {
  db: Database;
  /** Seconds, to the millisecond; null when there is no replica. */
  lagSeconds(): Promise<number | null>;
}

export function reportSource(primary: Database, replica?: ReportDatabase): ReportSource {
  if (!replica) return { db: primary, lagSeconds: async () => null };
  return {
    db: replica.db,
    lagSeconds: async () => Math.round((await replica.lagSeconds()) * 1000) / 1000,
  };
}
