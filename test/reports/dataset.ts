// A small network with figures worked out by hand (docs/reports.md explains each report):
// two restaurants in different zones, three guests, five checks in March and one in January,
// a partial refund, a bonus payment, pending and expiring bonus lots, two ranks, a promotion.
//
// R1 «Москва» (Europe/Moscow, +3), R2 «Екатеринбург» (Asia/Yekaterinburg, +5):
//   O1 R1 04.03 11:00 local, guest A: 2 × Кофе 200 + 1 × Пирог 300 = 700; deposit 350 + cash 350
//      (deposit 200 on the coffee, 150 on the pie); one coffee refunded on 10.03 (100 back).
//   O2 R1 05.03 19:30, guest B: 1 × Кофе 200; deposit 150 + bonus 50.
//   O3 R1 05.03 20:00, no card: 3 × Пирог 300 = 900, cash.
//   O4 R2 04.03 23:30 local (18:30 UTC), guest A: 1 × Кофе 200, deposit.
//   O5 R2 06.03 00:30 local (05.03 19:30 UTC), guest B: 1 × Пирог 300, cash.
//   O6 R1 10.01 12:00, guest C: 1 × Банкет 2000, deposit.
// Deposits: A, B 1000 each, C 3000, topped up on 01.01. Bonus lots: B 80 points on 01.03
// (available at once, expiring 20.03); A 30 points on 04.03, pending until 18.03.
import assert from 'node:assert/strict';
import { createRestaurant, createTerminal } from '../../src/app/admin/tenancy.ts';
import { inTransaction, type AppContext } from '../../src/app/context.ts';
import { credit } from '../../src/app/ledger-posting.ts';
import { lockAndSettle } from '../../src/app/pos-common.ts';
import type { Account } from '../../src/db/schema.ts';
import { makeGuest, makeOrg, type GuestFixture, type OrgFixture } from '../support/fixtures.ts';
import type { testServer } from '../support/fixtures.ts';

type Server = Awaited<ReturnType<typeof testServer>>;

export interface Dataset {
  org: OrgFixture;
  r2: { id: number; terminalId: number; key: string };
  a: GuestFixture;
  b: GuestFixture;
  c: GuestFixture;
  promotionId: number;
}

const coffee = (line_no: number, quantity_milli: number) => ({
  line_no,
  item_code: 'K1',
  item_name: 'Кофе',
  category_code: 'D',
  category_name: 'Напитки',
  price: 20000,
  quantity_milli,
});
const pie = (line_no: number, quantity_milli: number) => ({
  line_no,
  item_code: 'P1',
  item_name: 'Пирог',
  category_code: 'B',
  category_name: 'Выпечка',
  price: 30000,
  quantity_milli,
});

async function accrue(ctx: AppContext, orgId: number, accountId: number, amount: number, at: string, from: string, until: string) {
  await inTransaction(ctx, async (tx) => {
    const wallet = (await lockAndSettle(tx, orgId, [accountId], new Date(at))).get(accountId) as Account;
    await credit(
      tx,
      wallet,
      'bonus_accrual',
      { amount },
      { orgId, occurredAt: new Date(at), source: 'admin' },
      { availableFrom: new Date(from), expiresAt: new Date(until) },
    );
  });
}

