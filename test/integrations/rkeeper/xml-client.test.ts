// Seed 002 against the simulated cash server: the connection check passes, and fails with the
// right reason for each thing an integrator can get wrong; dictionaries come by name, page by page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { RkXmlInterfaceClient, type XmlInterfaceSettings } from '../../../src/integrations/rkeeper/xml-interface/client.ts';
import { startCashServer, type CashServer } from '../../../src/integrations/rkeeper/simulator/cash-server.ts';
import { parseXmlText } from '../../../src/integrations/rkeeper/farcards/xml.ts';
import type { DomainError } from '../../../src/domain/errors.ts';

let server: CashServer;
let settings: XmlInterfaceSettings;
const PASSWORD = 's3cret-Пароль';

before(async () => {
  server = await startCashServer({ user: 'probonus', password: PASSWORD });
  settings = { kind: 'mid', host: server.host, port: server.port, user: 'probonus', password: PASSWORD, allowSelfSigned: true };
});
after(() => server.stop());

function client(over: Partial<XmlInterfaceSettings> = {}, timeoutMs = 3000): RkXmlInterfaceClient {
  return new RkXmlInterfaceClient({ ...settings, ...over }, { timeoutMs });
}

async function failure(c: RkXmlInterfaceClient): Promise<{ code: string; ru: string; en: string; json: string }> {
  const r = await c.checkConnection();
  assert.equal(r.ok, false);
  if (r.ok) return { code: '', ru: '', en: '', json: '' };
  return { code: r.error.code, ru: r.error.messageRu, en: r.error.message, json: JSON.stringify({ ...r.error, message: r.error.message }) };
}

test('check connection passes and reports the server version', async () => {
  const r = await client().checkConnection();
  assert.deepEqual(r.ok && [r.serverVersion, r.netName], ['7.6.5.92', 'MIDSERV']);
});

test('a wrong password is an auth failure, and the password is nowhere in the error', async () => {
  const f = await failure(client({ password: 'wrong-' + PASSWORD }));
  assert.equal(f.code, 'rkeeper.xml_interface.unauthorized');
  assert.match(f.ru, /пароль/);
  assert.ok(!f.json.includes(PASSWORD));
  const ok = await client().checkConnection();
  assert.ok(ok.ok && !JSON.stringify(client()).includes(PASSWORD));
});

test('a closed port is "refused"', async () => {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const f = await failure(client({ port }));
  assert.equal(f.code, 'rkeeper.xml_interface.refused');
  assert.match(f.en, /refused/);
});

test('a self-signed certificate is refused unless the integrator allows it', async () => {
  const f = await failure(client({ allowSelfSigned: false }));
  assert.equal(f.code, 'rkeeper.xml_interface.tls_untrusted');
  assert.match(f.ru, /самоподписанный/);
});

test('a plain-TCP port that is not TLS is a TLS failure', async () => {
  const sockets: net.Socket[] = [];
  const plain = net.createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
    s.end('HTTP/1.1 400 Bad Request\r\n\r\n');
  });
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  try {
    const f = await failure(client({ port: (plain.address() as AddressInfo).port }));
    assert.equal(f.code, 'rkeeper.xml_interface.tls_failed');
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => plain.close(() => r()));
  }
});

test('a server slower than the deadline is a timeout', async () => {
  server.setDelay(600);
  try {
    const started = Date.now();
    const f = await failure(client({}, 150));
    assert.equal(f.code, 'rkeeper.xml_interface.timeout');
    assert.ok(Date.now() - started < 550);
  } finally {
    server.setDelay(0);
  }
});

test('Status other than Ok comes back with r_keeper ErrorText', async () => {
  server.forceError({ status: 'Query Executing Error', errorText: 'UCSERR(2172): В данный момент закрывается общая смена', errorNumber: 2172 });
  try {
    const r = await client().checkConnection();
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'rkeeper.xml_interface.status');
    assert.match(r.error.messageRu, /Query Executing Error.*закрывается общая смена/);
    assert.equal(r.error.details?.['errorNumber'], '2172');
  } finally {
    server.forceError(null);
  }
});

test('bad settings are refused before any connection', async () => {
  assert.equal((await failure(client({ port: 0 }))).code, 'rkeeper.xml_interface.bad_settings');
  assert.equal((await failure(client({ host: ' ' }))).code, 'rkeeper.xml_interface.bad_settings');
});

test('discounts are listed by name, page by page, only active ones by default', async () => {
  const before = server.commands.length;
  const discounts = await client().getRefData('DISCOUNTS', { pageSize: 4 });
  assert.deepEqual(discounts.map((d) => d.name), [
    'Скидка 5% по карте', 'Скидка 10% по карте', 'Скидка именинника 15%', 'Счастливые часы 20%',
    'Скидка сотрудника 30%', 'Бонусная скидка Kopilka', 'Скидка на бизнес ланч', 'Скидка по купону', 'Банкетная скидка',
  ]);
  assert.deepEqual(server.commands.slice(before).map((c) => [c['Offset'], c['ItemCount']]), [['0', '4'], ['4', '4'], ['8', '4']]);
  assert.ok(discounts.every((d) => d.status === 'rsActive' && d.guid?.startsWith('{') && Number.isInteger(d.ident)));
  const all = await client().getRefData('DISCOUNTS', { onlyActive: false });
  assert.equal(all.length, 10);
});

