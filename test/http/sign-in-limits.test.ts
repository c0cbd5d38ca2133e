// Signing in under attack: parallel wrong passwords each count and lock the address, a right
// password hidden in the burst is refused, an unknown address is answered and throttled like a
// known one, one address is slowed to a trickle, a flood is refused beyond a bounded queue, and
// the server's budget of sign-ins across all addresses refuses the excess while tills go on —
// before a refused sign-in's body is even read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createUser } from '../../src/app/admin/users.ts';
import {
  SIGN_IN_BURST_SECONDS,
  SIGN_IN_FLOOR_MS,
  SIGN_IN_QUEUE,
  signInBudget,
} from '../../src/app/admin/sign-in.ts';
import { createContext } from '../../src/app/context.ts';
import { buildServer } from '../../src/http/server.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg, manualClock, testServer, type OrgFixture } from '../support/fixtures.ts';

const PASSWORD = 'correct horse battery';
let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let org: OrgFixture;
let address = 0;

before(async () => {
  t = await testDatabase();
  // The bursts below are about the lockout and the queue: the server-wide budget is its own test.
  server = await testServer(t.db, manualClock(), { signInBudget: signInBudget(1000) });
  org = await makeOrg(server.ctx);
  for (const who of ['burst', 'hidden', 'known', 'rate', 'flood'])
    await createUser(server.ctx, org.actor, { email: `${who}@example.ru`, name: who, role: 'analyst', password: PASSWORD });
});
after(async () => {
  await server.app.close();
  await t.close();
});

/** A sign-in from its own address unless one is given, as a distributed guesser sends them. */
async function signIn(
  email: string,
  password: string,
  from = `10.0.${(++address >> 8) & 255}.${address & 255}`,
  app = server.app,
) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/admin/v1/auth/login',
    remoteAddress: from,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ email, password }),
  });
  return { status: res.statusCode, body: JSON.parse(res.body), retryAfter: res.headers['retry-after'] };
}

const failuresOf = (email: string) =>
  t.db.selectFrom('sign_in_failures').selectAll().where('email', '=', email).executeTakeFirst();

test('40 parallel wrong passwords lock the address, and the right one is refused afterwards', async () => {
  const answers = await Promise.all(Array.from({ length: 40 }, () => signIn('burst@example.ru', 'wrong password!')));
  assert.deepEqual(new Set(answers.map((a) => a.body.error.code)), new Set(['invalid_credentials']));
  const row = await failuresOf('burst@example.ru');
  assert.ok(row?.locked_until && row.locked_until > server.ctx.now(), 'the address is locked');
  assert.equal((await signIn('burst@example.ru', PASSWORD)).status, 401);
  const audit = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'user').execute();
  assert.ok(audit.filter((a) => a.action === 'lockout').length >= 1);
});

test('the right password hidden behind a parallel burst of wrong ones is refused', async () => {
  const burst = Array.from({ length: 40 }, () => signIn('hidden@example.ru', 'wrong password!'));
  const right = signIn('hidden@example.ru', PASSWORD);
  const answers = await Promise.all([...burst, right]);
  assert.ok(answers.every((a) => a.status === 401), JSON.stringify(answers.filter((a) => a.status !== 401)));
  const sessions = await t.db
    .selectFrom('user_sessions as s')
    .innerJoin('users as u', (j) => j.onRef('u.org_id', '=', 's.org_id').onRef('u.id', '=', 's.user_id'))
    .select('s.id')
    .where('u.email', '=', 'hidden@example.ru')
    .execute();
  assert.equal(sessions.length, 0);
});

test('an unknown address is answered, timed and locked like a known one', async () => {
  const started = performance.now();
  const unknown = await signIn('nobody-here@example.ru', 'wrong password!');
  const unknownMs = performance.now() - started;
  const started2 = performance.now();
  const known = await signIn('known@example.ru', 'wrong password!');
  const knownMs = performance.now() - started2;
  assert.deepEqual(unknown, known);
  assert.ok(unknownMs >= SIGN_IN_FLOOR_MS - 5 && knownMs >= SIGN_IN_FLOOR_MS - 5, `${unknownMs} ${knownMs}`);
  for (let i = 0; i < 4; i++) await signIn('nobody-here@example.ru', 'wrong password!');
  const row = await failuresOf('nobody-here@example.ru');
  assert.ok(row?.locked_until, 'unknown addresses are locked too');
  // An owner's reset lifts the lock of a known address.
  server.clock.advance(16 * 60_000);
  assert.equal((await signIn('known@example.ru', PASSWORD)).status, 200);
  assert.equal(await failuresOf('known@example.ru'), undefined, 'a success clears the count');
});

test('one client address gets 20 sign-ins a minute, then 429; another address is not affected', async () => {
  const answers = [];
  for (let i = 0; i < 21; i++) answers.push(await signIn('rate@example.ru', 'wrong password!', '192.0.2.7'));
  assert.equal(answers.filter((a) => a.status === 401).length, 20);
  const last = answers[20];
  assert.equal(last?.status, 429);
  assert.equal(last?.body.error.code, 'too_many_requests');
  assert.match(last?.body.error.message_ru, /Слишком много запросов/);
  assert.equal((await signIn('rate@example.ru', 'wrong password!', '192.0.2.8')).status, 401);
});

