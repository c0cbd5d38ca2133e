import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { generate } from 'selfsigned';
import { IikoServerClient } from '../../../src/integrations/iiko/server-client.ts';
import { parseIikoServerSettings } from '../../../src/integrations/iiko/server-settings.ts';
import { IikoServerErrorCode as E } from '../../../src/integrations/iiko/server-errors.ts';
import { PAYMENT_TYPE } from '../../../src/integrations/iiko/simulator/fixtures.ts';
import {
  assertEverySessionLoggedOut,
  clientFor,
  NOW,
  rejectsWith,
  settingsFor,
  withSim,
} from './helpers.ts';

const PRODUCTS = 'v2/entities/products/list';

test('imports every dictionary in one session, prices in exact kopecks', () =>
  withSim({}, async (sim) => {
    const d = await clientFor(sim).importDictionaries();
    const price = (name: string): number | null | undefined =>
      d.products.find((p) => p.name === name)?.defaultSalePrice;
    assert.equal(d.products.length, 13);
    assert.equal(price('Салат Оливье'), 29000);
    assert.equal(price('Цезарь с курицей'), 49050);
    assert.equal(price('Глинтвейн безалкогольный'), 28999); // 289.99 × 100 is 28998.999… in floats
    assert.equal(price('Лимон'), 435); // 4.35 × 100 is 434.999…
    assert.equal(price('Сахар, порция'), 115);
    assert.equal(price('Обслуживание банкета'), null);
    const okroshka = d.products.find((p) => p.name === 'Окрошка');
    assert.equal(okroshka?.deleted, true);
    assert.equal(d.products.find((p) => p.name === 'Лимон')?.type, 'MODIFIER');
    assert.deepEqual(
      d.groups.filter((g) => g.parent === null).map((g) => g.name),
      ['Кухня', 'Бар', 'Модификаторы'],
    );
    assert.deepEqual(
      d.categories.map((c) => [c.name, c.deleted]),
      [
        ['Основное меню', false],
        ['Бар', false],
        ['Без скидок', false],
        ['Сезонное (архив)', true],
      ],
    );
    const pt = new Map(d.paymentTypes.map((t) => [t.id, t]));
    assert.deepEqual(pt.get(PAYMENT_TYPE.deposit), {
      id: PAYMENT_TYPE.deposit,
      name: 'Депозит Kopilka',
      code: 'KPD',
      deleted: false,
      fiscal: false,
      group: 'NON_CASH',
    });
    assert.equal(pt.get(PAYMENT_TYPE.prepayment)?.fiscal, true);
    assert.equal(pt.get(PAYMENT_TYPE.cash)?.group, 'CASH');
    // Never used to pay: iiko has no fiscal flag to tell, so it stays unknown.
    assert.equal(pt.get(PAYMENT_TYPE.certificate)?.fiscal, null);
    // Last used 400 days ago, outside the 92-day window.
    assert.equal(pt.get(PAYMENT_TYPE.oldDeposit)?.fiscal, null);
    assert.equal(sim.issuedKeys.length, 1);
    assertEverySessionLoggedOut(sim);
  }));

test('sends the SHA-1 hex digest of the password, never the password', () =>
  withSim({ password: 'Пароль-1' }, async (sim) => {
    assert.deepEqual(await clientFor(sim, { password: 'Пароль-1' }).checkConnection(), {
      ok: true,
      baseUrl: `http://127.0.0.1:${sim.port}/resto`,
    });
    assert.deepEqual(
      sim.calls.map((c) => `${c.method} ${c.path} ${c.status}`),
      [
        'GET /resto/api/auth 200',
        'GET /resto/api/v2/entities/list 200',
        'GET /resto/api/logout 200',
      ],
    );
    assert.deepEqual(sim.calls[0]?.query, {
      login: 'kopilka',
      pass: createHash('sha1').update('Пароль-1', 'utf8').digest('hex'),
    });
    assert.ok(sim.calls.every((c) => !JSON.stringify(c.query).includes('Пароль')));
    assertEverySessionLoggedOut(sim);
  }));

