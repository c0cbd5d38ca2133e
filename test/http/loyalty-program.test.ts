// The loyalty program end to end through HTTP: managed through the admin API, applied by the
// POS API. Seed 000's rolls (2350.00), a Silver rank (5 %) and a 10 % promotion on the chicken
// roll; each test states the settings it needs, as docs/loyalty.md tells them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { replaceDictionary } from '../../src/app/admin/dictionary.ts';
import { createUser } from '../../src/app/admin/users.ts';
import { verifyLedger } from '../../src/app/verify.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  SEED_LINES,
  testServer,
  type GuestFixture,
  type OrgFixture,
} from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;
let guest: GuestFixture;
let token: string;
let promotionId: string;
let n = 0;

async function admin(method: string, url: string, body?: unknown) {
  const res = await server.app.inject({
    method: method as 'GET',
    url: `/api/admin/v1${url}`,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

const pos = (url: string, body: unknown) => server.call('POST', url, org.key, body);
const lines = SEED_LINES.slice(0, 2); // 290.00 chicken roll + 360.00 salmon roll
const card = () => ({ card_id: guest.cardId });

async function settings(s: Record<string, unknown>) {
  const r = await admin('PUT', '/program', { settings: s });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

async function wallet() {
  return server.ctx.db
    .selectFrom('accounts')
    .select(['balance'])
    .where('org_id', '=', org.orgId)
    .where('id', '=', guest.bonusId)
    .executeTakeFirstOrThrow();
}

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  org = await makeOrg(server.ctx);
  guest = await makeGuest(server.ctx, org, { funds: 1_000_000, phone: '+7 900 555-00-01' });
  await replaceDictionary(
    server.ctx,
    org.actor,
    'manual',
    'MENUITEMS',
    SEED_LINES.map((l) => ({ ident: l.item_code, name: l.item_name })),
  );
  await createUser(server.ctx, org.actor, {
    email: 'marketer@example.ru',
    name: 'Маркетолог',
    role: 'marketer',
    password: 'correct horse battery',
  });
  const login = await server.app.inject({
    method: 'POST',
    url: '/api/admin/v1/auth/login',
    payload: { email: 'marketer@example.ru', password: 'correct horse battery' },
  });
  token = JSON.parse(login.body).token;
  const rank = await admin('POST', '/program/ranks', {
    name: 'Серебро',
    threshold: 0,
    accrualBp: 500,
  });
  assert.equal(rank.status, 201, JSON.stringify(rank.body));
  const promo = await admin('POST', '/program/promotions', {
    name: 'Курица −10 %',
    active: true,
    conditions: { items: ['2470'] },
    privileges: [{ type: 'discount_percent', bp: 1000 }],
  });
  assert.equal(promo.status, 201, JSON.stringify(promo.body));
  promotionId = promo.body.id;
});

after(async () => {
  await server.app.close();
  await t.close();
});

test('bad settings, ranks and promotions are refused with every problem explained, nothing saved', async () => {
  const before = await admin('GET', '/program');
  const bad = await admin('PUT', '/program', {
    settings: {
      maxBonusPaymentBp: 15000,
      itemPromotionBlocksCheckPromotion: true,
      nonSummation: false,
    },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'loyalty.percent_out_of_range');
  const codes = bad.body.error.problems.map((p: { code: string }) => p.code);
  assert.deepEqual(codes, ['loyalty.percent_out_of_range', 'loyalty.l5_requires_l4']);
  assert.match(bad.body.error.message_ru, /от 0 до 100/);
  assert.equal((await admin('GET', '/program')).body.version, before.body.version);

  const overlap = await admin('POST', '/program/ranks', {
    name: 'Тоже серебро',
    threshold: 0,
    accrualBp: 700,
  });
  assert.equal(overlap.status, 400);
  assert.equal(overlap.body.error.code, 'loyalty.rank.overlap');

  const promo = await admin('POST', '/program/promotions', {
    name: 'Пустая',
    conditions: { items: ['no-such-item'] },
    privileges: [],
  });
  assert.equal(promo.status, 400);
  const problems = promo.body.error.problems.map((p: { code: string }) => p.code);
  assert.deepEqual(problems.sort(), ['loyalty.promotion.no_privilege', 'loyalty.unknown_item']);
  assert.equal((await admin('GET', '/program/promotions')).body.rows.length, 1);

  const shape = await admin('POST', '/program/promotions', {
    name: 'x',
    privileges: [{ type: 'free_lunch' }],
  });
  assert.equal(shape.status, 400);
  assert.equal(shape.body.error.code, 'validation_failed');
  const analyst = await admin('DELETE', '/program/ranks/999999');
  assert.equal(analyst.status, 404);
  assert.equal(analyst.body.error.code, 'loyalty.rank_not_found');
});

test('L4 on: calculate gives the promotion line only the promotion, the other line the rank', async () => {
  await settings({ nonSummation: true });
  const r = await pos('/orders/calculate', { card: card(), lines });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const [l1, l2] = r.body.lines;
  assert.deepEqual([l1.discount, l1.accrual], [2900, 0]);
  assert.deepEqual([l2.discount, l2.accrual], [0, 1800]);
  assert.equal(r.body.totals.to_pay, 65000 - 2900);
  assert.equal(r.body.guest.rank.name, 'Серебро');
  assert.ok(r.body.explanation.some((e: { blocked_by: string }) => e.blocked_by === 'L4'));
  assert.ok(
    r.body.explanation.every((e: { text_ru: string; text_en: string }) => e.text_ru && e.text_en),
  );
  assert.match(r.body.receipt_footer, /Баланс/);
  const figuresOnly = await pos('/orders/calculate', { card: card(), lines, explain: false });
  assert.equal(figuresOnly.body.explanation, undefined);
  assert.deepEqual(figuresOnly.body.lines, r.body.lines);

  await settings({ nonSummation: false });
  const off = await pos('/orders/calculate', { card: card(), lines });
  assert.deepEqual(
    off.body.lines.map((l: { accrual: number }) => l.accrual),
    [0, 1800],
  );
  assert.equal(off.body.totals.bonus_payment_base, 36000, 'the promo line is not payable (L2)');
});

test('a close posts the accrual as a bonus lot with the pending period and expiry of L11', async () => {
  await settings({ accrual: { pendingDays: 14, expiryDays: 365 } });
  const r = await pos('/orders/close', {
    order_id: `O${++n}`,
    card: card(),
    lines,
    payments: [{ kind: 'deposit', amount: 65000 - 2900 }],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.discount, 2900);
  assert.deepEqual(
    r.body.accruals.map((a: { amount: number }) => a.amount),
    [1800],
  );
  const lot = await t.db
    .selectFrom('bonus_lots')
    .selectAll()
    .where('org_id', '=', org.orgId)
    .where('account_id', '=', guest.bonusId)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const closed = server.clock.now().getTime();
  assert.equal(lot.available_from.getTime(), closed + 14 * 86_400_000);
  assert.equal(lot.expires_at?.getTime(), closed + 379 * 86_400_000);
  const stored = await t.db
    .selectFrom('orders')
    .select('loyalty')
    .where('org_id', '=', org.orgId)
    .where('id', '=', r.body.id)
    .executeTakeFirstOrThrow();
  assert.ok(Array.isArray(stored.loyalty) && stored.loyalty.length > 0);
  await settings({ accrual: { pendingDays: 0, expiryDays: null } });
});

test('L2/L3: a bonus payment above the limit is refused and nothing is written', async () => {
  const top = await pos('/topups', {
    topup_id: `T${++n}`,
    card: card(),
    account_kind: 'bonus',
    amount: 100_000,
  });
  assert.equal(top.status, 201, JSON.stringify(top.body));
  await settings({ maxBonusPaymentBp: 5000, minFiscalPayment: 1000 });
  const calc = await pos('/orders/calculate', { card: card(), lines: [lines[1]] });
  assert.equal(calc.body.totals.max_bonus_payment, 18000);
  const orders = await t.db.selectFrom('orders').select('id').execute();
  const over = await pos('/orders/close', {
    order_id: `O${++n}`,
    card: card(),
    lines: [lines[1]],
    payments: [
      { kind: 'bonus', amount: 18001 },
      { kind: 'cash', amount: 36000 - 18001 },
    ],
  });
  assert.equal(over.status, 422);
  assert.equal(over.body.error.code, 'loyalty.bonus_payment_over_limit');
  assert.equal((await t.db.selectFrom('orders').select('id').execute()).length, orders.length);
  const ok = await pos('/orders/close', {
    order_id: `O${++n}`,
    card: card(),
    lines: [lines[1]],
    payments: [
      { kind: 'bonus', amount: 18000 },
      { kind: 'cash', amount: 18000 },
    ],
  });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  await settings({ maxBonusPaymentBp: 10000, minFiscalPayment: 0 });
});

test('L8: identification by a typed phone follows the switch', async () => {
  const off = await pos('/identify', { phone: '8 900 555 00 01' });
  assert.equal(off.status, 403);
  assert.equal(off.body.error.code, 'loyalty.phone_auth_disabled');
  await settings({ cashierPhoneAuth: true });
  const on = await pos('/identify', { phone: '8 900 555 00 01' });
  assert.equal(on.status, 200);
  assert.equal(on.body.card.id, guest.cardId);
  assert.equal(on.body.loyalty.rank.name, 'Серебро');
  assert.equal(typeof on.body.loyalty.bonus_balance, 'number');
});

test('L7: change goes to the bonus wallet only when the setting allows', async () => {
  const body = () => ({
    order_id: `O${++n}`,
    card: card(),
    lines: [lines[1]],
    payments: [{ kind: 'cash', amount: 40000 }],
    change_to_wallet: true,
  });
  // The till learns before closing whether it may offer it: card info and the dry run say.
  const asked = await pos('/identify', card());
  assert.equal(asked.body.loyalty.change_to_bonus_wallet, false);
  const off = await pos('/orders/close', body());
  assert.equal(off.status, 422);
  assert.equal(off.body.error.code, 'loyalty.change_to_wallet_disabled');
  await settings({ changeToBonusWallet: true });
  assert.equal((await pos('/identify', card())).body.loyalty.change_to_bonus_wallet, true);
  const dry = await pos('/orders/calculate', { card: card(), lines: [lines[1]] });
  assert.equal(dry.body.guest.change_to_bonus_wallet, true, JSON.stringify(dry.body.guest));
  const before = (await wallet()).balance;
  const on = await pos('/orders/close', body());
  assert.equal(on.status, 201, JSON.stringify(on.body));
  assert.equal(on.body.change_to_wallet, 4000);
  assert.equal((await wallet()).balance, before + 4000 + 1800);
});

test('payment code: identifies once, then guessing locks the terminal out and is recorded', async () => {
  const issued = await admin('POST', `/program/guests/${guest.guestId}/payment-code`, {
    ttl_minutes: 30,
  });
  assert.equal(issued.status, 201, JSON.stringify(issued.body));
  assert.match(issued.body.code, /^[2-9A-HJ-NP-Z]{4}$/);
  const ok = await pos('/identify', { payment_code: issued.body.code.toLowerCase() });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.guest.id, guest.guestId);
  const again = await pos('/identify', { payment_code: issued.body.code });
  assert.equal(again.body.error.code, 'payment_code_invalid');

  const fresh = await admin('POST', `/program/guests/${guest.guestId}/payment-code`, {});
  const wrong = fresh.body.code === 'ZZZZ' ? 'YYYY' : 'ZZZZ';
  const codes: string[] = [];
  // The used code above was the first failure; the fifth within 5 minutes locks the terminal.
  for (let i = 0; i < 4; i++)
    codes.push((await pos('/identify', { payment_code: wrong })).body.error.code);
  assert.deepEqual(codes, [
    'payment_code_invalid',
    'payment_code_invalid',
    'payment_code_invalid',
    'payment_code_invalid_locked',
  ]);
  const locked = await pos('/identify', { payment_code: fresh.body.code });
  assert.equal(locked.status, 422);
  assert.equal(locked.body.error.code, 'payment_code_locked');
  const events = await admin('GET', '/program/security-events');
  const types = events.body.rows.map((e: { type: string }) => e.type);
  assert.deepEqual(types.slice(0, 2), ['payment_code_locked_attempt', 'payment_code_lockout']);
  server.clock.advance(16 * 60_000);
  const after = await pos('/identify', { payment_code: fresh.body.code });
  assert.equal(after.status, 200, 'the lockout ends and the live code still works');
});

test('simulate explains; a full refund returns every accrual and bonus paid, no ledger drift', async () => {
  const sim = await admin('POST', '/program/simulate', {
    restaurant_id: org.restaurantId,
    card_id: guest.cardId,
    lines,
  });
  assert.equal(sim.status, 200, JSON.stringify(sim.body));
  assert.ok(sim.body.explanation.some((e: { rule_id: string }) => e.rule_id === promotionId));
  const before = (await wallet()).balance;
  const close = await pos('/orders/close', {
    order_id: `O${++n}`,
    card: card(),
    lines,
    payments: [
      { kind: 'bonus', amount: 10000 },
      { kind: 'cash', amount: 65000 - 2900 - 10000 },
    ],
  });
  assert.equal(close.status, 201, JSON.stringify(close.body));
  assert.equal((await wallet()).balance, before - 10000 + 1800);
  const part = await pos(`/orders/${close.body.order_id}/refund`, {
    refund_id: `R${++n}`,
    lines: [{ line_no: 2, quantity_milli: 1000 }],
  });
  assert.equal(part.status, 201, JSON.stringify(part.body));
  const rest = await pos(`/orders/${close.body.order_id}/refund`, { refund_id: `R${++n}` });
  assert.equal(rest.status, 201, JSON.stringify(rest.body));
  assert.equal((await wallet()).balance, before);
  const report = await t.db.transaction().execute((tx) => verifyLedger(tx));
  assert.deepEqual(report.drift, []);
});

test("a close's accruals share one lot, and a refund of a line takes its points back from that lot", async () => {
  const lotsNow = async () =>
    new Map(
      (
        await t.db
          .selectFrom('bonus_lots')
          .select(['id', 'amount', 'remaining'])
          .where('org_id', '=', org.orgId)
          .where('account_id', '=', guest.bonusId)
          .execute()
      ).map((l) => [l.id, l]),
    );
  const before = await lotsNow();
  assert.ok(
    [...before.values()].some((l) => l.remaining > 0),
    'older lots with points to take',
  );
  // The salmon and eel rolls: no promotion, the rank's 5 % on each line.
  const close = await pos('/orders/close', {
    order_id: `O${++n}`,
    card: card(),
    lines: SEED_LINES.slice(1, 3).map((l, i) => ({ ...l, line_no: i + 1 })),
    payments: [{ kind: 'cash', amount: 36000 + 43000 }],
  });
  assert.equal(close.status, 201, JSON.stringify(close.body));
  const accruals = close.body.accruals as { line_no: number; amount: number }[];
  assert.deepEqual(
    accruals.map((a) => [a.line_no, a.amount]),
    [
      [1, 1800],
      [2, 2150],
    ],
  );
  const after = await lotsNow();
  const added = [...after.values()].filter((l) => !before.has(l.id));
  assert.equal(added.length, 1, 'one lot for the close');
  assert.equal(added[0]?.amount, accruals[0]!.amount + accruals[1]!.amount);
  const refund = await pos(`/orders/${close.body.order_id}/refund`, {
    refund_id: `R${++n}`,
    lines: [{ line_no: 2, quantity_milli: 1000 }],
  });
  assert.equal(refund.status, 201, JSON.stringify(refund.body));
  const back = await lotsNow();
  // Line 2's points come out of the close's own lot, though older lots expire first.
  assert.equal(back.get(added[0]!.id)?.remaining, accruals[0]!.amount);
  for (const [id, l] of before) assert.equal(back.get(id)?.remaining, l.remaining, `lot ${id}`);
});

test('new endpoints refuse bad input with a stable code and write nothing', async () => {
  const audits = (await t.db.selectFrom('audit_log').select('id').execute()).length;
  const cases: [string, string, unknown, number, string][] = [
    ['POST', '/orders/calculate', { lines: [] }, 400, 'validation_failed'],
    ['POST', '/orders/calculate', { lines, extra: 1 }, 400, 'validation_failed'],
    ['POST', '/orders/calculate', { card: { card_id: 999999 }, lines }, 404, 'card_not_found'],
    ['POST', '/identify', { payment_code: '' }, 400, 'validation_failed'],
  ];
  for (const [m, url, body, status, code] of cases) {
    const r = await server.call(m as 'POST', url, org.key, body);
    assert.equal(r.status, status, `${url} ${JSON.stringify(body)}`);
    assert.equal(r.body.error.code, code);
  }
  const adminCases: [string, string, unknown, number, string][] = [
    ['PUT', '/program', { settings: { enabled: 'yes' } }, 400, 'validation_failed'],
    ['PUT', '/program/restaurants/999999', {}, 404, 'loyalty.restaurant_not_found'],
    [
      'POST',
      '/program/simulate',
      { restaurant_id: 999999, lines },
      404,
      'loyalty.restaurant_not_found',
    ],
    ['POST', '/program/promotions/999999/activate', undefined, 404, 'loyalty.promotion_not_found'],
    ['POST', '/program/guests/999999/payment-code', {}, 404, 'guest_not_found'],
    [
      'POST',
      `/program/guests/${guest.guestId}/promo-codes`,
      { code: 'NOPE' },
      404,
      'loyalty.promo_code_unknown',
    ],
    [
      'PUT',
      `/program/ranks/1`,
      { name: 'x', threshold: -5, accrualBp: 100 },
      400,
      'loyalty.amount_out_of_range',
    ],
  ];
  for (const [m, url, body, status, code] of adminCases) {
    const r = await admin(m, url, body);
    assert.equal(r.status, status, `${m} ${url}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.code, code);
  }
  assert.equal((await t.db.selectFrom('audit_log').select('id').execute()).length, audits);
});