test('every imported dictionary, including seed 000 menu, the deposit currency and the cash register', async () => {
  const c = client();
  const menu = await c.getRefData('MENUITEMS');
  assert.deepEqual(menu.filter((m) => [2470, 2469, 2476, 2460, 2466, 2447].includes(m.code ?? 0)).map((m) => [m.code, m.name]), [
    [2470, 'Запеченный ролл с курицей'], [2469, 'Запеченный ролл Нежный с лососем'], [2476, 'Запеченный ролл с угрем'],
    [2460, 'Ролл Бонито'], [2466, 'Горячая Филадельфия ролл'], [2447, 'Маки ролл с лососем и сливочным сыром'],
  ]);
  const categories = await c.getRefData('CATEGLIST');
  const rolls = categories.find((x) => x.name === 'Роллы');
  assert.ok(rolls && menu.some((m) => m.mainParentIdent === rolls.ident));
  assert.ok((await c.getRefData('CURRENCIES')).some((x) => x.name === 'Депозит'));
  assert.deepEqual((await c.getRefData('CASHES')).map((x) => [x.name, x.attrs['NetName']])[0], ['Касса r-keeper', 'CASH02']);
  assert.equal((await c.getRefData('RESTAURANTS'))[0]?.name, 'Тестовая');
});

test('a server that ignores paging still yields each item once', async () => {
  const lax = await startCashServer({ paging: false });
  try {
    const c = new RkXmlInterfaceClient({ kind: 'ref', host: lax.host, port: lax.port, user: 'xmluser', password: 'xmlpass', allowSelfSigned: true });
    const items = await c.getRefData('DISCOUNTS', { pageSize: 3 });
    assert.equal(items.length, 9);
    assert.equal(lax.commands.length, 1);
    const exact = await c.getRefData('DISCOUNTS', { pageSize: 9 });
    assert.equal(exact.length, 9);
  } finally {
    await lax.stop();
  }
});

test('each dictionary is asked for the properties the UCS schema examples give it: CategPath for the menu, NetName for cashes, no CurrencyType', async () => {
  const before = server.commands.length;
  const c = client();
  for (const ref of ['MENUITEMS', 'CASHES', 'CURRENCIES'] as const) await c.getRefData(ref);
  const masks = server.commands.slice(before).map((x) => [x['RefName'], x['PropMask']]);
  assert.deepEqual(masks, [
    ['MENUITEMS', 'items.(Ident,Code,Name,GUIDString,Status,MainParentIdent,CategPath)'],
    ['CASHES', 'items.(Ident,Code,Name,GUIDString,Status,MainParentIdent,NetName)'],
    ['CURRENCIES', 'items.(Ident,Code,Name,GUIDString,Status,MainParentIdent)'],
  ]);
  // The simulator writes only what the mask asks for, as the real server does.
  const menu = await c.getRefData('MENUITEMS');
  assert.ok(menu.some((m) => m.attrs['CategPath'] !== undefined) && menu.every((m) => m.attrs['PRICETYPES'] === undefined));
});

test('a schema-strict server refuses the paged probe; the import falls back to one unpaged request per dictionary', async () => {
  const strict = await startCashServer({ strict: true });
  try {
    const c = new RkXmlInterfaceClient({ kind: 'mid', host: strict.host, port: strict.port, user: 'xmluser', password: 'xmlpass', allowSelfSigned: true });
    const discounts = await c.getRefData('DISCOUNTS', { pageSize: 4 });
    assert.equal(discounts.length, 9);
    const menu = await c.getRefData('MENUITEMS', { pageSize: 4 });
    assert.ok(menu.some((m) => m.attrs['CategPath'] !== undefined));
    // One refused probe, then every request without Offset/ItemCount.
    assert.deepEqual(strict.commands.map((x) => [x['RefName'], x['Offset'] ?? '-']), [
      ['DISCOUNTS', '0'], ['DISCOUNTS', '-'], ['MENUITEMS', '-'],
    ]);
  } finally {
    await strict.stop();
  }
});

test('a refusal of the unpaged request too is the import\'s failure, with the server\'s reason', async () => {
  const strict = await startCashServer({ strict: true });
  try {
    const c = new RkXmlInterfaceClient({ kind: 'mid', host: strict.host, port: strict.port, user: 'xmluser', password: 'xmlpass', allowSelfSigned: true });
    strict.forceError({ status: 'Bad Query Parameters', errorText: 'Attribute Offset is not allowed' });
    await assert.rejects(c.getRefData('CASHES'), (e: DomainError) => e.code === 'rkeeper.xml_interface.status' && /Offset is not allowed/.test(e.message));
    assert.equal(strict.commands.length, 2, 'the probe and the unpaged request');
  } finally {
    await strict.stop();
  }
});

test('the simulator answers unknown commands and broken XML with r_keeper\'s Status strings', async () => {
  const raw = (body: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = https.request({
        host: server.host, port: server.port, method: 'POST', path: '/rk7api/v0/xmlinterface.xml', rejectUnauthorized: false,
        headers: { authorization: `Basic ${Buffer.from(`probonus:${PASSWORD}`).toString('base64')}` },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
      req.on('error', reject);
      req.end(body);
    });
  const status = (xml: string): string[] => {
    const root = parseXmlText(xml);
    return [root.attrs['Status'] ?? '', root.attrs['ErrorText'] ?? ''];
  };
  assert.deepEqual(status(await raw('<RK7Query><RK7CMD CMD="getsysteminfo"/></RK7Query>')), ['Bad Query Parameters', 'Unknown command getsysteminfo']);
  assert.deepEqual(status(await raw('')), ['Query Parse Error', 'Empty input XML']);
  assert.equal(status(await raw('<RK7Query><RK7CMD'))[0], 'Query Parse Error');
  assert.equal(status(await raw('<RK7Query><RK7CMD CMD="GetRefData" RefName="NOPE"/></RK7Query>'))[0], 'Query Executing Error');
});

test('a page size below one is a programming error', async () => {
  await assert.rejects(client().getRefData('DISCOUNTS', { pageSize: 0 }), RangeError);
});
