// The FarCards address is a restaurant's secret in the URL: no log line may carry it, whatever
// the level and whatever the server answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createContext } from '../../src/app/context.ts';
import { buildServer } from '../../src/http/server.ts';
import { redactUrl } from '../../src/http/log-redaction.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';

let t: TestDatabase;
let app: FastifyInstance;
const lines: string[] = [];

before(async () => {
  t = await testDatabase();
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  app = await buildServer(createContext(t.db), { logger: { level: 'trace', stream } });
});
after(async () => {
  await app.close();
  await t.close();
});

test('redactUrl hides the FarCards address and a Wallet download key, and nothing else', () => {
  assert.equal(redactUrl('/rk/rk_1_2_s3cret/getcardinfoex'), '/rk/***/getcardinfoex');
  assert.equal(redactUrl('/rk/rk_1_2_s3cret?x=1'), '/rk/***?x=1');
  assert.equal(redactUrl('/api/pos/v1/identify'), '/api/pos/v1/identify');
  assert.equal(
    redactUrl('/api/wallet/download/Ser1al/k3y-s3cret'),
    '/api/wallet/download/Ser1al/***',
  );
  assert.equal(redactUrl('/api/wallet/v1/log'), '/api/wallet/v1/log');
});

test('requests to a FarCards address are logged without it', async () => {
  const secret = 'rk_1_2_ThisMustNeverBeLogged';
  for (const fn of ['getcardinfoex', 'transactionsex', 'licenseinfo']) {
    await app.inject({
      method: 'POST',
      url: `/rk/${secret}/${fn}`,
      headers: { 'content-type': 'text/xml' },
      payload: '<?xml version="1.0"?><broken',
    });
  }
  const log = lines.join('');
  assert.match(log, /\/rk\/\*\*\*\/getcardinfoex/, 'the request is logged, redacted');
  assert.doesNotMatch(log, /ThisMustNeverBeLogged/);
});
