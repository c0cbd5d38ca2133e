// One error shape on every JSON API (issue 15): a body with several schema problems of
// different kinds — a wrong type, an unknown field, a missing field, a too-long text — is
// refused with all of them in error.problems, each with its field path and a Russian and an
// English message, whether it came to the admin, the POS or the guest API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminCaller, signInEveryRole } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeOrg, testServer, type OrgFixture } from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;
let owner: string;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  org = await makeOrg(server.ctx);
  owner = (await signInEveryRole(server.ctx, server.app, org, 'shape')).owner.token;
});
after(async () => {
  await server.app.close();
  await t.close();
});

interface Problem {
  field: string;
  in?: string;
  code: string;
  message: string;
  message_ru: string;
  message_en: string;
}

/** The refusal's problems as field:code, after checking the shape every refusal shares. */
function problemsOf(status: number, body: { error: Record<string, unknown> }): string[] {
  assert.equal(status, 400, JSON.stringify(body));
  const e = body.error;
  assert.equal(e.code, 'validation_failed');
  assert.equal(e.message, e.message_ru, 'Russian unless English is asked for');
  assert.match(String(e.message_ru), /^Неверный запрос: /);
  assert.match(String(e.message_en), /^Invalid request: /);
  const problems = e.problems as Problem[];
  for (const p of problems) {
    assert.match(p.message_ru, /[а-я]/, p.field);
    assert.doesNotMatch(p.message_en, /[а-я]/i, p.field);
    assert.equal(p.message, p.message_ru);
  }
  return problems.map((p) => `${p.field}:${p.code}`).sort();
}

test('admin API: a wrong type, an unknown field and a too-long name are all listed', async () => {
  const res = await adminCaller(server.app)('POST', '/guests', owner, {
    phone: 79001234567,
    nickname: 'Кот',
    first_name: 'я'.repeat(101),
  });
  assert.deepEqual(problemsOf(res.status, res.body), [
    'first_name:maxLength',
    'nickname:additionalProperties',
    'phone:type',
  ]);
});

test('POS API: a missing id, an amount as text and an unknown field are all listed', async () => {
  const res = await server.call('POST', '/payments', org.key, {
    card: { card_id: 1 },
    amount: '100',
    tip: 5,
  });
  assert.deepEqual(problemsOf(res.status, res.body), [
    'amount:type',
    'payment_id:required',
    'tip:additionalProperties',
  ]);
});

test('guest API: a missing name, a code as a number and an over-long field are all listed', async () => {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/guest/v1/links/abcdefgh12/join',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({
      phone: '+7 900 123-45-67',
      code: 1234,
      consent: true,
      consent_version: 'v'.repeat(41),
    }),
  });
  assert.deepEqual(problemsOf(res.statusCode, JSON.parse(res.body)), [
    'code:type',
    'consent_version:maxLength',
    'first_name:required',
  ]);
});

test('nested fields are named by their path, and English is given on request', async () => {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/pos/v1/payments',
    headers: {
      authorization: `Bearer ${org.key}`,
      'content-type': 'application/json',
      'accept-language': 'en',
    },
    payload: JSON.stringify({ payment_id: 'p-1', card: { card_id: 'one' }, amount: -1 }),
  });
  const e = JSON.parse(res.body).error;
  assert.equal(e.message, e.message_en);
  const fields = (e.problems as Problem[]).map((p) => p.field);
  assert.ok(fields.includes('amount'), JSON.stringify(e.problems));
  assert.ok(
    fields.some((f) => f.startsWith('card')),
    JSON.stringify(e.problems),
  );
  for (const p of e.problems as Problem[]) assert.equal(p.message, p.message_en);
});

test('a request wrong in its path and its body hears about both, each problem with its part', async () => {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/guest/v1/links/no!/join',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ phone: '+7 900 123-45-67', code: '1234', consent: false }),
  });
  const e = JSON.parse(res.body).error;
  assert.equal(res.statusCode, 400, res.body);
  assert.deepEqual(e.details, { in: 'params' });
  assert.deepEqual((e.problems as Problem[]).map((p) => `${p.in}:${p.field}:${p.code}`).sort(), [
    'body:consent:const',
    'body:consent_version:required',
    'body:first_name:required',
    'params:token:pattern',
  ]);
});
