// E-mail notifications against a real SMTP server on 127.0.0.1 (smtp-server): the SMTP settings
// keep their password to themselves, the test letter says clearly what is wrong, the guest's
// receipt after a close (L9 and consent), review and security letters to their recipients
// (with "unusual deposit spending"), the birthday list's test, and a letter that failed on a
// wrong password going once the password is fixed — nothing lost, nothing sent twice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { recordEvents } from '../../src/app/events.ts';
import { updateProgram } from '../../src/app/loyalty/admin.ts';
import { sendDueBirthdayLists } from '../../src/events/email/birthdays.ts';
import { saveSmtpSettings } from '../../src/events/email/settings.ts';
import { smtpSender } from '../../src/events/email/smtp.ts';
import { DEFAULT_WORKER, workOnce } from '../../src/events/worker.ts';
import { httpSender } from '../../src/events/webhook-sender.ts';
import type { Role } from '../../src/domain/roles.ts';
import { adminCaller, signInEveryRole } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  SEED_LINES,
  testServer,
  type OrgFixture,
} from '../support/fixtures.ts';
import { smtpReceiver } from './smtp-receiver.ts';

const mail = smtpSender({ allowPrivate: true, timeoutMs: 3_000 });
const worker = {
  ...DEFAULT_WORKER,
  send: httpSender({ allowPrivate: true, timeoutMs: 3_000 }),
  mail,
};

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let call: ReturnType<typeof adminCaller>;
let org: OrgFixture;
let users: Record<Role, { token: string; userId: number }>;
let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
const as = (role: Role) => users[role].token;
const PASSWORD = 'пароль-smtp-7f3a';

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db, undefined, { email: { send: mail, allowPrivate: true } });
  call = adminCaller(server.app);
  org = await makeOrg(server.ctx);
  users = await signInEveryRole(server.ctx, server.app, org, 'mail');
  smtp = await smtpReceiver({ user: 'kopilka', password: PASSWORD });
});
after(async () => {
  await smtp.close();
  await server.app.close();
  await t.close();
});

const smtpBody = (password?: string, port = smtp.port) => ({
  host: '127.0.0.1',
  port,
  security: 'none',
  username: 'kopilka',
  ...(password ? { password } : {}),
  from_address: 'noreply@venue.example',
  from_name: 'Копилка',
});

async function drain() {
  for (let i = 0; i < 5; i++) await workOnce(server.ctx, worker);
}

test('SMTP settings: the password is stored sealed, never returned, never audited', async () => {
  const saved = await call('PUT', '/notifications/smtp', as('integrator'), smtpBody(PASSWORD));
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.equal(saved.body.has_password, true);
  const read = await call('GET', '/notifications/smtp', as('manager'));
  assert.equal(read.status, 200);
  assert.ok(!JSON.stringify(read.body).includes(PASSWORD));
  assert.ok(!('password' in read.body));
  const row = await t.db
    .selectFrom('smtp_settings')
    .select('password_sealed')
    .where('org_id', '=', org.orgId)
    .executeTakeFirstOrThrow();
  assert.ok(row.password_sealed && !row.password_sealed.includes(PASSWORD));
  const audit = await t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('org_id', '=', org.orgId)
    .where('entity', '=', 'smtp_settings')
    .execute();
  assert.equal(audit.length, 1);
  assert.ok(!JSON.stringify(audit).includes(PASSWORD));

  // Another host without the password typed again: refused, nothing changed.
  const moved = await call('PUT', '/notifications/smtp', as('integrator'), {
    ...smtpBody(),
    host: '127.0.0.2',
  });
  assert.equal(moved.status, 400);
  assert.equal(moved.body.error.code, 'secret_requires_reentry');
  assert.equal((await call('GET', '/notifications/smtp', as('integrator'))).body.host, '127.0.0.1');

  const denied = await call('PUT', '/notifications/smtp', as('manager'), smtpBody(PASSWORD));
  assert.equal(denied.status, 403);
});

test('an SMTP host in the internal network is refused unless the installation allows it', async () => {
  await assert.rejects(
    saveSmtpSettings(
      server.ctx,
      org.actor,
      { ...smtpBody(PASSWORD), security: 'none' } as Parameters<typeof saveSmtpSettings>[2],
      false,
    ),
    (e: Error & { code?: string }) => e.code === 'smtp_host_private',
  );
});

