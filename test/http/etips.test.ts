// E-tips (G4): a manager sets a venue's tips service and its waiters' recipients through the
// admin API (a bad template or recipient is a clear 400 listing every problem, nothing saved;
// an analyst only reads; every change is in the audit log); the receipt footer and the till's
// answers carry the link to the waiter's page when the check names the waiter, else the venue's;
// the guest's page shows the link of their last check's venue with its QR code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeOrder } from '../../src/app/close-order.ts';
import { findCard } from '../../src/app/cards.ts';
import { guestPage } from '../../src/app/guests/page.ts';
import { calculate, cardLoyalty } from '../../src/app/loyalty/calculate.ts';
import type { Role } from '../../src/domain/roles.ts';
import { adminCaller, signInEveryRole } from '../support/admin.ts';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import {
  makeGuest,
  makeOrg,
  SEED_LINES,
  testServer,
  type OrgFixture,
} from '../support/fixtures.ts';

let t: TestDatabase;
let server: Awaited<ReturnType<typeof testServer>>;
let call: ReturnType<typeof adminCaller>;
let org: OrgFixture;
let users: Record<Role, { token: string; userId: number }>;
const as = (role: Role) => users[role].token;

const VENUE = {
  enabled: true,
  service_name: 'CloudTips',
  link_template: 'https://pay.cloudtips.ru/p/{recipient}',
  recipient: 'team-7f3a',
  on_receipt: true,
  on_guest_page: true,
};

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  call = adminCaller(server.app);
  org = await makeOrg(server.ctx);
  users = await signInEveryRole(server.ctx, server.app, org, 'tips');
});
after(async () => {
  await server.app.close();
  await t.close();
});

const url = (path = '') => `/etips/restaurants/${org.restaurantId}${path}`;

test('a bad template or recipient is a 400 listing every problem, and nothing is saved', async () => {
  const bad = await call('PUT', url(), as('manager'), {
    ...VENUE,
    link_template: 'http://tips.example/{waiter}',
    recipient: 'Иванов 7',
  });
  assert.equal(bad.status, 400, JSON.stringify(bad.body));
  assert.deepEqual(bad.body.error.problems.map((p: { code: string }) => p.code).sort(), [
    'etips.recipient_invalid',
    'etips.template_not_https',
    'etips.template_unknown_placeholder',
    'etips.template_without_recipient',
  ]);
  assert.match(bad.body.error.message_ru, /\{recipient\}/);
  assert.equal((await call('GET', '/etips', as('manager'))).body.rows.length, 0);
  const missing = await call('PUT', '/etips/restaurants/999999', as('manager'), VENUE);
  assert.equal(missing.status, 404);
});

test('a manager sets the venue and a waiter; an analyst only reads; every change is audited', async () => {
  const saved = await call('PUT', url(), as('manager'), VENUE);
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.equal(saved.body.url, 'https://pay.cloudtips.ru/p/team-7f3a');
  const waiter = await call(
    'PUT',
    url('/waiters/' + encodeURIComponent('Анна К.')),
    as('manager'),
    {
      recipient: 'anna-51',
    },
  );
  assert.equal(waiter.status, 200, JSON.stringify(waiter.body));
  assert.deepEqual(waiter.body.waiters, [
    { waiter: 'Анна К.', recipient: 'anna-51', url: 'https://pay.cloudtips.ru/p/anna-51' },
  ]);
  const listed = await call('GET', '/etips', as('analyst'));
  assert.equal(listed.status, 200);
  assert.equal(listed.body.rows[0].waiters.length, 1);
  assert.equal((await call('PUT', url(), as('analyst'), VENUE)).status, 403);
  const audit = await t.db
    .selectFrom('audit_log')
    .select(['action', 'entity', 'entity_id'])
    .where('org_id', '=', org.orgId)
    .where('entity', 'like', 'etips%')
    .orderBy('id')
    .execute();
  assert.deepEqual(audit, [
    { action: 'create', entity: 'etips_venue', entity_id: String(org.restaurantId) },
    { action: 'create', entity: 'etips_waiter', entity_id: `${org.restaurantId}:Анна К.` },
  ]);
});

test("the receipt footer links to the check's waiter, a swipe to the venue; the guest's page shows it with a QR code", async () => {
  const g = await makeGuest(server.ctx, org, { funds: 500_000 });
  const card = await findCard(t.db, org.orgId, { card_id: g.cardId });
  const forWaiter = await calculate(server.ctx, org.principal, card, {
    lines: SEED_LINES,
    operator: 'Анна К.',
  });
  assert.deepEqual(forWaiter.tips, {
    service_name: 'CloudTips',
    url: 'https://pay.cloudtips.ru/p/anna-51',
  });
  assert.match(
    forWaiter.receipt_footer,
    /Чаевые \(CloudTips\):\nhttps:\/\/pay\.cloudtips\.ru\/p\/anna-51$/,
  );
  const unknownWaiter = await calculate(server.ctx, org.principal, card, {
    lines: SEED_LINES,
    operator: 'Пётр',
  });
  assert.equal(unknownWaiter.tips?.url, 'https://pay.cloudtips.ru/p/team-7f3a');
  const swipe = await cardLoyalty(server.ctx, org.principal, card);
  assert.equal(swipe.tips?.url, 'https://pay.cloudtips.ru/p/team-7f3a');
  assert.match(swipe.receipt_footer, /team-7f3a/);

  const page = () => guestPage(server.ctx, { orgId: org.orgId, guestId: g.guestId, sessionId: 0 });
  assert.equal((await page()).tips, null, 'no check yet: no venue to tip');
  await closeOrder(server.ctx, org.principal, {
    order_id: 'tips-1',
    card: { card_id: g.cardId },
    lines: SEED_LINES,
    operator: 'Анна К.',
    payments: [{ kind: 'deposit', amount: 235_000 }],
  });
  const tips = (await page()).tips;
  assert.equal(tips?.url, 'https://pay.cloudtips.ru/p/anna-51');
  assert.match(tips?.qr_svg ?? '', /^<svg/);

  // Off the receipt and off the page: neither shows it.
  const off = await call('PUT', url(), as('manager'), {
    ...VENUE,
    on_receipt: false,
    on_guest_page: false,
  });
  assert.equal(off.status, 200);
  const after = await calculate(server.ctx, org.principal, card, { lines: SEED_LINES });
  assert.equal(after.tips, null);
  assert.doesNotMatch(after.receipt_footer, /CloudTips/);
  assert.equal((await page()).tips, null);
});

test('removing a waiter and then the venue: the links go, the audit log keeps both', async () => {
  const w = await call('DELETE', url('/waiters/' + encodeURIComponent('Анна К.')), as('manager'));
  assert.equal(w.status, 200, JSON.stringify(w.body));
  assert.deepEqual(w.body.waiters, []);
  assert.equal((await call('DELETE', url(), as('manager'))).status, 204);
  assert.equal((await call('DELETE', url(), as('manager'))).status, 404);
  assert.equal((await call('GET', '/etips', as('manager'))).body.rows.length, 0);
  const deletes = await t.db
    .selectFrom('audit_log')
    .select('entity')
    .where('org_id', '=', org.orgId)
    .where('action', '=', 'delete')
    .where('entity', 'like', 'etips%')
    .execute();
  assert.deepEqual(deletes.map((d) => d.entity).sort(), ['etips_venue', 'etips_waiter']);
});
