// Every report on the small network of dataset.ts, with the figures worked out by hand there;
// exports read back; bad input answered with stable 4xx codes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { migrateToLatest, migrator } from '../../src/db/migrate.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrg, testServer } from '../support/fixtures.ts';
import { buildDataset, type Dataset } from './dataset.ts';
import { csvRows, json, report, signIn, xlsxRows } from './helpers.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let d: Dataset;
let token: string;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  d = await buildDataset(server);
  token = await signIn(server.app, server.ctx, d.org);
});
after(async () => {
  await server.app.close();
  await t.close();
});

const get = async (path: string) => {
  const r = await report(server.app, token, path);
  assert.equal(r.status, 200, r.body);
  return r;
};

test('A1 sales of the second restaurant are read in its own zone', async () => {
  const body = json(await get(`sales?restaurant_id=${d.r2.id}&from=2024-03-04&to=2024-03-05`));
  assert.deepEqual(body.heading, ['Детальный по продажам', 'С 04.03.2024 0:00:00', 'По 05.03.2024 23:59:59', 'Сеть', 'Касса 2']);
  assert.deepEqual(
    body.rows.map((s: { number: string; closed_at_local: string; card: string }) => [s.number, s.closed_at_local, s.card]),
    [['O4', '04.03.2024 23:30:00', '900001']],
  );
  const wider = json(await get(`sales?restaurant_id=${d.r2.id}&from=2024-03-04&to=2024-03-06&limit=1`));
  assert.equal(wider.rows.length, 1);
  const next = json(await get(`sales?restaurant_id=${d.r2.id}&from=2024-03-04&to=2024-03-06&limit=1&cursor=${wider.next_cursor}`));
  assert.deepEqual(next.rows.map((s: { number: string; closed_at_local: string }) => [s.number, s.closed_at_local]), [['O5', '06.03.2024 0:30:00']]);
  assert.equal(next.next_cursor, null);
});

test('A1 payment lines show deposit and bonus parts of each line', async () => {
  const body = json(await get(`sales?restaurant_id=${d.org.restaurantId}&from=2024-03-05&to=2024-03-05`));
  const o2 = body.rows.find((s: { number: string }) => s.number === 'O2');
  assert.deepEqual(o2.lines[0].payments.map((p: { text: string }) => p.text), ['Депозит (счет): 150; B-UID', 'Бонусы (счет): 50; B-UID']);
});

test('A2 demand by item: quantity, revenue, refunds, deposit and bonus shares', async () => {
  const r = json(await get('demand?from=2024-03-04&to=2024-03-05&group_by=item'));
  assert.deepEqual(r.rows, [
    { item_code: 'P1', item: 'Пирог', orders: 2, quantity: 4, revenue: 1200, refunded_quantity: 0, refunded: 0, deposit_paid: 150, deposit_share: 12.5, bonus_paid: 0, bonus_share: 0 },
    { item_code: 'K1', item: 'Кофе', orders: 3, quantity: 4, revenue: 800, refunded_quantity: 1, refunded: 200, deposit_paid: 550, deposit_share: 68.75, bonus_paid: 50, bonus_share: 6.25 },
  ]);
});

