// The guest pages in a real browser at a phone's size (390 × 844): joining from a registration
// link with the SMS code (a test provider keeps the messages), the card and its balance after
// the first visit's registration bonus, «Добавить в Apple Wallet» downloading the card's pass,
// «Добавить в Google Wallet» opening Google's save page, and the e-tips link once the
// organization sets them up, a review that reaches the organization, the English
// switch, signing in again once the session is gone, and the registration page's JS budget.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { listLinks } from '../../src/app/guests/links.ts';
import { listReviews } from '../../src/app/guests/page.ts';
import type { SmsSender } from '../../src/app/guests/sms.ts';
import { savePromotion } from '../../src/app/loyalty/admin.ts';
import { saveVenueEtips } from '../../src/app/etips.ts';
import { saveAppleSettings } from '../../src/app/wallet/apple-settings.ts';
import { saveGoogleSettings } from '../../src/app/wallet/google-settings.ts';
import type { Actor } from '../../src/app/context.ts';
import { SEED_LINES } from '../support/fixtures.ts';
import { makePassCertificates, TINY_PNG } from '../support/wallet-certs.ts';
import { serviceAccountKeyFile } from '../support/fake-google-wallet.ts';
import { startCabinet, type Cabinet } from './harness.ts';

const PHONE = '+7 916 555-12-34';
const sent: { phone: string; text: string }[] = [];
const sms: SmsSender = {
  name: 'test',
  send: async (phone, text) => {
    sent.push({ phone, text });
  },
};
let c: Cabinet;
let joinPath: string;
let actor: Actor;

before(async () => {
  c = await startCabinet({ sms });
  actor = { orgId: c.demo.orgId, type: 'system', id: null, name: 'test' };
  joinPath = (await listLinks(c.ctx, actor))[0]!.path;
  await savePromotion(c.ctx, actor, null, {
    name: 'Бонус за регистрацию',
    kind: 'registration_bonus',
    active: true,
    conditions: {},
    privileges: [{ type: 'bonus_fixed', points: 30000 }],
  });
});
after(async () => c?.close());

const lastCode = () => /^(\d{6})/.exec(sent[sent.length - 1]?.text ?? '')?.[1] ?? '';

async function phonePage(): Promise<Page> {
  return c.newPage(390);
}

