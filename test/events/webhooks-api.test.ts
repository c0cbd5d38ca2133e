// Webhooks through the admin API: an integrator subscribes, sees the secret once and never
// again, rotates it (both secrets sign for a day), reads the delivery log with the receiver's
// answers; a loopback or private URL is refused as a clear 400 that saves nothing; a manager
// only reads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_WORKER, workOnce } from '../../src/events/worker.ts';
import { httpSender } from '../../src/events/webhook-sender.ts';
import type { Role } from '../../src/domain/roles.ts';
import { adminCaller, signInEveryRole } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { makeGuest, makeOrg, testServer, type OrgFixture } from '../support/fixtures.ts';
import { receiver } from './receiver.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let call: ReturnType<typeof adminCaller>;
let org: OrgFixture;
let users: Record<Role, { token: string; userId: number }>;
const as = (role: Role) => users[role].token;
const worker = { ...DEFAULT_WORKER, send: httpSender({ allowPrivate: true, timeoutMs: 5_000 }) };

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  call = adminCaller(server.app);
  org = await makeOrg(server.ctx);
  users = await signInEveryRole(server.ctx, server.app, org, 'w');
});
after(async () => {
  await server.app.close();
  await t.close();
});

test('a webhook to 127.0.0.1 or 10.0.0.1 is refused with a clear 400, and nothing is saved', async () => {
  for (const url of ['http://127.0.0.1:8080/hook', 'https://10.0.0.1/hook']) {
    const res = await call('POST', '/webhooks', as('integrator'), {
      url,
      event_types: ['order.closed'],
    });
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'webhook_target_private');
    assert.match(res.body.error.message_en, /internal network/);
    assert.match(res.body.error.message_ru, /внутреннюю сеть/);
    // Named at its field, so the cabinet shows it under the address.
    assert.deepEqual(
      res.body.error.problems.map((p: { field: string }) => p.field),
      ['url'],
    );
  }
  const bad = await call('POST', '/webhooks', as('integrator'), {
    url: 'https://example.com/hook',
    event_types: ['order.exploded'],
  });
  assert.equal(bad.status, 400);
  assert.ok(
    bad.body.error.problems.every((p: { field: string }) => p.field.startsWith('event_types')),
    JSON.stringify(bad.body.error.problems),
  );
  assert.equal((await call('GET', '/webhooks', as('integrator'))).body.rows.length, 0);
});

test('subscribe, deliver, read the log; the secret is shown once; rotation signs with both', async () => {
  const hook = await receiver(() => 200);
  try {
    // The test installation allows loopback targets; the API itself follows the environment.
    const { createSubscription } = await import('../../src/events/subscriptions.ts');
    const created = await createSubscription(
      server.ctx,
      org.actor,
      { url: hook.url, event_types: ['guest.registered'] },
      true,
    );
    const list = await call('GET', '/webhooks', as('manager'));
    assert.equal(list.status, 200);
    assert.equal(list.body.rows.length, 1);
    assert.ok(!JSON.stringify(list.body).includes(created.secret));
    assert.ok(!('secret' in list.body.rows[0]));

    const denied = await call('POST', `/webhooks/${created.id}/rotate-secret`, as('manager'));
    assert.equal(denied.status, 403);
    const rotated = await call('POST', `/webhooks/${created.id}/rotate-secret`, as('integrator'));
    assert.equal(rotated.status, 200);
    assert.match(rotated.body.secret, /^whsec_/);
    assert.notEqual(rotated.body.secret, created.secret);
    assert.ok(rotated.body.previous_secret_until);

    await makeGuest(server.ctx, org, { deposit: null });
    await workOnce(server.ctx, worker);
    assert.equal(hook.got.length, 1);
    const got = hook.got[0];
    assert.ok(got);
    assert.equal(got.json.type, 'guest.registered');
    assert.ok(hook.signedWith(got, rotated.body.secret), 'signed with the new secret');
    assert.ok(hook.signedWith(got, created.secret), 'and, during the overlap, the previous one');

    const log = await call('GET', '/webhook-deliveries', as('analyst'));
    assert.equal(log.status, 200);
    assert.equal(log.body.rows.length, 1);
    assert.equal(log.body.rows[0].status, 'delivered');
    assert.equal(log.body.rows[0].message_id, got.headers['webhook-id']);
    const attempts = await call(
      'GET',
      `/webhook-deliveries/${log.body.rows[0].id}/attempts`,
      as('integrator'),
    );
    assert.deepEqual(
      attempts.body.rows.map((a: { status: number; response: string }) => [a.status, a.response]),
      [[200, 'answer 200']],
    );
    const retry = await call(
      'POST',
      `/webhook-deliveries/${log.body.rows[0].id}/retry`,
      as('integrator'),
    );
    assert.equal(retry.status, 409);
    assert.equal(retry.body.error.code, 'delivery_not_dead');

    const paused = await call('PATCH', `/webhooks/${created.id}`, as('integrator'), {
      enabled: false,
    });
    assert.equal(paused.body.enabled, false);
    const gone = await call('DELETE', `/webhooks/${created.id}`, as('integrator'));
    assert.equal(gone.status, 204);
    assert.equal((await call('GET', '/webhook-deliveries', as('integrator'))).body.rows.length, 0);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'after', 'before'])
      .where('org_id', '=', org.orgId)
      .where('entity', '=', 'webhook_subscription')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['create', 'rotate_secret', 'update', 'delete'],
    );
    assert.ok(!JSON.stringify(audit).includes('whsec_'), 'no secret in the audit log');
  } finally {
    await hook.close();
  }
});