test('each line keeps what the deposit and bonuses paid of it, as its ledger entries say', async () => {
  const { rows } = await sql<{ kept: string; entries: string; lines: number }>`
    select string_agg(l.deposit_paid || '/' || l.bonus_paid, ' ' order by l.order_id, l.line_no) as kept,
           string_agg(coalesce(-e.deposit, 0) || '/' || coalesce(-e.bonus, 0), ' ' order by l.order_id, l.line_no) as entries,
           count(*) filter (where l.deposit_paid + l.bonus_paid > 0)::int as lines
    from order_lines l
    left join (select order_id, line_no, sum(amount) filter (where type = 'payment') as deposit,
                      sum(amount) filter (where type = 'bonus_payment') as bonus
               from ledger_entries where type in ('payment', 'bonus_payment') group by order_id, line_no) e
      on e.order_id = l.order_id and e.line_no = l.line_no`.execute(t.db);
  const row = rows[0]!;
  assert.ok(row.lines >= 3, `lines paid from the card: ${row.lines}`);
  assert.equal(row.kept, row.entries);
  // Migration 0009 fills the columns from the ledger for orders closed before it.
  const down = await migrator(t.db).migrateTo('0008_ledger_write_cost');
  assert.deepEqual(down.results?.map((r) => [r.migrationName, r.status]).at(-1), ['0009_line_payments', 'Success']);
  await migrateToLatest(t.db);
  const again = await sql<{ kept: string }>`
    select string_agg(deposit_paid || '/' || bonus_paid, ' ' order by order_id, line_no) as kept from order_lines`.execute(t.db);
  assert.equal(again.rows[0]?.kept, row.kept);
});

test('A2 demand by local hour, weekday, category and restaurant', async () => {
  const pick = (rows: Record<string, unknown>[], ...keys: string[]) => rows.map((x) => keys.map((k) => x[k]));
  const hours = json(await get('demand?from=2024-03-04&to=2024-03-05&group_by=hour'));
  assert.deepEqual(pick(hours.rows, 'hour', 'revenue', 'orders'), [[20, 900, 1], [11, 700, 1], [19, 200, 1], [23, 200, 1]]);
  const days = json(await get('demand?from=2024-03-04&to=2024-03-05&group_by=weekday'));
  assert.deepEqual(pick(days.rows, 'weekday', 'revenue'), [[2, 1100], [1, 900]]);
  const both = json(await get('demand?from=2024-03-04&to=2024-03-05&group_by=restaurant,category'));
  assert.deepEqual(pick(both.rows, 'restaurant', 'category', 'revenue'), [
    ['Restaurant 1', 'Выпечка', 1200],
    ['Restaurant 1', 'Напитки', 600],
    ['Екатеринбург', 'Напитки', 200],
  ].sort((x, y) => (y[2] as number) - (x[2] as number)));
  const r2 = json(await get(`demand?from=2024-03-04&to=2024-03-06&group_by=restaurant&restaurant_id=${d.r2.id}`));
  assert.deepEqual(pick(r2.rows, 'restaurant', 'revenue', 'orders'), [['Екатеринбург', 500, 2]]);
});

test('A3 guest spend with RFM segments, paged by guest', async () => {
  const q = 'guest-spend?from=2024-01-01&to=2024-03-31';
  const first = json(await get(`${q}&limit=2`));
  const second = json(await get(`${q}&limit=2&cursor=${first.next_cursor}`));
  const rows = [...first.rows, ...second.rows];
  assert.deepEqual(
    rows.map((r: Record<string, unknown>) => [r.card, r.visits, r.total, r.average_check, r.last_visit_local, r.recency_days, r.rfm, r.segment]),
    [
      ['900001', 2, 70000, 35000, '04.03.2024 21:30:00', 27, '321', 'loyal'],
      ['900002', 2, 50000, 25000, '05.03.2024 22:30:00', 26, '321', 'loyal'],
      ['900003', 1, 200000, 200000, '10.01.2024 12:00:00', 81, '211', 'sleeping'],
    ],
  );
  const seg = json(await get(`guest-spend/segments?from=2024-01-01&to=2024-03-31`));
  const count = Object.fromEntries(seg.rows.map((s: { segment: string; guests: number }) => [s.segment, s.guests]));
  assert.deepEqual(count, { champions: 0, loyal: 2, new: 0, at_risk: 0, sleeping: 1, lost: 0 });
});

