/// <reference lib="dom" />
// Программа → Wallet in a real browser: the owner uploads the Apple Pass Type ID certificate, key
// and WWDR certificate, and the Google issuer id with the service-account key (a bad key file
// refused under its field, nothing stored); each panel then shows what is stored and never the
// key, Google's panel says how the card's class fared at a local fake of Google, and «Удалить»
// forgets a set-up. A marketer does not see the tab. Screenshots at 1280 and 390 px.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { Page } from 'playwright-core';
import { googleWalletHttp } from '../../src/app/wallet/google-api.ts';
import { httpSender } from '../../src/events/webhook-sender.ts';
import { DEFAULT_WORKER, workOnce } from '../../src/events/worker.ts';
import {
  serviceAccountKeyFile,
  startFakeGoogle,
  type FakeGoogle,
} from '../support/fake-google-wallet.ts';
import { makePassCertificates, TINY_PNG } from '../support/wallet-certs.ts';
import { startCabinet, type Cabinet } from './harness.ts';

let c: Cabinet;
let google: FakeGoogle;
const rsa = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
const certs = makePassCertificates();
/** Lines of the keys' bodies: what would show if a key leaked to the page. */
const KEY_LINES = [rsa.privateKey.split('\n')[3], certs.keyPem.split('\n')[3]] as string[];

before(async () => {
  google = await startFakeGoogle(rsa.privateKey);
  c = await startCabinet();
});
after(async () => {
  await c?.close();
  await google?.close();
});

const file = (name: string, text: string | Buffer, mimeType = 'application/octet-stream') => ({
  name,
  mimeType,
  buffer: Buffer.isBuffer(text) ? text : Buffer.from(text),
});

async function keysNotShown(page: Page) {
  const html = await page.content();
  for (const line of KEY_LINES) assert.ok(!html.includes(line), 'a key is on the page');
}

test('the owner sets up Apple and Google Wallet; a bad key is refused; keys are never shown', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'owner', '/program/wallet');
  const apple = page.getByTestId('wallet-apple');
  const googlePanel = page.getByTestId('wallet-google');
  await apple.getByText('Не настроено').waitFor();
  await googlePanel.getByText('Не настроено').waitFor();

  // Google: a file that is not a service-account key is refused under its field.
  await googlePanel.getByLabel(/^Идентификатор эмитента/).fill('3388000000012345678');
  const keyInput = googlePanel.locator('input[type=file]');
  await keyInput.setInputFiles(file('key.json', '{"type":"user"}', 'application/json'));
  await googlePanel.getByLabel(/^Адрес логотипа/).fill('https://bar.example.ru/logo.png');
  await googlePanel.getByRole('button', { name: 'Сохранить' }).click();
  await googlePanel.getByText(/Это не ключ сервисного аккаунта/).waitFor();
  assert.equal(
    await c.ctx.db.selectFrom('wallet_google_settings').select('org_id').executeTakeFirst(),
    undefined,
  );
  await googlePanel.scrollIntoViewIfNeeded();
  await c.shot(page, 'wallet-google-refused', true);

  await keyInput.setInputFiles(
    file('key.json', serviceAccountKeyFile(rsa.privateKey), 'application/json'),
  );
  await googlePanel.getByRole('button', { name: 'Сохранить' }).click();
  await googlePanel.getByText('Настроено', { exact: true }).waitFor();
  await googlePanel.getByText('wallet@kopilka-test.iam.gserviceaccount.com').waitFor();
  await googlePanel.getByText('Класс карты отправляется в Google…').waitFor();
  // The worker creates the class at (the fake) Google; the panel then says so.
  await workOnce(c.ctx, {
    ...DEFAULT_WORKER,
    send: httpSender({ allowPrivate: true, timeoutMs: 5_000 }),
    googleWallet: googleWalletHttp({
      apiUrl: google.apiUrl,
      tokenUrl: google.tokenUrl,
      timeoutMs: 5_000,
    }),
  });
  assert.equal(google.classes.size, 1);

  // Apple: the certificate, its key, the WWDR certificate and the logo.
  const files = apple.locator('input[type=file]');
  await files.nth(0).setInputFiles(file('pass.pem', certs.certificatePem));
  await files.nth(1).setInputFiles(file('key.pem', certs.keyPem));
  await files.nth(2).setInputFiles(file('wwdr.pem', certs.wwdrPem));
  await files.nth(3).setInputFiles(file('logo.png', TINY_PNG, 'image/png'));
  await apple.getByRole('button', { name: 'Сохранить' }).click();
  await apple.getByText('Настроено', { exact: true }).waitFor();
  await apple.getByText(certs.passTypeId).waitFor();

  await page.reload();
  await googlePanel.getByText('Класс карты создан в Google').waitFor();
  await apple.getByText(certs.passTypeId).waitFor();
  await keysNotShown(page);
  await c.shot(page, 'wallet');

  const phone = await c.newPage(390);
  await c.signIn(phone, 'owner', '/program/wallet');
  await phone.getByTestId('wallet-google').getByText('Класс карты создан в Google').waitFor();
  await c.shot(phone, 'wallet-phone');
  await phone.context().close();

  // «Удалить» asks first, then forgets the set-up.
  page.once('dialog', (d) => void d.accept());
  await googlePanel.getByRole('button', { name: 'Удалить' }).click();
  await googlePanel.getByText('Настройка удалена').waitFor();
  await googlePanel.getByText('Не настроено').waitFor();
  assert.equal(
    await c.ctx.db.selectFrom('wallet_google_settings').select('org_id').executeTakeFirst(),
    undefined,
  );

  await page.getByText('EN', { exact: true }).click();
  await googlePanel.getByText('Not set up').waitFor();
  await apple.getByText('Set up', { exact: true }).waitFor();
  await page.context().close();
});

test('a marketer does not see the Wallet tab', async () => {
  const page = await c.newPage();
  await c.signIn(page, 'marketer', '/program');
  await page.getByRole('tab', { name: 'Настройки', exact: true }).waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Wallet' }).count(), 0);
  await page.context().close();
});
