// Seed 000's «Детальный по продажам» reproduced from the seed's own check, closed through the
// POS API: the same sale, lines, prices, units and payment lines, in JSON, CSV and XLSX.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg, manualClock, SEED_LINES, testServer, type OrgFixture } from '../support/fixtures.ts';
import { csvRows, json, report, signIn, xlsxRows } from './helpers.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;
let token: string;

before(async () => {
  t = await testDatabase();
  // 11:22:00 in Moscow on 4 March 2024, when the seed's sale was closed.
  server = await testServer(t.db, manualClock(new Date('2024-03-04T08:22:00Z')));
  org = await makeOrg(server.ctx, { name: 'Тестовая' });
  await makeGuest(server.ctx, org, { number: '100038', uid: '61366822', funds: 500_000 });
  const closed = await server.call('POST', '/orders/close', org.key, {
    order_id: '2226634',
    check_number: '2226634',
    card: { uid: '61366822' },
    lines: SEED_LINES,
    payments: [{ kind: 'deposit', amount: 235000 }],
  });
  assert.equal(closed.status, 201, JSON.stringify(closed.body));
  token = await signIn(server.app, server.ctx, org);
});
after(async () => {
  await server.app.close();
  await t.close();
});

const SEED_TABLE = [
  ['Детальный по продажам'],
  ['С 04.03.2024 0:00:00'],
  ['По 04.03.2024 23:00:00'],
  ['Тестовая'],
  ['Касса r-keeper'],
  ['Товар/услуга', 'Карта', 'Базовая цена', 'Цена', 'Единиц'],
  ['Продажа 2226634', '100038', '04.03.2024 11:22:00', '', ''],
  ['Запеченный ролл с курицей', '', '290', '290', '1'],
  ['Депозит (счет): 290; 61366822', '', '', '', ''],
  ['Запеченный ролл Нежный с лососем', '', '360', '360', '1'],
  ['Депозит (счет): 360; 61366822', '', '', '', ''],
  ['Запеченный ролл с угрем', '', '430', '430', '1'],
  ['Депозит (счет): 430; 61366822', '', '', '', ''],
  ['Ролл Бонито', '', '410', '410', '1'],
  ['Депозит (счет): 410; 61366822', '', '', '', ''],
  ['Горячая Филадельфия ролл', '', '650', '650', '1'],
  ['Депозит (счет): 650; 61366822', '', '', '', ''],
  ['Маки ролл с лососем и сливочным сыром', '', '210', '210', '1'],
  ['Депозит (счет): 210; 61366822', '', '', '', ''],
];

const query = () => `sales?restaurant_id=${org.restaurantId}&from=2024-03-04&to=2024-03-04T23:00:00`;

test('JSON: the seed sale with its header, lines and payment lines', async () => {
  const r = await report(server.app, token, query());
  assert.equal(r.status, 200, r.body);
  const body = json(r);
  assert.deepEqual(body.heading, SEED_TABLE.slice(0, 5).map((x) => x[0]));
  assert.equal(body.installation, 'Тестовая');
  assert.equal(body.rows.length, 1);
  const sale = body.rows[0];
  assert.equal(sale.number, '2226634');
  assert.equal(sale.card, '100038');
  assert.equal(sale.closed_at_local, '04.03.2024 11:22:00');
  assert.equal(sale.total, 235000);
  assert.deepEqual(
    sale.lines.map((l: { item: string; base_price: number; price: number; units: number; payments: { text: string; amount: number; card_uid: string }[] }) => [
      l.item,
      l.base_price,
      l.price,
      l.units,
      l.payments.map((p) => [p.text, p.amount, p.card_uid]),
    ]),
    SEED_LINES.map((l) => [l.item_name, l.price, l.price, 1, [[`Депозит (счет): ${l.price / 100}; 61366822`, l.price, '61366822']]]),
  );
  assert.equal(body.next_cursor, null);
});

test('CSV reproduces the seed table row for row, with a BOM, in both delimiters', async () => {
  const comma = await report(server.app, token, `${query()}&format=csv`);
  assert.equal(comma.status, 200);
  assert.match(String(comma.headers['content-type']), /^text\/csv/);
  assert.deepEqual(csvRows(comma.raw).map((row) => (row.length === 1 ? row : row.slice(0, 5))), SEED_TABLE);
  const semi = await report(server.app, token, `${query()}&format=csv&delimiter=%3B`);
  assert.deepEqual(csvRows(semi.raw, ';'), csvRows(comma.raw));
});

test('XLSX reads back with the same cells, prices and units as numbers', async () => {
  const r = await report(server.app, token, `${query()}&format=xlsx`);
  assert.equal(r.status, 200);
  const rows = await xlsxRows(r.raw);
  const trim = (row: readonly unknown[]) => {
    const cells = Array.from(row, (c) => (c === undefined || c === null ? '' : String(c)));
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    return cells;
  };
  assert.deepEqual(rows.map(trim), SEED_TABLE.map(trim));
  assert.equal(rows[7]?.[2], 290);
  assert.equal(rows[7]?.[4], 1);
});

test('English column names on request', async () => {
  const r = await report(server.app, token, `${query()}&format=csv&lang=en`);
  const rows = csvRows(r.raw);
  assert.deepEqual(rows[5], ['Item/service', 'Card', 'Base price', 'Price', 'Units']);
  assert.equal(rows[8]?.[0], 'Депозит (account): 290; 61366822');
});
