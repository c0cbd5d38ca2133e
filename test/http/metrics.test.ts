// Prometheus metrics: what a till's requests leave in /metrics — latency per protocol and route
// pattern (never the FarCards secret), closes, refusals by reason, replays, the FarCards Sale's
// path and soft-offline posts — and who may read them: loopback without a token, a bearer
// token when one is set, nobody when metrics are off.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext } from '../../src/app/context.ts';
import { buildServer } from '../../src/http/server.ts';
import {
  SEED_000_CARD,
  seed000Order,
} from '../../src/integrations/rkeeper/simulator/dictionaries.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { SEED_LINES } from '../support/fixtures.ts';
import { metricValue, scrape as scrapeMetrics } from '../support/metrics.ts';
import { answerAttrs, farCardsSetup } from '../integrations/rkeeper/helpers.ts';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof farCardsSetup>>;

before(async () => {
  t = await testDatabase();
  s = await farCardsSetup(t, 1_000_000);
});
after(async () => {
  await s.server.app.close();
  await t.close();
});

const scrape = (app = s.server.app) => scrapeMetrics(app);
const value = metricValue;

const close = (orderId: string, amount: number) =>
  s.server.call('POST', '/orders/close', s.org.key, {
    order_id: orderId,
    card: { card_id: s.guest.cardId },
    lines: SEED_LINES.slice(0, 1),
    payments: [{ kind: 'deposit', amount }],
  });

function farCardsSale(checkNum: number, closedAt?: string) {
  const o = seed000Order();
  const order = {
    ...o,
    checkNum,
    orderGuid: `{C0000000-0000-4000-8000-${String(checkNum).padStart(12, '0')}}`,
    ...(closedAt ? { closedAt } : {}),
  };
  return s.post(
    'transactionsex',
    s.till.transactionsBody(SEED_000_CARD.code, order, 'Sale', SEED_000_CARD.uid),
  );
}

test('POS API closes, replays and refusals are counted per protocol; latency per route pattern', async () => {
  const before = await scrape();
  const price = SEED_LINES[0]!.price;
  assert.equal((await close('m-1', price)).status, 201);
  assert.equal((await close('m-1', price)).status, 200); // the same close again: a replay
  const refused = await close('m-2', 100_000_000);
  assert.equal(refused.status, 400);
  const reason = (refused.body as { error: { code: string } }).error.code;
  const after = await scrape();
  const delta = (name: string, labels: Record<string, string>) =>
    value(after, name, labels) - value(before, name, labels);
  assert.equal(delta('kopilka_closes_total', { protocol: 'pos' }), 1);
  assert.equal(delta('kopilka_idempotent_replays_total', { protocol: 'pos' }), 1);
  assert.equal(delta('kopilka_refusals_total', { protocol: 'pos', reason }), 1);
  const route = { protocol: 'pos', route: '/api/pos/v1/orders/close', method: 'POST' };
  assert.equal(
    delta('kopilka_http_request_duration_seconds_count', { ...route, status: '201' }),
    1,
  );
  assert.equal(
    delta('kopilka_http_request_duration_seconds_count', { ...route, status: '200' }),
    1,
  );
  assert.equal(
    delta('kopilka_http_request_duration_seconds_count', { ...route, status: '400' }),
    1,
  );
  // An order id or a card never becomes a label.
  assert.doesNotMatch(after, /m-1|m-2/);
});

