// Every payment at a till is a sale: an iikoFront payment, a POS API one-shot payment and a
// committed hold each become an order with its lines (or one line that says the till sent
// none), so they show in detailed sales, guest spend and the dashboard and count toward the
// guest's rank; returning them returns their orders. Databases written before, when such
// payments left ledger entries only, get the same orders from the migration.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { saveRank, updateProgram } from '../../src/app/loyalty/admin.ts';
import { NO_LINES_ITEM } from '../../src/app/payment-order.ts';
import { verifyLedger } from '../../src/app/verify.ts';
import { up as linkPaymentOrders } from '../../src/db/migrations/0020_payment_orders.ts';
import { makeGuest } from '../support/fixtures.ts';
import { testDatabase } from '../support/db.ts';
import { json, report, signIn } from '../reports/helpers.ts';
import { iikoSetup, payBody, PAYMENT_TYPE, txn, type IikoSetup } from '../integrations/iiko/payment-setup.ts';

let s: IikoSetup;
let token: string;

before(async () => {
  s = await iikoSetup(await testDatabase());
  const ok = await s.admin('PUT', '/iiko/deposit-payment-types', {
    scheme: 'debit',
    fiscal_mode: 'service',
    payment_type_id: PAYMENT_TYPE.deposit,
  });
  assert.equal(ok.status, 200);
  const ctx = s.server.ctx;
  await saveRank(ctx, s.org.actor, null, { name: 'Гость', threshold: 0, accrualBp: 0, discountBp: 0 });
  await saveRank(ctx, s.org.actor, null, { name: 'Друг', threshold: 100_000, accrualBp: 0, discountBp: 0 });
  await updateProgram(ctx, s.org.actor, {
    settings: { enabled: true },
    footer: { showBalance: true, showRank: true, showToNextRank: true, showPaymentCode: false },
  });
  token = await signIn(s.server.app, ctx, s.org);
});
after(async () => {
  await s.close();
});

const pos = (url: string, body: unknown) => s.server.call('POST', url, s.org.key, body);
const get = async (path: string) => {
  const r = await report(s.server.app, token, path);
  assert.equal(r.status, 200, r.body);
  return json(r);
};

async function guest() {
  return makeGuest(s.server.ctx, s.org, {
    deposit: { scheme: 'debit', fiscal_mode: 'service' },
    funds: 500_000,
  });
}

const items = [
  { productId: 'p-1', productCode: '0401', name: 'Борщ', price: 40_000, quantityMilli: 1000 },
  { productId: 'p-2', productCode: '0402', name: 'Хлеб', price: 20_000, quantityMilli: 1000 },
];

/** The guest's rank as the POS API and iikoFront's identify both tell it, with the same footer. */
async function rankOf(cardId: number): Promise<string> {
  const r = await pos('/identify', { card_id: cardId });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const number = r.body.card.number as string;
  const iiko = await s.iiko('/identify', { card: { number } });
  assert.equal(iiko.status, 200, JSON.stringify(iiko.body));
  assert.equal(iiko.body.rank.name, r.body.loyalty.rank.name);
  assert.equal(iiko.body.receiptFooter, r.body.loyalty.receipt_footer);
  assert.match(iiko.body.receiptFooter, new RegExp(r.body.loyalty.rank.name));
  return r.body.loyalty.rank.name;
}

/** An iiko payment of the two items, a one-shot payment without lines, and a committed hold. */
async function threePayments(g: { number: string; cardId: number }) {
  const iiko = payBody(g.number, 60_000, PAYMENT_TYPE.deposit, { orderNumber: 41, orderSum: 60_000, items });
  const paid = await s.iiko('/pay', iiko);
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  const oneShot = txn('one-shot');
  const shot = await pos('/payments', { payment_id: oneShot, card: { card_id: g.cardId }, amount: 50_000, check_number: '42' });
  assert.equal(shot.status, 201, JSON.stringify(shot.body));
  const hold = txn('hold');
  assert.equal((await pos('/holds', { hold_id: hold, card: { card_id: g.cardId }, amount: 10_000 })).status, 201);
  assert.equal((await pos(`/holds/${hold}/commit`, { amount: 7_000 })).status, 200);
  return { iiko: iiko.transactionId, oneShot, hold };
}

