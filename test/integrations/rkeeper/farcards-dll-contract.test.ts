// What the DLL's contract allows beyond the everyday Sale: an operation code Kopilka does not
// know is refused and moves nothing; a Kind 0 packet without a check (InpKind 0) is a payment
// without lines, named so in the history.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { history } from '../../../src/app/history.ts';
import { WITHOUT_LINES } from '../../../src/integrations/rkeeper/farcards/posting.ts';
import { isoToDelphiDay } from '../../../src/integrations/rkeeper/farcards/numbers.ts';
import { SEED_000_CARD, SEED_000_STATION, seed000Order } from '../../../src/integrations/rkeeper/simulator/dictionaries.ts';
import { testDatabase, type TestDatabase } from '../../support/db.ts';
import { answerAttrs, counts, depositBalance, farCardsSetup } from './helpers.ts';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof farCardsSetup>>;

before(async () => {
  t = await testDatabase();
  s = await farCardsSetup(t);
});
after(async () => {
  await s.server.app.close();
  await t.close();
});

/** One Kind 0 record of `summa` kopecks for check `check`, with no INPBUF at all. */
function bareKind0(check: number, summa: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?><ROOT><Transactions><TransactionsEx Card="${SEED_000_CARD.code}" ` +
    `PersonID="${SEED_000_CARD.uid}" Account="${SEED_000_CARD.uid}" Kind="0" Summa="${summa}" Restaurant="9999" ` +
    `RKDate="${isoToDelphiDay(SEED_000_STATION.shiftDate)}" RKUni="${SEED_000_STATION.stationCode}" RKCheck="${check}"/>` +
    `</Transactions></ROOT>`;
}

test('a transactionsex with an unknown chmode is refused with the protocol error and moves nothing', async () => {
  const sale = s.till.transactionsBody(SEED_000_CARD.code, seed000Order(), 'Sale', SEED_000_CARD.uid);
  for (const chmode of ['42', '14', '255']) {
    const before = await counts(t);
    const body = sale.replace('chmode="1"', `chmode="${chmode}"`);
    assert.notEqual(body, sale);
    const r = await s.post('transactionsex', body);
    assert.equal(r.status, 200);
    assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '1', r.body);
    assert.equal(answerAttrs(r.root, 'TRRESPONSE').error_code, '1012');
    assert.match(answerAttrs(r.root, 'TRRESPONSE').err_text ?? '', /CHECK\.chmode/);
    assert.deepEqual(await counts(t), before);
    assert.equal(await depositBalance(t, s.guest), 500000);
  }
});

test('a Kind 0 packet without a check is a payment without lines, named so in the history', async () => {
  const r = await s.post('transactionsex', bareKind0(5501, -10000));
  assert.equal(answerAttrs(r.root, 'TransactionsEx').Result, '0', r.body);
  assert.equal(await depositBalance(t, s.guest), 500000 - 10000);
  const lines = await t.db.selectFrom('order_lines').select(['item_name', 'amount']).where('org_id', '=', s.org.orgId).execute();
  assert.deepEqual(lines, [{ item_name: `${WITHOUT_LINES}, чек 5501`, amount: 10000 }]);
  const h = await history(t.db, s.org.orgId, { cardId: s.guest.cardId }, {});
  const paid = h.rows.filter((x) => x.amount < 0);
  assert.deepEqual(paid.map((x) => [x.item, x.amount]), [[`${WITHOUT_LINES}, чек 5501`, -10000]]);
  // Its repeat is the same payment, and its rollback (positive Summa) gives the money back.
  const before = await counts(t);
  assert.equal(answerAttrs((await s.post('transactionsex', bareKind0(5501, -10000))).root, 'TransactionsEx').Result, '0');
  assert.deepEqual(await counts(t), before);
  assert.equal(answerAttrs((await s.post('transactionsex', bareKind0(5501, 10000))).root, 'TransactionsEx').Result, '0');
  assert.equal(await depositBalance(t, s.guest), 500000);
});
