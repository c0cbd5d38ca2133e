// Пользователи in a real browser: a refused new user keeps what was typed, with the server's
// message at the password.
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