test('an iiko payment and a one-shot payment are sales: detailed sales, guest spend, dashboard, rank', async () => {
  const g = await guest();
  assert.equal(await rankOf(g.cardId), 'Гость');
  const ids = await threePayments(g);
  // 600 + 500 + 70 ₽ of spend passes the 1000 ₽ threshold.
  assert.equal(await rankOf(g.cardId), 'Друг');

  const day = 'from=2024-03-15&to=2024-03-15';
  const sales = (await get(`sales?restaurant_id=${s.org.restaurantId}&${day}`)).rows.filter(
    (x: { card: string }) => x.card === g.number,
  );
  assert.deepEqual(
    sales.map((x: { number: string; total: number; status: string }) => [x.number, x.total, x.status]),
    [
      ['41', 60_000, 'closed'],
      ['42', 50_000, 'closed'],
      [`hold:${ids.hold}`, 7_000, 'closed'],
    ],
  );
  assert.deepEqual(
    sales[0].lines.map((l: { item: string; amount: number; payments: { amount: number }[] }) => [
      l.item,
      l.amount,
      l.payments.map((p) => p.amount),
    ]),
    [
      ['Борщ', 40_000, [40_000]],
      ['Хлеб', 20_000, [20_000]],
    ],
  );
  assert.deepEqual(
    sales[1].lines.map((l: { item: string; amount: number; payments: { amount: number }[] }) => [
      l.item,
      l.amount,
      l.payments.map((p) => p.amount),
    ]),
    [[NO_LINES_ITEM, 50_000, [50_000]]],
  );

  const spend = (await get(`guest-spend?${day}`)).rows.find((r: { card: string }) => r.card === g.number);
  assert.deepEqual([spend.visits, spend.total], [3, 117_000]);
  const dash = (await s.server.app.inject({
    method: 'GET',
    url: `/api/admin/v1/dashboard?date=2024-03-15&restaurant_id=${s.org.restaurantId}`,
    headers: { authorization: `Bearer ${token}` },
  }));
  assert.equal(dash.statusCode, 200, dash.body);
  const today = JSON.parse(dash.body).totals.today;
  assert.ok(today.checks >= 3 && today.revenue >= 117_000, JSON.stringify(today));
  assert.equal(today.revenue, today.deposit_debits, 'every sale here was paid from deposits');

  // Returns come back on the orders: part of the iiko payment, all of the one-shot one.
  const back = await s.iiko('/return', {
    transactionId: ids.iiko,
    returnId: txn('return'),
    sum: 15_000,
    paymentTypeId: PAYMENT_TYPE.deposit,
    pointOfSale: { id: 'pos-1', name: 'КС_1' },
    cashier: { id: 'user-1', name: 'Текущий кассир' },
  });
  assert.equal(back.status, 200, JSON.stringify(back.body));
  assert.equal((await pos(`/payments/${ids.oneShot}/reverse`, {})).status, 200);
  const after = (await get(`sales?restaurant_id=${s.org.restaurantId}&${day}`)).rows.filter(
    (x: { card: string }) => x.card === g.number,
  );
  assert.deepEqual(
    after.map((x: { status: string; lines: { refunded_units: number }[] }) => [x.status, x.lines.map((l) => l.refunded_units)]),
    [
      ['partially_refunded', [0.25, 0.25]],
      ['refunded', [1]],
      ['closed', [0]],
    ],
  );
  const net = await s.t.db
    .selectFrom('orders')
    .select(['net_total'])
    .where('org_id', '=', s.org.orgId)
    .where('guest_id', '=', g.guestId)
    .orderBy('id')
    .execute();
  assert.deepEqual(net.map((o) => o.net_total), [45_000, 0, 7_000]);
  const spendAfter = (await get(`guest-spend?${day}`)).rows.find((r: { card: string }) => r.card === g.number);
  assert.equal(spendAfter.total, 52_000);
  assert.deepEqual((await verifyLedger(s.t.db)).drift, []);
});

