// Requests refused before a route sees them answer in the product's shape: malformed and
// over-long URLs (JSON error shape; FarCards' XML under /rk/), request lines over Node's 16 KB,
// and 10 MB bodies — a clean 413 read in full by a client still uploading, never a connection
// reset, on the POS, admin, iiko and FarCards routes. Never a 5xx, never Fastify's own body.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { issueFarCardsKey } from '../../src/integrations/rkeeper/farcards/endpoints.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrg, testServer, type OrgFixture } from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;
let rkAddress: string;
let port: number;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  org = await makeOrg(server.ctx);
  rkAddress = (await issueFarCardsKey(server.ctx, org.restaurantId)).key;
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  port = (server.app.server.address() as AddressInfo).port;
});
after(async () => {
  await server.app.close();
  await t.close();
});

function assertJsonShape(status: number, body: string, code: string, what: string) {
  const parsed = JSON.parse(body);
  assert.equal(parsed.error.code, code, `${what}: ${body.slice(0, 200)}`);
  assert.ok(parsed.error.message_ru && parsed.error.message_en, what);
  assert.ok(status >= 400 && status < 500, `${what}: ${status}`);
  assert.ok(!body.includes('FST_'), what);
}

function assertFarCardsXml(status: number, type: string | undefined, body: string, what: string) {
  assert.equal(status, 200, what);
  assert.match(type ?? '', /^text\/xml/, what);
  assert.match(body, /^<\?xml [^>]*\?><Root><\w+ Result="1"/, `${what}: ${body.slice(0, 200)}`);
}

const LONG = 'a'.repeat(5000);

test('malformed and over-long URLs: the JSON error shape, XML under /rk/', async () => {
  const json: [string, 'GET' | 'POST', number, string][] = [
    ['/api/pos/v1/cards/%E0%A4%A', 'GET', 400, 'malformed_url'],
    ['/api/pos/v1/cards/' + LONG, 'GET', 414, 'url_too_long'],
    ['/api/admin/v1/guests/%', 'GET', 400, 'malformed_url'],
    ['/api/admin/v1/guests/' + LONG, 'GET', 414, 'url_too_long'],
    ['/api/iiko/v1/%C0', 'POST', 400, 'malformed_url'],
    ['/%', 'GET', 400, 'malformed_url'],
  ];
  for (const [url, method, status, code] of json) {
    const res = await server.app.inject({ method, url });
    assert.equal(res.statusCode, status, url.slice(0, 60));
    assertJsonShape(res.statusCode, res.body, code, url.slice(0, 60));
  }
  const rk = [
    `/rk/%ZZ/getcardinfoex`,
    `/rk/${LONG}/getcardinfoex`,
    `/rk/${rkAddress}/${LONG}`,
    `/rk/${rkAddress}/transactionsex%`,
    `/rk/${rkAddress}/getcardinfoex`, // GET: FarCards is POST only
  ];
  for (const url of rk) {
    for (const method of ['GET', 'POST'] as const) {
      const res = await server.app.inject({
        method,
        url,
        headers: { 'content-type': 'text/xml' },
        ...(method === 'POST' ? { payload: '<Root/>' } : {}),
      });
      if (
        method === 'POST' &&
        url.endsWith('/getcardinfoex') &&
        !url.includes('%') &&
        !url.includes(LONG)
      )
        continue;
      assertFarCardsXml(
        res.statusCode,
        res.headers['content-type'] as string,
        res.body,
        `${method} ${url.slice(0, 60)}`,
      );
    }
  }
  // The answer names the function the URL asked for, in that function's own element.
  const card = await server.app.inject({
    method: 'POST',
    url: `/rk/${LONG}/getcardinfoex`,
    payload: '',
  });
  assert.match(card.body, /<GetCardInfoEx Result="1"/);
});

/** Speaks HTTP over a raw socket: what arrived, and whether the connection was reset. */
function rawExchange(head: string, body?: { bytes: number; chunk: number; pauseMs: number }) {
  return new Promise<{ answer: string; error: string | null }>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let error: string | null = null;
    socket.on('data', (d) => (answer += d.toString('utf8')));
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ answer, error }));
    socket.on('connect', async () => {
      socket.write(head);
      if (!body) return;
      const chunk = Buffer.alloc(body.chunk, 0x20);
      for (let sent = 0; sent < body.bytes && !socket.destroyed; sent += body.chunk) {
        if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
        if (body.pauseMs) await new Promise((r) => setTimeout(r, body.pauseMs));
      }
    });
  });
}

function split(answer: string) {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
  const type = /\r\ncontent-type: ([^\r]+)/i.exec(answer)?.[1];
  return { status, type, body: answer.slice(answer.indexOf('\r\n\r\n') + 4) };
}

test('a request line over 16 KB: 431 in the JSON shape, XML under /rk/', async () => {
  const long = 'b'.repeat(20_000);
  const pos = split(
    (await rawExchange(`GET /api/pos/v1/cards/${long} HTTP/1.1\r\nHost: x\r\n\r\n`)).answer,
  );
  assert.equal(pos.status, 431);
  assertJsonShape(pos.status, pos.body, 'request_too_large', 'pos');
  const rk = split(
    (await rawExchange(`POST /rk/${long}/getcardinfoex HTTP/1.1\r\nHost: x\r\n\r\n`)).answer,
  );
  assertFarCardsXml(rk.status, rk.type, rk.body, 'rk');
  assert.match(rk.body, /<GetCardInfoEx Result="1"/);
});

const TEN_MB = 10 * 1024 * 1024;

test('a 10 MB body is read to its end and answered 413 in the product shape, never reset', async () => {
  const targets: [string, string, string][] = [
    [
      '/api/pos/v1/orders/close',
      `Authorization: Bearer ${org.key}\r\nContent-Type: application/json`,
      'json',
    ],
    ['/api/admin/v1/auth/login', 'Content-Type: application/json', 'json'],
    [
      '/api/iiko/v1/pay',
      `Authorization: Bearer ${org.key}\r\nContent-Type: application/json`,
      'json',
    ],
    [`/rk/${rkAddress}/transactionsex`, 'Content-Type: text/xml', 'xml'],
  ];
  for (const [path, headers, shape] of targets) {
    for (const framing of ['length', 'chunked'] as const) {
      const head =
        `POST ${path} HTTP/1.1\r\nHost: x\r\n${headers}\r\n` +
        (framing === 'length'
          ? `Content-Length: ${TEN_MB}\r\n\r\n`
          : 'Transfer-Encoding: chunked\r\n\r\n');
      // Chunked framing: one chunk of the whole size, sent in pieces; the server's limit
      // stops it long before the end.
      const chunkedHead = framing === 'chunked' ? `${TEN_MB.toString(16)}\r\n` : '';
      const { answer, error } = await rawExchange(head + chunkedHead, {
        bytes: TEN_MB,
        chunk: 256 * 1024,
        pauseMs: 2,
      });
      const what = `${framing} ${path.slice(0, 40)}`;
      assert.equal(error, null, `${what}: the connection was reset`);
      const r = split(answer);
      if (shape === 'json') {
        assert.equal(r.status, 413, `${what}: ${answer.slice(0, 200)}`);
        assertJsonShape(r.status, r.body, 'body_too_large', what);
      } else {
        assertFarCardsXml(r.status, r.type, r.body, what);
        assert.match(r.body, /Запрос слишком большой/);
      }
    }
  }
});
