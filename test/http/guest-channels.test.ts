// The guest channels over HTTP: registration links and their QR codes, joining with a one-time
// code (the guest, a virtual card by the mask, consent and attribution stored, the registration
// bonus at the first visit), the guest's page and its session, reviews, promo codes within
// their lifetime, and the attacks: wrong and replayed codes, parallel bursts against the
// limits, learning whether a phone is registered, another guest's or an expired session.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createContext, type AppContext } from '../../src/app/context.ts';
import { createCardMask } from '../../src/app/admin/guests.ts';
import { GUEST_LIMITS } from '../../src/app/guests/attempts.ts';
import { CONSENT } from '../../src/app/guests/links.ts';
import { CODE_FLOOR_MS, GUEST_SESSION_MINUTES } from '../../src/app/guests/sign-in.ts';
import type { SmsSender } from '../../src/app/guests/sms.ts';
import { buildServer } from '../../src/http/server.ts';
import { createUser } from '../../src/app/admin/users.ts';
import { adminCaller, PASSWORD } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrg, manualClock, SEED_LINES, type OrgFixture } from '../support/fixtures.ts';
import { checkResponses } from '../support/response-check.ts';

let t: TestDatabase;
let app: FastifyInstance;
let ctx: AppContext;
let org: OrgFixture;
let owner: string;
let link: { id: number; token: string; url: string };
const clock = manualClock();
const sent: { phone: string; text: string }[] = [];
const sms: SmsSender = {
  name: 'test',
  send: async (phone, text) => {
    sent.push({ phone, text });
  },
};
let address = 0;
const nextAddress = () => `10.1.${(++address >> 8) & 255}.${address & 255}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; body: any };

async function guestCall(
  method: 'GET' | 'POST',
  url: string,
  opts: { body?: unknown; token?: string; from?: string } = {},
): Promise<Answer> {
  const res = await app.inject({
    method,
    url: `/api/guest/v1${url}`,
    remoteAddress: opts.from ?? '10.0.0.1',
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

const lastCode = (phone: string) => {
  const m = [...sent].reverse().find((s) => s.phone === phone);
  return /^(\d{6})/.exec(m?.text ?? '')?.[1] as string;
};

const askCode = (phone: string, from = nextAddress()) =>
  guestCall('POST', `/links/${link.token}/codes`, { body: { phone }, from });

const joinBody = (phone: string, code: string, extra: Record<string, unknown> = {}) => ({
  phone,
  code,
  first_name: 'Анна',
  birthday: '1990-05-17',
  consent: true,
  consent_version: CONSENT.version,
  ...extra,
});

/** An owner of `o`, signed in: the admin token. */
async function ownerOf(o: OrgFixture, email: string): Promise<string> {
  await createUser(ctx, o.actor, { email, name: 'Владелец', role: 'owner', password: PASSWORD });
  const r = await adminCaller(app)('POST', '/auth/login', null, { email, password: PASSWORD });
  return r.body.token;
}

/** Asks for a code and joins with it; the session token. */
async function join(phone: string): Promise<string> {
  assert.equal((await askCode(phone)).status, 202);
  const r = await guestCall('POST', `/links/${link.token}/join`, {
    body: joinBody(phone, lastCode(phone.replace(/\D/g, ''))),
    from: nextAddress(),
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.token;
}

before(async () => {
  t = await testDatabase();
  ctx = createContext(t.db, { now: clock.now });
  app = await buildServer(ctx, { sms, cabinetDir: false, guestPagesDir: false });
  checkResponses(app);
  org = await makeOrg(ctx);
  await createCardMask(ctx, org.actor, {
    name: 'Виртуальная',
    pattern: '2600########',
    kind: 'virtual',
  });
  owner = await ownerOf(org, 'owner@guest-channels.ru');
  const admin = adminCaller(app);
  const links = await admin('GET', '/registration-links', owner);
  assert.equal(links.status, 200, JSON.stringify(links.body));
  link = links.body.rows[0];
});

after(async () => {
  await app.close();
  await t.close();
});

test('the organization’s link, a campaign link, and the QR code as PNG, SVG and PDF', async () => {
  const admin = adminCaller(app);
  assert.match(link.url, /^http:\/\/localhost(:\d+)?\/join\/[A-Za-z0-9_-]{16}$/);
  const again = await admin('GET', '/registration-links', owner);
  assert.equal(again.body.rows.length, 1, 'the organization’s own link is made once');
  const campaign = await admin('POST', '/registration-links', owner, {
    restaurant_id: org.restaurantId,
    campaign: 'Листовки у метро',
  });
  assert.equal(campaign.status, 201, JSON.stringify(campaign.body));
  assert.equal(campaign.body.campaign, 'Листовки у метро');
  assert.equal((await admin('POST', '/registration-links', owner, {})).status, 400);
  for (const [format, magic] of [
    ['png', '\x89PNG'],
    ['svg', '<svg'],
    ['pdf', '%PDF'],
  ] as const) {
    const res = await app.inject({
      method: 'GET',
      url: `/api/admin/v1/registration-links/${link.id}/qr?format=${format}`,
      headers: { authorization: `Bearer ${owner}` },
    });
    assert.equal(res.statusCode, 200, `${format}: ${res.body}`);
    assert.ok(res.rawPayload.subarray(0, 8).toString('latin1').includes(magic), format);
  }
  const other = await makeOrg(ctx);
  const stranger = await ownerOf(other, 'stranger@guest-channels.ru');
  const foreign = await admin('GET', `/registration-links/${link.id}/qr?format=png`, stranger);
  assert.equal(foreign.status, 404);
});

test('without an SMS provider no code is made or sent: the guest is told in Russian first, with 503', async () => {
  const unconfigured = await buildServer(ctx, { sms: null, cabinetDir: false, guestPagesDir: false });
  checkResponses(unconfigured);
  try {
    const codes = () => t.db.selectFrom('guest_codes').select('id').where('phone', '=', '79160000404').execute();
    const res = await unconfigured.inject({
      method: 'POST',
      url: `/api/guest/v1/links/${link.token}/codes`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ phone: '+7 916 000-04-04' }),
    });
    assert.equal(res.statusCode, 503);
    const error = JSON.parse(res.body).error;
    assert.equal(error.code, 'sms_not_configured');
    assert.match(error.message, /^Вход и вступление по SMS пока недоступны/);
    assert.deepEqual(await codes(), []);
    assert.ok(!sent.some((m) => m.phone === '79160000404'));
  } finally {
    await unconfigured.close();
  }
});

test('joining: a guest with a virtual card by the mask, consent and link stored, a page with the card', async () => {
  const token = await join('+7 916 000-00-01');
  const guest = await t.db
    .selectFrom('guests')
    .selectAll()
    .where('phone', '=', '79160000001')
    .executeTakeFirstOrThrow();
  assert.equal(guest.first_name, 'Анна');
  assert.equal(guest.birthday, '1990-05-17');
  const reg = await t.db
    .selectFrom('guest_registrations')
    .selectAll()
    .where('guest_id', '=', guest.id)
    .executeTakeFirstOrThrow();
  assert.equal(reg.consent_version, CONSENT.version);
  assert.equal(reg.consent_at.getTime(), clock.now().getTime());
  assert.equal(Number(reg.link_id), link.id);
  const page = await guestCall('GET', '/me', { token });
  assert.equal(page.status, 200, JSON.stringify(page.body));
  assert.match(page.body.card.number, /^2600\d{8}$/);
  assert.match(page.body.card.qr_svg, /^<svg/);
  assert.deepEqual(page.body.balances, { bonus: 0, deposit: 0 });
  const admin = adminCaller(app);
  const links = await admin('GET', '/registration-links', owner);
  assert.equal(links.body.rows[0].guests_joined, 1);
});

test('wrong, replayed and spent codes are refused alike and change nothing', async () => {
  const phone = '79160000002';
  await askCode(phone);
  const code = lastCode(phone);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const guests = async () => (await t.db.selectFrom('guests').select('id').execute()).length;
  const before = await guests();
  const bad = await guestCall('POST', `/links/${link.token}/join`, {
    body: joinBody(phone, wrong),
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'code_invalid');
  assert.equal(await guests(), before);
  const ok = await guestCall('POST', `/links/${link.token}/join`, { body: joinBody(phone, code) });
  assert.equal(ok.status, 200);
  const replay = await guestCall('POST', `/links/${link.token}/sign-in`, { body: { phone, code } });
  assert.equal(replay.status, 400);
  assert.equal(replay.body.error.code, 'code_invalid');
  assert.equal(await guests(), before + 1);
});

test('the right code used twice in parallel makes one guest and one session', async () => {
  const phone = '79160000003';
  await askCode(phone);
  const code = lastCode(phone);
  const answers = await Promise.all(
    Array.from({ length: 6 }, () =>
      guestCall('POST', `/links/${link.token}/join`, {
        body: joinBody(phone, code),
        from: nextAddress(),
      }),
    ),
  );
  assert.equal(
    answers.filter((a) => a.status === 200).length,
    1,
    JSON.stringify(answers.map((a) => a.status)),
  );
  const made = await t.db.selectFrom('guests').select('id').where('phone', '=', phone).execute();
  assert.equal(made.length, 1);
});

test('a code dies after its wrong tries: the right one is refused afterwards', async () => {
  const phone = '79160000004';
  await askCode(phone);
  const code = lastCode(phone);
  const wrong = String((Number(code) + 7) % 1_000_000).padStart(6, '0');
  const burst = await Promise.all(
    Array.from({ length: GUEST_LIMITS.triesPerCode + 3 }, () =>
      guestCall('POST', `/links/${link.token}/sign-in`, {
        body: { phone, code: wrong },
        from: nextAddress(),
      }),
    ),
  );
  assert.ok(burst.every((a) => a.status === 400 || a.status === 429));
  const right = await guestCall('POST', `/links/${link.token}/join`, {
    body: joinBody(phone, code),
  });
  assert.ok([400, 429].includes(right.status), JSON.stringify(right.body));
  assert.equal(
    (await t.db.selectFrom('guests').select('id').where('phone', '=', phone).execute()).length,
    0,
  );
});

test('codes per phone are limited under a parallel burst from many addresses', async () => {
  const phone = '79160000005';
  const before = sent.length;
  const answers = await Promise.all(Array.from({ length: 12 }, () => askCode(phone)));
  const ok = answers.filter((a) => a.status === 202).length;
  assert.equal(ok, GUEST_LIMITS.codesPerPhone.max);
  assert.equal(sent.length - before, GUEST_LIMITS.codesPerPhone.max);
  const refused = answers.find((a) => a.status === 429);
  assert.equal(refused?.body.error.code, 'too_many_attempts');
});

test('codes per address are limited too', async () => {
  const from = '10.9.9.9';
  const answers = await Promise.all(
    Array.from({ length: GUEST_LIMITS.codesPerAddress.max + 5 }, (_, i) =>
      askCode(`7917${String(i).padStart(7, '0')}`, from),
    ),
  );
  assert.equal(answers.filter((a) => a.status === 202).length, GUEST_LIMITS.codesPerAddress.max);
});

test('asking for a code tells nothing about whether the phone has a card', async () => {
  await join('79160000006');
  const known = await askCode('79160000006');
  const unknown = await askCode('79160000007');
  assert.deepEqual([known.status, known.body], [unknown.status, unknown.body]);
  // Only the holder of the code learns it: signing in a phone without a card says so, and the
  // code stays good to join with.
  const code = lastCode('79160000007');
  const none = await guestCall('POST', `/links/${link.token}/sign-in`, {
    body: { phone: '79160000007', code },
  });
  assert.equal(none.status, 404);
  assert.equal(none.body.error.code, 'not_a_member');
  const joined = await guestCall('POST', `/links/${link.token}/join`, {
    body: joinBody('79160000007', code),
  });
  assert.equal(joined.status, 200);
  assert.equal(joined.body.joined, true);
  // Joining with a phone that has a card signs that guest in and changes nothing of theirs.
  await askCode('79160000006');
  const again = await guestCall('POST', `/links/${link.token}/join`, {
    body: joinBody('79160000006', lastCode('79160000006'), { first_name: 'Чужое имя' }),
  });
  assert.equal(again.body.joined, false);
  const g = await t.db
    .selectFrom('guests')
    .select('first_name')
    .where('phone', '=', '79160000006')
    .executeTakeFirstOrThrow();
  assert.equal(g.first_name, 'Анна');
});

test('a refused code takes its floor whether or not the phone has a card', async () => {
  await join('79160000014');
  for (const phone of ['79160000014', '79160000015']) {
    await askCode(phone);
    const wrong = String((Number(lastCode(phone)) + 3) % 1_000_000).padStart(6, '0');
    const started = performance.now();
    const r = await guestCall('POST', `/links/${link.token}/sign-in`, {
      body: { phone, code: wrong },
      from: nextAddress(),
    });
    assert.equal(r.body.error.code, 'code_invalid');
    assert.ok(performance.now() - started >= CODE_FLOOR_MS - 5, phone);
  }
});

test('a guest session sees only its guest, is not an admin session, and expires', async () => {
  const a = await join('79160000008');
  const b = await join('79160000009');
  const pa = await guestCall('GET', '/me', { token: a });
  const pb = await guestCall('GET', '/me', { token: b });
  assert.notEqual(pa.body.card.number, pb.body.card.number);
  assert.equal(pa.body.guest.phone, '79160000008');
  const asAdmin = await adminCaller(app)('GET', '/guests', a);
  assert.equal(asAdmin.status, 401);
  const adminAsGuest = await guestCall('GET', '/me', { token: owner });
  assert.equal(adminAsGuest.status, 401);
  const forged = await guestCall('GET', '/me', {
    token: a.replace(/_(\d+)_/, (_m, id) => `_${Number(id) + 1}_`),
  });
  assert.equal(forged.status, 401);
  clock.advance((GUEST_SESSION_MINUTES + 1) * 60_000);
  const expired = await guestCall('GET', '/me', { token: a });
  assert.equal(expired.status, 401);
  assert.equal(expired.body.error.code, 'guest_session_invalid');
});

test('bad input is a clear 400 and joins nobody', async () => {
  const cases: [string, unknown, string][] = [
    ['/join', { ...joinBody('79160000010', '123456'), consent: false }, 'validation_failed'],
    ['/join', { ...joinBody('79160000010', '123456'), consent_version: 'old' }, 'consent_outdated'],
    ['/join', { ...joinBody('79160000010', '123456'), birthday: '1990-02-30' }, 'invalid_birthday'],
    ['/join', { ...joinBody('79160000010', '123456'), first_name: '   ' }, 'name_required'],
    ['/codes', { phone: 'позвоните мне' }, 'validation_failed'],
    ['/sign-in', { phone: '79160000010', code: 'abcdef' }, 'validation_failed'],
  ];
  for (const [path, body, code] of cases) {
    const r = await guestCall('POST', `/links/${link.token}${path}`, { body, from: nextAddress() });
    assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.code, code);
  }
  const unknown = await guestCall('GET', '/links/no-such-link-token');
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, 'link_not_found');
  assert.equal(
    (await t.db.selectFrom('guests').select('id').where('phone', '=', '79160000010').execute())
      .length,
    0,
  );
});

test('a review reaches the organization; a rating out of range is refused', async () => {
  const token = await join('79160000011');
  const r = await guestCall('POST', '/me/reviews', {
    token,
    body: { rating: 5, text: 'Очень вкусно!' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const bad = await guestCall('POST', '/me/reviews', { token, body: { rating: 6, text: 'x' } });
  assert.equal(bad.status, 400);
  const list = await adminCaller(app)('GET', '/reviews', owner);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.equal(list.body.rows[0].text, 'Очень вкусно!');
  assert.equal(list.body.rows[0].phone, '79160000011');
  const event = await t.db
    .selectFrom('outbox_events')
    .select(['type', 'payload'])
    .where('type', '=', 'review.left')
    .executeTakeFirstOrThrow();
  assert.equal((event.payload as { text: string }).text, 'Очень вкусно!');
});

const posCall = async (url: string, body: unknown) => {
  const res = await app.inject({
    method: 'POST',
    url: `/api/pos/v1${url}`,
    headers: { authorization: `Bearer ${org.key}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
};

