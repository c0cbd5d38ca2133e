// Bad input at every POS endpoint (issue 2 acceptance "Bad input"): malformed or mistyped
// bodies, missing and unknown fields, out-of-range amounts, unusable cards and bad keys each
// get a 4xx with a stable code and a Russian and an English message, and write nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { issueCard, setCardStatus } from '../../src/app/admin/guests.ts';
import { createTerminal, revokeTerminal } from '../../src/app/admin/tenancy.ts';
import type { CardStatus } from '../../src/domain/cards.ts';
import { MAX_AMOUNT } from '../../src/domain/money.ts';
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
let revokedKey: string;
const cards = new Map<string, number>();

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  const { ctx, call } = server;
  org = await makeOrg(ctx);
  guest = await makeGuest(ctx, org, { funds: 100_000, phone: '+7 900 123-45-67' });
  const ok = async (url: string, body: unknown) => {
    const r = await call('POST', url, org.key, body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  };
  const card = { card_id: guest.cardId };
  // Something of every kind to aim bad requests at: a top-up, a payment, a hold, an order.
  await ok('/topups', { topup_id: 'top-1', card, amount: 5000 });
  await ok('/payments', { payment_id: 'pay-1', card, amount: 1000 });
  await ok('/holds', { hold_id: 'hold-1', card, amount: 2000 });
  await ok('/orders/close', {
    order_id: 'o-1',
    card,
    lines: SEED_LINES.slice(0, 2),
    payments: [{ kind: 'deposit', amount: 65000 }],
  });
  // Cards that cannot pay, each of a funded guest, so the card is the only reason to refuse.
  for (const status of [
    'blocked',
    'expired',
    'deleted',
    'seize',
    'manager_confirmation',
  ] as const) {
    const g = await makeGuest(ctx, org, { funds: 10_000 });
    await setCardStatus(ctx, org.actor, g.cardId, status as CardStatus, 'утеряна');
    cards.set(status, g.cardId);
  }
  const dated = await makeGuest(ctx, org, { funds: 10_000 });
  const old = await issueCard(ctx, org.actor, {
    guest_id: dated.guestId,
    number: 'OLD-1',
    valid_until: '2024-01-01T00:00:00Z',
  });
  const future = await issueCard(ctx, org.actor, {
    guest_id: dated.guestId,
    number: 'NEW-1',
    valid_from: '2025-01-01T00:00:00Z',
  });
  cards.set('expired_by_date', old.id);
  cards.set('not_yet_valid', future.id);
  const credit = await makeGuest(ctx, org, {
    deposit: { scheme: 'credit', fiscal_mode: 'service', credit_limit: 50_000 },
  });
  cards.set('credit', credit.cardId);
  const second = await createTerminal(ctx, org.actor, {
    restaurant_id: org.restaurantId,
    name: 'Старая касса',
  });
  assert.equal((await call('POST', '/identify', second.key, card)).status, 200);
  await revokeTerminal(ctx, org.actor, second.terminal.id);
  revokedKey = second.key;
});

after(async () => {
  await server.app.close();
  await t.close();
});

/** Everything a request could write, as one comparable value. */
async function snapshot() {
  const r = await sql<Record<string, unknown>>`
    select
      (select count(*) from ledger_entries)::int as entries,
      (select count(*) from orders)::int as orders,
      (select count(*) from order_lines)::int as order_lines,
      (select coalesce(sum(refunded_quantity_milli), 0)::bigint from order_lines) as refunded,
      (select count(*) from pos_requests)::int as pos_requests,
      (select count(*) from bonus_lots)::int as lots,
      (select count(*) from lot_draws)::int as draws,
      (select count(*) from audit_log)::int as audit,
      (select string_agg(id || ':' || status, ',' order by id) from holds) as holds,
      (select string_agg(id || ':' || status, ',' order by id) from orders) as order_status,
      (select string_agg(id || ':' || balance || ':' || held, ',' order by id) from accounts)
        as balances,
      (select string_agg(id || ':' || test_mode, ',' order by id) from restaurants) as test_mode
  `.execute(server.ctx.db);
  return r.rows[0];
}

interface Case {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  /** A string is sent as is; RAW in it stands for a number JSON cannot hold exactly. */
  body?: unknown;
  key?: string | null;
  headers?: Record<string, string>;
  status: number;
  code: string;
}

interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  body?: Record<string, unknown>;
}

