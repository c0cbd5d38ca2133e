/// <reference lib="dom" />
// The venue's service settings in Заведения и кассы, in a real browser: e-tips (the service, the
// venue's and a waiter's recipient, the link and QR code the receipt carries, removal), each
// saved and seen again after a reload, a refused value kept with the server's message under its
// field, and a role without the permission reading without a Save.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startCabinet, type Cabinet } from './harness.ts';

let c: Cabinet;
before(async () => {
  c = await startCabinet();
});
after(async () => c?.close());

const field = (page: Page, label: RegExp) => page.getByLabel(label);
/** The message Mantine shows under an input (its aria-describedby error). */
async function errorUnder(page: Page, label: RegExp): Promise<string> {
  const input = field(page, label);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  const ids = (await input.getAttribute('aria-describedby')) ?? '';
  const error = ids.split(' ').find((id) => id.endsWith('-error'));
  assert.ok(error, `no error under ${label}`);
  return page.locator(`[id="${error}"]`).innerText();
}

test('e-tips: a refused template keeps what was typed with the reasons under the fields', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'marketer', '/venues/etips');
  await page.getByText('Для этого заведения электронные чаевые ещё не настроены.').waitFor();
  await field(page, /^Название сервиса/).fill('CloudTips');
  await field(page, /^Шаблон ссылки/).fill('http://tips.example/p/');
  await field(page, /^Получатель заведения/).fill('команда 1');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  assert.match(await errorUnder(page, /^Шаблон ссылки/), /\{recipient\}/);
  assert.match(await errorUnder(page, /^Получатель заведения/), /латинских букв/);
  assert.equal(await field(page, /^Шаблон ссылки/).inputValue(), 'http://tips.example/p/');
  assert.equal(await field(page, /^Получатель заведения/).inputValue(), 'команда 1');
  await c.shot(page, 'venues-etips-refused');
  await page.context().close();
});

test('e-tips: saved, seen after a reload with the receipt lines and QR code; a waiter’s own link', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'marketer', '/venues/etips');
  await field(page, /^Название сервиса/).fill('CloudTips');
  await field(page, /^Шаблон ссылки/).fill('https://pay.cloudtips.ru/p/{recipient}');
  await field(page, /^Получатель заведения/).fill('team-sushi');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByText('Сохранено').waitFor();

  await page.reload();
  const preview = page.getByTestId('tips-preview');
  await preview.waitFor();
  assert.equal(await field(page, /^Получатель заведения/).inputValue(), 'team-sushi');
  assert.equal(
    await preview.getByTestId('receipt-lines').innerText(),
    'Чаевые (CloudTips):\nhttps://pay.cloudtips.ru/p/team-sushi',
  );
  await preview.getByTestId('qr').locator('svg').waitFor();

  await page.getByRole('button', { name: 'Добавить официанта' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Официант/).fill('Иванова Анна');
  await dialog.getByLabel(/^Получатель официанта/).fill('anna.7');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  const row = page.getByTestId('tips-waiters').getByRole('row', { name: /Иванова Анна/ });
  await row.getByText('https://pay.cloudtips.ru/p/anna.7').waitFor();
  await row.getByRole('button', { name: 'Показать QR' }).click();
  await preview.getByText('https://pay.cloudtips.ru/p/anna.7', { exact: true }).waitFor();
  assert.match(await preview.getByTestId('receipt-lines').innerText(), /p\/anna\.7$/);
  await c.shot(page, 'venues-etips');

  // The same tab on a phone: one column, the waiters' table scrolls inside its card.
  const phone = await c.newPage(390);
  await c.signIn(phone, 'marketer', '/venues/etips');
  await phone.getByTestId('tips-waiters').waitFor();
  await c.shot(phone, 'venues-etips-phone');
  await phone.context().close();

  await row.getByRole('button', { name: 'Удалить' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Удалить' }).click();
  await page.getByText('У официантов своих получателей нет', { exact: false }).waitFor();
  await page.context().close();
});

test('e-tips: an analyst reads them without Save; the venue’s e-tips removed stay removed', async () => {
  const analyst = await c.newPage();
  await c.signIn(analyst, 'analyst', '/venues/etips');
  await analyst.getByTestId('tips-preview').waitFor();
  assert.equal(await field(analyst, /^Получатель заведения/).getAttribute('readonly'), '');
  assert.equal(await analyst.getByRole('button', { name: 'Сохранить' }).count(), 0);
  assert.equal(await analyst.getByRole('button', { name: 'Добавить официанта' }).count(), 0);
  assert.equal(await analyst.getByRole('button', { name: /Удалить/ }).count(), 0);
  await analyst.context().close();

  const owner = await c.newPage();
  await c.signIn(owner, 'owner', '/venues/etips');
  await owner.getByRole('button', { name: 'Удалить чаевые заведения' }).click();
  await owner.getByRole('dialog').getByRole('button', { name: 'Удалить' }).click();
  await owner.getByText('Для этого заведения электронные чаевые ещё не настроены.').waitFor();
  await owner.reload();
  await owner.getByText('Для этого заведения электронные чаевые ещё не настроены.').waitFor();
  assert.equal(await field(owner, /^Получатель заведения/).inputValue(), '');
  await owner.context().close();
});

test('opening hours: an overlap refused under its interval with what was typed kept; saved and seen after a reload', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'manager', '/venues/hours');
  await page.getByTestId('opening-hours').waitFor();
  await page.getByText('Europe/Moscow', { exact: false }).first().waitFor();
  const add = (day: string) =>
    page.getByRole('button', { name: `${day}: добавить интервал` }).click();
  const time = (day: string, n: number, bound: 'открытие' | 'закрытие') =>
    field(page, new RegExp(`^${day}, интервал ${n}: ${bound}`));
  await add('Понедельник');
  await time('Понедельник', 1, 'открытие').fill('9:00');
  await time('Понедельник', 1, 'закрытие').fill('15:00');
  await add('Понедельник');
  await time('Понедельник', 2, 'открытие').fill('15:00');
  await time('Понедельник', 2, 'закрытие').fill('23:00');
  await page.getByRole('button', { name: 'Как в понедельник — на все дни' }).click();
  await time('Суббота', 2, 'закрытие').fill('02:00');
  await page.getByTestId('opening-hours').getByText('до утра следующего дня').waitFor();
  await page.getByRole('button', { name: 'Воскресенье: убрать интервал 2' }).click();
  await time('Вторник', 2, 'открытие').fill('14:00');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  assert.match(
    await errorUnder(page, /^Вторник, интервал 2: открытие/),
    /^Пересекается с интервалом 09:00–15:00 того же дня/,
  );
  assert.equal(await time('Вторник', 2, 'открытие').inputValue(), '14:00');
  assert.equal(await time('Понедельник', 1, 'открытие').inputValue(), '09:00');
  await c.shot(page, 'venues-hours-refused');

  await time('Вторник', 2, 'открытие').fill('15:00');
  await time('Среда', 1, 'закрытие').fill('25:00');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  assert.match(await errorUnder(page, /^Среда, интервал 1: закрытие/), /Время как 09:00/);
  await time('Среда', 1, 'закрытие').fill('15:00');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByText('Сохранено').waitFor();

  await page.reload();
  await page.getByTestId('opening-hours').waitFor();
  assert.equal(await time('Понедельник', 1, 'открытие').inputValue(), '09:00');
  assert.equal(await time('Суббота', 2, 'закрытие').inputValue(), '02:00');
  assert.equal(await time('Вторник', 2, 'открытие').inputValue(), '15:00');
  assert.equal(
    await page.getByRole('button', { name: 'Воскресенье: убрать интервал 2' }).count(),
    0,
  );
  await c.shot(page, 'venues-hours');
  await page.context().close();

  // A marketer reads the hours: the same week, nothing to change.
  const phone = await c.newPage(390);
  await c.signIn(phone, 'marketer', '/venues/hours');
  await phone.getByTestId('opening-hours').waitFor();
  const monday = phone.getByLabel(/^Понедельник, интервал 1: открытие/);
  assert.equal(await monday.inputValue(), '09:00');
  assert.equal(await monday.getAttribute('readonly'), '');
  assert.equal(await phone.getByRole('button', { name: 'Сохранить' }).count(), 0);
  assert.equal(await phone.getByRole('button', { name: /добавить интервал/ }).count(), 0);
  await c.shot(phone, 'venues-hours-phone');
  await phone.context().close();
});

