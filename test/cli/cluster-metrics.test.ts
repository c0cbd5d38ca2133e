// `serve --workers 2`: a scrape of /metrics answers for the whole server, whichever worker takes
// the connection — every request counted once, summed over the workers (PostgreSQL only: the
// embedded database runs one process).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { onPostgres, testDatabase, type TestDatabase } from '../support/db.ts';
import { freePort, KopilkaProcesses } from '../support/kopilka-process.ts';

const cli = new KopilkaProcesses(90_000);
let pg: TestDatabase | null = null;
before(async () => {
  if (onPostgres) pg = await testDatabase();
});
after(async () => {
  cli.killAll();
  await pg?.close();
});

/** A GET on a new connection, so that the workers take turns (no keep-alive). */
const fresh = (url: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });

const value = (text: string, series: RegExp) =>
  Number(
    text
      .split('\n')
      .find((l) => series.test(l))
      ?.split(' ')
      .pop() ?? NaN,
  );

test('with two workers a scrape counts every request of both, whichever worker answers', async (t) => {
  if (!pg) return t.skip('several workers need PostgreSQL');
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: pg.url ?? '',
    LOG_LEVEL: 'error',
    KOPILKA_DB_POOL: '3',
  };
  const server = await cli.start(
    env,
    ['serve', '--host', '127.0.0.1', '--port', String(port), '--workers', '2'],
    /is listening/,
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 20; i++) assert.equal((await fresh(`${base}/health/live`)).status, 200);
    for (let scrape = 0; scrape < 4; scrape++) {
      const { status, body } = await fresh(`${base}/metrics`);
      assert.equal(status, 200, body);
      const live =
        /^kopilka_http_request_duration_seconds_count\{[^}]*route="\/health\/live"[^}]*\} /;
      assert.equal(value(body, live), 20, `scrape ${scrape}: the 20 requests of both workers`);
      // Each worker has a pool of 3: both are in the answer.
      assert.equal(value(body, /^kopilka_db_pool_connections\{state="max"\} /), 6);
    }
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
