// The iikoFront plugin contract: per-item payments, idempotency on transactionId for pay and
// cancel and on the plugin's returnId for returns (replays and concurrent duplicates have one
// effect, two identical partial returns both count), returns never above what was paid, null
// order ids, the emergency cancel before and after the payment, and bad input (a wrong content
// type included) refused with nothing written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '../../support/db.ts';
import { makeGuest } from '../../support/fixtures.ts';
import {
  balanceOf,
  CASHIER,
  footprint,
  iikoSetup,
  PAYMENT_TYPE,
  payBody,
  POS,
  txn,
  type IikoSetup,
} from './payment-setup.ts';

let s: IikoSetup;
before(async () => {
  s = await iikoSetup(await testDatabase());
  const ok = await s.admin('PUT', '/iiko/deposit-payment-types', {
    scheme: 'debit',
    fiscal_mode: 'service',
    payment_type_id: PAYMENT_TYPE.deposit,
  });
  assert.equal(ok.status, 200);
});
after(() => s.close());

const funded = (funds: number) =>
  makeGuest(s.server.ctx, s.org, { deposit: { scheme: 'debit', fiscal_mode: 'service' }, funds });
const common = { paymentTypeId: PAYMENT_TYPE.deposit, pointOfSale: POS, cashier: CASHIER };

test('identify shows the guest and what the deposit can pay', async () => {
  const g = await funded(12_345);
  const res = await s.iiko('/identify', { card: { number: g.number } });
  assert.equal(res.status, 200);
  assert.equal(res.body.deposit.available, 12_345);
  assert.match(res.body.messageRu, /Доступно: 123\.45 ₽/);
});

test('order lines become one entry per item', async () => {
  const g = await funded(100_000);
  const items = [
    {
      productId: 'p-1',
      productCode: '0401',
      name: 'Салат Оливье',
      price: 29_000,
      quantityMilli: 1000,
    },
    { productId: 'p-2', name: 'Морс клюквенный', price: 21_000, quantityMilli: 2000, sum: 42_000 },
  ];
  const res = await s.iiko(
    '/pay',
    payBody(g.number, 71_000, PAYMENT_TYPE.deposit, { items, orderNumber: 95 }),
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(
    res.body.entries.map((e: { sum: number; itemName: string }) => [e.itemName, e.sum]),
    [
      ['Салат Оливье', 29_000],
      ['Морс клюквенный', 42_000],
    ],
  );
  const rows = await s.t.db
    .selectFrom('ledger_entries')
    .select(['item_code', 'operator', 'pos_check_id'])
    .where('org_id', '=', s.org.orgId)
    .where('pos_txn_id', '=', res.body.transactionId)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    rows.map((r) => r.item_code),
    ['0401', 'p-2'],
  );
  assert.equal(rows[0]?.operator, CASHIER.name);
  assert.equal(rows[0]?.pos_check_id, '95');
});

test('a replayed or duplicated pay has one effect', async () => {
  const g = await funded(10_000);
  const body = payBody(g.number, 3_000, PAYMENT_TYPE.deposit);
  const answers = await Promise.all([1, 2, 3, 4].map(() => s.iiko('/pay', body)));
  assert.ok(answers.every((a) => a.status === 200));
  assert.equal(answers.filter((a) => a.body.replayed === false).length, 1);
  const again = await s.iiko('/pay', body);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal(await balanceOf(s, g.depositId as number), 7_000);
  const other = await s.iiko('/pay', { ...body, sum: 4_000 });
  assert.equal(other.status, 409);
  assert.equal(other.body.error.code, 'idempotency_key_reused');
});

test('returns: partial, full, replayed, never more than was paid', async () => {
  const g = await funded(10_000);
  const paid = await s.iiko('/pay', payBody(g.number, 6_000, PAYMENT_TYPE.deposit));
  const id = paid.body.transactionId;
  const first = { transactionId: id, returnId: `${id}-r1`, sum: 2_000, ...common };
  const r1 = await Promise.all([s.iiko('/return', first), s.iiko('/return', first)]);
  assert.ok(r1.every((r) => r.status === 200));
  assert.equal(r1.filter((r) => r.body.replayed).length, 1);
  assert.equal(r1[0]?.body.leftToReturn, 4_000);
  assert.equal(r1[0]?.body.returnId, `${id}-r1`);
  assert.equal(await balanceOf(s, g.depositId as number), 6_000);

  const before = await footprint(s);
  const tooMuch = await s.iiko('/return', {
    transactionId: id,
    returnId: `${id}-r2`,
    sum: 4_001,
    ...common,
  });
  assert.equal(tooMuch.status, 422);
  assert.equal(tooMuch.body.error.code, 'return_exceeds_payment');
  assert.match(tooMuch.body.error.message_ru, /осталось к возврату 40,00 ₽/);
  assert.deepEqual(await footprint(s), before);

  const rest = { transactionId: id, returnId: `${id}-r3`, ...common };
  const all = await s.iiko('/return', rest);
  assert.equal(all.status, 200);
  assert.equal(all.body.sum, 4_000);
  assert.equal((await s.iiko('/return', rest)).body.replayed, true);
  assert.equal(await balanceOf(s, g.depositId as number), 10_000);
  const none = await s.iiko('/return', { transactionId: id, returnId: `${id}-r4`, ...common });
  assert.equal(none.body.error.code, 'return_exceeds_payment');
  const unknown = await s.iiko('/return', {
    transactionId: 'never-paid',
    returnId: 'r-never',
    ...common,
  });
  assert.equal(unknown.status, 404);
});