test('soft-offline limits: a refused age under its field; saved and seen after a reload; a manager reads them', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/venues/rkeeper');
  const farcards = page.getByTestId('farcards');
  await farcards.getByRole('button', { name: 'Выдать адрес и ExtDllHttp.ini' }).click();
  const limits = page.getByTestId('offline-limits');
  await limits.waitFor();
  const age = limits.getByLabel(/^Чек не старше/);
  assert.equal(await age.inputValue(), '72 ч', 'the limit an address starts with');
  await age.fill('9000');
  await limits.getByLabel(/^Оплата одной картой в чеке/).fill('5000');
  await limits.getByRole('button', { name: 'Сохранить' }).click();
  assert.match(await errorUnder(page, /^Чек не старше/), /8784/);
  assert.equal(await age.inputValue(), '9000 ч');
  await c.shot(page, 'venues-offline-refused');

  await age.fill('48');
  await limits.getByRole('button', { name: 'Сохранить' }).click();
  await limits.getByText('Сохранено').waitFor();
  await page.reload();
  await limits.waitFor();
  assert.equal(await age.inputValue(), '48 ч');
  assert.equal(
    (await limits.getByLabel(/^Оплата одной картой в чеке/).inputValue()).replace(/\s/g, ' '),
    '5 000 ₽',
  );
  assert.equal(await limits.getByLabel(/^Оплаты одной картой за день/).inputValue(), '');
  await c.shot(page, 'venues-offline');
  await page.context().close();

  const manager = await c.newPage(390);
  await c.signIn(manager, 'manager', '/venues/rkeeper');
  const read = manager.getByTestId('offline-limits');
  await read.waitFor();
  assert.equal(await read.getByLabel(/^Чек не старше/).inputValue(), '48 ч');
  assert.equal(await read.getByLabel(/^Чек не старше/).getAttribute('readonly'), '');
  assert.equal(await read.getByRole('button', { name: 'Сохранить' }).count(), 0);
  await c.shot(manager, 'venues-offline-phone');
  await manager.context().close();
});