test('a promo code entered on the page gives its promotion within its lifetime, and nothing after', async () => {
  const admin = adminCaller(app);
  const promo = await admin('POST', '/program/promotions', owner, {
    name: 'Промокод с чека',
    active: true,
    conditions: { promoCode: 'SUMMER' },
    privileges: [{ type: 'discount_percent', bp: 1000 }],
  });
  assert.equal(promo.status, 201, JSON.stringify(promo.body));
  const token = await join('79160000012');
  const page = await guestCall('GET', '/me', { token });
  const unknown = await guestCall('POST', '/me/promo-codes', { token, body: { code: 'WINTER' } });
  assert.equal(unknown.status, 404);
  const entered = await guestCall('POST', '/me/promo-codes', { token, body: { code: ' summer ' } });
  assert.equal(entered.status, 201, JSON.stringify(entered.body));
  const lines = SEED_LINES.slice(0, 1);
  const card = { number: page.body.card.number };
  const within = await posCall('/orders/calculate', { card, lines });
  assert.equal(within.status, 200, JSON.stringify(within.body));
  assert.equal(within.body.lines[0].discount, 2900);
  clock.advance(61 * 60_000); // the default lifetime is 60 minutes
  const past = await posCall('/orders/calculate', { card, lines });
  assert.equal(past.body.lines[0].discount, 0);
  await admin('POST', `/program/promotions/${promo.body.id}/deactivate`, owner);
});

test('the registration bonus accrues at the new guest’s first visit, beside the rank', async () => {
  const admin = adminCaller(app);
  const promo = await admin('POST', '/program/promotions', owner, {
    name: 'Бонус за регистрацию',
    kind: 'registration_bonus',
    active: true,
    conditions: {},
    privileges: [{ type: 'bonus_fixed', points: 50000 }],
  });
  assert.equal(promo.status, 201, JSON.stringify(promo.body));
  const token = await join('79160000013');
  const page = await guestCall('GET', '/me', { token });
  const close = async (id: string) =>
    posCall('/orders/close', {
      order_id: id,
      card: { number: page.body.card.number },
      lines: SEED_LINES.slice(0, 1),
      payments: [{ kind: 'cash', amount: 29000 }],
    });
  const first = await close('REG-1');
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const total = (r: Answer) =>
    r.body.accruals.reduce((s: number, a: { amount: number }) => s + a.amount, 0);
  assert.equal(total(first), 50000);
  const second = await close('REG-2');
  assert.equal(total(second), 0, 'only the first visit');
  const after = await guestCall('GET', '/me', { token });
  assert.equal(after.body.balances.bonus, 50000);
  assert.ok(after.body.operations.length >= 1);
});