// A valid request to every endpoint; the cases below spoil one thing at a time.
const endpoints = (): Endpoint[] => {
  const card = { card_id: guest.cardId };
  return [
    { name: 'identify', method: 'POST', url: '/identify', body: { number: guest.number } },
    { name: 'card', method: 'GET', url: `/cards/${guest.cardId}` },
    { name: 'card history', method: 'GET', url: `/cards/${guest.cardId}/history` },
    { name: 'guest history', method: 'GET', url: `/guests/${guest.guestId}/history` },
    {
      name: 'payment',
      method: 'POST',
      url: '/payments',
      body: { payment_id: 'bad-pay', card, amount: 100 },
    },
    { name: 'payment reverse', method: 'POST', url: '/payments/pay-1/reverse', body: {} },
    {
      name: 'hold',
      method: 'POST',
      url: '/holds',
      body: { hold_id: 'bad-hold', card, amount: 100 },
    },
    { name: 'hold commit', method: 'POST', url: '/holds/hold-1/commit', body: { amount: 100 } },
    { name: 'hold cancel', method: 'POST', url: '/holds/hold-1/cancel', body: {} },
    {
      name: 'order close',
      method: 'POST',
      url: '/orders/close',
      body: {
        order_id: 'bad-order',
        card,
        lines: SEED_LINES.slice(0, 1),
        payments: [{ kind: 'deposit', amount: 29000 }],
      },
    },
    {
      name: 'order refund',
      method: 'POST',
      url: '/orders/o-1/refund',
      body: { refund_id: 'bad-refund', lines: [{ line_no: 1, quantity_milli: 1000 }] },
    },
    {
      name: 'top-up',
      method: 'POST',
      url: '/topups',
      body: { topup_id: 'bad-top', card, amount: 100 },
    },
    { name: 'top-up reverse', method: 'POST', url: '/topups/top-1/reverse', body: {} },
  ];
};

const find = (name: string) => endpoints().find((e) => e.name === name) as Endpoint;

/** The endpoint's valid body with `path` (dot-separated) set to `value`, or removed. */
function spoil(
  name: string,
  path: string,
  value: unknown,
  remove = false,
): Record<string, unknown> {
  const body = structuredClone(find(name).body) as Record<string, unknown>;
  const keys = path.split('.');
  let target: Record<string, unknown> = body;
  for (const k of keys.slice(0, -1)) target = target[k] as Record<string, unknown>;
  const last = keys[keys.length - 1] as string;
  if (remove) delete target[last];
  else target[last] = value;
  return body;
}

const RAW_2_53 = '9007199254740993';
const HUGE = 'x'.repeat(1024 * 1024 + 10);

