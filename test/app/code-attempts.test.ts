// Attempt limits on codes typed at the till hold under parallel requests: a burst of wrong
// payment codes or promo codes stops at the limit, however many arrive at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTerminal } from '../../src/app/admin/tenancy.ts';
import { savePromotion } from '../../src/app/loyalty/admin.ts';
import { checkPromoCodes, identifyByPaymentCode } from '../../src/app/loyalty/codes.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  DEFAULT_ATTEMPT_POLICY,
  PROMO_CODE_ATTEMPT_POLICY,
} from '../../src/domain/loyalty/payment-code.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrg, SEED_LINES, testServer, type OrgFixture } from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
});
after(async () => {
  await server.app.close();
  await t.close();
});

const codeOf = (e: unknown) => (e instanceof DomainError ? e.code : String(e));

test('12 parallel wrong payment codes against a limit of 5: five are checked, the rest are locked out', async () => {
  const org = await makeOrg(server.ctx);
  const limit = DEFAULT_ATTEMPT_POLICY.perTerminal.maxFailures;
  assert.equal(limit, 5);
  const answers = await Promise.allSettled(
    Array.from({ length: 12 }, () => identifyByPaymentCode(server.ctx, org.principal, 'ZZZZ')),
  );
  const codes = answers.map((a) => (a.status === 'rejected' ? codeOf(a.reason) : 'found'));
  const checked = codes.filter(
    (c) => c === 'payment_code_invalid' || c === 'payment_code_invalid_locked',
  );
  assert.equal(checked.length, limit, codes.join(' '));
  assert.equal(codes.filter((c) => c === 'payment_code_locked').length, 12 - limit);
  const failures = await t.db
    .selectFrom('security_events')
    .select('type')
    .where('org_id', '=', org.orgId)
    .where('type', 'in', ['payment_code_failed', 'payment_code_lockout'])
    .execute();
  assert.equal(failures.length, limit);
});

async function promoFailures(orgId: number) {
  return t.db
    .selectFrom('security_events')
    .select(['type', 'terminal_id'])
    .where('org_id', '=', orgId)
    .where('type', 'in', ['promo_code_failed', 'promo_code_lockout'])
    .execute();
}

const settle = (checks: Promise<void>[]) =>
  Promise.allSettled(checks).then((all) =>
    all.map((a) => (a.status === 'rejected' ? codeOf(a.reason) : 'checked')),
  );

async function withPromoCode(org: OrgFixture, code: string) {
  await savePromotion(server.ctx, org.actor, null, {
    name: 'Зимний промокод',
    kind: 'regular',
    active: true,
    conditions: { promoCode: code },
    privileges: [{ type: 'discount_percent', bp: 1000 }],
  });
}

test('15 parallel wrong promo codes at one till against a limit of 10: ten are checked, five refused; known codes never count', async () => {
  const org = await makeOrg(server.ctx);
  await withPromoCode(org, 'ЗИМА24');
  const limit = PROMO_CODE_ATTEMPT_POLICY.perTerminal.maxFailures;
  assert.equal(limit, 10);
  // A known code, in any case and with spaces, is no failure, however often it is typed.
  assert.deepEqual(
    await settle(
      Array.from({ length: 30 }, () => checkPromoCodes(server.ctx, org.principal, [' зима24 '])),
    ),
    Array(30).fill('checked'),
  );
  const codes = await settle(
    Array.from({ length: 15 }, (_, i) => checkPromoCodes(server.ctx, org.principal, [`GUESS${i}`])),
  );
  // The request whose failure reaches the limit is refused too: it is never evaluated.
  assert.equal(codes.filter((c) => c === 'checked').length, limit - 1, codes.join(' '));
  assert.equal(codes.filter((c) => c === 'promo_code_locked').length, 15 - limit + 1);
  assert.equal((await promoFailures(org.orgId)).length, limit);
  // Locked out: even the known code waits for the lockout to end.
  assert.deepEqual(await settle([checkPromoCodes(server.ctx, org.principal, ['ЗИМА24'])]), [
    'promo_code_locked',
  ]);
});

test('one request with more wrong promo codes than the limit allows is refused, ten failures recorded', async () => {
  const org = await makeOrg(server.ctx);
  const typed = Array.from({ length: 12 }, (_, i) => `BULK${i}`);
  assert.deepEqual(await settle([checkPromoCodes(server.ctx, org.principal, typed)]), [
    'promo_code_locked',
  ]);
  assert.equal((await promoFailures(org.orgId)).length, 10);
});

test('130 parallel wrong promo codes from 13 tills against an organization limit of 100: a hundred are tried, no more', async () => {
  const org = await makeOrg(server.ctx);
  const limit = PROMO_CODE_ATTEMPT_POLICY.perOrganization.maxFailures;
  assert.equal(limit, 100);
  const tills = [org.principal];
  for (let i = 1; i < 13; i++) {
    const made = await createTerminal(server.ctx, org.actor, {
      restaurant_id: org.restaurantId,
      name: `Касса ${i}`,
    });
    tills.push({
      ...org.principal,
      terminalId: made.terminal.id,
      terminalName: made.terminal.name,
    });
  }
  const codes = await settle(
    tills.flatMap((till, n) =>
      Array.from({ length: 10 }, (_, i) => checkPromoCodes(server.ctx, till, [`ORG${n}-${i}`])),
    ),
  );
  const failures = await promoFailures(org.orgId);
  assert.equal(failures.length, limit, codes.join(' '));
  const perTill = new Map<number | null, number>();
  for (const f of failures) perTill.set(f.terminal_id, (perTill.get(f.terminal_id) ?? 0) + 1);
  assert.ok([...perTill.values()].every((n) => n <= 10));
  // Every request whose failure reached a limit, the till's or the organization's, was refused.
  const answered = failures.filter((f) => f.type === 'promo_code_failed').length;
  assert.equal(codes.filter((c) => c === 'checked').length, answered);
});

test('the cashier is told in Russian first why the dry run is refused, with the lockout end', async () => {
  const org = await makeOrg(server.ctx);
  const calc = (promo: string[]) =>
    server.call('POST', '/orders/calculate', org.key, {
      lines: SEED_LINES.slice(0, 1),
      promo_codes: promo,
    });
  for (let i = 0; i < 9; i++) assert.equal((await calc([`TRY${i}`])).status, 200);
  const refused = await calc(['TRY9']);
  assert.equal(refused.status, 422, JSON.stringify(refused.body));
  assert.equal(refused.body.error.code, 'promo_code_locked');
  assert.match(
    refused.body.error.message,
    /^Слишком много неверных промокодов: ввод промокодов на этой кассе заблокирован до /,
  );
  assert.equal(refused.body.error.details.scope, 'terminal');
  // An order without promo codes is calculated as before.
  assert.equal((await calc([])).status, 200);
});
