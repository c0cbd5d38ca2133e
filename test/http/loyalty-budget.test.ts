// Promotion budgets under concurrent closes: many tills close orders at once against one
// promotion whose budget covers only a few of them. On PostgreSQL the closes really race (a
// pool of 20 connections); on PGlite they run one after another. Either way the budget is
// never overspent, and refunds give back exactly what the refunded orders took.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { replaceDictionary } from '../../src/app/admin/dictionary.ts';
import { listPromotionsWithUsage, savePromotion } from '../../src/app/loyalty/admin.ts';
import { closeOrder } from '../../src/app/close-order.ts';
import { refundOrder } from '../../src/app/refund.ts';
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
let org: OrgFixture;

before(async () => {
  t = await testDatabase();
  server = await testServer(t.db);
  org = await makeOrg(server.ctx);
  await replaceDictionary(server.ctx, org.actor, 'manual', 'MENUITEMS', [
    { ident: '2470', name: 'Запеченный ролл с курицей' },
  ]);
});

after(async () => {
  await server.app.close();
  await t.close();
});

async function used(promotionId: number) {
  return t.db
    .selectFrom('loyalty_budget_usage')
    .select(['scope', 'used', 'uses'])
    .where('org_id', '=', org.orgId)
    .where('promotion_id', '=', promotionId)
    .orderBy('scope')
    .execute();
}

test('concurrent closes never overspend a total and per-day budget; refunds give it back', async () => {
  const promo = await savePromotion(server.ctx, org.actor, null, {
    name: 'Курица −10 % на 100 ₽',
    kind: 'regular',
    active: true,
    conditions: { items: ['2470'] },
    privileges: [
      { type: 'discount_percent', bp: 1000 },
      { type: 'bonus_percent', bp: 500 },
    ],
    budget: { total: 10_000, perDay: 9_000 },
  });
  const id = Number(promo?.id);
  const guests: { cardId: number }[] = [];
  for (let i = 0; i < 6; i++) guests.push(await makeGuest(server.ctx, org, { deposit: null }));
  // Each close wants 29.00 off and 14.50 points: 43.50 of a 90.00 daily budget.
  const closes = await Promise.allSettled(
    Array.from({ length: 24 }, (_, i) =>
      closeOrder(server.ctx, org.principal, {
        order_id: `B${i}`,
        card: { card_id: (guests[i % 6] as { cardId: number }).cardId },
        lines: [SEED_LINES[0] as (typeof SEED_LINES)[number]],
        payments: [],
      }),
    ),
  );
  for (const c of closes)
    assert.equal(c.status, 'fulfilled', String((c as PromiseRejectedResult).reason));
  const orders = await t.db
    .selectFrom('loyalty_orders')
    .select(['order_id', 'discount', 'accrual', 'spend'])
    .where('org_id', '=', org.orgId)
    .execute();
  const spent = orders.reduce((s, o) => s + o.spend.reduce((x, r) => x + r.cost, 0), 0);
  assert.ok(spent <= 9_000, `spent ${spent} of a 9000 daily budget`);
  assert.equal(spent, 9_000, 'the budget is used up to the last kopeck');
  assert.deepEqual(
    (await used(id)).map((u) => [u.scope, u.used]),
    [
      ['day', 9_000],
      ['total', 9_000],
    ],
  );
  // The cabinet's list shows the same usage: the total, and the day that spent it.
  const [listed] = await listPromotionsWithUsage(server.ctx, org.orgId);
  assert.deepEqual(listed?.usage, {
    total: 9_000,
    last_day: { day: listed?.usage?.last_day?.day, used: 9_000 },
    guests: 0,
    guest_uses: 0,
  });
  assert.match(String(listed?.usage?.last_day?.day), /^\d{4}-\d{2}-\d{2}$/);

  for (const o of orders) {
    const posId = (
      await t.db
        .selectFrom('orders')
        .select('pos_order_id')
        .where('org_id', '=', org.orgId)
        .where('id', '=', o.order_id)
        .executeTakeFirstOrThrow()
    ).pos_order_id;
    await refundOrder(server.ctx, org.principal, posId, { refund_id: `R-${posId}` });
  }
  assert.deepEqual(
    (await used(id)).map((u) => [u.scope, u.used]),
    [
      ['day', 0],
      ['total', 0],
    ],
  );
});
