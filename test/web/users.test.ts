/// <reference lib="dom" />
// Пользователи in a real browser: a refused new user keeps what was typed, with the server's
// message at the password; a role changed in the list shows in the audit log as before → after.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCabinet, type Cabinet } from './harness.ts';

let c: Cabinet;
before(async () => {
  c = await startCabinet();
});
after(async () => c?.close());

test('a refused new user keeps what was typed and says what is wrong with the password', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/users');
  await page.getByRole('button', { name: 'Добавить пользователя' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^E-mail/).fill('new.manager@kopilka.demo');
  await dialog.getByLabel(/^Имя/).fill('Новый управляющий');
  await dialog.getByLabel(/^Пароль/).fill('short');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await dialog.getByText(/10/).last().waitFor();
  assert.equal(await dialog.getByLabel(/^E-mail/).inputValue(), 'new.manager@kopilka.demo');
  assert.equal(await dialog.getByLabel(/^Имя/).inputValue(), 'Новый управляющий');
  await c.shot(page, 'users-refused', true);
  await dialog.getByLabel(/^Пароль/).fill('a long enough password');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('cell', { name: 'new.manager@kopilka.demo' }).waitFor();
  await c.shot(page, 'users');
  await page.context().close();
});

test('a role changed in the list is in the audit log as before → after', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/users');
  const role = page.getByRole('combobox', { name: 'Роль пользователя support (демо)' });
  await role.click();
  await page.getByRole('option', { name: 'Аналитик' }).click();
  await page.getByRole('combobox', { name: 'Роль пользователя support (демо)' }).waitFor();
  await page.waitForFunction(() =>
    Array.from(
      document.querySelectorAll('input[aria-label="Роль пользователя support (демо)"]'),
    ).some((i) => (i as HTMLInputElement).value === 'Аналитик'),
  );
  await page.getByRole('link', { name: 'Журнал аудита' }).click();
  const change = page
    .getByTestId('audit')
    .getByTestId('change')
    .filter({ hasText: /^role:/ });
  await change.first().waitFor();
  assert.equal(await change.first().innerText(), 'role: support → analyst');
  await c.shot(page, 'audit', true);
  await page.context().close();
});
