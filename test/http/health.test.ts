// Health endpoints: live answers while the process runs; ready only while the database
// answers and holds exactly the migrations this build knows; /health stays the fixed answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createContext } from '../../src/app/context.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { buildServer } from '../../src/http/server.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';

let db: TestDatabase;
let app: FastifyInstance;

before(async () => {
  db = await testDatabase();
  app = await buildServer(createContext(db.db));
});

after(async () => {
  await app.close();
  await db.close();
});

test('/health, /health/live and /health/ready answer ok on a migrated database', async () => {
  for (const url of ['/health', '/health/live']) {
    const r = await app.inject({ url });
    assert.equal(r.statusCode, 200, url);
    assert.deepEqual(r.json(), { status: 'ok' });
  }
  const ready = await app.inject({ url: '/health/ready' });
  assert.equal(ready.statusCode, 200);
  assert.deepEqual(ready.json(), { status: 'ok', checks: { database: 'ok', migrations: 'ok' } });
});

test('ready is 503 and names the migration when the schema is behind or ahead of the build', async () => {
  const last = await sql<{ name: string }>`select max(name) as name from kysely_migration`.execute(
    db.db,
  );
  const name = last.rows[0]?.name as string;
  await sql`delete from kysely_migration where name = ${name}`.execute(db.db);
  try {
    const behind = await app.inject({ url: '/health/ready' });
    assert.equal(behind.statusCode, 503);
    assert.equal(behind.json().status, 'unavailable');
    assert.equal(behind.json().checks.migrations, `not applied: ${name}`);
    assert.equal(behind.json().checks.database, 'ok');
    // Live does not depend on the database: restarting the process would not help.
    assert.equal((await app.inject({ url: '/health/live' })).statusCode, 200);
  } finally {
    await sql`insert into kysely_migration (name, timestamp) values (${name}, now()::text)`.execute(
      db.db,
    );
  }
  await sql`insert into kysely_migration (name, timestamp) values ('9999_future', now()::text)`.execute(
    db.db,
  );
  try {
    const ahead = await app.inject({ url: '/health/ready' });
    assert.equal(ahead.statusCode, 503);
    assert.equal(ahead.json().checks.migrations, 'applied by a newer Kopilka: 9999_future');
  } finally {
    await sql`delete from kysely_migration where name = '9999_future'`.execute(db.db);
  }
  assert.equal((await app.inject({ url: '/health/ready' })).statusCode, 200);
});

test('ready is 503 when the database does not answer, live stays 200', async () => {
  // Nothing listens on port 1: every connection is refused.
  const other = await openDatabase({
    kind: 'postgres',
    url: 'postgres://kopilka@127.0.0.1:1/none',
  });
  const server = await buildServer(createContext(other.db));
  try {
    const r = await server.inject({ url: '/health/ready' });
    assert.equal(r.statusCode, 503);
    assert.notEqual(r.json().checks.database, 'ok');
    assert.equal((await server.inject({ url: '/health/live' })).statusCode, 200);
  } finally {
    await server.close();
    await other.close();
  }
});