test('a flood of sign-ins beyond the queue is refused with 429, never a 5xx', async () => {
  const n = SIGN_IN_QUEUE + 30;
  const answers = await Promise.all(Array.from({ length: n }, () => signIn('flood@example.ru', 'wrong password!')));
  const statuses = answers.map((a) => a.status);
  assert.ok(statuses.every((s) => s === 401 || s === 429), String(statuses));
  const refused = answers.filter((a) => a.status === 429);
  assert.ok(refused.length >= 20, `refused ${refused.length}`);
  assert.ok(refused.every((a) => a.body.error.code === 'too_many_sign_ins'));
});

test('the server-wide budget refuses sign-ins from many addresses beyond it, before any check, and the tills go on', async () => {
  let ms = 0;
  const perSecond = 2;
  const capacity = perSecond * SIGN_IN_BURST_SECONDS;
  const clock = manualClock();
  const ctx = createContext(t.db, { now: clock.now });
  const app = await buildServer(ctx, { signInBudget: signInBudget(perSecond, () => ms) });
  try {
    const guest = await makeGuest(ctx, org, { number: '770001', uid: '77000001' });
    const identify = async () =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/pos/v1/identify',
          headers: { authorization: `Bearer ${org.key}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ card_id: guest.cardId }),
        })
      ).statusCode;
    const saved = await Promise.all(Array.from({ length: capacity }, () => signIn('budget@example.ru', 'wrong password!', undefined, app)));
    assert.deepEqual(saved.map((a) => a.status), Array(capacity).fill(401), 'what was saved up is checked');
    const failures = (await failuresOf('budget@example.ru'))?.failures;

    const refused = await signIn('budget@example.ru', 'wrong password!', undefined, app);
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, 'too_many_sign_ins');
    assert.match(refused.body.error.message, /^Слишком много попыток входа на сервер: повторите через 1 с$/);
    assert.equal(refused.body.error.details.retry_after_seconds, 1);
    assert.equal(refused.retryAfter, '1');
    assert.equal((await failuresOf('budget@example.ru'))?.failures, failures, 'a refused sign-in reads and counts nothing');
    // The right password of an existing user waits for the budget like any other.
    assert.equal((await signIn('known@example.ru', PASSWORD, undefined, app)).status, 429);

    // The tills' key checks are not password checks: none is refused or spends the budget.
    for (let i = 0; i < 30; i++) assert.equal(await identify(), 200);

    ms += 499; // a token comes back every 500 ms
    assert.equal((await signIn('budget@example.ru', 'wrong password!', undefined, app)).status, 429);
    ms += 1;
    assert.equal((await signIn('known@example.ru', PASSWORD, undefined, app)).status, 200);
    assert.equal((await signIn('known@example.ru', PASSWORD, undefined, app)).status, 429);

    // A quiet minute saves up no more than the burst.
    ms += 60_000;
    const next = [];
    for (let i = 0; i <= capacity; i++) next.push((await signIn('nobody-else@example.ru', 'wrong password!', undefined, app)).status);
    assert.deepEqual(next, [...Array(capacity).fill(401), 429]);
  } finally {
    await app.close();
  }
});

test('a sign-in beyond the budget is refused before its body is read: garbage and a body over the limit get 429 after the floor', async () => {
  let ms = 0;
  const clock = manualClock();
  const app = await buildServer(createContext(t.db, { now: clock.now }), {
    signInBudget: signInBudget(1, () => ms),
  });
  const login = (payload: string | Buffer, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/api/admin/v1/auth/login',
      remoteAddress: `10.9.${(++address >> 8) & 255}.${address & 255}`,
      headers: { 'content-type': contentType },
      payload,
    });
  try {
    // Within the budget a malformed body is parsed and refused as such — and spends a sign-in.
    assert.equal(JSON.parse((await login('{"email":')).body).error.code, 'malformed_json');
    for (let i = 1; i < SIGN_IN_BURST_SECONDS; i++) assert.equal((await login('{}')).statusCode, 400);

    const huge = Buffer.alloc(3 * 1024 * 1024, 'x'); // three times the body limit (413 if read)
    for (const [payload, type] of [
      ['{"email":', 'application/json'],
      [huge, 'application/json'],
      ['<login/>', 'text/xml'], // 415 if read
      [JSON.stringify({ email: 'a\u0000@x.y', password: 'x' }), 'application/json'], // 400 if read
    ] as const) {
      const started = performance.now();
      const res = await login(payload, type);
      const took = performance.now() - started;
      assert.equal(res.statusCode, 429, res.body.slice(0, 200));
      assert.equal(JSON.parse(res.body).error.code, 'too_many_sign_ins');
      assert.equal(res.headers['retry-after'], '1');
      assert.ok(took >= SIGN_IN_FLOOR_MS - 5, `answered after ${took} ms, before the floor`);
    }

    // Over a real connection: the unread upload is discarded, the answer is the 429 (not a
    // reset), and the connection serves the next request.
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/api/admin/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: huge,
      });
      assert.equal(res.status, 429);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'too_many_sign_ins');
    }

    ms += 1000; // a token back: the next sign-in is read and checked again
    assert.equal((await login('{"email":')).statusCode, 400);
  } finally {
    await app.close();
  }
});