test('two identical partial returns of one payment both come back; each retry only once', async () => {
  const g = await funded(10_000);
  const paid = await s.iiko('/pay', payBody(g.number, 9_000, PAYMENT_TYPE.deposit));
  const id = paid.body.transactionId;
  const a = { transactionId: id, returnId: txn('ret'), sum: 3_000, ...common };
  const b = { ...a, returnId: txn('ret') };
  for (const body of [a, a, b, b]) assert.equal((await s.iiko('/return', body)).status, 200);
  assert.equal(await balanceOf(s, g.depositId as number), 1_000 + 6_000);
  const reused = await s.iiko('/return', { ...a, sum: 1_000 });
  assert.equal(reused.status, 409);
  assert.equal(reused.body.error.code, 'idempotency_key_reused');
  const noId: Partial<typeof a> = { ...a };
  delete noId.returnId;
  const missing = await s.iiko('/return', noId);
  assert.equal(missing.status, 400);
  assert.match(missing.body.error.message_ru, /returnId/);
  assert.equal(await balanceOf(s, g.depositId as number), 7_000);
});

test('an order id may be null, as iikoFront passes it for a payment without an order', async () => {
  const g = await funded(10_000);
  const body = payBody(g.number, 2_500, PAYMENT_TYPE.deposit, { orderId: null });
  const paid = await s.iiko('/pay', body);
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  const noOrder: Partial<typeof body> = { ...body, transactionId: txn() };
  delete noOrder.orderId;
  assert.equal((await s.iiko('/pay', noOrder)).status, 200);
  const back = await s.iiko('/return', {
    transactionId: body.transactionId,
    returnId: txn('ret'),
    orderId: null,
    ...common,
  });
  assert.equal(back.status, 200, JSON.stringify(back.body));
  const cancel = await s.iiko('/emergency-cancel', {
    transactionId: noOrder.transactionId,
    orderId: null,
    ...common,
  });
  assert.equal(cancel.body.sum, 2_500);
  assert.equal(await balanceOf(s, g.depositId as number), 10_000);
});