test('reads lists wrapped in the v2 SUCCESS envelope as well as bare arrays', () =>
  withSim({ envelopeLists: true }, async (sim) => {
    const client = clientFor(sim);
    assert.equal((await client.importProductCategories()).length, 4);
    assert.equal((await client.importProductGroups()).length, 8);
    assert.equal((await client.importProducts()).length, 13);
    assert.equal((await client.importPaymentTypes()).length, 6);
    assert.equal(sim.issuedKeys.length, 4, 'each import is its own session');
    assertEverySessionLoggedOut(sim);
  }));

test('the OLAP for fiscal flags covers the look-back window up to today', () =>
  withSim({}, async (sim) => {
    const client = new IikoServerClient(settingsFor(sim.port), {
      now: () => new Date(NOW),
      fiscalLookbackDays: 5,
    });
    const types = await client.importPaymentTypes();
    // Deposit sold 3 days ago: inside; prepayment sold 10 days ago: outside five days.
    assert.equal(types.find((t) => t.id === PAYMENT_TYPE.deposit)?.fiscal, false);
    assert.equal(types.find((t) => t.id === PAYMENT_TYPE.prepayment)?.fiscal, null);
    assertEverySessionLoggedOut(sim);
  }));

test('wrong login or password: 401 on auth, nothing to log out', () =>
  withSim({}, async (sim) => {
    const check = await clientFor(sim, { password: 'wrong' }).checkConnection();
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.code, E.wrongCredentials);
    assert.match(!check.ok ? check.message.ru : '', /логин «kopilka» или пароль/);
    assert.equal(sim.issuedKeys.length, 0);
    assert.equal(sim.activeSessions(), 0);
  }));

test('licence seat taken (forced 403 on auth) is reported as such', () =>
  withSim({}, async (sim) => {
    sim.inject({
      kind: 'status',
      path: 'auth',
      status: 403,
      body: 'no connections available',
      times: 1,
    });
    const client = clientFor(sim);
    const err = await rejectsWith(client.importProducts(), E.licenceSeatBusy);
    assert.match(err.messageRu, /лицензионные места/);
    // The seat frees up: the next session works.
    assert.equal((await client.importProductCategories()).length, 4);
    assertEverySessionLoggedOut(sim);
  }));

test('a second client while the only seat is held gets a clear 403, then succeeds', () =>
  withSim({}, async (sim) => {
    sim.inject({ kind: 'delay', path: PRODUCTS, ms: 300, times: 1 });
    const first = clientFor(sim).importProducts();
    await sim.waitForCall(PRODUCTS);
    const second = await clientFor(sim).checkConnection();
    assert.equal(!second.ok && second.code, E.licenceSeatBusy);
    assert.equal((await first).length, 13);
    assert.equal((await clientFor(sim).checkConnection()).ok, true);
    assertEverySessionLoggedOut(sim);
  }));

test('one client never holds two seats, however many callers', () =>
  withSim({}, async (sim) => {
    sim.inject({ kind: 'delay', path: PRODUCTS, ms: 50 });
    const client = clientFor(sim);
    const [products, check, types, categories] = await Promise.all([
      client.importProducts(),
      client.checkConnection(),
      client.importPaymentTypes(),
      client.importProductCategories(),
    ]);
    assert.equal(products.length, 13);
    assert.equal(check.ok, true);
    assert.equal(types.length, 6);
    assert.equal(categories.length, 4);
    assert.equal(sim.maxConcurrentSessions, 1);
    assert.equal(sim.callsTo('auth').filter((c) => c.status === 403).length, 0);
    // Strictly alternating: every login is followed by its logout before the next login.
    const sessionCalls = sim.calls
      .filter((c) => c.path.endsWith('/auth') || c.path.endsWith('/logout'))
      .map((c) => c.path.split('/').pop());
    assert.deepEqual(sessionCalls, [
      'auth',
      'logout',
      'auth',
      'logout',
      'auth',
      'logout',
      'auth',
      'logout',
    ]);
    assertEverySessionLoggedOut(sim);
  }));

