// The SMS providers: SMS.ru's HTTP API as its documentation gives it, played by a local fake
// server (sms/send with api_id, to, msg and json=1 in a form body; an answer per number), and
// the development provider that writes the message to the log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.ts';
import { logSms, smsFromConfig, SmsProviderError, smsRu } from '../../src/app/guests/sms.ts';

const API_ID = 'F2D79B58-TEST-KEY';
const received: { url: string; form: URLSearchParams }[] = [];
let server: Server;
let base: string;

/** SMS.ru's answers: OK per number, 200 for a wrong api_id, 202 for a number it cannot send to. */
function answer(form: URLSearchParams) {
  if (form.get('api_id') !== API_ID)
    return { status: 'ERROR', status_code: 200, status_text: 'Неправильный api_id' };
  const to = form.get('to') ?? '';
  if (to.startsWith('7000'))
    return {
      status: 'OK',
      status_code: 100,
      sms: { [to]: { status: 'ERROR', status_code: 202, status_text: 'Неправильно указан номер' } },
      balance: 10,
    };
  return {
    status: 'OK',
    status_code: 100,
    sms: { [to]: { status: 'OK', status_code: 100, sms_id: '000000-10000000' } },
    balance: 4122.56,
  };
}

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      received.push({ url: req.url ?? '', form });
      res.setHeader('content-type', 'application/json');
      if (req.method !== 'POST' || req.url !== '/sms/send') {
        res.statusCode = 404;
        return res.end('{}');
      }
      res.end(JSON.stringify(answer(form)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('SMS.ru: the message goes as a form to /sms/send, the key in the body, never in the address', async () => {
  const sender = smsRu({ apiId: API_ID, from: 'Kopilka', baseUrl: base });
  await sender.send('79161234567', '123456 — код');
  const last = received[received.length - 1];
  assert.equal(last?.url, '/sms/send');
  assert.equal(last?.form.get('to'), '79161234567');
  assert.equal(last?.form.get('msg'), '123456 — код');
  assert.equal(last?.form.get('json'), '1');
  assert.equal(last?.form.get('from'), 'Kopilka');
  assert.ok(!last?.url.includes(API_ID));
});

test('SMS.ru: a refusal, of the request or of the number, is an error that does not show the key', async () => {
  const wrongKey = smsRu({ apiId: 'wrong', baseUrl: base });
  await assert.rejects(wrongKey.send('79161234567', 'x'), (e: Error) => {
    assert.ok(e instanceof SmsProviderError);
    assert.match(e.message, /200 Неправильный api_id/);
    return true;
  });
  const badNumber = smsRu({ apiId: API_ID, baseUrl: base });
  await assert.rejects(badNumber.send('70001112233', 'x'), /202/);
  const nowhere = smsRu({ apiId: API_ID, baseUrl: 'http://127.0.0.1:1' });
  await assert.rejects(nowhere.send('79161234567', 'x'), (e: Error) => !e.message.includes(API_ID));
});

test('the development provider writes the message to the log with the phone partly hidden', async () => {
  const lines: string[] = [];
  await logSms((l) => lines.push(l)).send('79161234567', '654321 — код');
  assert.deepEqual(lines, ['SMS to 7916*****67: 654321 — код']);
});

test('the provider is chosen by the configuration; smsru without its key refuses to start', () => {
  const pick = (env: Record<string, string>, demo = false) =>
    smsFromConfig(() => {}, loadConfig(env).sms, demo)?.name ?? null;
  // Unset, codes go to the log only in the demo: a production server sends none.
  assert.equal(pick({}), null);
  assert.equal(pick({}, true), 'log');
  assert.equal(pick({ KOPILKA_SMS_PROVIDER: 'log' }), 'log');
  assert.equal(pick({ KOPILKA_SMS_PROVIDER: 'smsru', KOPILKA_SMSRU_API_ID: 'k' }), 'smsru');
  assert.equal(pick({ KOPILKA_SMS_PROVIDER: 'smsru', KOPILKA_SMSRU_API_ID: 'k' }, true), 'smsru');
  assert.throws(() => loadConfig({ KOPILKA_SMS_PROVIDER: 'smsru' }), /KOPILKA_SMSRU_API_ID/);
  assert.throws(() => loadConfig({ KOPILKA_SMS_PROVIDER: 'pigeon' }), /KOPILKA_SMS_PROVIDER/);
});
