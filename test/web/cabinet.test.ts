/// <reference lib="dom" />
// The cabinet's screens in a real browser, as restaurant staff use them: the overview, the
// guest search and page with seed 000's check in the history, blocking a card, a balance
// adjustment whose refusal keeps what was typed — and what a read-only role does not get.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startCabinet, type Cabinet } from './harness.ts';

let c: Cabinet;
before(async () => {
  c = await startCabinet();
});
after(async () => c?.close());

async function openGuest(page: Page, query: string) {
  await page.getByRole('navigation').getByRole('link', { name: 'Гости' }).click();
  await page.getByLabel('Поиск гостя').fill(query);
  await page.getByRole('link', { name: 'Петров Иван' }).click();
  await page.getByRole('heading', { name: 'Петров Иван' }).waitFor();
}

/** The history table's body rows as arrays of cell texts. */
const historyRows = (page: Page) =>
  page
    .getByTestId('history')
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        Array.from(tr.querySelectorAll('td'), (td) =>
          (td as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
        ),
      ),
    );

test('Обзор: today, 30 days, charts per day and what the organization owes its guests', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner');
  await page.getByRole('heading', { name: 'Обзор' }).waitFor();
  // Seed 000's check today: one check of 2 350,00 ₽, paid from the deposit.
  const today = page.getByTestId('today');
  await today.getByText('2 350,00 ₽').first().waitFor();
  const figures = (await today.getByTestId('stat-value').allInnerTexts()).map((f) =>
    f.replace(/\s/g, ' '),
  );
  assert.deepEqual(figures.slice(0, 3), ['1', '2 350,00 ₽', '2 350,00 ₽']);
  // Three charts, each with its bars drawn for today.
  const charts = page.getByTestId('chart');
  assert.equal(await charts.count(), 3);
  await charts.first().locator('.recharts-bar-rectangle path').first().waitFor();
  // 5000.00 deposited, the 2350.00 check paid from it.
  await page.getByTestId('liabilities').getByText('2 650,00 ₽').waitFor();
  await c.shot(page, 'dashboard');
  await page.context().close();
});

test('Обзор on a phone: figures and charts fit the screen', async () => {
  const page = await c.newPage(390);
  await c.signIn(page, 'analyst');
  await page.getByTestId('chart').first().locator('.recharts-bar-rectangle path').first().waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling at 390 px (${width})`);
  await c.shot(page, 'dashboard-phone');
  await page.context().close();
});

test('find guest 100038 and see seed 000’s check as six per-item deposit debits', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner');
  await page.getByRole('navigation').getByRole('link', { name: 'Гости' }).click();
  await page.getByLabel('Поиск гостя').fill('100038');
  await page.getByRole('cell', { name: '100038' }).waitFor();
  await c.shot(page, 'guests');
  await page.getByRole('link', { name: 'Петров Иван' }).click();
  await page.getByRole('heading', { name: 'Петров Иван' }).waitFor();
  await page.getByTestId('history').getByText('Маки ролл с лососем и сливочным сыром').waitFor();
  const debits = (await historyRows(page)).filter((r) => r[0] === 'О');
  assert.deepEqual(
    debits.map((r) => [r[2], r[3], r[4], r[6], r[9]]),
    [
      [
        'Депозит',
        '−210,00 ₽',
        'Маки ролл с лососем и сливочным сыром',
        'Касса r-keeper',
        '61366822',
      ],
      ['Депозит', '−650,00 ₽', 'Горячая Филадельфия ролл', 'Касса r-keeper', '61366822'],
      ['Депозит', '−410,00 ₽', 'Ролл Бонито', 'Касса r-keeper', '61366822'],
      ['Депозит', '−430,00 ₽', 'Запеченный ролл с угрем', 'Касса r-keeper', '61366822'],
      ['Депозит', '−360,00 ₽', 'Запеченный ролл Нежный с лососем', 'Касса r-keeper', '61366822'],
      ['Депозит', '−290,00 ₽', 'Запеченный ролл с курицей', 'Касса r-keeper', '61366822'],
    ],
  );
  // Dates in the restaurant's zone (Moscow), as dd.mm.yyyy, hh:mm.
  assert.match(debits[0]![1]!, /^\d\d\.\d\d\.\d{4}, \d\d:\d\d$/);
  await c.shot(page, 'guest');
  await page.context().close();
});

test('a balance adjustment needs a reason; a refused one keeps what was typed', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'manager');
  await openGuest(page, 'Петров');
  const deposit = page.getByRole('row', { name: /Депозит/ }).first();
  await deposit.getByRole('button', { name: 'Корректировка' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await dialog.getByText('Обязательное поле').waitFor();
  // Beyond what one operation may move: refused at the field, in roubles, without the API's key.
  await dialog.getByLabel(/^Сумма/).fill('99999999999');
  await dialog.getByLabel(/^Причина/).fill('Проверка');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  const amount = dialog.getByLabel(/^Сумма/);
  await dialog.getByText(/^Не больше 1\s000\s000\s000,00\s₽ по модулю$/).waitFor();
  assert.doesNotMatch(await dialog.innerText(), /amount|100000000000/);
  assert.equal(await amount.inputValue(), '99999999999');
  assert.equal(await dialog.getByLabel(/^Причина/).inputValue(), 'Проверка');
  await c.shot(page, 'guest-adjust-refused', true);
  await amount.fill('150,50');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('cell', { name: '2 800,50 ₽' }).first().waitFor();
  const rows = await historyRows(page);
  assert.ok(
    rows.some((r) => r[3] === '150,50 ₽'),
    JSON.stringify(rows.slice(0, 2)),
  );
  await page.context().close();
});

test('block a card with a reason, then unblock it', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'support');
  await openGuest(page, '61366822');
  const card = page.getByRole('row', { name: /100038/ });
  await card.getByRole('button', { name: 'Заблокировать' }).click();
  await page
    .getByRole('dialog')
    .getByLabel(/^Причина блокировки/)
    .fill('Утеряна');
  await page.getByRole('dialog').getByRole('button', { name: 'Заблокировать' }).click();
  await card.getByText('Заблокирована').waitFor();
  await card.getByText('Утеряна').waitFor();
  await card.getByRole('button', { name: 'Разблокировать' }).click();
  await card.getByText('Активна').waitFor();
  await page.context().close();
});

test('an analyst reads the guest but may not change it', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'analyst');
  await openGuest(page, 'Петров');
  await page.getByTestId('history').getByText('Ролл Бонито').waitFor();
  for (const name of ['Корректировка', 'Заблокировать', 'Сохранить']) {
    assert.equal(await page.getByRole('button', { name }).count(), 0, name);
  }
  assert.equal(await page.getByLabel('Фамилия').getAttribute('readonly'), '');
  await page.context().close();
});

test('the guest page fits a phone', async () => {
  const page = await c.newPage(390);
  await c.signIn(page, 'owner', '/guests/1');
  await page.getByRole('heading', { name: 'Петров Иван' }).waitFor();
  await page.getByTestId('history').getByText('Ролл Бонито').waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling of the page at 390 px (${width})`);
  await c.shot(page, 'guest-phone');
  await page.context().close();
});