test('a failed session does not stop the queue behind it', () =>
  withSim({}, async (sim) => {
    sim.inject({ kind: 'status', path: PRODUCTS, status: 500, body: 'Internal error', times: 1 });
    const client = clientFor(sim);
    const failed = client.importProducts();
    const next = client.importProductGroups();
    const err = await rejectsWith(failed, E.httpStatus);
    assert.equal(err.details?.status, 500);
    assert.equal((await next).length, 8);
    assertEverySessionLoggedOut(sim);
  }));

test('an expired key mid-session: one re-login, the old key logged out, the import completes', () =>
  withSim({}, async (sim) => {
    sim.inject({ kind: 'expire-key', path: PRODUCTS, times: 1 });
    assert.equal((await clientFor(sim).importProducts()).length, 13);
    assert.equal(sim.issuedKeys.length, 2);
    assert.deepEqual(
      sim.callsTo(PRODUCTS).map((c) => c.status),
      [401, 200],
    );
    assertEverySessionLoggedOut(sim);
  }));

test('a key that dies of idleness is renewed the same way', () =>
  withSim({ now: Date.now, tokenIdleMs: 100 }, async (sim) => {
    sim.inject({ kind: 'delay', path: PRODUCTS, ms: 250, times: 1 });
    assert.equal((await clientFor(sim).importProducts()).length, 13);
    assert.deepEqual(
      sim.callsTo(PRODUCTS).map((c) => c.status),
      [401, 200],
    );
    assertEverySessionLoggedOut(sim);
  }));

test('a key rejected again after re-login fails as session expired, both keys logged out', () =>
  withSim({}, async (sim) => {
    sim.inject({ kind: 'expire-key', path: PRODUCTS, times: 2 });
    await rejectsWith(clientFor(sim).importDictionaries(), E.sessionExpired);
    assert.equal(sim.issuedKeys.length, 2);
    assertEverySessionLoggedOut(sim);
  }));

test('result ERROR on HTTP 200 is an error, with iiko’s own words', () =>
  withSim({}, async (sim) => {
    sim.inject({
      kind: 'error-envelope',
      path: 'v2/reports/olap',
      errors: [{ code: 'OLAP_FAILED', value: 'Отчёт не может быть построен' }],
    });
    const err = await rejectsWith(clientFor(sim).importPaymentTypes(), E.errorEnvelope);
    assert.match(err.messageRu, /OLAP_FAILED: Отчёт не может быть построен/);
    assertEverySessionLoggedOut(sim);
  }));

test('a slow answer times out, and the session is still logged out', () =>
  withSim({}, async (sim) => {
    sim.inject({ kind: 'delay', path: PRODUCTS, ms: 1_500 });
    const err = await rejectsWith(
      clientFor(sim, { timeoutMs: 200 }).importDictionaries(),
      E.timeout,
    );
    assert.equal(err.details?.path, '/resto/api/v2/entities/products/list');
    assert.equal(sim.callsTo('logout').length, 1);
    assertEverySessionLoggedOut(sim);
  }));

test('a login that times out holds no seat and reports the timeout', () =>
  withSim({}, async (sim) => {
    sim.inject({ kind: 'delay', path: 'auth', ms: 1_000, times: 1 });
    const check = await clientFor(sim, { timeoutMs: 150 }).checkConnection();
    assert.equal(!check.ok && check.code, E.timeout);
    assert.equal(sim.issuedKeys.length, 0);
    assert.equal(sim.callsTo('logout').length, 0);
  }));

