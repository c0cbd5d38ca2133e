// A fresh, migrated database for one test file: in-memory PGlite, or — with
// KOPILKA_TEST_DB=postgres — a database of its own on the KOPILKA_TEST_DATABASE_URL server,
// dropped afterwards, so test files never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  PostgresQueryCompiler,
  type KyselyPlugin,
  type QueryId,
  type RootOperationNode,
} from 'kysely';
import { openDatabase, type OpenDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const onPostgres = process.env.KOPILKA_TEST_DB === 'postgres';

export interface TestDatabase extends OpenDatabase {
  /** A URL for a second process (e.g. a server under test) when on PostgreSQL. */
  url: string | null;
}

export async function testDatabase(): Promise<TestDatabase> {
  if (!onPostgres) {
    const opened = await openDatabase({ kind: 'pglite' });
    await migrateToLatest(opened.db);
    return { ...opened, url: null };
  }
  const adminUrl = process.env.KOPILKA_TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('KOPILKA_TEST_DB=postgres needs KOPILKA_TEST_DATABASE_URL');
  const name = `kopilka_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const opened = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 20 });
  await migrateToLatest(opened.db);
  return {
    ...opened,
    url: url.toString(),
    close: async () => {
      await opened.close();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

/**
 * Counts the statements a Kysely instance runs, once each (begin and commit are not among
 * them), and keeps their SQL text: a query nested in another passes transformQuery too, but
 * only a statement run yields a result.
 */
export function statementCounter() {
  let texts: string[] = [];
  const nodes = new Map<QueryId, RootOperationNode>();
  const compiler = new PostgresQueryCompiler();
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      nodes.set(args.queryId, args.node);
      return args.node;
    },
    transformResult: async (args) => {
      const node = nodes.get(args.queryId);
      nodes.delete(args.queryId);
      texts.push(node ? compiler.compileQuery(node, args.queryId).sql : '');
      return args.result;
    },
  };
  return {
    plugin,
    /** The SQL of the statements run since the last call (or `take`). */
    takeTexts: () => {
      const taken = texts;
      texts = [];
      return taken;
    },
    /** The statements run since the last call. */
    take: () => {
      const taken = texts.length;
      texts = [];
      return taken;
    },
  };
}
