// Attempt limits on codes typed at the till hold under parallel requests: a burst of wrong
// payment codes stops at the limit, however many arrive at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { identifyByPaymentCode } from '../../src/app/loyalty/codes.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { DEFAULT_ATTEMPT_POLICY } from '../../src/domain/loyalty/payment-code.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrg, testServer } from '../support/fixtures.ts';

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
  const checked = codes.filter((c) => c === 'payment_code_invalid' || c === 'payment_code_invalid_locked');
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