function cases(): Case[] {
  const list: Case[] = [];
  const add = (
    name: string,
    method: 'GET' | 'POST',
    url: string,
    body: unknown,
    status: number,
    code: string,
    headers?: Record<string, string>,
  ) => list.push({ name, method, url, body, status, code, ...(headers ? { headers } : {}) });

  // Credentials, at every endpoint: the key is checked before anything else is read.
  const wrongKey = `kp_${org.orgId}_${org.terminalId}_${'A'.repeat(43)}`;
  const keys: [string, string | null, string][] = [
    ['no key', null, 'api_key_required'],
    ['wrong key', wrongKey, 'invalid_api_key'],
    ['malformed key', 'kp_not-a-key', 'invalid_api_key'],
    ['revoked key', revokedKey, 'invalid_api_key'],
  ];
  for (const e of endpoints())
    for (const [what, key, code] of keys)
      list.push({
        name: `${e.name}: ${what}`,
        method: e.method,
        url: e.url,
        body: e.body,
        key,
        status: 401,
        code,
      });

  // Bodies that are not a JSON object, at every POST endpoint.
  for (const e of endpoints().filter((x) => x.method === 'POST')) {
    const json = JSON.stringify(e.body);
    // prettier-ignore
    const bodies: [string, unknown, number, string, Record<string, string>?][] = [
      ['malformed JSON', json.slice(0, -1), 400, 'malformed_json'],
      ['trailing garbage', `${json} x`, 400, 'malformed_json'],
      ['empty body', '', 400, 'empty_body'],
      ['JSON null', 'null', 400, 'validation_failed'],
      ['JSON array', '[]', 400, 'validation_failed'],
      ['XML content type', json, 415, 'unsupported_media_type', { 'content-type': 'application/xml' }],
      ['form content type', 'amount=100', 415, 'unsupported_media_type', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['text/plain', json, 400, 'validation_failed', { 'content-type': 'text/plain' }],
      ['unknown field', { ...e.body, evil: 1 }, 400, 'validation_failed'],
      ['body over 1 MiB', { ...e.body, operator: HUGE }, 413, 'body_too_large'],
    ];
    for (const [what, body, status, code, headers] of bodies)
      add(`${e.name}: ${what}`, 'POST', e.url, body, status, code, headers);
  }

  // Malformed path and query parameters.
  const history = `/cards/${guest.cardId}/history`;
  const cursor = (s: string) => Buffer.from(s).toString('base64url');
  // prettier-ignore
  const params: [string, 'GET' | 'POST', string, number, string][] = [
    ['card: id not a number', 'GET', '/cards/abc', 400, 'validation_failed'],
    ['card: id zero', 'GET', '/cards/0', 400, 'validation_failed'],
    ['card: id fractional', 'GET', '/cards/1.5', 400, 'validation_failed'],
    ['card: id beyond 2^53', 'GET', '/cards/9007199254740993', 400, 'validation_failed'],
    ['card: no such card', 'GET', '/cards/999999', 404, 'card_not_found'],
    ['card history: unknown query field', 'GET', `${history}?evil=1`, 400, 'validation_failed'],
    ['card history: limit 0', 'GET', `${history}?limit=0`, 400, 'validation_failed'],
    ['card history: limit not a number', 'GET', `${history}?limit=ten`, 400, 'validation_failed'],
    ['card history: bad from', 'GET', `${history}?from=2024-13-45`, 400, 'validation_failed'],
    ['card history: garbage cursor', 'GET', `${history}?cursor=abc`, 400, 'invalid_cursor'],
    ['card history: cursor out of the time range', 'GET', `${history}?cursor=${cursor('-8640000000000000:5')}`, 400, 'invalid_cursor'],
    ['guest history: id negative', 'GET', '/guests/-1/history', 400, 'validation_failed'],
    ['guest history: no such guest', 'GET', '/guests/999999/history', 404, 'guest_not_found'],
    ['hold commit: POS id with a space', 'POST', '/holds/a%20b/commit', 400, 'validation_failed'],
    ['payment reverse: POS id over 64 characters', 'POST', `/payments/${'p'.repeat(65)}/reverse`, 400, 'validation_failed'],
    ['unknown route', 'POST', '/refunds', 404, 'route_not_found'],
  ];
  for (const [name, method, url, status, code] of params)
    add(name, method, url, method === 'POST' ? {} : undefined, status, code);

  // Amounts of the wrong type or out of range, wherever an amount is given.
  const amountFields: [string, string][] = [
    ['payment', 'amount'],
    ['hold', 'amount'],
    ['hold commit', 'amount'],
    ['top-up', 'amount'],
    ['order close', 'payments.0.amount'],
    ['order close', 'lines.0.price'],
    ['order close', 'lines.0.quantity_milli'],
    ['order refund', 'lines.0.quantity_milli'],
  ];
  for (const [name, path] of amountFields) {
    const url = find(name).url;
    const bad: [string, unknown][] = [
      ['a string', '100'],
      ['fractional', 1.5],
      ['negative', -100],
      ['null', null],
      ['an object', { value: 100 }],
      ['over the maximum', path.includes('quantity') ? 1_000_000_001 : MAX_AMOUNT + 1],
    ];
    if (!path.includes('price')) bad.push(['zero', 0]);
    for (const [what, value] of bad)
      add(
        `${name}: ${path} ${what}`,
        'POST',
        url,
        spoil(name, path, value),
        400,
        'validation_failed',
      );
    const raw = JSON.stringify(spoil(name, path, 'RAW')).replace('"RAW"', RAW_2_53);
    add(`${name}: ${path} beyond 2^53`, 'POST', url, raw, 400, 'validation_failed');
  }

  // Required fields left out.
  const required: [string, string[]][] = [
    ['identify', ['number']],
    ['payment', ['payment_id', 'card', 'amount']],
    ['hold', ['hold_id', 'card', 'amount']],
    ['top-up', ['topup_id', 'card', 'amount']],
    [
      'order close',
      [
        'order_id',
        'lines',
        'payments',
        'lines.0.item_code',
        'lines.0.item_name',
        'lines.0.price',
        'lines.0.quantity_milli',
        'lines.0.line_no',
        'payments.0.kind',
      ],
    ],
    ['order refund', ['refund_id', 'lines.0.line_no']],
  ];
  for (const [name, paths] of required)
    for (const path of paths)
      add(
        `${name}: ${path} missing`,
        'POST',
        find(name).url,
        spoil(name, path, undefined, true),
        400,
        'validation_failed',
      );

  // Card references that are malformed, unknown, or of a card that cannot pay.
  const malformed: [string, unknown][] = [
    ['a string', '100038'],
    ['empty', {}],
    ['card_id as a string', { card_id: String(guest.cardId) }],
    ['card_id zero', { card_id: 0 }],
    ['empty number', { number: '' }],
    ['two ways at once', { number: guest.number, uid: guest.uid }],
    ['phone as a number', { phone: 79001234567 }],
  ];
  const unknown: unknown[] = [
    { card_id: 999_999 },
    { number: '000000' },
    { uid: 'FFFFFFFF' },
    { track: ';999=1?' },
    { phone: '+7 999 000-00-00' },
  ];
  const unusable: [string, string][] = [
    ['blocked', 'card_blocked'],
    ['expired', 'card_expired'],
    ['expired_by_date', 'card_expired'],
    ['not_yet_valid', 'card_not_active_yet'],
    ['deleted', 'card_deleted'],
    ['seize', 'card_seize'],
    ['manager_confirmation', 'card_needs_manager'],
  ];
  for (const name of ['payment', 'hold', 'top-up', 'order close']) {
    const url = find(name).url;
    for (const [what, ref] of malformed)
      add(`${name}: card ${what}`, 'POST', url, spoil(name, 'card', ref), 400, 'validation_failed');
    for (const ref of unknown)
      add(
        `${name}: unknown card ${JSON.stringify(ref)}`,
        'POST',
        url,
        spoil(name, 'card', ref),
        404,
        'card_not_found',
      );
    for (const [state, code] of unusable) {
      // Money brought to the till is accepted without a manager (top-up confirms by itself).
      if (name === 'top-up' && state === 'manager_confirmation') continue;
      add(
        `${name}: ${state} card`,
        'POST',
        url,
        spoil(name, 'card', { card_id: cards.get(state) }),
        422,
        code,
      );
    }
  }

  // Well-formed requests that a rule refuses.
  const pay = find('payment').body;
  const close = find('order close').body;
  const huge = { ...SEED_LINES[0], price: MAX_AMOUNT, quantity_milli: 1_000_000_000 };
  // prettier-ignore
  const refused: [string, string, unknown, number, string][] = [
    ['identify: unknown card', '/identify', { uid: 'FFFFFFFF' }, 404, 'card_not_found'],
    ['identify: phone with too few digits', '/identify', { phone: '12-34' }, 400, 'invalid_phone'],
    ['payment: more than available', '/payments', spoil('payment', 'amount', 37_001), 422, 'insufficient_funds'],
    ['payment: no such deposit account', '/payments', { ...pay, account_id: 999_999 }, 404, 'deposit_account_not_found'],
    ['payment: unknown account kind', '/payments', { ...pay, account_kind: 'cash' }, 400, 'validation_failed'],
    ['payment: more than its lines', '/payments', { ...pay, amount: 30_000, lines: SEED_LINES.slice(0, 1) }, 400, 'payment_exceeds_lines'],
    ['payment: lines beyond the largest amount', '/payments', { ...pay, lines: [huge] }, 400, 'amount_too_large'],
    ['payment: time in the future', '/payments', { ...pay, occurred_at: '2024-03-05T08:00:00Z' }, 400, 'time_in_future'],
    ['payment: soft offline without its time', '/payments', { ...pay, soft_offline: true }, 400, 'occurred_at_required'],
    ['payment: bad date-time', '/payments', { ...pay, occurred_at: '2024-02-30 10:00' }, 400, 'validation_failed'],
    ['payment: POS id reused for another request', '/payments', { ...pay, payment_id: 'pay-1', amount: 999 }, 409, 'idempotency_key_reused'],
    ['payment reverse: unknown payment', '/payments/nope/reverse', {}, 404, 'payment_not_found'],
    ['hold: more than available', '/holds', spoil('hold', 'amount', 37_001), 422, 'insufficient_funds'],
    ['hold: ttl too short', '/holds', spoil('hold', 'ttl_seconds', 1), 400, 'validation_failed'],
    ['hold commit: more than held', '/holds/hold-1/commit', { amount: 2001 }, 422, 'commit_exceeds_hold'],
    ['hold commit: unknown hold', '/holds/nope/commit', {}, 404, 'hold_not_found'],
    ['hold cancel: unknown hold', '/holds/nope/cancel', {}, 404, 'hold_not_found'],
    ['order close: payments do not match the total', '/orders/close', spoil('order close', 'payments.0.amount', 28_999), 400, 'payments_do_not_match_total'],
    ['order close: repeated line number', '/orders/close', { ...close, lines: [SEED_LINES[0], SEED_LINES[0]], payments: [] }, 400, 'duplicate_line_no'],
    ['order close: total beyond the largest amount', '/orders/close', { ...close, lines: [huge], payments: [] }, 400, 'amount_too_large'],
    ['order close: no lines', '/orders/close', spoil('order close', 'lines', []), 400, 'validation_failed'],
    ['order close: deposit payment without a card', '/orders/close', spoil('order close', 'card', undefined, true), 400, 'card_required'],
    ['order close: unknown hold', '/orders/close', spoil('order close', 'payments.0.hold_id', 'nope'), 404, 'hold_not_found'],
    ['order close: more than available', '/orders/close', { ...close, lines: SEED_LINES, payments: [{ kind: 'deposit', amount: 235_000 }] }, 422, 'insufficient_funds'],
    ['order close: unknown payment kind', '/orders/close', spoil('order close', 'payments.0.kind', 'gold'), 400, 'validation_failed'],
    ['order refund: unknown order', '/orders/nope/refund', { refund_id: 'r' }, 404, 'order_not_found'],
    ['order refund: no such line', '/orders/o-1/refund', spoil('order refund', 'lines.0.line_no', 9), 404, 'order_line_not_found'],
    ['order refund: more than sold', '/orders/o-1/refund', spoil('order refund', 'lines.0.quantity_milli', 1001), 422, 'refund_exceeds_sold'],
    ['order refund: no lines listed', '/orders/o-1/refund', spoil('order refund', 'lines', []), 400, 'validation_failed'],
    ['top-up: fiscal mode other than the deposit’s', '/topups', spoil('top-up', 'fiscal_mode', 'advance'), 422, 'fiscal_mode_mismatch'],
    ['top-up: a credit deposit above its debt', '/topups', spoil('top-up', 'card', { card_id: cards.get('credit') }), 422, 'credit_topup_exceeds_debt'],
    ['top-up: unknown fiscal mode', '/topups', spoil('top-up', 'fiscal_mode', 'cash'), 400, 'validation_failed'],
    ['top-up reverse: unknown top-up', '/topups/nope/reverse', {}, 404, 'topup_not_found'],
  ];
  for (const [name, url, body, status, code] of refused) add(name, 'POST', url, body, status, code);
  return list;
}

test('bad input: a stable 4xx, messages in Russian and English, nothing written', async (tc) => {
  for (const c of cases()) {
    await tc.test(c.name, async () => {
      const before = await snapshot();
      const key = c.key === undefined ? org.key : c.key;
      const r = await server.call(c.method, c.url, key, c.body, c.headers);
      assert.equal(r.status, c.status, JSON.stringify(r.body));
      assert.equal(r.body?.error?.code, c.code, JSON.stringify(r.body));
      assert.ok(r.body.error.message_ru.length > 0, 'message_ru');
      assert.ok(r.body.error.message_en.length > 0, 'message_en');
      assert.match(r.body.error.message_ru, /[а-яё]/i, 'the Russian message is Russian');
      assert.deepEqual(await snapshot(), before);
    });
  }
});

test('identify and card info show an unusable card as it is instead of refusing it', async () => {
  const before = await snapshot();
  const blocked = await server.call('GET', `/cards/${cards.get('blocked')}`, org.key);
  assert.equal(blocked.status, 200);
  assert.equal(blocked.body.card.flags.blocked, true);
  assert.equal(blocked.body.card.flags.blockReason, 'утеряна');
  const old = await server.call('POST', '/identify', org.key, { number: 'OLD-1' });
  assert.equal(old.status, 200);
  assert.equal(old.body.card.flags.expired, true);
  assert.deepEqual(await snapshot(), before);
});

test('after all that, the good requests still work and the ledger adds up', async () => {
  const r = await server.call('POST', '/payments', org.key, find('payment').body);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.account.balance, 100_000 + 5000 - 1000 - 65000 - 100);
  const drift = await sql<{ n: number }>`
    select count(*)::int as n from accounts a
    where a.balance <> coalesce((select sum(amount) from ledger_entries e
                                 where e.org_id = a.org_id and e.account_id = a.id), 0)`.execute(
    server.ctx.db,
  );
  assert.equal(drift.rows[0]?.n, 0);
});
