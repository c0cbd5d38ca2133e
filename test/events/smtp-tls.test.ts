// The two encrypted SMTP modes against a real local smtp-server with a certificate made in the
// test: `tls` (TLS from the first byte, as on port 465) and `starttls` (a plain greeting
// upgraded, as on port 587) both deliver, over TLS, with the user name and password; a
// certificate for another name, or one no trusted authority signed, is a clear 422
// (smtp_certificate_invalid) and nothing is sent; the wrong mode for the port is a clear 422 too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { smtpSender } from '../../src/events/email/smtp.ts';
import type { Role } from '../../src/domain/roles.ts';
import { adminCaller, signInEveryRole } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrg, testServer } from '../support/fixtures.ts';
import { makeServerCertificate } from '../support/wallet-certs.ts';
import { smtpReceiver } from './smtp-receiver.ts';

const PASSWORD = 'пароль-tls-51c2';
const good = makeServerCertificate('127.0.0.1');
const otherName = makeServerCertificate('mail.other.example');
const untrusted = makeServerCertificate('127.0.0.1');

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let call: ReturnType<typeof adminCaller>;
let token: string;

before(async () => {
  t = await testDatabase();
  // Kopilka trusts the test's own authorities as it trusts the public ones in production.
  const send = smtpSender({
    allowPrivate: true,
    timeoutMs: 5_000,
    ca: [good.certificatePem, otherName.certificatePem],
  });
  server = await testServer(t.db, undefined, { email: { send, allowPrivate: true } });
  call = adminCaller(server.app);
  const org = await makeOrg(server.ctx);
  const users: Record<Role, { token: string }> = await signInEveryRole(
    server.ctx,
    server.app,
    org,
    'tls',
  );
  token = users.integrator.token;
});
after(async () => {
  await server.app.close();
  await t.close();
});

async function testLetter(
  mode: 'tls' | 'starttls',
  cert: { keyPem: string; certificatePem: string },
  security: 'tls' | 'starttls' = mode,
) {
  const smtp = await smtpReceiver({
    user: 'kopilka',
    password: PASSWORD,
    tls: { mode, ...cert },
  });
  try {
    const saved = await call('PUT', '/notifications/smtp', token, {
      host: '127.0.0.1',
      port: smtp.port,
      security,
      username: 'kopilka',
      password: PASSWORD,
      from_address: 'noreply@venue.example',
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const res = await call('POST', '/notifications/smtp/test', token, {
      to: 'owner@venue.example',
    });
    return { res, got: smtp.got };
  } finally {
    await smtp.close();
  }
}

for (const mode of ['tls', 'starttls'] as const) {
  test(`${mode}: the test letter goes over TLS with the password`, async () => {
    const { res, got } = await testLetter(mode, good);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(got.length, 1);
    assert.equal(got[0]!.secure, true);
    assert.equal(got[0]!.mail.subject, 'Копилка: тестовое письмо');
  });

  test(`${mode}: a certificate for another name is a clear 422, nothing sent`, async () => {
    const { res, got } = await testLetter(mode, otherName);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'smtp_certificate_invalid');
    assert.match(
      res.body.error.message_ru,
      /Сертификат почтового сервера 127\.0\.0\.1:\d+ не принят: он выдан на другое имя/,
    );
    assert.match(res.body.error.message_en, /issued for another name/);
    assert.ok(!JSON.stringify(res.body).includes(PASSWORD));
    assert.equal(got.length, 0);
  });

  test(`${mode}: a certificate no trusted authority signed is a clear 422, nothing sent`, async () => {
    const { res, got } = await testLetter(mode, untrusted);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'smtp_certificate_invalid');
    assert.match(res.body.error.message_ru, /не подписан доверенным центром сертификации/);
    assert.equal(got.length, 0);
  });
}

test('the wrong mode for the port is a clear 422: tls to a STARTTLS port, starttls to a TLS one', async () => {
  for (const [mode, security] of [
    ['starttls', 'tls'],
    ['tls', 'starttls'],
  ] as const) {
    const { res, got } = await testLetter(mode, good, security);
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'smtp_tls_failed', `${security} to a ${mode} server`);
    assert.match(res.body.error.message_ru, /проверьте режим шифрования и порт/);
    assert.equal(got.length, 0);
  }
});