test('«Отправить тестовое письмо»: delivered; a wrong password or a dead port is a clear 422', async () => {
  const before = smtp.got.length;
  const ok = await call('POST', '/notifications/smtp/test', as('integrator'), {
    to: 'owner@venue.example',
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(smtp.got.length, before + 1);
  const letter = smtp.got.at(-1)!;
  assert.deepEqual(letter.to, ['owner@venue.example']);
  assert.equal(letter.mail.subject, 'Копилка: тестовое письмо');
  assert.match(letter.mail.text ?? '', /Почта настроена/);
  assert.match(String(letter.mail.html), /<h1[^>]*>Почта настроена<\/h1>/);

  await call('PUT', '/notifications/smtp', as('integrator'), smtpBody('wrong password'));
  const auth = await call('POST', '/notifications/smtp/test', as('integrator'), {
    to: 'owner@venue.example',
  });
  assert.equal(auth.status, 422);
  assert.equal(auth.body.error.code, 'smtp_auth_failed');
  assert.match(auth.body.error.message_ru, /не принял логин и пароль/);
  assert.ok(!JSON.stringify(auth.body).includes('wrong password'));

  const dead = await smtpReceiver();
  await dead.close(); // a port nobody listens on any more
  await call('PUT', '/notifications/smtp', as('integrator'), smtpBody(PASSWORD, dead.port));
  const unreachable = await call('POST', '/notifications/smtp/test', as('integrator'), {
    to: 'owner@venue.example',
  });
  assert.equal(unreachable.status, 422);
  assert.equal(unreachable.body.error.code, 'smtp_unreachable');
  assert.match(unreachable.body.error.message_ru, /недоступен/);
  assert.equal(smtp.got.length, before + 1);
  await call('PUT', '/notifications/smtp', as('integrator'), smtpBody(PASSWORD));
});

async function close(orderId: string, cardId: number, deposit: number) {
  const res = await server.call('POST', '/orders/close', org.key, {
    order_id: orderId,
    card: { card_id: cardId },
    lines: SEED_LINES,
    payments: [{ kind: 'deposit', amount: deposit }],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

test("the guest's receipt after a close: L9 on and the guest agreed; none without consent", async () => {
  await updateProgram(server.ctx, org.actor, { settings: { emailReceipt: true } });
  const agreed = await makeGuest(server.ctx, org, { funds: 500_000 });
  const silent = await makeGuest(server.ctx, org, { funds: 500_000 });
  await t.db
    .updateTable('guests')
    .set({ email: 'guest@mail.example', consent_marketing: true })
    .where('org_id', '=', org.orgId)
    .where('id', '=', agreed.guestId)
    .execute();
  await t.db
    .updateTable('guests')
    .set({ email: 'quiet@mail.example', consent_marketing: false })
    .where('org_id', '=', org.orgId)
    .where('id', '=', silent.guestId)
    .execute();
  const before = smtp.got.length;
  await close('receipt-1', agreed.cardId, 235_000);
  await close('receipt-2', silent.cardId, 235_000);
  await drain();
  const got = smtp.got.slice(before);
  assert.equal(got.length, 1, got.map((g) => g.to.join()).join('; '));
  assert.deepEqual(got[0]!.to, ['guest@mail.example']);
  assert.match(got[0]!.mail.subject ?? '', /^Ваш заказ в «Restaurant/);
  assert.match(got[0]!.mail.text ?? '', /receipt-1/);
  assert.match(got[0]!.mail.text ?? '', /2\s350,00 ₽/);
  await updateProgram(server.ctx, org.actor, { settings: { emailReceipt: false } });
});

test('reviews and security violations reach their recipients; unusual deposit spending is a security event', async () => {
  const saved = await call('PUT', '/notifications/settings', as('manager'), {
    recipients: { reviews: ['Reviews@Venue.example'], security: ['guard@venue.example'] },
    unusual_deposit_debit: 200_000,
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.deepEqual(saved.body.recipients.reviews, ['reviews@venue.example']);
  const g = await makeGuest(server.ctx, org, { funds: 500_000 });
  await server.ctx.db.transaction().execute((tx) =>
    recordEvents(tx, org.orgId, [
      {
        type: 'review.left',
        key: 'r-1',
        at: server.clock.now(),
        data: { review_id: 1, guest_id: g.guestId, rating: 2, text: 'Суп был холодный' },
      },
    ]),
  );
  const before = smtp.got.length;
  await close('big-1', g.cardId, 235_000); // 2 350 ₽ ≥ the 2 000 ₽ threshold
  await drain();
  const got = smtp.got.slice(before);
  const review = got.find((l) => l.to[0] === 'reviews@venue.example');
  assert.ok(review, 'the review letter');
  assert.equal(review.mail.subject, 'Новый отзыв гостя');
  assert.match(review.mail.text ?? '', /Суп был холодный/);
  assert.match(review.mail.text ?? '', /2 \/ 5/);
  const alarm = got.filter((l) => l.to[0] === 'guard@venue.example');
  assert.equal(alarm.length, 1);
  assert.match(alarm[0]!.mail.text ?? '', /С депозита списано 2\s350,00 ₽ одной оплатой/);
  assert.match(alarm[0]!.mail.text ?? '', /big-1/);
  const events = await t.db
    .selectFrom('security_events')
    .select('type')
    .where('org_id', '=', org.orgId)
    .where('type', '=', 'unusual_deposit_spending')
    .execute();
  assert.equal(events.length, 1);
});

test('a letter that failed on a wrong password goes once the password is fixed: nothing lost, nothing twice', async () => {
  await call('PUT', '/notifications/settings', as('manager'), {
    recipients: { security: ['guard@venue.example'] },
    unusual_deposit_debit: null,
  });
  await call('PUT', '/notifications/smtp', as('integrator'), smtpBody('wrong password'));
  const before = smtp.got.length;
  await server.ctx.db.transaction().execute((tx) =>
    recordEvents(tx, org.orgId, [
      {
        type: 'security.event',
        key: 'lockout-1',
        at: server.clock.now(),
        data: {
          id: 1,
          kind: 'code_lockout',
          message_ru: 'Код заблокирован',
          message_en: 'Code locked',
        },
      },
    ]),
  );
  await drain();
  assert.equal(smtp.got.length, before);
  const waiting = await call('GET', '/email-deliveries?status=pending', as('manager'));
  assert.equal(waiting.status, 200);
  assert.equal(waiting.body.rows.length, 1);
  assert.match(waiting.body.rows[0].last_error, /^smtp_auth_failed/);
  assert.equal(waiting.body.rows[0].attempts, 1);

  await call('PUT', '/notifications/smtp', as('integrator'), smtpBody(PASSWORD));
  await drain();
  await drain();
  const got = smtp.got.slice(before);
  assert.equal(got.length, 1);
  assert.match(got[0]!.mail.text ?? '', /Код заблокирован/);
  const done = await call('GET', '/email-deliveries?status=delivered', as('manager'));
  assert.ok(done.body.rows.some((r: { subject: string }) => /безопасности/.test(r.subject)));
});

test('«Немедленно отправить тестовое напоминание»: the birthday list now, marked as a test', async () => {
  const none = await call('POST', '/notifications/birthdays/test', as('manager'));
  assert.equal(none.status, 422);
  assert.equal(none.body.error.code, 'no_recipients');
  const g = await makeGuest(server.ctx, org, { deposit: null });
  const today = server.clock.now().toISOString().slice(0, 10);
  await t.db
    .updateTable('guests')
    .set({ birthday: `1990-${today.slice(5)}`, phone: '+79990001122' })
    .where('org_id', '=', org.orgId)
    .where('id', '=', g.guestId)
    .execute();
  await call('PUT', '/notifications/settings', as('manager'), {
    recipients: { birthdays: ['host@venue.example'] },
    birthday_every_days: 3,
  });
  const before = smtp.got.length;
  const sent = await call('POST', '/notifications/birthdays/test', as('manager'));
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  assert.equal(sent.body.letters, 1);
  assert.equal(sent.body.guests, 1);
  await drain();
  const got = smtp.got.slice(before);
  assert.equal(got.length, 1);
  assert.match(got[0]!.mail.subject ?? '', /^\[Тест\] Дни рождения гостей/);
  assert.match(got[0]!.mail.text ?? '', /\+79990001122/);
});

test('the scheduled birthday list goes once per period of N days, however often the job runs', async () => {
  const now = server.clock.now();
  const first = await sendDueBirthdayLists(server.ctx, now);
  assert.equal(first, 1); // host@venue.example, every 3 days (the test above)
  assert.equal(await sendDueBirthdayLists(server.ctx, new Date(now.getTime() + 3_600_000)), 0);
  const next = new Date(now.getTime() + 3 * 86_400_000);
  assert.equal(await sendDueBirthdayLists(server.ctx, next), 1);
  const before = smtp.got.length;
  await drain();
  const got = smtp.got.slice(before);
  assert.equal(got.length, 2);
  assert.ok(got.every((l) => /^Дни рождения гостей/.test(l.mail.subject ?? '')));
});