test('a guest joins from the link with the SMS code and sees the card', async () => {
  const page = await phonePage();
  await page.goto(`${c.base}${joinPath}`);
  await page.getByRole('heading', { name: 'Карта гостя' }).waitFor();
  await c.shot(page, 'guest-join');
  await page.getByLabel('Телефон').fill(PHONE);
  await page.getByLabel('Имя').fill('Мария');
  await page.getByLabel('Дата рождения').fill('1992-08-14');
  await page.getByLabel('Согласен на обработку персональных данных').check();
  await page.getByRole('button', { name: 'Получить код' }).click();
  await page.getByText('Мы отправили код на номер').waitFor();
  assert.equal(sent.length, 1);
  assert.equal(sent[0]?.phone, '79165551234');
  await page.getByLabel('Код из SMS').fill(lastCode());
  await c.shot(page, 'guest-join-code');
  await page.getByRole('button', { name: 'Присоединиться' }).click();
  await page.waitForURL('**/me');
  await page.getByRole('heading', { name: 'Мария' }).waitFor();
  const number = (await page.locator('.number').textContent())?.trim() ?? '';
  assert.match(number, /^\w{4,}$/);
  assert.equal(await page.locator('.qr svg').count(), 1);
  assert.equal((await page.getByTestId('bonus').textContent())?.trim(), '0');
  await c.shot(page, 'guest-me-new');

  // The first visit: a check closed at the demo till with the new card brings the bonus.
  const res = await fetch(`${c.base}/api/pos/v1/orders/close`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.demo.terminalKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      order_id: 'guest-first-visit',
      card: { number },
      lines: SEED_LINES.slice(0, 1),
      payments: [{ kind: 'cash', amount: 29000 }], // the seed check's chicken roll, 290.00
    }),
  });
  assert.equal(res.status, 201, await res.text());
  await page.reload();
  await page.getByRole('heading', { name: 'Мария' }).waitFor();
  const bonus = (await page.getByTestId('bonus').textContent())?.replace(/\s/g, '');
  assert.ok(bonus && Number(bonus.replace(',', '.')) >= 300, `bonus shown: ${bonus}`);
  await page.getByText('Последние операции').waitFor();
  await c.shot(page, 'guest-me');
  assert.equal(await page.getByRole('button', { name: 'Добавить в Apple Wallet' }).count(), 0);
  assert.equal(await page.getByRole('region', { name: 'Чаевые' }).count(), 0);

  // The organization sets Wallet up and shows e-tips on the guest's page at the demo venue.
  const certs = makePassCertificates();
  await saveAppleSettings(c.ctx, actor, {
    certificate_pem: certs.certificatePem,
    key_pem: certs.keyPem,
    wwdr_pem: certs.wwdrPem,
    background_color: '#7A1F2B',
    foreground_color: '#FFFFFF',
    label_color: '#F3D9A4',
    logo_png: TINY_PNG.toString('base64'),
  });
  const google = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  await saveGoogleSettings(c.ctx, actor, {
    issuer_id: '3388000000012345678',
    service_account_key: serviceAccountKeyFile(google.privateKey),
    background_color: '#7A1F2B',
    logo_url: 'https://demo.kopilka.example/logo.png',
  });
  await saveVenueEtips(c.ctx, actor, c.demo.restaurantId, {
    enabled: true,
    service_name: 'CloudTips',
    link_template: 'https://pay.cloudtips.ru/p/{recipient}',
    recipient: 'demo-bar',
    on_receipt: true,
    on_guest_page: true,
  });
  await page.reload();
  const tips = page.getByRole('region', { name: 'Чаевые' });
  await tips.getByText('Оставить чаевые через CloudTips').waitFor();
  assert.equal(
    await tips.getByRole('link', { name: 'Оставить чаевые' }).getAttribute('href'),
    'https://pay.cloudtips.ru/p/demo-bar',
  );
  assert.equal(await tips.locator('.qr svg').count(), 1);
  const wallet = page.getByRole('button', { name: 'Добавить в Apple Wallet' });
  await wallet.waitFor();
  const googleWallet = page.getByRole('button', { name: 'Добавить в Google Wallet' });
  await googleWallet.waitFor();
  await c.shot(page, 'guest-me-wallet');
  const pass = page.waitForResponse((r) => r.url().includes('/api/wallet/download/'));
  await wallet.click();
  const file = await pass;
  assert.equal(file.status(), 200);
  assert.equal(file.headers()['content-type'], 'application/vnd.apple.pkpass');
  // A download leaves the guest on their page.
  await page.getByRole('heading', { name: 'Мария' }).waitFor();
  // Google's button opens Google's save page with the signed token. Google is stood in for by
  // an empty answer, after which the browser stays on the guest's page.
  await page.route('https://pay.google.com/**', (r) => r.fulfill({ status: 204 }));
  const save = page.waitForRequest((r) => r.url().startsWith('https://pay.google.com/'));
  await googleWallet.click();
  assert.match(
    (await save).url(),
    /^https:\/\/pay\.google\.com\/gp\/v\/save\/[\w-]+\.[\w-]+\.[\w-]+$/,
  );
  await page.getByRole('heading', { name: 'Мария' }).waitFor();

  await page.getByRole('radio', { name: '5 из 5' }).click();
  await page.getByLabel('Ваш отзыв').fill('Всё понравилось, спасибо!');
  await page.getByRole('button', { name: 'Отправить отзыв' }).click();
  await page.getByText('Спасибо за отзыв!').waitFor();
  const reviews = await listReviews(c.ctx, c.demo.orgId, {});
  assert.equal(reviews.rows[0]?.text, 'Всё понравилось, спасибо!');
  assert.equal(reviews.rows[0]?.rating, 5);

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText('Recent operations').waitFor();
  await c.shot(page, 'guest-me-en');
  await page.getByRole('button', { name: 'Русский' }).click();

  // Signing out leaves the sign-in form of the same venue; the phone and a new code sign in.
  await page.getByRole('button', { name: 'Выйти' }).click();
  await page.getByRole('heading', { name: 'Вход' }).waitFor();
  await page.getByLabel('Телефон').fill(PHONE);
  await page.getByRole('button', { name: 'Получить код' }).click();
  await page.getByLabel('Код из SMS').fill(lastCode());
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('heading', { name: 'Мария' }).waitFor();
  await page.context().close();
});

test('a wrong code is refused on the page, in Russian', async () => {
  const page = await phonePage();
  await page.goto(`${c.base}${joinPath}`);
  await page.getByRole('button', { name: 'Уже есть карта? Войти' }).click();
  await page.getByLabel('Телефон').fill('+7 916 555-99-99');
  await page.getByRole('button', { name: 'Получить код' }).click();
  const wrong = String((Number(lastCode()) + 1) % 1_000_000).padStart(6, '0');
  await page.getByLabel('Код из SMS').fill(wrong);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('alert').getByText('Неверный или устаревший код').waitFor();
  await c.shot(page, 'guest-wrong-code');
  await page.context().close();
});

/** The registration page's JavaScript budget (docs/benchmarks.md). */
const JOIN_BUDGET_GZ = 50 * 1024;

test('the registration page loads at most 50 KB of gzipped JavaScript', async () => {
  const page = await phonePage();
  const scripts: Promise<Buffer>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(r.body());
  });
  await page.goto(`${c.base}${joinPath}`, { waitUntil: 'networkidle' });
  const bodies = await Promise.all(scripts);
  const gz = bodies.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  console.log(`registration page: ${bodies.length} scripts, ${(gz / 1024).toFixed(1)} KB gzipped`);
  assert.ok(bodies.length > 0);
  assert.ok(gz <= JOIN_BUDGET_GZ, `${gz} bytes gzipped > ${JOIN_BUDGET_GZ}`);
  await page.context().close();
});
