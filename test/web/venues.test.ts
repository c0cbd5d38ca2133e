/// <reference lib="dom" />
// Заведения и кассы in a real browser: a new till's key shown once (and working at the till),
// a new key and a revoked till; the FarCards address issued and ExtDllHttp.ini downloaded and
// read; «Проверить подключение» saying plainly why the XML interface is unreachable; the
// venue card keeping what was typed with the server's message at the field; what each role
// may do here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startCabinet, type Cabinet } from './harness.ts';

let c: Cabinet;
before(async () => {
  c = await startCabinet();
});
after(async () => c?.close());

/** Whether the till's key opens the POS API. */
async function keyWorks(key: string): Promise<boolean> {
  const r = await fetch(`${c.base}/api/pos/v1/identify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ number: '100038' }),
  });
  return r.status !== 401;
}

const shownKey = (page: Page) => page.getByRole('dialog').getByTestId('secret').innerText();

test('a new till’s key is shown once and works; a new key replaces it; a revoked till stops', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'integrator', '/venues/terminals');
  await page.getByRole('button', { name: 'Добавить кассу' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Название кассы/).fill('Бар');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await dialog.getByText('Ключ показан один раз').waitFor();
  const key = await shownKey(page);
  assert.match(key, /^kp_\d+_\d+_[\w-]{20,}$/);
  assert.ok(await keyWorks(key), 'the key shown opens the POS API');
  await dialog.getByRole('button', { name: 'Копировать' }).waitFor();
  await c.shot(page, 'venues-terminal-key', true);
  await dialog.getByRole('button', { name: 'Ключ сохранён, закрыть' }).click();

  // In the list: the last four characters only; the key is nowhere on the page, nor after a reload.
  const row = page.getByTestId('terminals').getByRole('row', { name: /Бар/ });
  await row.getByText(`…${key.slice(-4)}`).waitFor();
  assert.ok(!(await page.content()).includes(key));
  await page.reload();
  await row.waitFor();
  assert.ok(!(await page.content()).includes(key));
  await c.shot(page, 'venues-terminals');

  await row.getByRole('button', { name: 'Новый ключ' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Новый ключ' }).click();
  await page.getByRole('dialog').getByText('Ключ показан один раз').waitFor();
  const second = await shownKey(page);
  assert.notEqual(second, key);
  assert.equal(await keyWorks(key), false, 'the old key stops at once');
  assert.ok(await keyWorks(second));
  await page.getByRole('button', { name: 'Ключ сохранён, закрыть' }).click();

  await row.getByRole('button', { name: 'Отозвать' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Отозвать' }).click();
  await row.getByText('Отозвана').waitFor();
  assert.equal(await keyWorks(second), false, 'a revoked till cannot sign in');
  await page.context().close();
});

test('the FarCards address is issued and ExtDllHttp.ini downloaded with the address in it', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/venues/rkeeper');
  const farcards = page.getByTestId('farcards');
  await farcards.getByText('Адрес ещё не выдан.').waitFor();
  await farcards.getByRole('button', { name: 'Выдать адрес и ExtDllHttp.ini' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    farcards.getByRole('button', { name: 'Скачать ExtDllHttp.ini' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'ExtDllHttp.ini');
  const ini = readFileSync(await download.path(), 'utf8');
  const lines = ini.split('\r\n');
  assert.ok(lines.includes('[Server]'));
  assert.ok(lines.includes(`Address=${c.base}`), ini);
  const info = lines.find((l) => l.startsWith('GetCardInfoEx='));
  assert.match(info ?? '', /^GetCardInfoEx=rk\/rk_\d+_\d+_[\w-]+\/getcardinfoex$/);
  assert.match(ini, /Суши-бар «Тестовая»/);
  // The address in the file answers FarCards at the cash server's address.
  const path = info!.slice('GetCardInfoEx='.length);
  const answer = await fetch(`${c.base}/${path}`, { method: 'POST', body: '' });
  assert.notEqual(answer.status, 404);
  await farcards.getByText(/Адрес выдан, секрет оканчивается на/).waitFor();
  await c.shot(page, 'venues-rkeeper');

  // After a reload the file is gone; only its last characters are said.
  await page.reload();
  await farcards.getByText(/Адрес выдан/).waitFor();
  assert.equal(await farcards.getByTestId('ini').count(), 0);
  await page.context().close();
});

test('«Проверить подключение» tells the owner plainly why the XML interface is unreachable', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/venues/rkeeper');
  const xml = page.getByTestId('xml-interface');
  await xml.getByLabel(/^Адрес \(хост\)/).fill('127.0.0.1');
  await xml.getByLabel(/^Порт/).fill('1');
  await xml.getByLabel(/^Пользователь/).fill('kopilka');
  await xml.getByLabel(/^Пароль/).fill('secret-password');
  await xml.getByRole('button', { name: 'Сохранить' }).click();
  await xml.getByRole('button', { name: 'Проверить подключение' }).click();
  const result = xml.getByTestId('connection-result');
  await result.waitFor();
  const text = await result.innerText();
  assert.match(text, /Не удалось подключиться/);
  assert.match(text, /127\.0\.0\.1/); // the owner is told where it tried, and why
  await page.evaluate(() => window.scrollTo(0, 0));
  await c.shot(page, 'venues-xml-check');
  await page.context().close();
});

test('the venue card keeps what was typed and shows the server’s message at the field', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'manager', '/venues');
  await page.getByTestId('venue-code').waitFor();
  await page.getByLabel(/^Город/).fill('Москва');
  await page.getByLabel(/^Широта/).fill('100');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  const latitude = page.getByLabel(/^Широта/);
  // The server's message under the field, without the API's name for it.
  await page.getByText('Не больше 90', { exact: true }).waitFor();
  assert.equal(await latitude.getAttribute('aria-invalid'), 'true');
  assert.equal(await latitude.inputValue(), '100');
  assert.equal(await page.getByLabel(/^Город/).inputValue(), 'Москва');
  await page.evaluate(() => window.scrollTo(0, 0));
  await c.shot(page, 'venues-card-refused');
  await latitude.fill('55,7558');
  await page.getByLabel(/^Средний чек/).fill('1500');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByText('Сохранено').waitFor();
  await page.reload();
  await page.getByTestId('venue-code').waitFor();
  assert.equal(await page.getByLabel(/^Город/).inputValue(), 'Москва');
  assert.equal((await page.getByLabel(/^Средний чек/).inputValue()).replace(/\s/g, ' '), '1 500 ₽');
  await c.shot(page, 'venues-card');
  await page.context().close();
});

test('roles: a marketer reads the card only; a manager sees tills without changing them', async () => {
  const marketer = await c.newPage();
  await c.signIn(marketer, 'marketer', '/venues');
  await marketer.getByTestId('venue-code').waitFor();
  assert.deepEqual(await marketer.getByRole('tab').allInnerTexts(), [
    'Карточка заведения',
    'Часы работы',
    'Чаевые',
  ]);
  assert.equal(await marketer.getByRole('button', { name: 'Сохранить' }).count(), 0);
  assert.equal(await marketer.getByLabel(/^Город/).getAttribute('readonly'), '');
  await marketer.context().close();

  const manager = await c.newPage(390);
  await c.signIn(manager, 'manager', '/venues/terminals');
  await manager.getByTestId('terminals').getByText('Касса r-keeper').first().waitFor();
  assert.equal(await manager.getByRole('button', { name: 'Добавить кассу' }).count(), 0);
  assert.equal(await manager.getByRole('button', { name: 'Отозвать' }).count(), 0);
  await c.shot(manager, 'venues-phone');
  await manager.context().close();
});

test('iiko: the failed check in plain words, and the deposit payment type refused with the rule', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/venues/iiko');
  const server = page.getByTestId('iiko-server');
  await server.getByRole('button', { name: 'Проверить подключение' }).click();
  const result = server.getByTestId('connection-result');
  await result.waitFor();
  assert.match(await result.innerText(), /Не удалось подключиться[\s\S]*отклонил подключение/);

  const table = page.getByTestId('deposit-payment-types');
  const rows = table.getByTestId('combination');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 6);
  // A mixed deposit fiscalized in advance: no choice, the rule said instead.
  const mixedAdvance = rows.filter({ hasText: 'Смешанная' }).filter({ hasText: 'Авансом' });
  assert.match(
    await mixedAdvance.innerText(),
    /Смешанную схему депозита нельзя фискализировать авансом/,
  );
  assert.equal(await mixedAdvance.getByRole('combobox').count(), 0);

  // A credit deposit paid with a fiscal type is refused; the choice stays, the reason beside it.
  const creditAdvance = rows.filter({ hasText: 'Кредитная' }).filter({ hasText: 'Авансом' });
  const select = creditAdvance.getByRole('combobox');
  await select.click();
  await page.getByRole('option', { name: /^Предоплата Kopilka — фискальный/ }).click();
  await creditAdvance.getByRole('button', { name: 'Сохранить' }).click();
  await creditAdvance
    .getByText(/нефискальн/i)
    .last()
    .waitFor();
  assert.match(await select.inputValue(), /^Предоплата Kopilka/);
  assert.equal(await select.getAttribute('aria-invalid'), 'true');
  await page.evaluate(() => window.scrollTo(0, 0));
  await c.shot(page, 'venues-iiko');
  await page.context().close();
});