test('FarCards: the secret stays out, Sales are counted by path, soft-offline posts and refusals too', async () => {
  const before = await scrape();
  // The POS API's close above took the restaurant out of test mode: Sales go optimistically.
  assert.equal(answerAttrs((await farCardsSale(1)).root, 'TransactionsEx').Result, '0');
  assert.equal(answerAttrs((await farCardsSale(2)).root, 'TransactionsEx').Result, '0');
  assert.equal(answerAttrs((await farCardsSale(2)).root, 'TransactionsEx').Result, '0'); // replay
  // Two days late: soft offline.
  assert.equal(
    answerAttrs((await farCardsSale(3, '2024-03-02T13:05:00')).root, 'TransactionsEx').Result,
    '0',
  );
  await s.post('getcardinfoex', s.till.cardInfoBody(SEED_000_CARD.code));
  const wrongKey = `${s.key.slice(0, -4)}AAAA`;
  await s.post('getcardinfoex', s.till.cardInfoBody(SEED_000_CARD.code), wrongKey);
  const after = await scrape();
  const delta = (name: string, labels: Record<string, string> = {}) =>
    value(after, name, labels) - value(before, name, labels);
  const secret = s.key.split('_').pop() as string;
  assert.ok(!after.includes(secret), 'the restaurant secret must never reach /metrics');
  assert.ok(!after.includes(wrongKey.split('_').pop() as string));
  assert.equal(delta('kopilka_closes_total', { protocol: 'farcards' }), 3);
  assert.equal(delta('kopilka_sale_path_total', { path: 'optimistic' }), 2);
  assert.equal(delta('kopilka_sale_path_total', { path: 'locked' }), 1); // soft offline
  assert.equal(delta('kopilka_idempotent_replays_total', { protocol: 'farcards' }), 1);
  assert.equal(delta('kopilka_soft_offline_posts_total', { protocol: 'farcards' }), 1);
  assert.equal(
    delta('kopilka_refusals_total', { protocol: 'farcards', reason: 'rkeeper.wrong_key' }),
    1,
  );
  const route = { protocol: 'farcards', route: '/rk/:key/transactionsex', method: 'POST' };
  assert.equal(delta('kopilka_http_request_duration_seconds_count', route), 4);
  assert.equal(
    delta('kopilka_http_request_duration_seconds_count', { route: '/rk/:key/getcardinfoex' }),
    2,
  );
});

test('process memory is shown', async () => {
  const text = await scrape();
  assert.ok(value(text, 'process_resident_memory_bytes') > 0);
  assert.ok(value(text, 'nodejs_heap_size_used_bytes') > 0);
});

test('without a token, metrics answer on loopback only, and not what a proxy forwards', async () => {
  const far = await s.server.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3' });
  assert.equal(far.statusCode, 403);
  assert.equal(far.json().error.code, 'metrics_loopback_only');
  const proxied = await s.server.app.inject({
    url: '/metrics',
    headers: { 'x-forwarded-for': '203.0.113.5' },
  });
  assert.equal(proxied.statusCode, 403);
});

test('with a token, metrics need it from everyone; off, there is no /metrics', async () => {
  const ctx = createContext(t.db);
  const guarded = await buildServer(ctx, { metrics: { token: 'metrics-secret' } });
  try {
    for (const headers of [{}, { authorization: 'Bearer wrong' }]) {
      const r = await guarded.inject({ url: '/metrics', headers });
      assert.equal(r.statusCode, 401);
      assert.equal(r.json().error.code, 'metrics_token_required');
    }
    const far = await guarded.inject({
      url: '/metrics',
      remoteAddress: '10.1.2.3',
      headers: { authorization: 'Bearer metrics-secret' },
    });
    assert.equal(far.statusCode, 200);
  } finally {
    await guarded.close();
  }
  const off = await buildServer(ctx, { metrics: false });
  try {
    assert.equal((await off.inject({ url: '/metrics' })).statusCode, 404);
  } finally {
    await off.close();
  }
});

test('every series the Grafana dashboard graphs is one the server exports', async () => {
  const dashboard = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../docs/ops/grafana-dashboard.json'), 'utf8'),
  ) as { panels: { targets?: { expr: string }[] }[] };
  const exprs = dashboard.panels.flatMap((p) => p.targets ?? []).map((x) => x.expr);
  const used = new Set(exprs.flatMap((e) => e.match(/\b(?:kopilka|process|nodejs)_\w+/g) ?? []));
  // The pool is shown on PostgreSQL only: a stand-in pool here.
  const pool = { totalCount: 2, idleCount: 1, waitingCount: 0, options: { max: 10 } };
  const app = await buildServer(createContext(t.db), { metrics: { pool: pool as never } });
  try {
    const text = await scrape(app);
    const exported = new Set(
      [...text.matchAll(/^# TYPE (\w+) (\w+)$/gm)].flatMap(([, name, type]) =>
        type === 'histogram'
          ? [`${name}_bucket`, `${name}_count`, `${name}_sum`]
          : [name as string],
      ),
    );
    assert.ok(used.size >= 10);
    for (const name of used)
      assert.ok(exported.has(name), `the dashboard graphs ${name}, which is not exported`);
    assert.equal(metricValue(text, 'kopilka_db_pool_connections', { state: 'busy' }), 1);
  } finally {
    await app.close();
  }
});
