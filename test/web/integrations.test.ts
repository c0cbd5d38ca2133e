/// <reference lib="dom" />
// Интеграции in a real browser: an integrator subscribes a local webhook receiver, sees the
// signing secret once, and after a till's close sees the delivery in the log with the
// receiver's answers — a dead one sent again and delivered; a new secret is shown once too.
// An installation that refuses internal addresses says so under the address field, keeping
// what was typed. The scheduled jobs' runs — one failed — in the organization's time zone. A
// manager only looks; a marketer has no Интеграции.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_WORKER, workOnce } from '../../src/events/worker.ts';
import { httpSender } from '../../src/events/webhook-sender.ts';
import { SCHEDULED_JOBS } from '../../src/scheduler/jobs.ts';
import {
  DEFAULT_SCHEDULER,
  jobStatuses,
  registerJobs,
  runDueJobs,
} from '../../src/scheduler/scheduler.ts';
import { receiver } from '../events/receiver.ts';
import { SEED_LINES } from '../support/fixtures.ts';
import { startCabinet, type Cabinet } from './harness.ts';

let c: Cabinet;
let hook: Awaited<ReturnType<typeof receiver>>;
let healthy = false;
// One attempt: a receiver's refusal makes the delivery dead at once.
const worker = {
  ...DEFAULT_WORKER,
  send: httpSender({ allowPrivate: true, timeoutMs: 5_000 }),
  maxAttempts: 1,
};
before(async () => {
  hook = await receiver(() => (healthy ? 200 : 500));
  // The receiver listens on 127.0.0.1: this installation allows internal targets.
  c = await startCabinet({ webhooksAllowPrivate: true });
});
after(async () => {
  await c?.close();
  await hook?.close();
});

async function closeCheck(orderId: string) {
  const res = await fetch(`${c.base}/api/pos/v1/orders/close`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.demo.terminalKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      order_id: orderId,
      card: { uid: '61366822' },
      lines: SEED_LINES,
      payments: [],
    }),
  });
  assert.equal(res.status, 201, await res.text());
}