test('return without an order gives back only what the deposit paid', async () => {
  const g = await funded(10_000);
  await s.iiko('/pay', payBody(g.number, 3_000, PAYMENT_TYPE.deposit));
  await s.iiko('/pay', payBody(g.number, 2_000, PAYMENT_TYPE.deposit));
  const body = { returnId: txn('ret'), sum: 4_500, card: { number: g.number }, ...common };
  const res = await s.iiko('/return-without-order', body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal((await s.iiko('/return-without-order', body)).body.replayed, true);
  assert.equal(await balanceOf(s, g.depositId as number), 9_500);
  assert.equal(res.body.returnId, body.returnId);
  const over = await s.iiko('/return-without-order', {
    ...body,
    returnId: txn('ret'),
    sum: 501,
  });
  assert.equal(over.status, 422);
  assert.equal(over.body.error.code, 'return_exceeds_paid');
});

test('emergency cancel after a lost answer: the payment was made → all of it comes back', async () => {
  const g = await funded(10_000);
  const body = payBody(g.number, 4_000, PAYMENT_TYPE.deposit);
  assert.equal((await s.iiko('/pay', body)).status, 200); // the answer never reached the till
  const cancel = {
    transactionId: body.transactionId,
    orderId: body.orderId,
    sum: 4_000,
    ...common,
  };
  const c1 = await s.iiko('/emergency-cancel', cancel);
  assert.equal(c1.status, 200);
  assert.equal(c1.body.paymentFound, true);
  assert.equal(c1.body.sum, 4_000);
  const c2 = await s.iiko('/emergency-cancel', { ...cancel, cashier: { name: 'Другой кассир' } });
  assert.equal(c2.body.replayed, true);
  assert.equal(await balanceOf(s, g.depositId as number), 10_000);
  const late = await s.iiko('/pay', body);
  assert.equal(late.status, 409);
  assert.equal(late.body.error.code, 'iiko.payment_cancelled');
  assert.equal(await balanceOf(s, g.depositId as number), 10_000);
});

test('emergency cancel before the payment arrived: the late payment moves no money', async () => {
  const g = await funded(10_000);
  const body = payBody(g.number, 4_000, PAYMENT_TYPE.deposit);
  const c = await s.iiko('/emergency-cancel', { transactionId: body.transactionId, ...common });
  assert.equal(c.status, 200);
  assert.equal(c.body.paymentFound, false);
  assert.equal(c.body.sum, 0);
  assert.match(c.body.messageRu, /не списаны/);
  const late = await s.iiko('/pay', body);
  assert.equal(late.status, 409);
  assert.equal(late.body.error.code, 'iiko.payment_cancelled');
  assert.equal(await balanceOf(s, g.depositId as number), 10_000);
});

test('bad input: a clear 4xx, nothing written', async () => {
  const g = await funded(10_000);
  const good = payBody(g.number, 1_000, PAYMENT_TYPE.deposit);
  const noSum: Partial<typeof good> = { ...good };
  delete noSum.sum;
  const cases: [unknown, number, string, string | null][] = [
    [noSum, 400, 'validation_failed', s.org.key],
    [{ ...good, sum: 10.5 }, 400, 'validation_failed', s.org.key],
    [{ ...good, sum: '1000' }, 400, 'validation_failed', s.org.key],
    [{ ...good, sum: 0 }, 400, 'validation_failed', s.org.key],
    [{ ...good, extra: 1 }, 400, 'validation_failed', s.org.key],
    [{ ...good, card: { number: g.number, phone: '+7 900' } }, 400, 'validation_failed', s.org.key],
    [{ ...good, items: [] }, 400, 'validation_failed', s.org.key],
    [{ ...good, transactionId: 'with space' }, 400, 'validation_failed', s.org.key],
    ['{"transactionId":', 400, 'malformed_json', s.org.key],
    [{ ...good, orderSum: 999 }, 400, 'payment_exceeds_order', s.org.key],
    [{ ...good, card: { number: 'nobody' } }, 404, 'card_not_found', s.org.key],
    [{ ...good, sum: 10_001 }, 422, 'insufficient_funds', s.org.key],
    [
      { ...good, items: [{ productId: 'p', name: 'x', price: 100, quantityMilli: 1000 }] },
      400,
      'payment_exceeds_lines',
      s.org.key,
    ],
    [good, 401, 'api_key_required', null],
    [good, 401, 'invalid_api_key', 'kp_1_1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  ];
  const before = await footprint(s);
  for (const [body, status, code, key] of cases) {
    const res = await s.iiko('/pay', body, key);
    assert.equal(res.status, status, `${code}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, code);
    assert.ok(res.body.error.message_ru && res.body.error.message_en);
  }
  for (const [url, body] of [
    ['/return', { transactionId: 'x', returnId: 'y', sum: -1, ...common }],
    ['/return-without-order', { returnId: 'x', sum: 100, ...common }],
    ['/return-without-order', { transactionId: 'x', sum: 100, card: { number: '1' }, ...common }],
    ['/emergency-cancel', { transactionId: 'x' }],
  ] as const) {
    assert.equal((await s.iiko(url, body)).status, 400);
  }
  assert.deepEqual(await footprint(s), before);
  assert.equal(await balanceOf(s, g.depositId as number), 10_000);
});

test('every body that is not JSON is refused with 415 in the common error shape', async () => {
  const g = await funded(10_000);
  const good = JSON.stringify(payBody(g.number, 1_000, PAYMENT_TYPE.deposit));
  const before = await footprint(s);
  for (const url of [
    '/identify',
    '/pay',
    '/return',
    '/return-without-order',
    '/emergency-cancel',
  ]) {
    for (const type of [
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      null,
    ]) {
      const res = await s.server.app.inject({
        method: 'POST',
        url: `/api/iiko/v1${url}`,
        headers: {
          authorization: `Bearer ${s.org.key}`,
          ...(type ? { 'content-type': type } : {}),
        },
        payload: good,
      });
      assert.equal(res.statusCode, 415, `${url} ${type}: ${res.body}`);
      const body = JSON.parse(res.body);
      assert.equal(body.error.code, 'unsupported_media_type');
      assert.match(body.error.message_ru, /JSON/);
      assert.ok(body.error.message_en);
    }
  }
  const charset = await s.server.app.inject({
    method: 'POST',
    url: '/api/iiko/v1/identify',
    headers: {
      authorization: `Bearer ${s.org.key}`,
      'content-type': 'application/json; charset=utf-8',
    },
    payload: JSON.stringify({ card: { number: g.number } }),
  });
  assert.equal(charset.statusCode, 200);
  assert.deepEqual(await footprint(s), before);
  assert.equal(await balanceOf(s, g.depositId as number), 10_000);
});
