// News and maintenance letters of the installation's operator, and the unsubscribe link of
// every letter that is not a service one, against a real SMTP server (smtp-server; mailparser
// reads the letters): each organization's recipients of the type get the letter once, in its
// language; the same announcement again sends nothing; the link's page asks first and its POST
// (a button, or a mail client's RFC 8058 one-click) unsubscribes once and for good; a damaged
// or expired link is a clear 4xx and changes nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { recordEvents } from '../../src/app/events.ts';
import { createOperator } from '../../src/app/installation/operators.ts';
import { updateProgram } from '../../src/app/loyalty/admin.ts';
import { sendAnnouncement } from '../../src/events/email/announcements.ts';
import { sendDueBirthdayLists } from '../../src/events/email/birthdays.ts';
import {
  saveNotificationSettings,
  saveSmtpSettings,
  type SmtpSettingsInput,
} from '../../src/events/email/settings.ts';
import { smtpSender } from '../../src/events/email/smtp.ts';
import { unsubscribeToken } from '../../src/events/email/unsubscribe.ts';
import { DEFAULT_WORKER, workOnce } from '../../src/events/worker.ts';
import { httpSender } from '../../src/events/webhook-sender.ts';
import { adminCaller, PASSWORD, signInEveryRole } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  SEED_LINES,
  testServer,
  type OrgFixture,
} from '../support/fixtures.ts';
import { smtpReceiver, type ReceivedLetter } from './smtp-receiver.ts';

const mail = smtpSender({ allowPrivate: true, timeoutMs: 3_000 });
const worker = {
  ...DEFAULT_WORKER,
  send: httpSender({ allowPrivate: true, timeoutMs: 3_000 }),
  mail,
};

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
let ru: OrgFixture;
let en: OrgFixture;
let quiet: OrgFixture;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  smtp = await smtpReceiver();
  ru = await makeOrg(server.ctx, { name: 'Ресторан «Щи»' });
  en = await makeOrg(server.ctx, { name: 'Borscht Bar' });
  quiet = await makeOrg(server.ctx, { name: 'Тихая' });
  const smtpBody: SmtpSettingsInput = {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    from_address: 'noreply@kopilka.example',
  };
  for (const o of [ru, en, quiet]) await saveSmtpSettings(server.ctx, o.actor, smtpBody, true);
  await saveNotificationSettings(server.ctx, ru.actor, {
    recipients: {
      news: ['chef@shchi.example', 'Owner@Shchi.example'],
      maintenance: ['it@shchi.example'],
    },
  });
  await saveNotificationSettings(server.ctx, en.actor, {
    locale: 'en',
    recipients: { news: ['boss@borscht.example'] },
  });
});
after(async () => {
  await smtp.close();
  await server.app.close();
  await t.close();
});

async function drain() {
  for (let i = 0; i < 3; i++) await workOnce(server.ctx, worker);
}

async function received<T>(work: () => Promise<T>): Promise<ReceivedLetter[]> {
  const before = smtp.got.length;
  await work();
  await drain();
  return smtp.got.slice(before);
}

const CLI = { type: 'cli' as const, id: null, name: 'operator' };

const NEWS = {
  type: 'news' as const,
  subject: 'Копилка 2.0: отчёты по сменам',
  text: 'Здравствуйте!\n\nВ Копилке появились отчёты по сменам.\n\nКоманда Копилки',
  en: {
    subject: 'Kopilka 2.0: shift reports',
    text: 'Hello!\n\nKopilka now has shift reports.',
    html: '<html><body><p>Hello!</p><p><b>Shift reports</b> are here.</p></body></html>',
  },
};

/** The one-click address of a letter (List-Unsubscribe), as a path on the test server. */
function unsubscribePath(l: ReceivedLetter): string {
  const header = /^List-Unsubscribe:\s*<([^>]+)>\s*$/im.exec(l.raw.replace(/\r?\n[ \t]+/g, ' '));
  const url = header?.[1];
  assert.ok(url, `List-Unsubscribe in ${l.raw.slice(0, 400)}`);
  assert.match(l.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
  assert.ok((l.mail.text ?? '').includes(url), 'the link is in the text too');
  assert.ok(String(l.mail.html).includes(url.replace(/&/g, '&amp;')), 'and in the HTML');
  return new URL(url).pathname;
}

const oneClick = (path: string) =>
  server.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  });