test('a webhook to a local receiver: the secret once, the delivery and the receiver’s answers, a dead one sent again', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'integrator', '/integrations');
  await page.getByRole('heading', { name: 'Интеграции' }).waitFor();
  await page.getByText('Вебхуков пока нет').waitFor();
  await page.getByRole('button', { name: 'Добавить вебхук' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Адрес \(URL\)/).fill(hook.url);
  await dialog.getByLabel('Описание').fill('CRM ресторана');
  await dialog.getByLabel('Все события').uncheck();
  await dialog.getByLabel('Заказ закрыт').check();
  await dialog.getByLabel('Возврат по чеку').check();
  await c.shot(page, 'integrations-webhook-form', true);
  await dialog.getByRole('button', { name: 'Сохранить' }).click();

  const secret = (await page.getByTestId('secret').innerText()).trim();
  assert.match(secret, /^whsec_[A-Za-z0-9+/=]+$/);
  await page.getByText('Секрет показан один раз').waitFor();
  await c.shot(page, 'integrations-webhook-secret', true);
  await page.getByRole('button', { name: 'Секрет сохранён, закрыть' }).click();
  const row = page.getByTestId('webhook').filter({ hasText: hook.url });
  await row.getByText('Заказ закрыт, Возврат по чеку').waitFor();
  await row.getByText('CRM ресторана').waitFor();
  assert.ok(!(await page.content()).includes(secret), 'the secret is not on the page any more');
  await page.reload();
  await row.waitFor();
  assert.ok(!(await page.content()).includes(secret), 'nor after a reload');
  await c.shot(page, 'integrations-webhooks');

  // A till closes a check; the receiver refuses the first request: the delivery dies.
  await closeCheck('hook-1');
  await workOnce(c.ctx, worker);
  const first = hook.got.find((r) => r.json.type === 'order.closed');
  assert.ok(first, 'the receiver got the closed order');
  assert.ok(hook.signedWith(first, secret), 'signed with the secret shown');

  await page.getByRole('tab', { name: 'Доставки' }).click();
  await page.getByText('Не доставлены').click();
  const dead = page.getByTestId('delivery').first();
  await dead.getByText('Заказ закрыт').waitFor();
  await dead.getByText('Получатель ответил HTTP 500').waitFor();
  await c.shot(page, 'integrations-deliveries-dead');

  // Sent again: queued at once, then delivered to the receiver that now answers 200.
  healthy = true;
  await dead.getByRole('button', { name: 'Отправить снова' }).click();
  await page.getByText('Все', { exact: true }).click();
  const again = page.getByTestId('delivery').first();
  await again.getByText('В очереди').waitFor();
  await workOnce(c.ctx, worker);
  await page.reload();
  await again.getByText('Доставлено').waitFor();
  await again.getByRole('button', { name: 'Ответы получателя' }).click();
  const attempts = page.getByTestId('attempt');
  await attempts.nth(1).waitFor();
  assert.deepEqual(await attempts.locator('.mantine-Badge-root').allInnerTexts(), [
    'HTTP 500',
    'HTTP 200',
  ]);
  await page.getByTestId('attempts').getByText('answer 200').waitFor();
  await c.shot(page, 'integrations-attempts', true);
  await page.keyboard.press('Escape');

  // A new secret is shown once as well, and the next request carries it.
  await page.getByRole('tab', { name: 'Вебхуки' }).click();
  await row.getByRole('button', { name: 'Новый секрет' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Новый секрет' }).click();
  const rotated = (await page.getByTestId('secret').innerText()).trim();
  assert.match(rotated, /^whsec_/);
  assert.notEqual(rotated, secret);
  await page.getByRole('button', { name: 'Секрет сохранён, закрыть' }).click();
  await row.getByText(/Прежний секрет действует до/).waitFor();
  await closeCheck('hook-2');
  await workOnce(c.ctx, worker);
  const last = hook.got.at(-1);
  assert.ok(last && hook.signedWith(last, rotated) && hook.signedWith(last, secret));
  await page.context().close();
});

test('an address into the internal network is refused under the field, with what was typed kept', async () => {
  // An installation as shipped: internal targets refused.
  const strict = await c.serveAlso({});
  const page = await c.newPage();
  await c.signIn(page, 'integrator', `${strict}/integrations`);
  await page.getByRole('button', { name: 'Добавить вебхук' }).click();
  const dialog = page.getByRole('dialog');
  const url = dialog.getByLabel(/^Адрес \(URL\)/);
  await url.fill('http://10.0.0.1/hook');
  await dialog.getByLabel('Описание').fill('Касса в подсобке');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await dialog.getByText(/ведёт во внутреннюю сеть \(10\.0\.0\.1\)/).waitFor();
  await dialog.getByText(/не отправляет запросы во внутреннюю сеть своего сервера/).waitFor();
  assert.equal(await url.getAttribute('aria-invalid'), 'true');
  assert.equal(await url.inputValue(), 'http://10.0.0.1/hook');
  assert.equal(await dialog.getByLabel('Описание').inputValue(), 'Касса в подсобке');
  await c.shot(page, 'integrations-webhook-refused', true);
  await page.context().close();
});

test('the scheduled jobs: never run, then each run — one failed — with the next run in the organization’s time zone', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'integrator', '/integrations/jobs');
  const jobs = page.getByTestId('job');
  await jobs.first().getByText('Ещё не запускалось').waitFor();
  assert.equal(await jobs.count(), SCHEDULED_JOBS.length);

  // One run of every job; rank demotion fails as a deadlock would.
  await registerJobs(c.ctx, SCHEDULED_JOBS);
  const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
  const ran = await runDueJobs(
    c.ctx,
    SCHEDULED_JOBS.map((j) =>
      j.name === 'rank-demotion' ? { ...j, run: () => Promise.reject(deadlock) } : j,
    ),
    { ...DEFAULT_SCHEDULER, log: () => {} },
  );
  assert.equal(ran.length, SCHEDULED_JOBS.length);
  await page.reload();
  const birthdays = jobs.filter({ hasText: 'birthday-lists' });
  await birthdays.getByText('Успешно').waitFor();
  await birthdays.getByText('запусков: 1, с ошибкой: 0').waitFor();
  // The browser runs in UTC; the cabinet shows the organization's zone (the demo's Moscow).
  const next = (await jobStatuses(c.ctx, SCHEDULED_JOBS)).find((j) => j.name === 'birthday-lists');
  const local = new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Europe/Moscow',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(next!.next_run_at!));
  await birthdays.getByText(local).waitFor();
  const failed = jobs.filter({ hasText: 'rank-demotion' });
  await failed.getByText('Ошибка', { exact: true }).waitFor();
  await failed.getByText('Ошибка: Error 40P01.').waitFor();
  await failed.getByText('запусков: 1, с ошибкой: 1').waitFor();
  await page
    .getByText('Время — в часовом поясе организации (Europe/Moscow).', { exact: false })
    .waitFor();
  await c.shot(page, 'integrations-jobs');
  await page.context().close();

  const phone = await c.newPage(390);
  await c.signIn(phone, 'analyst', '/integrations/jobs');
  const onPhone = (name: string) => phone.getByTestId('job').filter({ hasText: name });
  await onPhone('rank-demotion').getByText('Ошибка: Error 40P01.').waitFor();
  await onPhone('birthday-lists').getByText(`Следующий запуск: ${local}`).waitFor();
  await c.shot(phone, 'integrations-jobs-phone');
  await phone.context().close();
});

test('a manager looks without buttons at 390 px; a marketer has no Интеграции', async () => {
  const page = await c.newPage(390);
  await c.signIn(page, 'manager', '/integrations');
  const row = page.getByTestId('webhook').filter({ hasText: hook.url });
  await row.getByText('Включён').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Добавить вебхук' }).count(), 0);
  assert.equal(await row.getByRole('button').count(), 0);
  await c.shot(page, 'integrations-phone');
  await page.getByRole('tab', { name: 'Доставки' }).click();
  await page.getByTestId('delivery').first().getByText('Доставлено').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Отправить снова' }).count(), 0);
  await c.shot(page, 'integrations-deliveries-phone');
  await page.context().close();

  const marketer = await c.newPage();
  await c.signIn(marketer, 'marketer');
  const menu = await marketer.getByRole('navigation').first().innerText();
  assert.ok(!menu.includes('Интеграции'), menu);
  await marketer.goto(`${c.base}/integrations`);
  await marketer.getByText('Вашей роли этот раздел недоступен').waitFor();
  await marketer.context().close();
});
