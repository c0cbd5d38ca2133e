// Bad input at the admin API (issue 6 acceptance): wrong dates, reversed periods, huge ranges,
// unknown ids and wrong types each get a 4xx with a stable code and a Russian and an English
// message, and nothing is written — not even an audit record.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminCaller, signInEveryRole } from '../support/admin.ts';
import { badInputCases } from './admin-bad-input.cases.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  testServer,
  type GuestFixture,
  type OrgFixture,
} from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let call: ReturnType<typeof adminCaller>;
let org: OrgFixture;
let guest: GuestFixture;
let token: string;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  call = adminCaller(server.app);
  org = await makeOrg(server.ctx);
  guest = await makeGuest(server.ctx, org, { funds: 10_000 });
  token = (await signInEveryRole(server.ctx, server.app, org, 'bad')).owner.token;
});
after(async () => {
  await server.app.close();
  await t.close();
});

/** Every table's rows, the audit log included: a refused request leaves no trace at all. */
async function everything(): Promise<string> {
  const tables = [
    'organizations',
    'restaurants',
    'venue_cards',
    'terminals',
    'card_masks',
    'guests',
    'cards',
    'accounts',
    'ledger_entries',
    'users',
    'audit_log',
  ] as const;
  const parts: string[] = [];
  for (const table of tables)
    parts.push(JSON.stringify(await t.db.selectFrom(table).selectAll().execute()));
  return parts.join('\n');
}

test('each bad request gets a clear 4xx and writes nothing', async () => {
  const before = await everything();
  for (const [name, method, url, body, status, code] of badInputCases(org, guest)) {
    const res = await call(method, url(), token, body);
    assert.equal(res.status, status, `${name}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, code, name);
    assert.ok(res.body.error.message_ru && res.body.error.message_en, name);
    assert.notEqual(res.body.error.message_ru, res.body.error.message_en, name);
  }
  assert.equal(await everything(), before);
});

test('messages follow Accept-Language: Russian first, English on request', async () => {
  const res = await server.app.inject({
    method: 'GET',
    url: '/api/admin/v1/audit?from=2024-03-02T00:00:00Z&to=2024-03-01T00:00:00Z',
    headers: { authorization: `Bearer ${token}`, 'accept-language': 'en-US' },
  });
  const body = JSON.parse(res.body);
  assert.equal(body.error.message, body.error.message_en);
  const ru = await call('GET', '/audit?from=2024-03-02T00:00:00Z&to=2024-03-01T00:00:00Z', token);
  assert.equal(ru.body.error.message, ru.body.error.message_ru);
});

test('a refused request lists every problem with its field, not only the first', async () => {
  const bad = {
    phone: 5,
    sex: 'x',
    evil: 1,
    first_name: 'я'.repeat(101),
    attributes: { 'bad key': 1 },
  };
  const res = await call('POST', '/guests', token, bad);
  assert.equal(res.status, 400);
  assert.equal(res.body.error.code, 'validation_failed');
  const problems = res.body.error.problems as { field: string; code: string; message: string }[];
  assert.deepEqual(problems.map((p) => `${p.field}:${p.code}`).sort(), [
    'attributes.bad key:additionalProperties',
    'evil:additionalProperties',
    'first_name:maxLength',
    'phone:type',
    'sex:enum',
  ]);
  for (const p of problems) assert.match(p.message, /[а-я]/, p.field);
  assert.match(res.body.error.message, /и ещё 2/);

  // A union of objects names the field of the branch the client meant, not every branch.
  const promo = await call('POST', '/program/promotions', token, {
    name: 'Акция',
    privileges: [{ type: 'discount_percent', bp: 'десять' }, { type: 'подарок' }],
  });
  assert.deepEqual(
    promo.body.error.problems.map((p: { field: string; code: string }) => `${p.field}:${p.code}`),
    ['privileges.0.bp:type', 'privileges.1.type:enum'],
  );

  // English on request, for the problems too; a rule of the domain has the same shape.
  const en = await server.app.inject({
    method: 'GET',
    url: '/api/admin/v1/audit?from=2024-03-02T00:00:00Z&to=2024-03-01T00:00:00Z',
    headers: { authorization: `Bearer ${token}`, 'accept-language': 'en' },
  });
  const reversed = JSON.parse(en.body).error;
  assert.equal(reversed.code, 'period_reversed');
  assert.deepEqual(
    reversed.problems.map((p: { code: string; message: string }) => [p.code, p.message]),
    [['period_reversed', reversed.message_en]],
  );
});
