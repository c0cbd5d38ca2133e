// The fake till against a tiny FarCards endpoint made of Kopilka's own parser and answer
// builders: the requests it builds parse back to what it meant, and a timed-out call is retried
// byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseFarCardsRequest, type FarCardsMethod, type FarCardsRequest } from '../../../src/integrations/rkeeper/farcards/requests.ts';
import { buildCardNotFoundResponse, buildGetCardInfoExResponse, buildProtocolErrorResponse, buildTransactionsExResponse, FARCARDS_CONTENT_TYPE } from '../../../src/integrations/rkeeper/farcards/responses.ts';
import { FakeTill } from '../../../src/integrations/rkeeper/simulator/till.ts';
import { SEED_000_CARD, SEED_000_STATION, seed000Order } from '../../../src/integrations/rkeeper/simulator/dictionaries.ts';

interface Endpoint { url: string; seen: { method: string; body: string; parsed: FarCardsRequest | null }[]; stallFirst: number; close(): Promise<void> }

async function endpoint(): Promise<Endpoint> {
  let balance = 500000;
  const posted = new Set<string>();
  const ep: Omit<Endpoint, 'url' | 'close'> = { seen: [], stallFirst: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop() as FarCardsMethod;
      const body = Buffer.concat(chunks);
      const parsed = parseFarCardsRequest(body, req.headers['content-type'], { method });
      ep.seen.push({ method, body: body.toString('utf8'), parsed: parsed.ok ? parsed.value : null });
      let answer: string;
      if (!parsed.ok) answer = buildProtocolErrorResponse(method, parsed.error);
      else if (parsed.value.method === 'getcardinfoex') {
        answer = parsed.value.card === SEED_000_CARD.code
          ? buildGetCardInfoExResponse({ holder: SEED_000_CARD.holder, account: SEED_000_CARD.uid, available: balance, screenMessage: 'Депозит' })
          : buildCardNotFoundResponse('Карта не найдена');
      } else if (parsed.value.method === 'transactionsex') {
        const payments = parsed.value.transactions.filter((t) => t.kind === 'payment');
        // Idempotent on r_keeper's own identifiers: check number, station, cash date, direction.
        const key = payments.map((t) => `${t.checkNumber}/${t.unitNo}/${t.cashDay}/${t.reversal}`).join(',');
        if (!posted.has(key)) {
          posted.add(key);
          for (const t of payments) balance += t.amount;
        }
        answer = buildTransactionsExResponse({ ok: true });
      } else answer = buildCardNotFoundResponse();
      // A stalled call is never answered, so the till's timeout decides it whatever the load:
      // no race between a delay and the deadline.
      if (ep.stallFirst > 0) {
        ep.stallFirst--;
        return;
      }
      res.writeHead(200, { 'content-type': FARCARDS_CONTENT_TYPE }).end(answer);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(ep, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rk/test-key`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  }) as Endpoint;
}

test('card swipe, sale, retry after timeout, rollback — through real HTTP', async () => {
  const ep = await endpoint();
  try {
    // A deadline far above any answer time on a loaded machine: only the stalled call times out.
    const till = new FakeTill({ baseUrl: ep.url, restaurant: 9999, station: SEED_000_STATION, timeoutMs: 3000, retries: 2 });
    const info = await till.getCardInfo(SEED_000_CARD.code, seed000Order());
    assert.ok(info.reply.ok);
    assert.equal(info.reply.value.result, 0);
    assert.equal(info.reply.value.holder, SEED_000_CARD.holder);
    assert.equal(info.reply.value.available, 500000);
    const unknown = await till.getCardInfo('999');
    assert.ok(unknown.reply.ok && unknown.reply.value.result === 1);

    ep.stallFirst = 1;
    const sale = await till.sale(SEED_000_CARD.code, seed000Order(), SEED_000_CARD.uid);
    assert.equal(sale.attempts, 2);
    assert.ok(sale.reply.ok && sale.reply.value.result === 0);
    const posts = ep.seen.filter((s) => s.method === 'transactionsex');
    assert.equal(posts.length, 2);
    assert.equal(posts[0]?.body, posts[1]?.body, 'a retry carries the very same body');
    const after = await till.getCardInfo(SEED_000_CARD.code);
    assert.ok(after.reply.ok && after.reply.value.available === 500000 - 235000, 'two deliveries, one debit');

    await till.saleRollback(SEED_000_CARD.code, seed000Order(), SEED_000_CARD.uid);
    const restored = await till.getCardInfo(SEED_000_CARD.code);
    assert.ok(restored.reply.ok && restored.reply.value.available === 500000);
    for (const s of ep.seen) assert.ok(s.parsed, `${s.method} parsed`);
  } finally {
    await ep.close();
  }
});

test('a till that never gets an answer gives up after its retries', async () => {
  const ep = await endpoint();
  try {
    ep.stallFirst = 10;
    const till = new FakeTill({ baseUrl: ep.url, restaurant: 1, station: SEED_000_STATION, timeoutMs: 1000, retries: 1 });
    await assert.rejects(till.getCardInfo(SEED_000_CARD.code), /no answer after 2 attempts/);
    assert.equal(ep.seen.length, 2);
  } finally {
    await ep.close();
  }
});

test('the order-calc request and the sale agree on the check they describe', () => {
  const till = new FakeTill({ baseUrl: 'http://127.0.0.1:9', restaurant: 9999, station: SEED_000_STATION });
  const calc = parseFarCardsRequest(till.cardInfoBody(SEED_000_CARD.code, seed000Order(), 'OrderCalc'), undefined, { method: 'getcardinfoex' });
  const sale = parseFarCardsRequest(till.transactionsBody(SEED_000_CARD.code, seed000Order(), 'Sale', SEED_000_CARD.uid), undefined, { method: 'transactionsex' });
  assert.ok(calc.ok && sale.ok && calc.value.method === 'getcardinfoex' && sale.value.method === 'transactionsex');
  assert.deepEqual(calc.value.check?.data?.lines, sale.value.check?.data?.lines);
  assert.equal(calc.value.check?.mode, 'OrderCalc');
  assert.equal(sale.value.check?.mode, 'Sale');
});
