// ExtDllHttp.ini in both forms against a real HTTP server and a simulated till that either keeps
// the path of Address or drops it (a DLL that keeps only scheme://host:port — UCS's description
// shows nothing more). The default form carries the restaurant's secret in the function values,
// so it reaches the restaurant either way; the Address-path form needs a DLL that keeps the path.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { extDllHttpIni, type IniForm } from '../../../src/integrations/rkeeper/farcards/endpoints.ts';
import { createUser } from '../../../src/app/admin/users.ts';
import { FakeTill, readExtDllHttpIni } from '../../../src/integrations/rkeeper/simulator/till.ts';
import {
  SEED_000_CARD,
  SEED_000_STATION,
  seed000Order,
} from '../../../src/integrations/rkeeper/simulator/dictionaries.ts';
import { testDatabase, type TestDatabase } from '../../support/db.ts';
import { depositBalance, farCardsSetup } from './helpers.ts';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof farCardsSetup>>;
let base: string;
before(async () => {
  t = await testDatabase();
  s = await farCardsSetup(t);
  await s.server.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(s.server.app.server.address() as AddressInfo).port}`;
});
after(async () => {
  await s.server.app.close();
  await t.close();
});

const till = (form: IniForm, keepsAddressPath: boolean, url = base) =>
  FakeTill.fromIni(extDllHttpIni(url, s.key, 'Тестовая', form), {
    restaurant: 9999,
    station: SEED_000_STATION,
    keepsAddressPath,
    timeoutMs: 20_000,
    retries: 0,
  });

test('the default form: Address is scheme://host:port, each function value carries the restaurant', () => {
  const ini = extDllHttpIni('https://kopilka.example.ru/', 'rk_1_2_S', 'Тестовая');
  assert.match(ini, /\r\nAddress=https:\/\/kopilka\.example\.ru\r\n/);
  assert.match(ini, /\r\nGetCardInfoEx=rk\/rk_1_2_S\/getcardinfoex\r\n/);
  assert.match(ini, /\r\nLicenseInfo=rk\/rk_1_2_S\/licenseinfo\r\n/);
  const address = extDllHttpIni('https://kopilka.example.ru', 'rk_1_2_S', 'Тестовая', 'address');
  assert.match(
    address,
    /\r\nAddress=https:\/\/kopilka\.example\.ru\/rk\/rk_1_2_S\r\nGetCardInfoEx=getcardinfoex\r\n/,
  );
  // Published under a path prefix: the prefix travels with the restaurant's path.
  assert.deepEqual(
    readExtDllHttpIni(extDllHttpIni('https://k.example:8443/kopilka', 'rk_1_2_S', 'R')).methods
      ?.transactionsex,
    'kopilka/rk/rk_1_2_S/transactionsex',
  );
  assert.throws(() => extDllHttpIni('ftp://k.example', 'rk_1_2_S', 'R'), /https:\/\/host/);
});

for (const [form, keeps, reaches] of [
  ['method', true, true],
  ['method', false, true],
  ['address', true, true],
  ['address', false, false],
] as const) {
  test(`${form} form, a DLL that ${keeps ? 'keeps' : 'drops'} the Address path: ${reaches ? 'reaches the restaurant' : 'reaches nothing'}`, async () => {
    const tl = till(form, keeps);
    const info = await tl.getCardInfo(SEED_000_CARD.code);
    if (!reaches) {
      assert.equal(info.status, 404, 'the secret was in the dropped path');
      assert.equal(new URL(tl.urlOf('getcardinfoex')).pathname, '/getcardinfoex');
      return;
    }
    assert.ok(info.reply.ok && info.reply.value.result === 0, JSON.stringify(info.reply));
    assert.equal(new URL(tl.urlOf('getcardinfoex')).pathname, `/rk/${s.key}/getcardinfoex`);
  });
}

test('a whole sale and its rollback through the default form with a DLL that drops the path', async () => {
  const tl = till('method', false);
  const before = await depositBalance(t, s.guest);
  const order = {
    ...seed000Order(),
    checkNum: 777001,
    orderGuid: '{C0000000-0000-4000-8000-000000777001}',
  };
  const sale = await tl.sale(SEED_000_CARD.code, order, SEED_000_CARD.uid);
  assert.ok(sale.reply.ok && sale.reply.value.result === 0, JSON.stringify(sale.reply));
  assert.equal(await depositBalance(t, s.guest), before - 235_000);
  const back = await tl.saleRollback(SEED_000_CARD.code, order, SEED_000_CARD.uid);
  assert.ok(back.reply.ok && back.reply.value.result === 0);
  assert.equal(await depositBalance(t, s.guest), before);
  const lic = await tl.licenseInfo('Лицензия истекает');
  assert.ok(lic.reply.ok && lic.reply.value.result === 0);
});

test('the admin API hands out either form; the default is the function-path form', async () => {
  const org = s.org;
  await createUser(s.server.ctx, org.actor, {
    email: 'ini@example.ru',
    name: 'ini',
    role: 'integrator',
    password: 'correct horse battery',
  });
  const login = await s.server.app.inject({
    method: 'POST',
    url: '/api/admin/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email: 'ini@example.ru', password: 'correct horse battery' }),
  });
  const token = JSON.parse(login.body).token as string;
  const issue = async (query: string) => {
    const r = await s.server.app.inject({
      method: 'POST',
      url: `/api/admin/v1/rkeeper/restaurants/${org.restaurantId}/farcards${query}`,
      headers: { authorization: `Bearer ${token}`, host: 'kopilka.example.ru' },
    });
    return { status: r.statusCode, body: JSON.parse(r.body) };
  };
  const byDefault = await issue('?rotate=1');
  assert.equal(byDefault.status, 200);
  assert.match(
    byDefault.body.ini,
    /\r\nAddress=http:\/\/kopilka\.example\.ru\r\nGetCardInfoEx=rk\/rk_\d+_\d+_[\w-]{43}\/getcardinfoex\r\n/,
  );
  const address = await issue('?rotate=1&ini_form=address');
  assert.match(
    address.body.ini,
    /\r\nAddress=http:\/\/kopilka\.example\.ru\/rk\/rk_\d+_\d+_[\w-]{43}\r\nGetCardInfoEx=getcardinfoex\r\n/,
  );
  assert.equal((await issue('?rotate=1&ini_form=path')).status, 400);
  // The issued ini works: its key is the live one.
  const key = readExtDllHttpIni(address.body.ini).baseUrl.split('/').pop() ?? '';
  assert.equal(
    (await s.post('getcardinfoex', s.till.cardInfoBody(SEED_000_CARD.code), key)).root?.children[0]
      ?.attrs['Result'],
    '0',
  );
});
