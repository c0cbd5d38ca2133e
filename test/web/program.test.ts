/// <reference lib="dom" />
// Программа лояльности in a real browser: a setting changed and saved, still there after a
// reload, and in the change history as before → after; a restaurant's own value.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCabinet, type Cabinet } from './harness.ts';

let c: Cabinet;
before(async () => {
  c = await startCabinet();
});
after(async () => c?.close());

test('a loyalty setting is saved, kept, and shown in the history as before → after', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/program');
  const field = page.getByLabel('Оплата бонусами, не более');
  await field.waitFor();
  assert.equal(await field.inputValue(), '100 %');
  // The explanation stands beside the setting.
  await page.getByText('Какую долю суммы чека гость может оплатить бонусами').waitFor();
  await c.shot(page, 'program-settings');
  await field.fill('50');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByRole('status').filter({ hasText: 'Сохранено' }).waitFor();

  const change = page.getByTestId('history-change').first();
  await change.waitFor();
  assert.match(await change.innerText(), /10000\s*→\s*5000/);
  const row = page.getByTestId('history-entry').first();
  assert.match(await row.innerText(), /Оплата бонусами, не более/);
  assert.match(await row.innerText(), /owner@kopilka\.demo|Владелец/);

  await page.reload();
  await page.getByLabel('Оплата бонусами, не более').waitFor();
  assert.equal(await page.getByLabel('Оплата бонусами, не более').inputValue(), '50 %');
  // The server has it too.
  const program = await c.app.inject({
    method: 'GET',
    url: '/api/admin/v1/program',
    headers: {
      authorization: `Bearer ${await page.evaluate(() => localStorage.getItem('kopilka.token'))}`,
    },
  });
  assert.equal(program.json().settings.maxBonusPaymentBp, 5000);
  await page.context().close();
});

test('a refused save shows the server’s reason, and what was typed stays', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/program');
  const row = page.getByTestId('setting-settings.itemPromotionBlocksCheckPromotion');
  await row.getByLabel('Акция на товар отменяет акцию на чек').check();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Не сохранено' });
  await alert.waitFor();
  assert.match(await alert.innerText(), /только вместе с «Акции и ранги не суммируются»/);
  assert.equal(await row.getByLabel('Акция на товар отменяет акцию на чек').isChecked(), true);
  await c.shot(page, 'program-settings-refused');
  await page.context().close();
});

test('a venue gets its own value; the others keep the organization’s', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/program/overrides');
  const row = page.getByTestId('setting-settings.changeToBonusWallet');
  await row.getByLabel('Своё значение для этого заведения').check();
  await row.getByLabel('Сдача на бонусный счёт').check();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByRole('status').filter({ hasText: 'Сохранено' }).waitFor();
  const token = await page.evaluate(() => localStorage.getItem('kopilka.token'));
  const program = await c.app.inject({
    method: 'GET',
    url: '/api/admin/v1/program',
    headers: { authorization: `Bearer ${token}` },
  });
  assert.deepEqual(program.json().restaurant_overrides, [
    { restaurant_id: c.demo.restaurantId, settings: { changeToBonusWallet: true } },
  ]);
  await c.shot(page, 'program-overrides');
  await page.context().close();
});

test('on a phone the settings stack and nothing scrolls sideways', async () => {
  const page = await c.newPage(390);
  await c.signIn(page, 'marketer', '/program');
  await page.getByLabel('Оплата бонусами, не более').waitFor();
  await c.shot(page, 'program-settings-phone');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling at 390 px (${width})`);
  await page.context().close();
});

test('orders with a POS promotion: two of the three switches on at once are saved', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/program');
  const group = page.getByTestId('setting-settings.posPromotionNoBonusPayment');
  await group.waitFor();
  // The seed's words: each switch says what it does when on; the group says what always holds.
  await page.getByText('Кассовые акции и акции программы могут применяться в одном чеке').waitFor();
  await page.getByRole('switch', { name: 'Без оплаты бонусами', exact: true }).check();
  await page.getByRole('switch', { name: 'Акции программы не срабатывают', exact: true }).check();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByRole('status').filter({ hasText: 'Сохранено' }).waitFor();
  await page.reload();
  await page.getByRole('switch', { name: 'Без оплаты бонусами', exact: true }).waitFor();
  assert.equal(
    await page.getByRole('switch', { name: 'Без оплаты бонусами', exact: true }).isChecked(),
    true,
  );
  assert.equal(
    await page.getByRole('switch', { name: 'Без начисления бонусов', exact: true }).isChecked(),
    false,
  );
  assert.equal(
    await page
      .getByRole('switch', { name: 'Акции программы не срабатывают', exact: true })
      .isChecked(),
    true,
  );
  const token = await page.evaluate(() => localStorage.getItem('kopilka.token'));
  const program = await c.app.inject({
    method: 'GET',
    url: '/api/admin/v1/program',
    headers: { authorization: `Bearer ${token}` },
  });
  const s = program.json().settings;
  assert.deepEqual(
    [s.posPromotionNoBonusPayment, s.posPromotionNoAccrual, s.posPromotionNoPromotions],
    [true, false, true],
  );
  await page.getByText('Заказы с кассовой акцией').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -80));
  await c.shot(page, 'program-pos-promotions', true);
  await page.context().close();
});

test('«Одна активная карта» is the organization’s rule: saved there, read-only for a marketer', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/program');
  const one = page.getByRole('switch', { name: 'Одна активная карта', exact: true });
  await one.waitFor();
  assert.equal(await one.isChecked(), false);
  await one.check();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByRole('status').filter({ hasText: 'Сохранено' }).waitFor();
  const token = await page.evaluate(() => localStorage.getItem('kopilka.token'));
  const org = await c.app.inject({
    method: 'GET',
    url: '/api/admin/v1/organization',
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(org.json().settings.single_active_card, true);
  await page.context().close();

  const marketer = await c.newPage();
  await c.signIn(marketer, 'marketer', '/program');
  const seen = marketer.getByRole('switch', { name: 'Одна активная карта', exact: true });
  await seen.waitFor();
  assert.equal(await seen.isChecked(), true);
  assert.equal(await seen.isDisabled(), true);
  await marketer.getByText('Одна настройка на всю организацию').scrollIntoViewIfNeeded();
  await c.shot(marketer, 'program-single-active-card', true);
  await marketer.context().close();
});
