/// <reference lib="dom" />
// Уведомления in a real browser: recipients per notification type saved and kept (a refused
// address marked with the server's message while everything typed stays), the birthday
// list's immediate test, the mail server saved against a real local SMTP server with
// «Отправить тестовое письмо» saying plainly that it went or why not, a new host refused
// without the password typed again, and the letters log with a dead letter sent again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startCabinet, type Cabinet } from './harness.ts';
import { smtpReceiver } from '../events/smtp-receiver.ts';
import { smtpSender } from '../../src/events/email/smtp.ts';
import { deliverDueLetters } from '../../src/events/email/delivery.ts';
import { getNotificationSettings, saveSmtpSettings } from '../../src/events/email/settings.ts';

let c: Cabinet;
let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
const send = smtpSender({ allowPrivate: true, timeoutMs: 3_000 });
before(async () => {
  smtp = await smtpReceiver({ user: 'kopilka', password: 'mail-secret' });
  c = await startCabinet({ email: { send, allowPrivate: true } });
});
after(async () => {
  await c?.close();
  await smtp?.close();
});

test('recipients per type are saved and kept; a refused address is marked, the rest stays', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/notifications');
  const birthdays = page.getByTestId('recipients-birthdays');
  await birthdays.getByLabel(/^Новый e-mail/).fill('manager@sushi.example');
  await birthdays.getByRole('button', { name: 'Добавить' }).click();
  await birthdays.getByLabel('Период отправки уведомлений, дней').fill('3');
  const reviews = page.getByTestId('recipients-reviews');
  await reviews.getByLabel(/^Новый e-mail/).fill('owner@sushi.example');
  await reviews.getByLabel(/^Новый e-mail/).press('Enter'); // Enter adds, does not save
  await page.getByTestId('unusual-spending').getByLabel('Одно списание от').fill('5000');
  // A typo in the security list: the server refuses the whole save and says which address.
  const security = page.getByTestId('recipients-security');
  await security.getByLabel(/^Новый e-mail/).fill('guard@sushi');
  await security.getByRole('button', { name: 'Добавить' }).click();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  const refusal = security.getByRole('alert');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /e-mail|адрес|формат|шаблон/i);
  // Nothing is lost: the other lists and the period stay as typed; nothing was saved.
  await birthdays.getByText('manager@sushi.example').waitFor();
  await reviews.getByText('owner@sushi.example').waitFor();
  assert.equal(await birthdays.getByLabel('Период отправки уведомлений, дней').inputValue(), '3');
  assert.deepEqual(
    (await getNotificationSettings(c.ctx.db, c.demo.orgId)).recipients.birthdays,
    [],
  );
  await security.scrollIntoViewIfNeeded();
  await c.shot(page, 'notifications-refused', true);

  await security.getByRole('button', { name: 'Убрать guard@sushi' }).click();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByText('Сохранено').waitFor();
  const saved = await getNotificationSettings(c.ctx.db, c.demo.orgId);
  assert.deepEqual(saved.recipients.birthdays, ['manager@sushi.example']);
  assert.deepEqual(saved.recipients.reviews, ['owner@sushi.example']);
  assert.equal(saved.birthday_every_days, 3);
  assert.equal(saved.unusual_deposit_debit, 500_000);
  await page.reload();
  await birthdays.getByText('manager@sushi.example').waitFor();
  await c.shot(page, 'notifications-recipients');
  await page.context().close();
});

