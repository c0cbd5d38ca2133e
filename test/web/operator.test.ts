/// <reference lib="dom" />
// The installation's operator in a real browser: signs in on the cabinet's login page, sees
// «Организации» and no organization's sections, creates an organization with its first owner,
// gets the owner's one-time link, adds a restaurant; the owner opens the link, sets a password,
// lands in the empty organization and adds a restaurant of their own in Заведения и кассы.
// Новости и работы: the operator sends news to every organization's recipients and sees it in
// the list; the same news again sends nothing and says so; a refusal stands at its field; an
// organization's owner has no such section.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createOperator } from '../../src/app/installation/operators.ts';
import { saveNotificationSettings } from '../../src/events/email/settings.ts';
import { PASSWORD, startCabinet, type Cabinet } from './harness.ts';

let c: Cabinet;
const OPERATOR_EMAIL = 'operator@kopilka.demo';
before(async () => {
  c = await startCabinet();
  await createOperator(
    c.ctx,
    { type: 'system', id: null, name: 'test' },
    { email: OPERATOR_EMAIL, name: 'Оператор установки (демо)', password: PASSWORD },
  );
});
after(async () => c?.close());

async function operatorSignIn(page: Page) {
  await page.goto(`${c.base}/`);
  await page.getByLabel('E-mail').fill(OPERATOR_EMAIL);
  await page.getByLabel(/^Пароль/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('heading', { name: 'Организации' }).waitFor();
}

test('the operator creates an organization with its owner; the owner sets a password by the link and sees the empty organization', async () => {
  const page = await c.newPage();
  await operatorSignIn(page);
  assert.match(new URL(page.url()).pathname, /^\/organizations/);
  const menu = await page.getByRole('navigation').first().innerText();
  assert.deepEqual(menu.split('\n').filter(Boolean), [
    'Организации',
    'Новости и работы',
    'Журнал установки',
  ]);
  await page.getByTestId('organization').filter({ hasText: 'Тестовая' }).waitFor();
  // The operator's name already says the role: the header does not repeat it.
  assert.equal(await page.getByTestId('who').innerText(), 'Оператор установки (демо)');
  await c.shot(page, 'operator-organizations');

  await page.getByRole('button', { name: 'Новая организация' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Название организации/).fill('Кофейня «Зерно»');
  await dialog.getByLabel(/^E-mail владельца/).fill('not an address');
  await dialog.getByLabel(/^Имя владельца/).fill('Анна Зернова');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await dialog
    .getByText(/e-mail/i)
    .last()
    .waitFor();
  await dialog.getByText('Неверный адрес e-mail').waitFor();
  assert.equal(await dialog.getByLabel(/^Название организации/).inputValue(), 'Кофейня «Зерно»');
  await dialog.getByLabel(/^E-mail владельца/).fill('anna@zerno.example');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  const link = page.getByTestId('setup-link');
  await link.waitFor();
  const url = (await link.innerText()).trim();
  assert.match(url, /\/setup#kps_[A-Za-z0-9_-]+$/);
  await c.shot(page, 'operator-setup-link', true);
  await page.getByRole('button', { name: 'Готово' }).click();

  const card = page.getByTestId('organization').filter({ hasText: 'Кофейня «Зерно»' });
  await card.getByText('ещё не задал пароль').waitFor();
  await card.getByRole('button', { name: 'Добавить заведение' }).click();
  const addVenue = page.getByRole('dialog');
  await addVenue.getByLabel(/^Название/).fill('Зерно на Тверской');
  await addVenue.getByRole('button', { name: 'Сохранить' }).click();
  await addVenue.waitFor({ state: 'detached' });
  await card.getByText(/Зерно на Тверской/).waitFor();

  // No organization's data: the sections are not offered, and the server refuses them.
  await page.goto(`${c.base}/guests`);
  await page.getByText('Вашей роли этот раздел недоступен').waitFor();
  const token = await page.evaluate(() => localStorage.getItem('kopilka.token'));
  const guests = await fetch(`${c.base}/api/admin/v1/guests`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(guests.status, 403);
  await page.getByRole('link', { name: 'Журнал установки' }).click();
  await page.getByTestId('audit').getByText('Кофейня «Зерно»').first().waitFor();
  await c.shot(page, 'operator-audit');
  await page.context().close();

  // The owner, in another browser: the link, a password, the empty organization.
  const owner = await c.newPage();
  await owner.goto(url);
  await owner.getByText('Задайте пароль для anna@zerno.example').waitFor();
  await owner.getByLabel(/^Новый пароль/).fill('qwerty123');
  await owner.getByRole('button', { name: 'Сохранить и войти' }).click();
  // Under the password field, as every refused save; not as a message for the whole form.
  await owner.getByText('Пароль должен быть от 10 до 200 символов').waitFor();
  assert.equal(await owner.getByRole('alert').count(), 0);
  await c.shot(owner, 'setup-refused', true);
  await owner.getByLabel(/^Новый пароль/).fill('зерно светлое утро 2026');
  await owner.getByRole('button', { name: 'Сохранить и войти' }).click();
  await owner.getByRole('button', { name: 'Выйти' }).waitFor();
  await owner.getByText('Кофейня «Зерно»').first().waitFor();
  await owner.goto(`${c.base}/guests`);
  await owner.getByText('Ничего не найдено').waitFor();
  await c.shot(owner, 'owner-new-organization');

  await owner.goto(`${c.base}/venues`);
  await owner.getByRole('button', { name: 'Новое заведение' }).click();
  const own = owner.getByRole('dialog');
  await own.getByLabel(/^Название/).fill('Зерно на Покровке');
  await c.shot(owner, 'venues-new-restaurant', true);
  await own.getByRole('button', { name: 'Сохранить' }).click();
  await own.waitFor({ state: 'detached' });
  const restaurants = await owner.evaluate(async () => {
    const r = await fetch('/api/admin/v1/restaurants', {
      headers: { authorization: `Bearer ${localStorage.getItem('kopilka.token')}` },
    });
    return ((await r.json()) as { rows: { name: string }[] }).rows.map((x) => x.name);
  });
  assert.deepEqual(restaurants.sort(), ['Зерно на Покровке', 'Зерно на Тверской']);
  // The link is spent.
  const again = await c.newPage();
  await again.goto(url);
  await again.getByText(/Ссылка недействительна/).waitFor();
  await again.context().close();
  await owner.context().close();
});

test('the operator sends news to every organization and sees it listed; the same news again sends nothing', async () => {
  // The demo organization takes news at two addresses; the new one above has no recipients.
  await saveNotificationSettings(
    c.ctx,
    { orgId: c.demo.orgId, type: 'system', id: null, name: 'test' },
    { recipients: { news: ['owner@sushi.example', 'chef@sushi.example'] } },
  );
  const page = await c.newPage();
  await operatorSignIn(page);
  await page.getByRole('link', { name: 'Новости и работы' }).click();
  await page.getByRole('heading', { name: 'Новости и работы' }).waitFor();
  await page.getByText('Ещё ничего не отправлено').waitFor();
  const form = page.getByRole('form', { name: 'Новое письмо организациям' });

  // Without a subject: refused at the field, the text kept.
  const text = 'Добавили отчёт по сменам.\n\nОн в разделе «Отчёты».';
  await form.getByLabel(/^Текст/).fill(text);
  await form.getByRole('button', { name: 'Отправить' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Отправить' }).click();
  const subject = form.getByLabel(/^Тема письма/);
  await form.locator('input[aria-invalid="true"]').first().waitFor();
  assert.equal(await subject.getAttribute('aria-invalid'), 'true');
  assert.equal(await form.getByLabel(/^Текст/).inputValue(), text);

  await subject.fill('Копилка 2.0: отчёты по сменам');
  await form.getByRole('button', { name: 'Отправить' }).click();
  const confirm = page.getByRole('dialog');
  await confirm.getByText(/уйдёт получателям типа «Новости» во всех организациях/).waitFor();
  await confirm.getByRole('button', { name: 'Отправить' }).click();
  const outcome = page.getByTestId('announcement-outcome');
  await outcome.getByText('Отправлено: организаций — 1, писем — 2', { exact: false }).waitFor();
  const row = page.getByTestId('announcement').filter({ hasText: 'Копилка 2.0: отчёты по сменам' });
  await row.getByText('Новости').waitFor();
  await row.getByText('1 / 2').waitFor(); // organizations / letters
  await c.shot(page, 'operator-announcements');

  // The same letter again: nothing is queued, and the screen says so plainly.
  await form.getByRole('button', { name: 'Отправить' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Отправить' }).click();
  await outcome.getByText(/уже отправлено .* повторно ничего не отправлено/).waitFor();
  assert.equal(await page.getByTestId('announcement').count(), 1);
  const letters = await c.ctx.db
    .selectFrom('email_deliveries')
    .select('to_address')
    .where('org_id', '=', c.demo.orgId)
    .where('kind', '=', 'news')
    .execute();
  assert.equal(letters.length, 2);
  await c.shot(page, 'operator-announcement-repeat', true);
  await page.context().close();

  const phone = await c.newPage(390);
  await operatorSignIn(phone);
  await phone.goto(`${c.base}/announcements`);
  await phone.getByTestId('announcement').first().waitFor();
  await c.shot(phone, 'operator-announcements-phone');
  await phone.context().close();

  // An organization's owner has no such section, and the server refuses it too.
  const owner = await c.newPage();
  await c.signIn(owner, 'owner');
  const menu = await owner.getByRole('navigation').first().innerText();
  assert.ok(!menu.includes('Новости и работы'), menu);
  await owner.goto(`${c.base}/announcements`);
  await owner.getByText('Вашей роли этот раздел недоступен').waitFor();
  const token = await owner.evaluate(() => localStorage.getItem('kopilka.token'));
  const sent = await fetch(`${c.base}/api/admin/v1/installation/announcements`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(sent.status, 403);
  await owner.context().close();
});