test('the migration gives past orderless payments their orders, with what came back of them', async () => {
  const g = await guest();
  const ids = await threePayments(g);
  const back = await s.iiko('/return', {
    transactionId: ids.iiko,
    returnId: txn('return'),
    sum: 6_000,
    paymentTypeId: PAYMENT_TYPE.deposit,
    pointOfSale: { id: 'pos-1', name: 'КС_1' },
    cashier: { id: 'user-1', name: 'Текущий кассир' },
  });
  assert.equal(back.status, 200, JSON.stringify(back.body));
  const state = () =>
    sql<{ pos_order_id: string; total: number; net_total: number; status: string; lines: string; entries: string }>`
      select o.pos_order_id, o.total, o.net_total, o.status, o.guest_id, o.card_id, o.check_number,
        (select string_agg(l.line_no || ' ' || l.item_name || ' ' || l.amount || ' ' || l.refunded_quantity_milli
          || ' ' || l.deposit_paid, '; ' order by l.line_no)
          from order_lines l where l.org_id = o.org_id and l.order_id = o.id) as lines,
        (select string_agg(e.id || ' ' || e.type || ' ' || e.amount || ' ' || e.line_no || ' ' || coalesce(e.item_name, ''),
          '; ' order by e.id)
          from ledger_entries e where e.org_id = o.org_id and e.order_id = o.id) as entries
      from orders o where o.org_id = ${s.org.orgId} and o.guest_id = ${g.guestId}
      order by o.pos_order_id`.execute(s.t.db);
  const now = (await state()).rows;
  assert.equal(now.length, 3);
  const spend = (await get('guest-spend?from=2024-03-15&to=2024-03-15')).rows.find(
    (r: { card: string }) => r.card === g.number,
  );

  // The same payments as the code before wrote them: entries only, a payment without lines
  // on no line at all.
  const orderIds = sql`(select id from orders where org_id = ${s.org.orgId} and guest_id = ${g.guestId})`;
  await sql`update ledger_entries set order_id = null,
      line_no = case when item_name = ${NO_LINES_ITEM} then null else line_no end,
      item_name = case when item_name = ${NO_LINES_ITEM} then null else item_name end
    where org_id = ${s.org.orgId} and order_id in ${orderIds}`.execute(s.t.db);
  await sql`delete from order_lines where org_id = ${s.org.orgId} and order_id in ${orderIds}`.execute(s.t.db);
  await sql`delete from orders where org_id = ${s.org.orgId} and guest_id = ${g.guestId}`.execute(s.t.db);
  assert.equal((await state()).rows.length, 0);
  assert.equal(
    (await get('guest-spend?from=2024-03-15&to=2024-03-15')).rows.find((r: { card: string }) => r.card === g.number),
    undefined,
  );

  await linkPaymentOrders(s.t.db as unknown as Kysely<unknown>);
  // Lines sent with their items keep them, one unit at what was paid: the price was never kept.
  assert.deepEqual((await state()).rows, now);
  assert.deepEqual(
    (await get('guest-spend?from=2024-03-15&to=2024-03-15')).rows.find((r: { card: string }) => r.card === g.number),
    spend,
  );
  assert.equal(await rankOf(g.cardId), 'Друг');
  // A second run finds nothing left to link.
  await linkPaymentOrders(s.t.db as unknown as Kysely<unknown>);
  assert.deepEqual((await state()).rows, now);
  assert.deepEqual((await verifyLedger(s.t.db)).drift, []);
});