const newsList = async (orgId: number) =>
  (
    await t.db
      .selectFrom('notification_settings')
      .select('news_recipients')
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow()
  ).news_recipients;

test("news reach every organization's news recipients once, in its language; again: nothing", async () => {
  let result: Awaited<ReturnType<typeof sendAnnouncement>> | undefined;
  const got = await received(async () => {
    result = await sendAnnouncement(server.ctx, CLI, NEWS);
  });
  assert.deepEqual(
    { created: result?.created, organizations: result?.organizations, letters: result?.letters },
    { created: true, organizations: 2, letters: 3 },
  );
  assert.deepEqual(got.map((l) => l.to[0]).sort(), [
    'boss@borscht.example',
    'chef@shchi.example',
    'owner@shchi.example',
  ]);
  const chef = got.find((l) => l.to[0] === 'chef@shchi.example')!;
  assert.equal(chef.mail.subject, NEWS.subject);
  assert.match(chef.mail.text ?? '', /В Копилке появились отчёты по сменам/);
  assert.match(chef.mail.text ?? '', /организации «Ресторан «Щи»» как получатель новостей Копилки/);
  assert.match(chef.mail.text ?? '', /Отписаться от этой рассылки: http/);
  const boss = got.find((l) => l.to[0] === 'boss@borscht.example')!;
  assert.equal(boss.mail.subject, NEWS.en.subject);
  assert.match(String(boss.mail.html), /<p><b>Shift reports<\/b> are here\.<\/p>/);
  assert.ok(!String(boss.mail.html).includes('<body><p>Hello'), 'the body of their document only');
  assert.match(String(boss.mail.html), /Unsubscribe from these letters/);
  for (const l of got) unsubscribePath(l);

  const again = await received(() => sendAnnouncement(server.ctx, CLI, NEWS));
  assert.equal(again.length, 0);
  const repeat = await sendAnnouncement(server.ctx, CLI, NEWS);
  assert.equal(repeat.created, false);
  assert.equal(repeat.id, result?.id);

  const log = await t.db
    .selectFrom('email_deliveries')
    .select(['kind', 'status'])
    .where('org_id', '=', ru.orgId)
    .where('kind', '=', 'news')
    .execute();
  assert.deepEqual(
    log.map((r) => r.status),
    ['delivered', 'delivered'],
  );
  const none = await t.db
    .selectFrom('email_deliveries')
    .select('id')
    .where('org_id', '=', quiet.orgId)
    .execute();
  assert.equal(none.length, 0, 'an organization without news recipients gets nothing');
});

test('maintenance goes to maintenance recipients only; bad input is refused, nothing queued', async () => {
  const got = await received(() =>
    sendAnnouncement(server.ctx, CLI, {
      type: 'maintenance',
      subject: 'Плановые работы 10 марта, 02:00–03:00 МСК',
      text: 'Кассы будут работать в офлайн-режиме.',
    }),
  );
  assert.deepEqual(
    got.map((l) => l.to[0]),
    ['it@shchi.example'],
  );
  assert.match(got[0]!.mail.text ?? '', /получатель уведомлений о плановых работах/);
  await assert.rejects(
    sendAnnouncement(server.ctx, CLI, { type: 'news', subject: 'a\nb', text: ' ' }),
    (e: Error & { code?: string; details?: { problems: string[] } }) =>
      e.code === 'announcement_invalid' && e.details?.problems.length === 2,
  );
  assert.equal((await t.db.selectFrom('announcements').select('id').execute()).length, 2);
});

