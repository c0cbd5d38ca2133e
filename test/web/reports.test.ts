/// <reference lib="dom" />
// Отчёты in a real browser: seed 000's check in the detailed sales as the seed lays it out,
// the same six rows in the XLSX the «Скачать XLSX» button saves (opened and read here), demand
// charts by hour and weekday, guest spend with its RFM segment, liabilities at a date — and
// a role without reports does not get the section.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { startCabinet, type Cabinet } from './harness.ts';
import { SEED_LINES } from '../support/fixtures.ts';

let c: Cabinet;
before(async () => {
  c = await startCabinet();
});
after(async () => c?.close());

const rub = (kopecks: number) => kopecks / 100;

test('detailed sales shows seed 000’s check, and its XLSX holds the same six rows', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/reports');
  const sale = page.getByTestId('sale');
  await sale.first().waitFor();
  assert.match(await sale.first().innerText(), /Продажа 2226634\s+100038/);
  const lines = await page.getByTestId('sale-line').allInnerTexts();
  assert.deepEqual(
    lines.map((l) => l.split('\t')[0]?.trim()),
    SEED_LINES.map((l) => l.item_name),
  );
  await page.getByText('Депозит (счет): 290; 61366822').waitFor();
  await c.shot(page, 'reports-sales');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать XLSX' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^sales-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const file = join(mkdtempSync(join(tmpdir(), 'kopilka-xlsx-')), download.suggestedFilename());
  await download.saveAs(file);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  const at = rows.findIndex((r) => r[0] === 'Продажа 2226634');
  assert.ok(at >= 0, 'the sale row is in the file');
  assert.equal(rows[at]![1], '100038');
  // Each item, then its payment row: six items with their prices and one unit each.
  const items = rows.slice(at + 1).filter((r) => SEED_LINES.some((l) => l.item_name === r[0]));
  assert.deepEqual(
    items.map((r) => [r[0], r[2], r[3], r[4]]),
    SEED_LINES.map((l) => [l.item_name, rub(l.price), rub(l.price), 1]),
  );
  assert.ok(rows.some((r) => r[0] === 'Депозит (счет): 290; 61366822'));
  await page.context().close();
});

test('demand by hour and weekday, guest spend with segments, liabilities at a date', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'analyst', '/reports/demand');
  await page.getByTestId('chart-hour').locator('.recharts-bar-rectangle path').first().waitFor();
  await page.getByTestId('chart-weekday').locator('.recharts-bar-rectangle path').first().waitFor();
  const demand = page.getByTestId('demand');
  await demand.getByRole('cell', { name: 'Горячая Филадельфия ролл' }).waitFor();
  await demand.getByRole('cell', { name: '650,00 ₽' }).first().waitFor();
  await page.mouse.move(0, 0); // no tooltip left over the charts
  await c.shot(page, 'reports-demand');

  await page.getByRole('tab', { name: 'Траты гостей' }).click();
  const row = page.getByTestId('guest-spend').getByRole('row', { name: /Петров Иван/ });
  await row.waitFor();
  // One visit of 2 350,00 ₽ today: R 3, F 1, M 1 — a new guest (the badge is upper case).
  const text = (await row.innerText()).replace(/\s+/g, ' ').toLowerCase();
  assert.match(text, /^петров иван 100038 1 2 350,00 ₽ 2 350,00 ₽ .* 0 311 новые$/);
  await c.shot(page, 'reports-guests');

  await page.getByRole('tab', { name: 'Обязательства' }).click();
  // The demo's deposits: 5 000,00 + 10 000,00 ₽ topped up, seed 000's check paid from one.
  await page.getByTestId('liability').getByRole('cell', { name: '12 650,00 ₽' }).first().waitFor();
  await c.shot(page, 'reports-liability');
  await page.context().close();
});

test('a role without reports has no Отчёты; on a phone the sales report fits the screen', async () => {
  const integrator = await c.newPage();
  await c.signIn(integrator, 'integrator');
  const nav = integrator.getByRole('navigation');
  await nav.getByRole('link').first().waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Отчёты' }).count(), 0);
  await integrator.goto(`${c.base}/reports`);
  await integrator.getByText('Вашей роли этот раздел недоступен').waitFor();
  await integrator.context().close();

  const phone = await c.newPage(390);
  await c.signIn(phone, 'marketer', '/reports');
  await phone.getByTestId('sale').first().waitFor();
  const overflow = await phone.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await c.shot(phone, 'reports-phone');
  await phone.context().close();
});