test('the mail server is saved, a test letter arrives; a new host needs the password again', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/notifications/smtp');
  const form = page.getByTestId('smtp');
  await form.getByLabel(/^Шифрование/).click();
  await page.getByRole('option', { name: 'Без шифрования' }).click();
  await form.getByLabel(/^Адрес \(хост\)/).fill('127.0.0.1');
  await form.getByLabel(/^Порт/).fill(String(smtp.port));
  await form.getByLabel(/^Пользователь/).fill('kopilka');
  await form.getByLabel(/^Пароль/).fill('mail-secret');
  await form.getByLabel(/^Адрес отправителя/).fill('loyalty@sushi.example');
  await form.getByLabel(/^Имя отправителя/).fill('Суши-бар «Тестовая»');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await form.getByText('Сохранено', { exact: true }).waitFor();
  assert.equal(await form.getByLabel(/^Пароль/).inputValue(), '', 'the password is not shown');
  assert.ok(!(await page.content()).includes('mail-secret'));

  const tester = page.getByTestId('smtp-test');
  await tester.getByLabel(/^Кому/).fill('manager@sushi.example');
  await tester.getByRole('button', { name: 'Отправить тестовое письмо' }).click();
  const outcome = tester.getByTestId('test-outcome');
  await outcome.getByText('Почтовый сервер принял письмо').waitFor();
  assert.equal(smtp.got.length, 1);
  assert.deepEqual(smtp.got[0]!.to, ['manager@sushi.example']);
  await c.shot(page, 'notifications-smtp');

  // Another host without the password typed again: the field says so before saving, and the
  // server's refusal stands under it; the host typed stays.
  await form.getByLabel(/^Адрес \(хост\)/).fill('localhost');
  await form.getByText(/Адрес сервера изменился — введите пароль заново/).waitFor();
  await form.getByRole('button', { name: 'Сохранить' }).click();
  const pw = form.getByLabel(/^Пароль/);
  await form.getByText(/Адрес подключения изменился: введите пароль заново/).waitFor();
  assert.equal(await form.getByLabel(/^Адрес \(хост\)/).inputValue(), 'localhost');
  await c.shot(page, 'notifications-smtp-refused', true);

  // A wrong password saved: the test letter says the server refused the sign-in.
  await form.getByLabel(/^Адрес \(хост\)/).fill('127.0.0.1');
  await pw.fill('wrong-secret');
  await form.getByRole('button', { name: 'Сохранить' }).click();
  await form.getByText('Сохранено', { exact: true }).waitFor();
  await tester.getByRole('button', { name: 'Отправить тестовое письмо' }).click();
  await outcome.getByText('Письмо не отправлено').waitFor();
  assert.match(await outcome.innerText(), /парол|логин|авториз/i);
  assert.equal(smtp.got.length, 1);
  await page.context().close();
});

test('the birthday list’s test goes at once; the letters log shows it, and a dead letter is sent again', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/notifications');
  await page.getByRole('button', { name: 'Немедленно отправить тестовое напоминание' }).click();
  const sent = page.getByTestId('birthday-test');
  await sent.waitFor();
  assert.match(await sent.innerText(), /писем — 1/);

  // The worker's delivery (not running in this server) takes the letter to a closed port and,
  // with one attempt allowed, gives up: a dead letter.
  const mail = { mail: send, batch: 10, concurrency: 1, maxAttempts: 1, leaseMs: 60_000 };
  const owner = { orgId: c.demo.orgId, type: 'system' as const, id: null, name: 'test' };
  await saveSmtpSettings(
    c.ctx,
    owner,
    { host: '127.0.0.1', port: 1, security: 'none', from_address: 'loyalty@sushi.example' },
    true,
  );
  await deliverDueLetters(c.ctx, { ...mail, backoffMs: () => 1_000 });
  await page.getByRole('tab', { name: 'Журнал писем' }).click();
  const letter = page.getByTestId('letter').first();
  await letter.getByText('Не доставлено').waitFor();
  await letter.getByText('Дни рождения', { exact: true }).waitFor();
  await c.shot(page, 'notifications-letters');
  await letter.getByRole('button', { name: 'Отправить снова' }).click();
  await letter.getByText('В очереди').waitFor();
  await page.context().close();

  // A marketer reads the recipients but changes nothing, and has no mail-server tab.
  const marketer = await c.newPage(390);
  await c.signIn(marketer, 'marketer', '/notifications');
  await marketer.getByTestId('recipients-birthdays').getByText('manager@sushi.example').waitFor();
  assert.equal(await marketer.getByRole('button', { name: 'Сохранить' }).count(), 0);
  assert.equal(await marketer.getByLabel(/^Новый e-mail/).count(), 0);
  assert.equal(await marketer.getByRole('tab', { name: 'Почтовый сервер' }).count(), 0);
  await c.shot(marketer, 'notifications-phone');
  await marketer.context().close();
});