test('A4 liability as of two dates: balances, pending and unposted expiry from the ledger', async () => {
  const pick = (r: { rows: Record<string, unknown>[] }) =>
    r.rows.map((x) => [x.kind, x.accounts, x.positive, x.negative, x.net, x.pending, x.expired_unposted, x.available]);
  assert.deepEqual(pick(json(await get('liability?as_of=2024-03-04'))), [
    ['deposit', 3, 245000, 0, 245000, null, null, null],
    ['bonus', 2, 11000, 0, 11000, 3000, 0, 8000],
  ]);
  assert.deepEqual(pick(json(await get('liability?as_of=2024-03-25'))), [
    ['deposit', 3, 240000, 0, 240000, null, null, null],
    ['bonus', 2, 6000, 0, 6000, 0, 3000, 3000],
  ]);
});

test('A4 rank distribution and promotion effectiveness', async () => {
  const ranks = json(await get('ranks?as_of=2024-03-31'));
  assert.deepEqual(ranks.rows.map((r: Record<string, unknown>) => [r.rank, r.threshold, r.guests, r.share, r.spend]), [
    ['Без ранга', null, 0, 0, 0],
    ['Серебро', 500, 2, 66.67, 1200],
    ['Золото', 1500, 1, 33.33, 2000],
  ]);
  const promos = json(await get('promotions?from=2024-03-04&to=2024-03-05'));
  assert.deepEqual(promos.rows, [
    { promotion_id: d.promotionId, promotion: 'Кофе дня', checks: 2, checks_share: 50, guests: 2, revenue: 900, average_check: 450, cost: 50, cost_share: 5.56 },
  ]);
  assert.equal(promos.heading[1], 'Чеков всего: 4; без акций: 2, средний чек без акций: 550');
});

test('C6 history filtered by type and restaurant, in the restaurant zone; CSV and XLSX', async () => {
  const q = `history?card_id=${d.a.cardId}&type=payment&restaurant_id=${d.r2.id}`;
  const body = json(await get(q));
  assert.equal(body.time_zone, 'Asia/Yekaterinburg');
  assert.deepEqual(body.rows.map((r: Record<string, unknown>) => [r.type, r.occurred_at_local, r.amount, r.item, r.point_of_service]), [
    ['О', '04.03.2024 23:30:00', -20000, 'Кофе', 'Касса 2'],
  ]);
  const refunds = json(await get(`history?card_id=${d.a.cardId}&type=reversal&from=2024-03-10&to=2024-03-10`));
  assert.deepEqual(refunds.rows.map((r: { amount: number }) => r.amount), [10000]);
  const none = json(await get(`history?card_id=${d.a.cardId}&type=reversal&from=2024-03-01&to=2024-03-09`));
  assert.deepEqual(none.rows, []);
  const csv = csvRows((await get(`${q}&format=csv&delimiter=semicolon`)).raw, ';');
  assert.deepEqual(csv[2], ['Тип', 'Дата', 'Счет/Билет', 'Начисление/Списание', 'Товар', 'Оплата', 'Точка обслуживания', 'Оператор', 'Плательщик', 'Карта плательщика', 'Получатель', 'Карта получателя', 'Мягкий оффлайн']);
  assert.deepEqual(csv.slice(3).map((r) => r.slice(0, 7).concat(r[12] as string)), [['О', '04.03.2024 23:30:00', 'Депозит', '-200', 'Кофе', '0', 'Касса 2', '0']]);
  const guestRows = await xlsxRows((await get(`history?guest_id=${d.a.guestId}&format=xlsx`)).raw);
  assert.equal(guestRows.length - 3, json(await get(`history?guest_id=${d.a.guestId}&limit=500`)).rows.length);
});

test('exports of demand, guest spend and liability parse back', async () => {
  const demand = csvRows((await get('demand?from=2024-03-04&to=2024-03-05&format=csv&delimiter=%3B')).raw, ';');
  assert.deepEqual(demand[3], ['P1', 'Пирог', '2', '4', '1200', '0', '0', '150', '12,5', '0', '0']);
  const spend = await xlsxRows((await get('guest-spend?from=2024-01-01&to=2024-03-31&format=xlsx&lang=en')).raw);
  assert.deepEqual(spend[0]?.slice(0, 4), ['Guest id', 'Guest', 'Card', 'Visits']);
  assert.deepEqual(spend.slice(1).map((r) => [r[2], r[5], r[9]]), [['900001', 700, 'Loyal'], ['900002', 500, 'Loyal'], ['900003', 2000, 'Falling asleep']]);
  const liab = csvRows((await get('liability?as_of=2024-03-25&format=csv')).raw);
  assert.deepEqual(liab[2]?.slice(1, 6), ['Депозит', '3', '2400', '0', '2400']);
});

