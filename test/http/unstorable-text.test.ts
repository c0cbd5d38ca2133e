// Text PostgreSQL cannot store, in every string field of every JSON endpoint, generated from
// the OpenAPI document (so endpoints added later are covered without being listed here): a NUL
// and a lone UTF-16 surrogate in each body string — at every depth, in every branch of a
// union — and a NUL in each string query and path parameter. Each is refused as 400
// unstorable_text naming the field, and nothing anywhere changes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg, testServer, type OrgFixture } from '../support/fixtures.ts';
import { signInEveryRole } from '../support/admin.ts';
import { createOperator } from '../../src/app/installation/operators.ts';
import { CONSENT, listLinks } from '../../src/app/guests/links.ts';
import { proveCode, sendCode } from '../../src/app/guests/sign-in.ts';

// The document is plain JSON of any shape; the walk below reads it field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = any;
interface Param {
  in: 'query' | 'path' | 'header';
  name: string;
  schema: Schema;
}
interface Operation {
  parameters?: Param[];
  requestBody?: { content?: Record<string, { schema: Schema }> };
}

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let pos: OrgFixture;
let iiko: OrgFixture;
let ownerToken: string;
let operatorToken: string;
let guestToken: string;
let doc: { paths: Record<string, Record<string, Operation>> };

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  pos = await makeOrg(server.ctx);
  iiko = await makeOrg(server.ctx, { integration: 'iiko' });
  await makeGuest(server.ctx, pos, { funds: 10_000 });
  ownerToken = (await signInEveryRole(server.ctx, server.app, pos, 'u')).owner.token;
  guestToken = await guestSession();
  operatorToken = await operatorSession();
  await server.app.ready();
  doc = server.app.swagger() as unknown as typeof doc;
});
after(async () => {
  await server.app.close();
  await t.close();
});

const isString = (s: Schema) =>
  s.type === 'string' || (Array.isArray(s.type) && s.type.includes('string'));

/** A value of the schema's shape: required fields only, the first branch of a union. */
function sample(s: Schema): unknown {
  if (s.anyOf ?? s.oneOf) return sample((s.anyOf ?? s.oneOf)[0]);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (isString(s)) return 'x';
  if (s.type === 'object')
    return Object.fromEntries((s.required ?? []).map((k: string) => [k, sample(s.properties[k])]));
  if (s.type === 'array') return (s.minItems ?? 0) > 0 ? [sample(s.items)] : [];
  if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 1;
  if (s.type === 'boolean') return false;
  return null;
}

/** One value per string field of the schema, with `bad` in that field and its JSON pointer. */
function withBad(s: Schema, bad: string): { pointer: string; value: unknown }[] {
  if (s.anyOf ?? s.oneOf) return (s.anyOf ?? s.oneOf).flatMap((b: Schema) => withBad(b, bad));
  if (isString(s)) return [{ pointer: '', value: bad }];
  if (s.type === 'object' && s.properties) {
    const base = sample(s) as Record<string, unknown>;
    return Object.entries(s.properties as Record<string, Schema>).flatMap(([k, prop]) =>
      withBad(prop, bad).map((v) => ({
        pointer: `/${k}${v.pointer}`,
        value: { ...base, [k]: v.value },
      })),
    );
  }
  if (s.type === 'array' && s.items)
    return withBad(s.items, bad).map((v) => ({ pointer: `/0${v.pointer}`, value: [v.value] }));
  return [];
}

/** A guest who joined by the organization's link: the guest session's token. */
async function guestSession(): Promise<string> {
  let text = '';
  const channels = {
    sms: { name: 'test', send: async (_p: string, t: string) => void (text = t) },
  };
  const [link] = await listLinks(server.ctx, pos.actor);
  const token = link?.token ?? '';
  await sendCode(server.ctx, channels, token, '79990000001', '10.8.0.1');
  const profile = { first_name: 'Гость', consent_version: CONSENT.version };
  const code = text.slice(0, 6);
  const phone = '79990000001';
  return (await proveCode(server.ctx, channels, token, { phone, code, profile }, '10.8.0.1')).token;
}

/** The installation operator's token: its routes refuse every organization role before validation. */
async function operatorSession(): Promise<string> {
  const account = {
    email: 'host@example.ru',
    name: 'Хостинг',
    password: 'Kopilka-Host-Probe-2026',
  };
  await createOperator(server.ctx, { type: 'cli', id: null, name: 'test' }, account);
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/admin/v1/auth/login',
    payload: { email: account.email, password: account.password },
  });
  assert.equal(res.statusCode, 200, res.body);
  return JSON.parse(res.body).token;
}