test('the unsubscribe link: GET asks and changes nothing, one-click POST unsubscribes once, for good', async () => {
  const got = await received(() =>
    sendAnnouncement(server.ctx, CLI, { ...NEWS, subject: 'Новость 2', en: null }),
  );
  const chef = got.find((l) => l.to[0] === 'chef@shchi.example')!;
  const path = unsubscribePath(chef);

  const ask = await server.app.inject({ method: 'GET', url: path });
  assert.equal(ask.statusCode, 200);
  assert.match(ask.headers['content-type'] as string, /^text\/html/);
  assert.equal(ask.headers['x-frame-options'], 'DENY');
  assert.match(ask.body, /Отписаться от писем «новости Копилки» организации «Ресторан «Щи»»\?/);
  assert.match(ask.body, /c\*\*\*@shchi\.example/);
  assert.match(
    ask.body,
    /<form method="post"[^>]*><button type="submit"[^>]*>Отписаться<\/button>/,
  );
  assert.deepEqual(await newsList(ru.orgId), ['chef@shchi.example', 'owner@shchi.example']);

  const done = await oneClick(path);
  assert.equal(done.statusCode, 200);
  assert.match(done.body, /Вы отписались/);
  const twice = await server.app.inject({ method: 'POST', url: path }); // the page's button
  assert.equal(twice.statusCode, 200);
  assert.deepEqual(await newsList(ru.orgId), ['owner@shchi.example']);
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'actor_name'])
    .where('org_id', '=', ru.orgId)
    .where('entity', '=', 'email_unsubscribe')
    .execute();
  assert.deepEqual(audit, [{ action: 'unsubscribe', actor_name: 'chef@shchi.example' }]);

  // Even back on the list by a stale form, the address gets no news... until the venue re-adds it.
  await t.db
    .updateTable('notification_settings')
    .set({ news_recipients: JSON.stringify(['chef@shchi.example', 'owner@shchi.example']) })
    .where('org_id', '=', ru.orgId)
    .execute();
  const after = await received(() =>
    sendAnnouncement(server.ctx, CLI, { ...NEWS, subject: 'Новость 3', en: null }),
  );
  assert.deepEqual(after.map((l) => l.to[0]).sort(), [
    'boss@borscht.example',
    'owner@shchi.example',
  ]);
  await saveNotificationSettings(server.ctx, ru.actor, {
    recipients: { news: ['owner@shchi.example'] },
  });
  await saveNotificationSettings(server.ctx, ru.actor, {
    recipients: { news: ['owner@shchi.example', 'chef@shchi.example'] },
  });
  const readded = await received(() =>
    sendAnnouncement(server.ctx, CLI, { ...NEWS, subject: 'Новость 4', en: null }),
  );
  assert.ok(readded.some((l) => l.to[0] === 'chef@shchi.example'));
});

test('a damaged or expired link is a clear 4xx in both languages and changes nothing', async () => {
  const secrets = server.ctx.secrets;
  const today = Math.floor(server.clock.now().getTime() / 86_400_000);
  const claim = {
    orgId: en.orgId,
    kind: 'news' as const,
    address: 'boss@borscht.example',
    locale: 'en' as const,
  };
  const good = unsubscribeToken(secrets, { ...claim, expiresDay: today + 10 });
  const [body, mac] = good.split('.') as [string, string];
  const other = unsubscribeToken(secrets, {
    ...claim,
    address: 'x@y.example',
    expiresDay: today + 10,
  });
  for (const token of [
    `${body}.${mac.slice(0, -2)}AA`, // the signature altered
    `${other.split('.')[0]}.${mac}`, // another address under this signature
    body,
    'not-a-token',
  ]) {
    for (const method of ['GET', 'POST'] as const) {
      const r = await server.app.inject({ method, url: `/unsubscribe/${token}` });
      assert.equal(r.statusCode, 400, `${method} ${token}`);
      assert.match(r.body, /Ссылка для отписки повреждена/);
      assert.match(r.body, /The unsubscribe link is damaged/);
    }
  }
  const expired = unsubscribeToken(secrets, { ...claim, expiresDay: today - 1 });
  const gone = await oneClick(`/unsubscribe/${expired}`);
  assert.equal(gone.statusCode, 410);
  assert.match(gone.body, /unsubscribe_link_expired/);
  assert.deepEqual(await newsList(en.orgId), ['boss@borscht.example']);
  assert.equal(
    (
      await t.db
        .selectFrom('email_unsubscribes')
        .selectAll()
        .where('org_id', '=', en.orgId)
        .execute()
    ).length,
    0,
  );
});