test('refused port; a connection reset by the peer', async () => {
  const port = await freePort();
  const client = new IikoServerClient(settingsFor(port));
  const refused = await client.checkConnection();
  assert.equal(!refused.ok && refused.code, E.refused);
  assert.match(!refused.ok ? refused.message.ru : '', /отклонил подключение/);
  await rejectsWith(client.importProducts(), E.refused);

  const rude = createServer((socket) => socket.resetAndDestroy());
  await new Promise<void>((resolve) => rude.listen(0, '127.0.0.1', resolve));
  try {
    const { port: rudePort } = rude.address() as { port: number };
    const err = await rejectsWith(
      new IikoServerClient(settingsFor(rudePort)).importProducts(),
      E.unreachable,
    );
    assert.equal(err.details?.reason, 'ECONNRESET');
  } finally {
    await new Promise((resolve) => rude.close(resolve));
  }
});

test('https with a self-signed certificate: TLS failure unless the certificate is trusted', async () => {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  await withSim({ tls: { key: pems.private, cert: pems.cert } }, async (sim) => {
    const untrusted = await clientFor(sim, { protocol: 'https' }).checkConnection();
    assert.equal(!untrusted.ok && untrusted.code, E.tls);
    assert.equal(
      (await clientFor(sim, { protocol: 'https', tlsCa: pems.cert }).checkConnection()).ok,
      true,
    );
    const plain = await clientFor(sim, { protocol: 'http' }).checkConnection();
    assert.equal(plain.ok, false);
    assertEverySessionLoggedOut(sim);
  });
});

test('missing right (403 on a request) and unexpected bodies are clear errors, logged out', () =>
  withSim({}, async (sim) => {
    const client = clientFor(sim);
    sim.inject({ kind: 'status', path: PRODUCTS, status: 403, body: 'Access denied', times: 1 });
    const denied = await rejectsWith(client.importProducts(), E.forbidden);
    assert.match(denied.messageRu, /нет прав/);
    sim.inject({
      kind: 'body',
      path: PRODUCTS,
      body: '<!DOCTYPE html><html></html>',
      contentType: 'text/html',
      times: 1,
    });
    await rejectsWith(client.importProducts(), E.unexpectedResponse);
    sim.inject({
      kind: 'body',
      path: PRODUCTS,
      body: '{"products":',
      contentType: 'application/json',
      times: 1,
    });
    await rejectsWith(client.importProducts(), E.unexpectedResponse);
    sim.inject({
      kind: 'body',
      path: PRODUCTS,
      body: '[{"name":"без id"}]',
      contentType: 'application/json',
      times: 1,
    });
    const shape = await rejectsWith(client.importProducts(), E.unexpectedResponse);
    assert.match(shape.message, /products\[0\]\.id is missing/);
    sim.inject({ kind: 'status', path: 'auth', status: 200, body: '<html>proxy</html>', times: 1 });
    await rejectsWith(client.importProducts(), E.unexpectedResponse);
    assertEverySessionLoggedOut(sim);
  }));

test('settings: validated, defaulted, explained', () => {
  const ok = parseIikoServerSettings({
    protocol: 'https',
    address: '818-597-647.iiko.it',
    port: 443,
    login: 'kopilka',
    password: 'secret',
  });
  assert.equal(ok.timeoutMs, 30_000);
  assert.equal(ok.serverName, '');
  assert.equal(new IikoServerClient(ok).baseUrl, 'https://818-597-647.iiko.it:443/resto');
  const bad = (patch: Record<string, unknown>, field: string): void => {
    assert.throws(
      () => parseIikoServerSettings({ ...ok, ...patch }),
      (e: unknown) =>
        e instanceof Error && (e as { details?: { field?: string } }).details?.field === field,
    );
  };
  bad({ protocol: 'ftp' }, 'protocol');
  bad({ address: 'https://host/resto' }, 'address');
  bad({ port: 70000 }, 'port');
  bad({ login: ' ' }, 'login');
  bad({ password: '' }, 'password');
  bad({ timeoutMs: 10 }, 'timeoutMs');
  bad({ tlsCa: 'not a pem' }, 'tlsCa');
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
