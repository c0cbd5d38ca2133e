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
