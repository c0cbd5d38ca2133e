/// <reference lib="dom" />
// Проверка чека in a real browser: seed 000's check pasted as a spreadsheet copy, the guest's
// card 100038, a rank and a promotion on two of the rolls — every line shows its discount and
// accrual with the rules that applied and were blocked, and the order-wide limits say why.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { savePromotion, saveRank, updateProgram } from '../../src/app/loyalty/admin.ts';
import { SEED_LINES } from '../support/fixtures.ts';
import { startCabinet, type Cabinet } from './harness.ts';

let c: Cabinet;
before(async () => {
  c = await startCabinet();
  const actor = { orgId: c.demo.orgId, type: 'system' as const, id: null, name: 'test' };
  await saveRank(c.ctx, actor, null, {
    name: 'Серебро',
    threshold: 0,
    accrualBp: 500,
    discountBp: 0,
  });
  await savePromotion(c.ctx, actor, null, {
    name: 'Запечённые роллы −10 %',
    kind: 'regular',
    active: true,
    conditions: { items: ['2470', '2469'] },
    privileges: [{ type: 'discount_percent', bp: 1000 }],
  });
});
after(async () => c?.close());

test('seed 000’s check: per line what the program does and why', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'marketer', '/check');
  const pasted = SEED_LINES.map(
    (l) => `${l.item_code}\t${l.item_name}\t${l.quantity_milli / 1000}\t${l.price / 100}`,
  ).join('\n');
  await page.getByLabel('Вставить чек').fill(pasted);
  await page.getByRole('button', { name: 'Заменить позиции (6)' }).click();
  await page.getByLabel('Карта гостя').fill('100038');
  await page.getByRole('button', { name: 'Проверить' }).click();
  const result = page.getByTestId('check-result');
  await result.waitFor();

  const lines = result.getByTestId('check-line');
  assert.equal(await lines.count(), 6);
  const first = await lines.nth(0).innerText();
  assert.match(first, /Запеченный ролл с курицей/);
  assert.match(first, /скидка 29,00\s₽/);
  assert.match(first, /применено[\s\S]*Акция «Запечённые роллы −10 %»: применена: скидка 29,00/i);
  // The rank lost line 1 to the promotion, and the line cannot be paid with bonuses.
  assert.match(
    first,
    /запрещено[\s\S]*Ранг «Серебро»: на позиции сработала акция[\s\S]*решила настройка «Акции и ранги не суммируются»/i,
  );
  assert.match(first, /позиция участвовала в акции: оплата баллами недоступна/);
  assert.doesNotMatch(first, /\(L\d+\)/);
  const third = await lines.nth(2).innerText();
  assert.match(third, /Запеченный ролл с угрем/);
  assert.match(third, /баллы \+21,50/);
  // Totals: 2 350,00 ₽ with 65,00 ₽ off.
  assert.match(await result.innerText(), /2\s350,00\s₽/);
  assert.match(await result.innerText(), /65,00\s₽/);
  // The guest has no points: bonus payment is capped by the balance.
  assert.match(
    await result.getByTestId('check-order').innerText(),
    /ограничено[\s\S]*на счёте гостя 0,00 баллов/i,
  );
  await page.evaluate(() => window.scrollTo(0, 0));
  await c.shot(page, 'check');
  await page.context().close();
});

test('on a phone the check and its explanation fit the screen', async () => {
  const page = await c.newPage(390);
  await c.signIn(page, 'owner', '/check');
  await page.getByLabel('Код 1').fill('2466');
  await page.getByLabel('Название 1').fill('Горячая Филадельфия ролл');
  await page.getByLabel('Цена 1').fill('650');
  await page.getByRole('button', { name: 'Проверить' }).click();
  await page.getByTestId('check-line').first().waitFor();
  // The roll is not one of the promotion's items: said in words, not as a setting's key.
  const said = await page.getByTestId('check-result').innerText();
  assert.match(said, /в заказе нет подходящих позиций/);
  assert.doesNotMatch(said, /condition:|\bL\d+\b/);
  // Every outcome badge shows its whole word, and every line's fields are inside the screen.
  const cut = await page.getByTestId('rule').evaluateAll((rules) =>
    rules
      .map((r) => r.querySelector('.mantine-Badge-label') as HTMLElement)
      .filter((b) => b.scrollWidth > b.clientWidth)
      .map((b) => b.textContent),
  );
  assert.deepEqual(cut, []);
  for (const field of ['Код 1', 'Название 1', 'Кол-во 1', 'Цена 1']) {
    const box = await page.getByLabel(field).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${field}: ${JSON.stringify(box)}`);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await c.shot(page, 'check-phone');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling at 390 px (${width})`);
  await page.context().close();
});

test('a line with a POS promotion: each switch that acted is explained for the whole order', async () => {
  const actor = { orgId: c.demo.orgId, type: 'system' as const, id: null, name: 'test' };
  await updateProgram(c.ctx, actor, {
    settings: { posPromotionNoBonusPayment: true, posPromotionNoAccrual: true },
  });
  try {
    const page = await c.newPage();
    await c.signIn(page, 'marketer', '/check');
    for (const [i, l] of SEED_LINES.slice(0, 2).entries()) {
      await page.getByLabel(`Код ${i + 1}`).fill(l.item_code);
      await page.getByLabel(`Название ${i + 1}`).fill(l.item_name);
      await page.getByLabel(`Цена ${i + 1}`).fill(String(l.price / 100));
      if (i === 0) await page.getByRole('button', { name: 'Добавить позицию' }).click();
    }
    await page.getByLabel('Кассовая акция 2').check();
    await page.getByLabel('Карта гостя').fill('100038');
    await page.getByRole('button', { name: 'Проверить' }).click();
    const order = page.getByTestId('check-order');
    await order.waitFor();
    const text = await order.innerText();
    assert.match(
      text,
      /Без оплаты бонусами:\s*кассовая акция на позиции 2: ни одну позицию заказа нельзя оплатить баллами/,
    );
    assert.match(
      text,
      /Без начисления бонусов:\s*кассовая акция на позиции 2: за заказ баллы не начисляются/,
    );
    const first = await page.getByTestId('check-line').first().innerText();
    assert.match(first, /баллы \+0,00/);
    await order.scrollIntoViewIfNeeded();
    await c.shot(page, 'check-pos-promotion', true);
    await page.context().close();
  } finally {
    await updateProgram(c.ctx, actor, {
      settings: { posPromotionNoBonusPayment: false, posPromotionNoAccrual: false },
    });
  }
});
