// What the cabinet's guest page reads: the rank held and what is left to the next, bonus lots
// with their pending and expiry dates, a staff top-up where the role allows, and the search by
// phone, name or card through the trigram indexes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminCaller, signInEveryRole } from '../support/admin.ts';
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
let call: ReturnType<typeof adminCaller>;
let org: OrgFixture;
let guest: GuestFixture;
let users: Awaited<ReturnType<typeof signInEveryRole>>;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  call = adminCaller(server.app);
  org = await makeOrg(server.ctx);
  users = await signInEveryRole(server.ctx, server.app, org, 'page');
  const owner = users.owner.token;
  for (const [name, threshold, accrualBp] of [
    ['Базовый', 0, 500],
    ['Серебро', 500_000, 700],
  ] as const) {
    const rank = await call('POST', '/program/ranks', owner, { name, threshold, accrualBp });
    assert.equal(rank.status, 201, JSON.stringify(rank.body));
  }
  const program = await call('PUT', '/program', owner, {
    settings: { accrual: { pendingDays: 1, expiryDays: 30 } },
  });
  assert.equal(program.status, 200, JSON.stringify(program.body));
  guest = await makeGuest(server.ctx, org, { phone: '+7 912 345-67-89', funds: 500_000 });
  await call('PATCH', `/guests/${guest.guestId}`, owner, { last_name: 'Вишневская' });
  const closed = await server.call('POST', '/orders/close', org.key, {
    order_id: 'page-1',
    card: { card_id: guest.cardId },
    lines: SEED_LINES,
    payments: [{ kind: 'deposit', amount: 235000 }],
  });
  assert.equal(closed.status, 201, JSON.stringify(closed.body));
  for (let i = 0; i < 3; i++) await makeGuest(server.ctx, org, { phone: `+7 900 000-00-0${i}` });
});
after(async () => {
  await server.app.close();
  await t.close();
});

test('the guest page shows the rank, what is left to the next, and the pending bonus lot', async () => {
  const res = await call('GET', `/guests/${guest.guestId}`, users.support.token);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.rank.current.name, 'Базовый');
  assert.deepEqual(
    { name: res.body.rank.next.name, left: res.body.rank.next.left },
    { name: 'Серебро', left: 500_000 - 235_000 },
  );
  assert.equal(res.body.rank.spend_current_period, 235_000);
  assert.equal(res.body.bonus_lots.length, 1);
  const lot = res.body.bonus_lots[0];
  assert.equal(lot.amount, 11_750);
  assert.equal(lot.state, 'pending');
  assert.equal(lot.available_from, '2024-03-05T08:00:00.000Z');
  assert.equal(lot.expires_at, '2024-04-04T08:00:00.000Z');
  const deposit = res.body.accounts.find((a: { kind: string }) => a.kind === 'deposit');
  assert.deepEqual([deposit.scheme, deposit.credit_limit, deposit.floor], ['debit', 0, 0]);
});

test('a manager tops a deposit up with a comment; a marketer may not; a wallet is not a deposit', async () => {
  const url = `/accounts/${guest.depositId}/topups`;
  const body = { amount: 100_000, comment: 'Перевод от компании' };
  assert.equal((await call('POST', url, users.marketer.token, body)).status, 403);
  const res = await call('POST', url, users.manager.token, body);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.account.balance, 500_000 - 235_000 + 100_000);
  const wallet = await call('POST', `/accounts/${guest.bonusId}/topups`, users.manager.token, body);
  assert.equal(wallet.status, 422);
  assert.equal(wallet.body.error.code, 'topup_deposit_only');
  const history = await call('GET', `/guests/${guest.guestId}/history`, users.manager.token);
  const row = history.body.rows[0];
  assert.deepEqual([row.amount, row.payment, row.operator], [100_000, 100_000, 'manager page']);
});

test('search finds a guest by phone digits, a name fragment or a card number, and pages', async () => {
  const token = users.analyst.token;
  const ids = async (q: string) =>
    (await call('GET', `/guests?q=${encodeURIComponent(q)}`, token)).body.rows.map(
      (r: { id: number }) => r.id,
    );
  assert.deepEqual(await ids('345-67'), [guest.guestId]);
  assert.deepEqual(await ids('вишнев'), [guest.guestId]);
  assert.deepEqual(await ids(guest.number), [guest.guestId]);
  const first = await call('GET', '/guests?q=7900&limit=2', token);
  assert.equal(first.body.rows.length, 2);
  const second = await call(
    'GET',
    `/guests?q=7900&limit=2&cursor=${first.body.next_cursor}`,
    token,
  );
  assert.equal(second.body.rows.length, 1);
  assert.equal(second.body.next_cursor, null);
});