function authorization(path: string): Record<string, string> {
  if (path.startsWith('/api/admin/v1/installation/'))
    return { authorization: `Bearer ${operatorToken}` };
  if (path.startsWith('/api/admin/')) return { authorization: `Bearer ${ownerToken}` };
  if (path.startsWith('/api/guest/')) return { authorization: `Bearer ${guestToken}` };
  if (path.startsWith('/api/iiko/')) return { authorization: `Bearer ${iiko.key}` };
  return { authorization: `Bearer ${pos.key}` };
}

interface Probe {
  route: string;
  method: string;
  url: string;
  body?: unknown;
  field: string;
  where: 'body' | 'querystring' | 'params';
}

function probes(): Probe[] {
  const out: Probe[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters ?? [];
      const url = (pathValue?: [string, string], query?: [string, string]) => {
        const p = path.replace(/\{([^}]+)\}/g, (_, name: string) =>
          pathValue && pathValue[0] === name ? pathValue[1] : '1',
        );
        const q = params
          .filter((x) => x.in === 'query')
          .map((x) => `${x.name}=${query?.[0] === x.name ? query[1] : 'x'}`);
        return q.length ? `${p}?${q.join('&')}` : p;
      };
      const route = `${method.toUpperCase()} ${path}`;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (schema)
        for (const bad of ['a\u0000b', 'a\ud800b', 'a\udc00b'])
          for (const v of withBad(schema, bad))
            out.push({
              route,
              method,
              url: url(),
              body: v.value,
              field: v.pointer.slice(1),
              where: 'body',
            });
      for (const p of params.filter((x) => isString(x.schema))) {
        if (p.in === 'path')
          out.push({ route, method, url: url([p.name, 'a%00b']), field: p.name, where: 'params' });
        if (p.in === 'query')
          out.push({
            route,
            method,
            url: url(undefined, [p.name, 'a%00b']),
            field: p.name,
            where: 'querystring',
          });
      }
    }
  }
  return out;
}

async function snapshot() {
  const tables = [
    'audit_log',
    'ledger_entries',
    'pos_requests',
    'guests',
    'cards',
    'users',
    'user_sessions',
    'security_events',
    'orders',
    'sign_in_failures',
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const r = await t.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(r.n);
  }
  return counts;
}

test('NUL and lone surrogates in every string field of every endpoint: 400 unstorable_text, nothing changes', async () => {
  const all = probes();
  const routes = new Set(all.map((p) => p.route));
  assert.ok(routes.size >= 70, `only ${routes.size} endpoints with string fields`);
  assert.ok(all.length >= 500, `only ${all.length} probes`);
  const before = await snapshot();
  const wrong: string[] = [];
  let n = 0;
  for (const p of all) {
    const res = await server.app.inject({
      method: p.method.toUpperCase() as 'GET',
      url: p.url,
      remoteAddress: `10.9.${(++n >> 8) & 255}.${n & 255}`,
      headers: {
        ...authorization(p.url),
        ...(p.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(p.body !== undefined ? { payload: JSON.stringify(p.body) } : {}),
    });
    const body = JSON.parse(res.body);
    if (
      res.statusCode !== 400 ||
      body.error?.code !== 'unstorable_text' ||
      body.error.details?.field !== p.field ||
      body.error.details?.in !== p.where
    )
      wrong.push(`${p.route} ${p.where} ${p.field}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(await snapshot(), before);
});

test('the refusal names the field in Russian first', async () => {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/admin/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: '{"email":"a\\u0000@x.y","password":"x"}',
  });
  assert.equal(res.statusCode, 400);
  const e = JSON.parse(res.body).error;
  assert.equal(e.code, 'unstorable_text');
  assert.match(e.message, /поле «email» содержит символ, который нельзя сохранить/);
});

test('a whole number beyond 2^53 (1e308 passes "integer") is 400 validation_failed (number_out_of_range), not a 500', async () => {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/pos/v1/identify',
    headers: { authorization: `Bearer ${pos.key}`, 'content-type': 'application/json' },
    payload: '{"card_id":1e308}',
  });
  assert.equal(res.statusCode, 400);
  const e = JSON.parse(res.body).error;
  assert.equal(e.code, 'validation_failed');
  assert.deepEqual(
    e.problems.map((p: { field: string; code: string }) => [p.field, p.code]),
    [['card_id', 'number_out_of_range']],
  );
});
