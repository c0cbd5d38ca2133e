// Soft offline (P5): checks r_keeper posts late are accepted with their original times, flagged
// «Мягкий оффлайн» in the history, held to the restaurant's offline limits (over a limit: the
// protocol's refusal and nothing written), and still have one effect when repeated.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { history } from '../../../src/app/history.ts';
import { setOfflineLimits } from '../../../src/integrations/rkeeper/farcards/endpoints.ts';
import { SEED_000_CARD, seed000Order } from '../../../src/integrations/rkeeper/simulator/dictionaries.ts';
import type { TillOrder } from '../../../src/integrations/rkeeper/simulator/check-xml.ts';
import { testDatabase, type TestDatabase } from '../../support/db.ts';
import { answerAttrs, counts, depositBalance, farCardsSetup } from './helpers.ts';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof farCardsSetup>>;

before(async () => {
  t = await testDatabase();
  s = await farCardsSetup(t, 1_000_000);
  await setOfflineLimits(s.server.ctx, s.org.actor, s.org.restaurantId, { maxAgeHours: 72, maxPerCheck: 300_000, maxPerCardPerDay: 400_000 });
});
after(async () => {
  await s.server.app.close();
  await t.close();
});

/** Seed 000's check, closed at `closedAt` (Moscow time), `rolls` of its lines, paid from the card. */
function lateCheck(checkNum: number, closedAt: string, rolls = 6): TillOrder {
  const o = seed000Order();
  const lines = o.lines.slice(0, rolls);
  const sum = lines.reduce((a, l) => a + l.price, 0);
  return { ...o, checkNum, orderGuid: `{00000000-0000-4000-8000-${String(checkNum).padStart(12, '0')}}`, closedAt, lines, payments: [{ ...o.payments[0]!, sum }] };
}

const sale = (o: TillOrder) => s.post('transactionsex', s.till.transactionsBody(SEED_000_CARD.code, o, 'Sale', SEED_000_CARD.uid));

test('a check posted two days late keeps its time and is flagged soft offline; a repeat changes nothing', async () => {
  const r = await sale(lateCheck(501, '2024-03-02T13:05:00'));
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0', r.body);
  const entries = await t.db.selectFrom('ledger_entries').select(['occurred_at', 'soft_offline']).where('type', '=', 'payment').execute();
  assert.equal(entries.length, 6);
  assert.ok(entries.every((e) => e.soft_offline && e.occurred_at.toISOString() === '2024-03-02T10:05:00.000Z'));
  const order = await t.db.selectFrom('orders').select(['soft_offline', 'closed_at']).executeTakeFirstOrThrow();
  assert.equal(order.soft_offline, true);
  const h = await history(t.db, s.org.orgId, { cardId: s.guest.cardId }, {});
  assert.equal(h.rows.filter((x) => x.soft_offline).length, 6);
  const before = await counts(t);
  assert.equal(answerAttrs((await sale(lateCheck(501, '2024-03-02T13:05:00'))).root, 'TransactionsEx').Result, '0');
  assert.deepEqual(await counts(t), before);
  assert.equal(await depositBalance(t, s.guest), 1_000_000 - 235_000);
});

test('a check posted on time is not soft offline', async () => {
  assert.equal(answerAttrs((await sale(lateCheck(502, '2024-03-04T11:20:00', 1))).root, 'TransactionsEx').Result, '0');
  const row = await t.db.selectFrom('orders').select('soft_offline').where('check_number', '=', '502').executeTakeFirstOrThrow();
  assert.equal(row.soft_offline, false);
});

async function refusedWith(o: TillOrder, code: RegExp) {
  const before = await counts(t);
  const r = await sale(o);
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '1', r.body);
  assert.equal(answerAttrs(r.root, 'TRRESPONSE').error_code, '2101');
  assert.match(answerAttrs(r.root, 'TRRESPONSE').err_text ?? '', code);
  assert.deepEqual(await counts(t), before);
}

test('over the per-check offline limit: refused, nothing written', async () => {
  const o = lateCheck(503, '2024-03-03T20:00:00');
  await refusedWith({ ...o, payments: [{ ...o.payments[0]!, sum: 335_000 }], lines: [...o.lines, { ...o.lines[0]!, code: '9', price: 100_000 }] }, /лимит/);
});

test('over the daily offline limit of the card: refused, nothing written', async () => {
  // 2350.00 already spent offline on 2 March, and the limit is 4000.00 a day.
  await refusedWith(lateCheck(504, '2024-03-02T21:00:00'), /за день/);
  assert.equal(answerAttrs((await sale(lateCheck(505, '2024-03-03T21:00:00'))).root, 'TransactionsEx').Result, '0');
});

test('older than the maximum age: refused, nothing written', async () => {
  await refusedWith(lateCheck(506, '2024-02-29T12:00:00', 1), /старше 72/);
});
