// The plugin written from docs/integrations/iiko.md (simulator/plugin.ts), called the way
// iikoFront calls IPaymentProcessor, over a network that really loses answers
// (simulator/network.ts). The two sequences that lose a guest's money — Pay's answer lost,
// two identical partial returns — end with exactly the right balance, and the same sequences
// played by the plugin written from the old contract (`legacy`) show the loss they caught.
// Also: the cancel before and after Pay, the order object of newer API versions, the silent
// variants, a return without an order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { LossyNetwork } from '../../../src/integrations/iiko/simulator/network.ts';
import {
  KopilkaPlugin,
  PaymentActionCancelled,
  PaymentActionFailed,
  PaymentDataContext,
  type CardInput,
  type FrontOrder,
  type PluginOptions,
} from '../../../src/integrations/iiko/simulator/plugin.ts';
import { testDatabase } from '../../support/db.ts';
import { makeGuest } from '../../support/fixtures.ts';
import {
  balanceOf,
  CASHIER,
  footprint,
  iikoSetup,
  PAYMENT_TYPE,
  POS,
  txn,
  type IikoSetup,
} from './payment-setup.ts';

let s: IikoSetup;
let url: string;
let net: LossyNetwork;
before(async () => {
  s = await iikoSetup(await testDatabase());
  const ok = await s.admin('PUT', '/iiko/deposit-payment-types', {
    scheme: 'debit',
    fiscal_mode: 'service',
    payment_type_id: PAYMENT_TYPE.deposit,
  });
  assert.equal(ok.status, 200);
  await s.server.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(s.server.app.server.address() as AddressInfo).port}`;
  net = await LossyNetwork.start(url);
});
after(async () => {
  await net.close();
  await s.close();
});

const PT = PAYMENT_TYPE.deposit;

async function guest(funds: number) {
  const g = await makeGuest(s.server.ctx, s.org, {
    deposit: { scheme: 'debit', fiscal_mode: 'service' },
    funds,
  });
  const card: CardInput = { number: g.number };
  return { ...g, card, balance: () => balanceOf(s, g.depositId as number) };
}

function plugin(o: Partial<PluginOptions> = {}) {
  return new KopilkaPlugin({
    url: net.url,
    key: s.org.key,
    retryDelayMs: 20,
    timeoutMs: 3_000,
    ...o,
  });
}

/** The cashier swipes this card whenever the plugin asks. */
const swipes = (card: CardInput | null) => ({ askCard: () => card });

function order(sums: [string, string][]): FrontOrder {
  const items = sums.map(([name, price], i) => ({
    productId: `p-${i}`,
    productCode: `0${400 + i}`,
    name,
    price,
    amount: '1',
    resultSum: price,
  }));
  const total = sums.reduce((t, [, p]) => t + Number(p) * 100, 0);
  return { id: txn('order'), number: 7, resultSum: (total / 100).toFixed(2), items };
}

async function collectAndPay(p: KopilkaPlugin, card: CardInput, sum: string, o: FrontOrder | null) {
  const context = new PaymentDataContext();
  await p.collectData(o?.id ?? '', PT, CASHIER, swipes(card), context);
  const transactionId = txn('pay');
  await p.pay(sum, o, PT, transactionId, POS, CASHIER, swipes(null), context);
  return {
    transactionId,
    context,
    /** ReturnPayment of part of this payment, as iikoFront calls it. */
    returnPart: (part: string) =>
      p.returnPayment(part, null, PT, transactionId, POS, CASHIER, null, context),
    /** EmergencyCancelPayment of the whole payment. */
    cancel: () =>
      p.emergencyCancelPayment(sum, null, PT, transactionId, POS, CASHIER, null, context),
  };
}

test("Pay's answer lost: the plugin cancels before it throws, the cashier's second Pay is the only one", async () => {
  const g = await guest(100_000);
  const p = plugin();
  const context = new PaymentDataContext();
  await p.collectData('', PT, CASHIER, swipes(g.card), context);
  // Kopilka takes the money and the answer is lost; the retries find no network either.
  net.fail('lose-answer', 'drop', 'drop');
  const lost = txn('pay');
  await assert.rejects(
    p.pay('400.00', null, PT, lost, POS, CASHIER, swipes(null), context),
    (e: unknown) => e instanceof PaymentActionFailed && /деньги не списаны/.test(e.message),
  );
  assert.equal(await g.balance(), 100_000);
  // iikoFront calls nothing after a Pay that threw; the cashier presses «Оплатить» again and
  // iikoFront makes a new transaction id.
  await p.pay('400.00', null, PT, txn('pay'), POS, CASHIER, swipes(null), context);
  assert.equal(await g.balance(), 60_000);
});

test('the same lost answer with the plugin of the old contract: the guest pays twice', async () => {
  const g = await guest(100_000);
  const p = plugin({ legacy: true });
  const context = new PaymentDataContext();
  await p.collectData('', PT, CASHIER, swipes(g.card), context);
  net.fail('lose-answer', 'drop', 'drop');
  await assert.rejects(
    p.pay('400.00', null, PT, txn('pay'), POS, CASHIER, swipes(null), context),
    PaymentActionFailed,
  );
  await p.pay('400.00', null, PT, txn('pay'), POS, CASHIER, swipes(null), context);
  assert.equal(await g.balance(), 20_000, 'the old contract takes 400 ₽ twice');
});

test('a lost Pay arriving after the cancel is refused and moves nothing', async () => {
  const g = await guest(100_000);
  const p = plugin({ timeoutMs: 400 });
  const context = new PaymentDataContext();
  await p.collectData('', PT, CASHIER, swipes(g.card), context);
  // The Pay and its retries are stuck on the way; the cancel gets through first.
  net.fail('hold', 'hold', 'hold');
  await assert.rejects(
    p.pay('250.00', null, PT, txn('pay'), POS, CASHIER, swipes(null), context),
    /деньги не списаны/,
  );
  assert.equal(net.pending, 3);
  const late = await net.release();
  assert.deepEqual(
    late.map((l) => l?.split(' ')[1]),
    ['409', '409', '409'],
  );
  assert.equal(await g.balance(), 100_000);
});

test('EmergencyCancelPayment after a Pay that succeeded gives it all back, once', async () => {
  const g = await guest(100_000);
  const p = plugin();
  const paid = await collectAndPay(p, g.card, '300.00', null);
  assert.equal(await g.balance(), 70_000);
  // The fiscal receipt failed: iikoFront takes the payment off the open order.
  const c = await paid.cancel();
  assert.equal(c.sum, 30_000);
  // Its answer lost: the cancel is repeated and is still one cancel.
  net.fail('lose-answer');
  await paid.cancel();
  assert.equal(await g.balance(), 100_000);
});

test('two identical partial returns both come back; a lost return answer is retried once', async () => {
  const g = await guest(100_000);
  const p = plugin();
  const paid = await collectAndPay(p, g.card, '900.00', null);
  await paid.returnPart('300.00');
  net.fail('lose-answer'); // Kopilka returned it; the plugin repeats under the same returnId
  const second = await paid.returnPart('300.00');
  assert.equal(second.replayed, true);
  assert.equal(await g.balance(), 100_000 - 90_000 + 60_000);
});

test('two identical partial returns with the plugin of the old contract: the second is lost', async () => {
  const g = await guest(100_000);
  const p = plugin({ legacy: true });
  const paid = await collectAndPay(p, g.card, '900.00', null);
  await paid.returnPart('300.00');
  const second = await paid.returnPart('300.00');
  assert.equal(second.replayed, true, 'answered as a repeat of the first');
  assert.equal(await g.balance(), 100_000 - 90_000 + 30_000, 'the guest lost 300 ₽');
});

test('newer API versions pass the order: its lines and sum go with the payment', async () => {
  const g = await guest(100_000);
  const p = plugin();
  const o = order([
    ['Салат Оливье', '290.00'],
    ['Морс клюквенный', '210.00'],
  ]);
  const sent: Record<string, unknown>[] = [];
  const seen = plugin({ onRequest: (path, body) => path === '/pay' && sent.push(body) });
  const context = new PaymentDataContext();
  await seen.collectData(o.id, PT, CASHIER, swipes(g.card), context);
  const paid = await seen.pay('500.00', o, PT, txn('pay'), POS, CASHIER, swipes(null), context);
  assert.equal(sent[0]?.orderSum, 50_000);
  assert.deepEqual(
    (paid.entries as { itemName: string; sum: number }[]).map((e) => [e.itemName, e.sum]),
    [
      ['Салат Оливье', 29_000],
      ['Морс клюквенный', 21_000],
    ],
  );
  const before = await footprint(s);
  await assert.rejects(
    p.pay('500.01', o, PT, txn('pay'), POS, CASHIER, swipes(null), context),
    (e: unknown) => e instanceof PaymentActionFailed && e.code === 'payment_exceeds_order',
  );
  assert.deepEqual(await footprint(s), before);
  assert.equal(await g.balance(), 50_000);
});

test('silent variants: the card from the custom data, the same answers without UI', async () => {
  const g = await guest(100_000);
  const p = plugin();
  const context = new PaymentDataContext(JSON.stringify({ card: g.card }));
  assert.equal(p.canPaySilently('100.00', null, PT, context), true);
  assert.equal(p.canPaySilently('100.00', null, PT, new PaymentDataContext()), false);
  assert.equal(
    p.canPaySilently('100.00', null, PT, new PaymentDataContext('{"card":{"pin":"1"}}')),
    false,
  );
  const first = txn('pay');
  await p.paySilently('400.00', null, PT, first, POS, CASHIER, context);
  const second = txn('pay');
  await p.paySilently('100.00', null, PT, second, POS, CASHIER, context);
  assert.equal(await g.balance(), 50_000);
  await p.returnPaymentSilently('150.00', null, PT, first, POS, CASHIER, context);
  await p.returnPaymentSilently('150.00', null, PT, first, POS, CASHIER, context);
  const c = await p.emergencyCancelPaymentSilently(
    '100.00',
    null,
    PT,
    second,
    POS,
    CASHIER,
    context,
  );
  assert.equal(c.sum, 10_000);
  assert.equal(await g.balance(), 50_000 + 30_000 + 10_000);
  await assert.rejects(
    p.paySilently('1.00', null, PT, txn('pay'), POS, CASHIER, new PaymentDataContext()),
    PaymentActionFailed,
  );
});

test('ReturnPaymentWithoutOrder: the card asked, the sum and a returnId of its own', async () => {
  const g = await guest(100_000);
  const p = plugin();
  await collectAndPay(p, g.card, '500.00', null);
  const sent: Record<string, unknown>[] = [];
  const seen = plugin({ onRequest: (_path, body) => sent.push(body) });
  await seen.returnPaymentWithoutOrder('200.00', null, PT, POS, CASHIER, swipes(g.card));
  await seen.returnPaymentWithoutOrder('200.00', null, PT, POS, CASHIER, swipes(g.card));
  assert.notEqual(sent[0]?.returnId, sent[1]?.returnId);
  assert.equal(await g.balance(), 50_000 + 40_000);
  await assert.rejects(
    p.returnPaymentWithoutOrder('100.01', null, PT, POS, CASHIER, swipes(g.card)),
    (e: unknown) => e instanceof PaymentActionFailed && e.code === 'return_exceeds_paid',
  );
  await assert.rejects(
    p.returnPaymentWithoutOrder('1.00', null, PT, POS, CASHIER, swipes(null)),
    PaymentActionCancelled,
  );
  assert.equal(await g.balance(), 90_000);
});
