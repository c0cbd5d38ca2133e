// Who may create money, and how much (issue 13, point 4): each way money comes into being
// outside a sale — a top-up from a till, a credit deposit's limit, a payer link — against its
// permission and the organization's ceiling. A refusal moves nothing and leaves a security
// event; a notable amount goes through and leaves one too. The owner alone changes the
// ceilings, audited.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminCaller, signInEveryRole } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg, testServer, type OrgFixture } from '../support/fixtures.ts';
import type { Role } from '../../src/domain/roles.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let call: ReturnType<typeof adminCaller>;
let org: OrgFixture;
let users: Record<Role, { token: string; userId: number }>;
const as = (role: Role) => users[role].token;

const RUB = 100;
const BILLION_RUB = 1_000_000_000 * RUB;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  call = adminCaller(server.app);
  org = await makeOrg(server.ctx);
  users = await signInEveryRole(server.ctx, server.app, org, 'm');
});
after(async () => {
  await server.app.close();
  await t.close();
});

const events = (type: string) =>
  t.db
    .selectFrom('security_events')
    .selectAll()
    .where('org_id', '=', org.orgId)
    .where('type', '=', type)
    .orderBy('id')
    .execute();

const ledgerCount = async () =>
  Number(
    (
      await t.db
        .selectFrom('ledger_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('org_id', '=', org.orgId)
        .executeTakeFirstOrThrow()
    ).n,
  );

test('the ceilings: defaults, read by anyone who reads the organization, changed by the owner only', async () => {
  const read = await call('GET', '/money-limits', as('analyst'));
  assert.equal(read.status, 200);
  assert.deepEqual(read.body, {
    maxTopUp: 500_000 * RUB,
    maxCreditLimit: 300_000 * RUB,
    maxPayerLinks: 20,
    notableAmount: 100_000 * RUB,
  });
  for (const role of ['manager', 'integrator', 'support'] as const) {
    const r = await call('PUT', '/money-limits', as(role), { maxTopUp: BILLION_RUB });
    assert.equal(r.status, 403, role);
  }
  assert.equal((await call('PUT', '/money-limits', as('owner'), { maxTopUp: 0 })).status, 400);
  const set = await call('PUT', '/money-limits', as('owner'), { maxPayerLinks: 2 });
  assert.equal(set.status, 200);
  assert.equal(set.body.maxPayerLinks, 2);
  assert.equal(set.body.maxTopUp, 500_000 * RUB, 'a field left out keeps its value');
  const audited = await t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('org_id', '=', org.orgId)
    .where('entity', '=', 'money_limits')
    .execute();
  assert.equal(audited.length, 1);
  assert.equal((audited[0]?.before as { maxPayerLinks: number }).maxPayerLinks, 20);
});

test('a till cannot top up a billion: refused, nothing moves, a security event names the till', async () => {
  const g = await makeGuest(server.ctx, org);
  const before = await ledgerCount();
  const big = await server.call('POST', '/topups', org.key, {
    topup_id: 'billion',
    card: { card_id: g.cardId },
    amount: BILLION_RUB,
  });
  assert.equal(big.status, 422);
  assert.equal(big.body.error.code, 'money_limit_exceeded');
  assert.deepEqual(big.body.error.details, {
    limit: 'maxTopUp',
    ceiling: 500_000 * RUB,
    value: BILLION_RUB,
  });
  assert.match(big.body.error.message_ru, /больше допустимого за одну операцию/);
  assert.equal(await ledgerCount(), before);
  const [refused] = await events('money_limit_exceeded');
  assert.equal(refused?.terminal_id, org.terminalId);
  assert.equal(refused?.scope, 'topup');
  const atCeiling = await server.call('POST', '/topups', org.key, {
    topup_id: 'ceiling',
    card: { card_id: g.cardId },
    amount: 500_000 * RUB,
  });
  assert.equal(atCeiling.status, 201, JSON.stringify(atCeiling.body));
  const notable = await events('money_notable_amount');
  assert.equal(notable.length, 1);
  assert.match(notable[0]?.message_ru ?? '', /500\u00a0000,00 ₽/);
  const small = await server.call('POST', '/topups', org.key, {
    topup_id: 'small',
    card: { card_id: g.cardId },
    amount: 99_999 * RUB,
  });
  assert.equal(small.status, 201);
  assert.equal((await events('money_notable_amount')).length, 1, 'below the threshold: no event');
});

test('a credit deposit: integrators and support may not give credit; the owner within the ceiling', async () => {
  const g = await makeGuest(server.ctx, org, { deposit: null });
  const credit = (limit: number) => ({
    scheme: 'credit',
    fiscal_mode: 'service',
    credit_limit: limit,
  });
  const byIntegrator = await call(
    'POST',
    `/guests/${g.guestId}/deposits`,
    as('integrator'),
    credit(BILLION_RUB),
  );
  assert.equal(byIntegrator.status, 403);
  assert.equal(byIntegrator.body.error.details.permission, 'money.issue');
  const bySupport = await call(
    'POST',
    `/guests/${g.guestId}/deposits`,
    as('support'),
    credit(1000),
  );
  assert.equal(bySupport.status, 403);
  const debit = await call('POST', `/guests/${g.guestId}/deposits`, as('integrator'), {
    scheme: 'debit',
    fiscal_mode: 'service',
  });
  assert.equal(debit.status, 201, 'a deposit without credit creates no money');
  const eventsBefore = (await events('money_limit_exceeded')).length;
  const over = await call(
    'POST',
    `/guests/${g.guestId}/deposits`,
    as('owner'),
    credit(300_000 * RUB + 1),
  );
  assert.equal(over.status, 422);
  assert.equal(over.body.error.code, 'money_limit_exceeded');
  assert.equal(over.body.error.details.limit, 'maxCreditLimit');
  assert.equal((await events('money_limit_exceeded')).length, eventsBefore + 1);
  const accounts = await t.db
    .selectFrom('accounts')
    .select('credit_limit')
    .where('org_id', '=', org.orgId)
    .where('guest_id', '=', g.guestId)
    .execute();
  assert.deepEqual(
    accounts.map((a) => a.credit_limit).sort(),
    [0, 0],
    'the bonus wallet and the debit deposit only',
  );
  const notableBefore = (await events('money_notable_amount')).length;
  const ok = await call(
    'POST',
    `/guests/${g.guestId}/deposits`,
    as('owner'),
    credit(300_000 * RUB),
  );
  assert.equal(ok.status, 201);
  assert.equal((await events('money_notable_amount')).length, notableBefore + 1);
});

test('payer links: support may not link; a manager may, up to the ceiling, also in parallel', async () => {
  const payer = await makeGuest(server.ctx, org);
  const guests = [];
  for (let i = 0; i < 6; i++) guests.push(await makeGuest(server.ctx, org));
  const link = (cardId: number, role: Role) =>
    call('PUT', `/cards/${cardId}/payer`, as(role), { payer_card_id: payer.cardId });
  assert.equal((await link(guests[0]!.cardId, 'support')).status, 403);
  assert.equal((await link(guests[0]!.cardId, 'integrator')).status, 403);
  // Two links allowed (set by the owner above); five managers try at once.
  const results = await Promise.all(guests.slice(0, 5).map((g) => link(g.cardId, 'manager')));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 200, 422, 422, 422], JSON.stringify(results.map((r) => r.body)));
  for (const r of results.filter((x) => x.status === 422)) {
    assert.equal(r.body.error.details.limit, 'maxPayerLinks');
  }
  const linked = await t.db
    .selectFrom('cards')
    .select('id')
    .where('org_id', '=', org.orgId)
    .where('payer_card_id', '=', payer.cardId)
    .execute();
  assert.equal(linked.length, 2);
  const linkedCard = linked[0]!.id;
  assert.equal(
    (await link(linkedCard, 'manager')).status,
    200,
    'relinking the same pair is no new link',
  );
  const refusals = (await events('money_limit_exceeded')).filter((e) => e.scope === 'payer_link');
  assert.equal(refusals.length, 3);
});