export async function buildDataset(server: Server): Promise<Dataset> {
  const { ctx, clock, call } = server;
  clock.set(new Date('2024-01-01T09:00:00Z'));
  const org = await makeOrg(ctx, { name: 'Сеть' });
  const r = await createRestaurant(ctx, org.actor, { name: 'Екатеринбург', time_zone: 'Asia/Yekaterinburg', integration: 'api' });
  const t = await createTerminal(ctx, org.actor, { restaurant_id: r.id, name: 'Касса 2' });
  const a = await makeGuest(ctx, org, { number: '900001', uid: 'A-UID', funds: 100_000 });
  const b = await makeGuest(ctx, org, { number: '900002', uid: 'B-UID', funds: 100_000 });
  const c = await makeGuest(ctx, org, { number: '900003', uid: 'C-UID', funds: 300_000 });
  await accrue(ctx, org.orgId, b.bonusId, 8000, '2024-03-01T09:00:00Z', '2024-03-01T09:00:00Z', '2024-03-20T00:00:00Z');
  await accrue(ctx, org.orgId, a.bonusId, 3000, '2024-03-04T09:00:00Z', '2024-03-18T00:00:00Z', '2024-06-01T00:00:00Z');

  const close = async (key: string, at: string, body: Record<string, unknown>) => {
    clock.set(new Date(at));
    const res = await call('POST', '/orders/close', key, body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as number;
  };
  await close(org.key, '2024-01-10T09:00:00Z', {
    order_id: 'O6',
    card: { card_id: c.cardId },
    lines: [{ line_no: 1, item_code: 'X1', item_name: 'Банкет', price: 200000, quantity_milli: 1000 }],
    payments: [{ kind: 'deposit', amount: 200000 }],
  });
  const o1 = await close(org.key, '2024-03-04T08:00:00Z', {
    order_id: 'O1',
    card: { card_id: a.cardId },
    lines: [coffee(1, 2000), pie(2, 1000)],
    payments: [
      { kind: 'deposit', amount: 35000 },
      { kind: 'cash', amount: 35000 },
    ],
  });
  await close(t.key, '2024-03-04T18:30:00Z', {
    order_id: 'O4',
    card: { card_id: a.cardId },
    lines: [coffee(1, 1000)],
    payments: [{ kind: 'deposit', amount: 20000 }],
  });
  const o2 = await close(org.key, '2024-03-05T16:30:00Z', {
    order_id: 'O2',
    card: { card_id: b.cardId },
    lines: [coffee(1, 1000)],
    payments: [
      { kind: 'deposit', amount: 15000 },
      { kind: 'bonus', amount: 5000 },
    ],
  });
  await close(org.key, '2024-03-05T17:00:00Z', {
    order_id: 'O3',
    lines: [pie(1, 3000)],
    payments: [{ kind: 'cash', amount: 90000 }],
  });
  await close(t.key, '2024-03-05T19:30:00Z', {
    order_id: 'O5',
    card: { card_id: b.cardId },
    lines: [pie(1, 1000)],
    payments: [{ kind: 'cash', amount: 30000 }],
  });
  clock.set(new Date('2024-03-10T10:00:00Z'));
  const refund = await call('POST', '/orders/O1/refund', org.key, { refund_id: 'R1', lines: [{ line_no: 1, quantity_milli: 1000 }] });
  assert.equal(refund.status, 201, JSON.stringify(refund.body));

  await ctx.db
    .insertInto('loyalty_ranks')
    .values([
      { org_id: org.orgId, name: 'Серебро', threshold: 50_000, accrual_bp: 300, discount_bp: 0 },
      { org_id: org.orgId, name: 'Золото', threshold: 150_000, accrual_bp: 500, discount_bp: 0 },
    ])
    .execute();
  const promo = await ctx.db
    .insertInto('loyalty_promotions')
    .values({ org_id: org.orgId, name: 'Кофе дня', kind: 'regular', active: true, conditions: '{}', privileges: '[]', budget: null, priority: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const spend = (cost: number) => JSON.stringify([{ promotion_id: promo.id, cost }]);
  await ctx.db
    .insertInto('loyalty_orders')
    .values([
      { org_id: org.orgId, order_id: o1, guest_id: a.guestId, day: '2024-03-04', discount: 3000, accrual: 0, spend: spend(3000) },
      { org_id: org.orgId, order_id: o2, guest_id: b.guestId, day: '2024-03-05', discount: 2000, accrual: 0, spend: spend(2000) },
    ])
    .execute();
  return { org, r2: { id: r.id, terminalId: t.terminal.id, key: t.key }, a, b, c, promotionId: promo.id };
}