test("the guest's receipt and the birthday list carry the link; a security alert does not", async () => {
  await updateProgram(server.ctx, ru.actor, { settings: { emailReceipt: true } });
  const g = await makeGuest(server.ctx, ru, { funds: 500_000 });
  await t.db
    .updateTable('guests')
    .set({ email: 'guest@mail.example', consent_marketing: true })
    .where('org_id', '=', ru.orgId)
    .where('id', '=', g.guestId)
    .execute();
  const close = async (orderId: string) => {
    const r = await server.call('POST', '/orders/close', ru.key, {
      order_id: orderId,
      card: { card_id: g.cardId },
      lines: SEED_LINES,
      payments: [{ kind: 'deposit', amount: 235_000 }],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  };
  const first = await received(() => close('u-1'));
  assert.equal(first.length, 1);
  const path = unsubscribePath(first[0]!);
  const ask = await server.app.inject({ method: 'GET', url: path });
  assert.match(ask.body, /электронные чеки/);
  assert.equal((await oneClick(path)).statusCode, 200);
  assert.equal((await received(() => close('u-2'))).length, 0, 'no receipt after unsubscribing');
  const guest = await t.db
    .selectFrom('guests')
    .select('consent_marketing')
    .where('org_id', '=', ru.orgId)
    .where('id', '=', g.guestId)
    .executeTakeFirstOrThrow();
  assert.equal(guest.consent_marketing, true, 'only receipts stop, not the consent itself');

  await saveNotificationSettings(server.ctx, ru.actor, {
    recipients: { birthdays: ['host@shchi.example'], security: ['guard@shchi.example'] },
  });
  const lists = await received(() => sendDueBirthdayLists(server.ctx, server.clock.now()));
  assert.equal(lists.length, 1);
  unsubscribePath(lists[0]!);
  const alarm = await received(() =>
    t.db.transaction().execute(async (tx) => {
      await recordEvents(tx, ru.orgId, [
        {
          type: 'security.event',
          key: 'lock-1',
          at: server.clock.now(),
          data: {
            id: 1,
            kind: 'code_lockout',
            message_ru: 'Код заблокирован',
            message_en: 'Locked',
          },
        },
      ]);
    }),
  );
  assert.equal(alarm.length, 1);
  assert.doesNotMatch(alarm[0]!.raw, /^List-Unsubscribe/im);
  assert.doesNotMatch(alarm[0]!.mail.text ?? '', /Отписаться/);
});

test('the operator sends through the admin API (201, again 200 with nothing queued); an organization cannot', async () => {
  const call = adminCaller(server.app);
  await createOperator(
    server.ctx,
    { type: 'cli', id: null, name: 'test' },
    {
      email: 'host@kopilka.example',
      name: 'Хостинг',
      password: PASSWORD,
    },
  );
  const login = await call('POST', '/auth/login', null, {
    email: 'host@kopilka.example',
    password: PASSWORD,
  });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const body = {
    type: 'maintenance',
    subject: 'Работы 12 марта',
    text: 'Кассы будут в офлайн-режиме 10 минут.',
    en: { subject: 'Maintenance on 12 March', text: 'Tills go offline for 10 minutes.' },
  };
  const got = await received(async () => {
    const sent = await call('POST', '/installation/announcements', login.body.token, body);
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.deepEqual([sent.body.organizations, sent.body.letters], [1, 1]);
  });
  assert.deepEqual(
    got.map((l) => l.to[0]),
    ['it@shchi.example'],
  );
  const again = await call('POST', '/installation/announcements', login.body.token, body);
  assert.equal(again.status, 200);
  assert.equal(again.body.created, false);
  const list = await call('GET', '/installation/announcements', login.body.token);
  assert.equal(list.status, 200);
  assert.equal(list.body.rows[0].subject, 'Работы 12 марта');
  assert.equal(list.body.rows[0].created_by, 'operator:Хостинг');
  const audit = await t.db
    .selectFrom('installation_audit')
    .select(['action', 'entity', 'actor_name'])
    .where('entity', '=', 'announcement')
    .execute();
  assert.ok(audit.some((a) => a.actor_name === 'Хостинг' && a.action === 'send'));
  const bad = await call('POST', '/installation/announcements', login.body.token, {
    ...body,
    type: 'gossip',
  });
  assert.equal(bad.status, 400);
  const owner = (await signInEveryRole(server.ctx, server.app, ru, 'ann')).owner.token;
  assert.equal((await call('POST', '/installation/announcements', owner, body)).status, 403);
});