test('a notable adjustment is recorded; adjustments still need balances.adjust', async () => {
  const g = await makeGuest(server.ctx, org);
  const adjust = (role: Role, amount: number) =>
    call('POST', `/accounts/${g.depositId}/adjustments`, as(role), { amount, reason: 'проверка' });
  assert.equal((await adjust('integrator', 1000)).status, 403);
  assert.equal((await adjust('support', 1000)).status, 403);
  const before = (await events('money_notable_amount')).filter((e) => e.scope === 'adjustment');
  assert.equal((await adjust('manager', 150_000 * RUB)).status, 201);
  const after = (await events('money_notable_amount')).filter((e) => e.scope === 'adjustment');
  assert.equal(after.length, before.length + 1);
  assert.match(after.at(-1)?.message_ru ?? '', /manager m/);
});

test('a notable top-up by staff is recorded with the money; a small one is not', async () => {
  const g = await makeGuest(server.ctx, org);
  const topUp = (amount: number) =>
    call('POST', `/accounts/${g.depositId}/topups`, as('manager'), { amount, comment: 'перевод' });
  const notable = async () =>
    (await events('money_notable_amount')).filter((e) => e.scope === 'topup').length;
  const before = await notable();
  assert.equal((await topUp(1000 * RUB)).status, 201);
  assert.equal(await notable(), before);
  assert.equal((await topUp(150_000 * RUB)).status, 201);
  assert.equal(await notable(), before + 1);
});
