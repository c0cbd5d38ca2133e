// The cabinet served at `/`: hashed assets cached for a year, index.html revalidated, cabinet
// addresses answered with index.html, and API paths still a JSON 404.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type OpenDatabase } from '../../src/db/connect.ts';
import { createContext } from '../../src/app/context.ts';
import { buildServer } from '../../src/http/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'kopilka-dist-'));
let db: OpenDatabase;
let app: FastifyInstance;

before(async () => {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
  db = await openDatabase({ kind: 'pglite' });
  app = await buildServer(createContext(db.db), { cabinetDir: dir });
});
after(async () => {
  await app.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

test('index.html at / and at a cabinet address, revalidated every time', async () => {
  for (const url of ['/', '/guests/123?tab=cards']) {
    const r = await app.inject({ method: 'GET', url });
    assert.equal(r.statusCode, 200, url);
    assert.match(r.headers['content-type'] as string, /text\/html/);
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.match(r.body, /id="root"/);
  }
});

test('hashed assets are immutable for a year; a missing one is a 404, not the page', async () => {
  const r = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
  assert.equal(r.statusCode, 200);
  assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
  const missing = await app.inject({ method: 'GET', url: '/assets/gone-XyZ.js' });
  assert.equal(missing.statusCode, 404);
});

test('API paths keep their JSON 404 and FarCards paths their XML refusal, never the page', async () => {
  for (const url of ['/api/admin/v1/nothing', '/api/pos/v1/nothing', '/docs/nothing']) {
    const r = await app.inject({ method: 'GET', url });
    assert.equal(r.statusCode, 404, url);
    assert.equal(JSON.parse(r.body).error.code, 'route_not_found', url);
  }
  // FarCards answers every /rk/ request in its own XML (test/http/refused-requests.test.ts).
  const rk = await app.inject({ method: 'GET', url: '/rk/nothing' });
  assert.match(String(rk.headers['content-type']), /xml/);
  assert.doesNotMatch(rk.body, /<!doctype html/i);
  const post = await app.inject({ method: 'POST', url: '/guests' });
  assert.equal(post.statusCode, 404);
});
