/// <reference lib="dom" />
// Вход in a real browser: sign-in by keyboard, the lockout after five wrong passwords, the
// menu each role sees, sign-out, an expired session returning the person where they were,
// the phone width, and the login route's JavaScript budget.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createUser } from '../../src/app/admin/users.ts';
import { ROLE_PERMISSIONS, ROLES, type Permission } from '../../src/domain/roles.ts';
import { PASSWORD, startCabinet, type Cabinet } from './harness.ts';

let c: Cabinet;
before(async () => {
  c = await startCabinet();
});
after(async () => c?.close());

/** The menu: each section's name and the permission it needs (web/src/sections/index.ts). */
const MENU: [string, Permission][] = [
  ['Обзор', 'reports.read'],
  ['Гости', 'guests.read'],
  ['Программа лояльности', 'program.read'],
  ['Отчёты', 'reports.read'],
  ['Заведения и кассы', 'org.read'],
  ['Уведомления', 'org.read'],
  ['Интеграции', 'integration.read'],
  ['Пользователи', 'users.manage'],
  ['Журнал аудита', 'audit.read'],
  ['Проверка чека', 'program.read'],
];

test('a role sees exactly the sections it may use', async () => {
  for (const role of ROLES) {
    const page = await c.newPage();
    await c.signIn(page, role);
    const nav = page.getByRole('navigation');
    const shown = await nav.getByRole('link').allInnerTexts();
    const expected = MENU.filter(([, p]) => ROLE_PERMISSIONS[role].includes(p)).map(([n]) => n);
    assert.deepEqual(shown, expected, role);
    await page.context().close();
  }
});

test('sign in by keyboard, see the shell, sign out', async () => {
  const page = await c.newPage();
  await page.goto(`${c.base}/`);
  await page.waitForURL(/\/login\?next=/);
  await c.shot(page, 'login');
  // The e-mail field has the focus; Tab reaches the password; Enter submits.
  await page.keyboard.type(c.users.owner.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(c.users.owner.password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Обзор' }).waitFor();
  assert.match(await page.getByTestId('who').innerText(), /Владелец/);
  // English on request, Russian back.
  await page.getByText('EN', { exact: true }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await page.getByText('RU', { exact: true }).click();
  await page.getByRole('button', { name: 'Выйти' }).click();
  await page.getByText('Вы вышли из кабинета').waitFor();
  // The token is gone: the cabinet asks to sign in again.
  await page.goto(`${c.base}/dashboard`);
  await page.getByRole('button', { name: 'Войти' }).waitFor();
  await page.context().close();
});

test('five wrong passwords show the lockout, and the right one is then refused', async () => {
  await createUser(
    c.ctx,
    { orgId: c.demo.orgId, type: 'system', id: null, name: 'test' },
    { email: 'careless@kopilka.demo', name: 'careless', role: 'analyst', password: PASSWORD },
  );
  const page = await c.newPage();
  await page.goto(`${c.base}/login`);
  const error = page.getByTestId('login-error');
  const attempt = async (n: number, password: string) => {
    await page.getByLabel('E-mail').fill('careless@kopilka.demo');
    await page.getByLabel(/^Пароль/).fill(password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid=login-error]')?.getAttribute('data-try') === n,
      String(n),
    );
    return error.innerText();
  };
  for (let i = 1; i <= 4; i++) {
    assert.match(await attempt(i, `wrong password ${i}`), /^Неверный e-mail или пароль/);
  }
  assert.match(
    await attempt(5, 'wrong password 5'),
    /вход для этого адреса заблокирован на 15 минут/,
  );
  await c.shot(page, 'login-locked');
  // The lock is the server's: the right password is refused now too.
  assert.match(await attempt(6, PASSWORD), /заблокирован/);
  assert.match(page.url(), /\/login/);
  await page.context().close();
});

test('an expired session goes to the login page and back to where the person was', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'analyst', '/dashboard?from=expiry');
  assert.match(page.url(), /\/dashboard\?from=expiry$/);
  // The server ends the session (as when it expires); the next call is refused.
  await page.evaluate(() =>
    fetch('/api/admin/v1/auth/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${localStorage.getItem('kopilka.token')}` },
    }),
  );
  await page.reload();
  await page.getByText('Сеанс истёк').waitFor();
  await page.getByLabel('E-mail').fill(c.users.analyst.email);
  await page.getByLabel(/^Пароль/).fill(c.users.analyst.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('heading', { name: 'Обзор' }).waitFor();
  assert.match(page.url(), /\/dashboard\?from=expiry$/);
  await page.context().close();
});

test('on a phone the menu hides behind a button', async () => {
  const page = await c.newPage(390);
  await c.signIn(page, 'owner');
  await page.getByTestId('stat-value').first().waitFor();
  await c.shot(page, 'dashboard-phone');
  await page.getByRole('button', { name: 'Меню' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Обзор' }).waitFor();
  await c.shot(page, 'shell-phone-menu');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 390, `no sideways scrolling at 390 px (${overflow})`);
  await page.context().close();
});

/** The budget of the login route's JavaScript (docs/benchmarks.md). */
const LOGIN_BUDGET_GZ = 250 * 1024;

test('the login route loads at most 250 KB of gzipped JavaScript', async () => {
  const page = await c.newPage();
  const scripts: Promise<Buffer>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(r.body());
  });
  await page.goto(`${c.base}/login`, { waitUntil: 'networkidle' });
  const bodies = await Promise.all(scripts);
  const gz = bodies.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  console.log(`login route: ${bodies.length} scripts, ${(gz / 1024).toFixed(1)} KB gzipped`);
  assert.ok(bodies.length > 0);
  assert.ok(gz <= LOGIN_BUDGET_GZ, `${gz} bytes gzipped > ${LOGIN_BUDGET_GZ}`);
  await page.context().close();
});