test('bad input: clear 4xx with stable codes and both languages', async () => {
  const cases: [string, number, string][] = [
    [`sales?restaurant_id=${d.org.restaurantId}&from=2024-02-30&to=2024-03-01`, 400, 'invalid_date'],
    [`sales?restaurant_id=${d.org.restaurantId}&from=2024-03-05&to=2024-03-04`, 400, 'period_reversed'],
    [`sales?restaurant_id=${d.org.restaurantId}&from=2024-01-01&to=2024-03-01`, 400, 'period_too_long'],
    [`sales?restaurant_id=${d.org.restaurantId}&from=yesterday&to=2024-03-01`, 400, 'validation_failed'],
    [`sales?restaurant_id=999999&from=2024-03-04&to=2024-03-04`, 404, 'restaurant_not_found'],
    [`sales?restaurant_id=${d.org.restaurantId}&terminal_id=${d.r2.terminalId}&from=2024-03-04&to=2024-03-04`, 400, 'terminal_not_in_restaurant'],
    [`sales?restaurant_id=${d.org.restaurantId}&from=2024-03-04&to=2024-03-04&cursor=zzz`, 400, 'invalid_cursor'],
    [`sales?from=2024-03-04&to=2024-03-04`, 400, 'validation_failed'],
    ['demand?from=2024-01-01&to=2024-12-31', 400, 'period_too_long'],
    ['demand?from=2024-03-01&to=2024-03-02&group_by=item,colour', 400, 'invalid_group_by'],
    ['guest-spend?from=2024-03-01&to=2024-03-02&time_zone=Mars/Olympus', 400, 'invalid_time_zone'],
    ['history?card_id=999999', 404, 'card_not_found'],
    ['history?guest_id=999999', 404, 'guest_not_found'],
    [`history?card_id=${d.a.cardId}&guest_id=${d.a.guestId}`, 400, 'subject_required'],
    [`history?card_id=${d.a.cardId}&from=2024-03-01`, 400, 'period_incomplete'],
    [`history?card_id=${d.a.cardId}&type=gift`, 400, 'validation_failed'],
    ['liability?as_of=2024-13-01', 400, 'invalid_date'],
    ['demand?from=2024-03-01&to=2024-03-02&format=pdf', 400, 'validation_failed'],
  ];
  for (const [path, status, code] of cases) {
    const r = await report(server.app, token, path);
    assert.equal(r.status, status, `${path}: ${r.body}`);
    const e = json(r).error;
    assert.equal(e.code, code, path);
    assert.ok(e.message_ru && e.message_en, path);
  }
});

test('reports are for roles with reports.read, and only within the organization', async () => {
  const integrator = await signIn(server.app, server.ctx, d.org, 'integrator');
  const denied = await report(server.app, integrator, 'liability?as_of=2024-03-04');
  assert.equal(denied.status, 403);
  assert.equal(json(denied).error.code, 'permission_denied');
  const other = await makeOrg(server.ctx, { name: 'Чужая' });
  const stranger = await signIn(server.app, server.ctx, other, 'owner');
  const r = await report(server.app, stranger, `sales?restaurant_id=${d.org.restaurantId}&from=2024-03-04&to=2024-03-04`);
  assert.equal(r.status, 404);
  assert.equal(json(await report(server.app, stranger, `history?card_id=${d.a.cardId}`)).error.code, 'card_not_found');
  assert.deepEqual(json(await report(server.app, stranger, 'guest-spend?from=2024-01-01&to=2024-03-31')).rows, []);
});
