// The fake iikoFront plays seed 001's flow (shifts, hall and table, guests, lines, deposit
// payment, a returned line, a Pay whose answer is really lost, a payment cancelled after the
// fiscal receipt failed, two identical partial returns, a return without an order) with the
// plugin over a lossy network against a listening Kopilka, in-process and through
// `kopilka simulate iiko`. With the plugin of the old contract the same flow ends ✖: the
// simulator catches both money-losing sequences.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { IikoFrontSimulator } from '../../../src/integrations/iiko/simulator/front.ts';
import { testDatabase } from '../../support/db.ts';
import { makeGuest } from '../../support/fixtures.ts';
import { balanceOf, iikoSetup, PAYMENT_TYPE, type IikoSetup } from './payment-setup.ts';

let s: IikoSetup;
let url: string;
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
});
after(() => s.close());

test('the seed 001 flow: the deposit pays, lines come back, a lost answer takes the money once', async () => {
  const g = await makeGuest(s.server.ctx, s.org, {
    deposit: { scheme: 'debit', fiscal_mode: 'service' },
    funds: 200_000,
  });
  const lines: string[] = [];
  const front = new IikoFrontSimulator({
    url,
    key: s.org.key,
    card: g.number,
    paymentTypeId: PAYMENT_TYPE.deposit,
    log: (l) => lines.push(l),
  });
  const r = await front.run();
  assert.ok(
    r.steps.every((x) => x.ok),
    lines.join('\n'),
  );
  // Оливье 290 + Борщ 360 for guest 1, паста 430 + морс 210 for guest 2; the cheesecake whose
  // first Pay lost its answer, 410; two морс 210, returned one by one; 100 ₽ without an order.
  assert.equal(r.paidFromDeposit, 129_000 + 41_000 + 42_000);
  assert.equal(r.returnedToDeposit, 29_000 + 21_000 + 21_000 + 10_000);
  assert.equal(r.depositAfter, 200_000 - 212_000 + 81_000);
  assert.equal(r.paidInCash, 0);
  assert.equal(await balanceOf(s, g.depositId as number), r.depositAfter);
  assert.ok(lines.some((l) => /Зал, стол 5, гостей: 2/.test(l)));
  assert.ok(lines.some((l) => /✔ Оплата депозитом: ответ потерян: .*деньги не списаны/.test(l)));
  assert.ok(lines.some((l) => /✔ Аварийная отмена оплаты/.test(l)));
  assert.ok(lines.some((l) => /✔ Возврат второго морса/.test(l)));
  assert.ok(lines.some((l) => /Смена №95 закрыта/.test(l)));
  const items = await s.t.db
    .selectFrom('ledger_entries')
    .select('item_name')
    .where('org_id', '=', s.org.orgId)
    .where('guest_id', '=', g.guestId)
    .where('type', '=', 'payment')
    .where('pos_check_id', '=', '1') // order №1; order №2's payment was the cancelled one
    .orderBy('id')
    .execute();
  assert.deepEqual(
    items.map((i) => i.item_name),
    ['Салат Оливье', 'Борщ с пампушками', 'Паста карбонара', 'Морс клюквенный'],
  );
});

test('a deposit short of the check pays what it can; the rest is cash', async () => {
  const g = await makeGuest(s.server.ctx, s.org, {
    deposit: { scheme: 'debit', fiscal_mode: 'service' },
    funds: 50_000,
  });
  const front = new IikoFrontSimulator({
    url,
    key: s.org.key,
    card: g.number,
    paymentTypeId: PAYMENT_TYPE.deposit,
  });
  const r = await front.run();
  // 500 ₽ of the first order; its returned salad pays 290 ₽ of the cheesecake; the drinks are
  // paid in cash; 100 ₽ comes back without an order.
  assert.equal(r.paidFromDeposit, 50_000 + 29_000);
  assert.equal(r.paidInCash, 129_000 - 50_000 + (41_000 - 29_000) + 42_000);
  assert.equal(r.depositAfter, 10_000);
  assert.ok(r.steps.every((x) => x.ok));
});

test('the plugin of the old contract: the simulator catches the double payment and the lost return', async () => {
  const g = await makeGuest(s.server.ctx, s.org, {
    deposit: { scheme: 'debit', fiscal_mode: 'service' },
    funds: 300_000,
  });
  const front = new IikoFrontSimulator({
    url,
    key: s.org.key,
    card: g.number,
    paymentTypeId: PAYMENT_TYPE.deposit,
    legacyPlugin: true,
  });
  const r = await front.run();
  const failed = r.steps.filter((x) => !x.ok).map((x) => x.step);
  assert.deepEqual(failed, [
    'Оплата депозитом: ответ потерян',
    'Возврат второго морса',
    'Сверка депозита',
  ]);
  // The cheesecake taken twice (410 ₽) and the second морс never returned (210 ₽).
  assert.equal(r.depositAfter, 300_000 - 212_000 + 81_000 - 41_000 - 21_000);
  assert.equal(await balanceOf(s, g.depositId as number), r.depositAfter);
});

test('`kopilka simulate iiko` prints what the cashier saw', async () => {
  const g = await makeGuest(s.server.ctx, s.org, {
    deposit: { scheme: 'debit', fiscal_mode: 'service' },
    funds: 300_000,
  });
  const run = promisify(execFile);
  const out = await run(
    process.execPath,
    ['bin/kopilka.mjs', 'simulate', 'iiko', '--url', url, '--key', s.org.key, '--card', g.number],
    { timeout: 60_000 },
  );
  assert.match(out.stdout, /✔ Оплата депозитом: Оплачено с депозита: 1290\.00 ₽/);
  assert.match(out.stdout, /✔ Аварийная отмена оплаты/);
  assert.match(out.stdout, /✔ Сверка депозита/);
  const summary = JSON.parse(out.stdout.trim().split('\n').at(-1) as string);
  assert.equal(summary.depositAfter, 300_000 - 212_000 + 81_000);
  const wrongType = await run(
    process.execPath,
    [
      'bin/kopilka.mjs',
      'simulate',
      'iiko',
      '--url',
      url,
      '--key',
      s.org.key,
      '--card',
      g.number,
      '--payment-type',
      PAYMENT_TYPE.card,
    ],
    { timeout: 60_000 },
  ).catch((e: { code: number; stdout: string; stderr: string }) => e);
  assert.equal((wrongType as { code: number }).code, 1);
  assert.match((wrongType as { stderr: string }).stderr, /оплачивается типом «Депозит Kopilka»/);
});
