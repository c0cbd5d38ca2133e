// Bad input through the FarCards routes: every case is answered in the protocol's own terms
// (HTTP 200, Result="1" or the method's error element), nothing is written, nothing crashes;
// then ≥ 10,000 generated bodies through fastify.inject with no 5xx and no row written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SEED_000_CARD, seed000Order } from '../../../src/integrations/rkeeper/simulator/dictionaries.ts';
import { testDatabase, type TestDatabase } from '../../support/db.ts';
import { answerAttrs, counts, farCardsSetup } from './helpers.ts';

let t: TestDatabase;
let s: Awaited<ReturnType<typeof farCardsSetup>>;
let sale: string;

before(async () => {
  t = await testDatabase();
  s = await farCardsSetup(t, 100_000);
  sale = s.till.transactionsBody(SEED_000_CARD.code, seed000Order(), 'Sale', SEED_000_CARD.uid);
});
after(async () => {
  await s.server.app.close();
  await t.close();
});

async function refused(method: string, body: string | Buffer, opts: { key?: string; contentType?: string } = {}) {
  const before = await counts(t);
  const r = await s.post(method, body, opts.key, opts.contentType);
  assert.equal(r.status, 200, r.body);
  assert.ok(r.root, r.body);
  const name = { getcardinfoex: 'GetCardInfoEx', transactionsex: 'TransactionsEx', findemail: 'FindEmail', getcardimageex: 'GetCardImageEx' }[method] ?? 'Error';
  const a = answerAttrs(r.root, name);
  if (name === 'GetCardImageEx') assert.ok(a.ErrorText);
  else assert.equal(a.Result, '1', r.body);
  assert.deepEqual(await counts(t), before);
  return r;
}

test('malformed XML', async () => {
  await refused('transactionsex', '<ROOT><Transactions><TransactionsEx Card="1"</ROOT>');
  await refused('getcardinfoex', '<ROOT><QRY Card="100038"></ROOT>');
});

test('a body declared windows-1251 is read, and an unknown card in it is refused', async () => {
  const body = Buffer.from('<?xml version="1.0" encoding="windows-1251"?><ROOT><QRY Card="999"/></ROOT>', 'latin1');
  const r = await refused('getcardinfoex', body, { contentType: 'text/xml' });
  assert.match(answerAttrs(r.root, 'GetCardInfoEx').ScrMessage ?? '', /не найдена/);
  await refused('transactionsex', Buffer.from('<?xml version="1.0" encoding="utf-16"?><ROOT/>'));
});

test('entity expansion and external entities', async () => {
  const laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><ROOT><QRY Card="&lol2;"/></ROOT>';
  const r = await refused('getcardinfoex', laughs);
  assert.match(answerAttrs(r.root, 'GetCardInfoEx').ScrMessage ?? '', /DTD|DOCTYPE|сущност/i);
  await refused('transactionsex', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ROOT>&e;</ROOT>');
});

test('oversized bodies, within and beyond the read limit', async () => {
  const big = `<ROOT><QRY Card="100038"/>${' '.repeat(1024 * 1024 + 10)}</ROOT>`;
  const r = await refused('getcardinfoex', big);
  assert.match(answerAttrs(r.root, 'GetCardInfoEx').ScrMessage ?? '', /больше/);
  await refused('transactionsex', Buffer.alloc(3 * 1024 * 1024, 0x20));
});

test('unknown cards', async () => {
  await refused('getcardinfoex', s.till.cardInfoBody('4242424242'));
  await refused('transactionsex', sale.replaceAll(`Card="${SEED_000_CARD.code}"`, 'Card="4242424242"'));
  await refused('findemail', '<ROOT><QRY Email="nobody@example.ru"/></ROOT>');
  await refused('getcardimageex', '<ROOT><QRY CardCode="100038"/></ROOT>');
});

test('wrong credentials, an unknown function, and a missing body', async () => {
  const other = `${s.key.slice(0, -4)}AAAA`;
  await refused('getcardinfoex', s.till.cardInfoBody(SEED_000_CARD.code), { key: other });
  await refused('transactionsex', sale, { key: other });
  await refused('transactionsex', sale, { key: 'rk_1_1_short' });
  await refused('deletecard', sale);
  await refused('transactionsex', '');
});

test('a payment beyond the deposit is refused whole: nothing written', async () => {
  const r = await refused('transactionsex', sale);
  assert.equal(answerAttrs(r.root, 'TRRESPONSE').error_code, '2001');
});

test('replays: the same post again, and a rollback of a check never posted', async () => {
  const small = { ...seed000Order(), checkNum: 77, orderGuid: '{11111111-2222-4333-8444-555555555555}', lines: seed000Order().lines.slice(0, 1), payments: [{ ...seed000Order().payments[0]!, sum: 29000 }] };
  const body = s.till.transactionsBody(SEED_000_CARD.code, small, 'Sale', SEED_000_CARD.uid);
  assert.equal(answerAttrs((await s.post('transactionsex', body)).root, 'TransactionsEx').Result, '0');
  const before = await counts(t);
  for (let i = 0; i < 3; i++) assert.equal(answerAttrs((await s.post('transactionsex', body)).root, 'TransactionsEx').Result, '0');
  assert.deepEqual(await counts(t), before);
  await refused('transactionsex', s.till.transactionsBody(SEED_000_CARD.code, { ...small, checkNum: 78, orderGuid: '{0}' }, 'SaleRollback', SEED_000_CARD.uid));
});

const RUNS = 10_200;

test(`${RUNS} generated bodies through the route: no 5xx, nothing written`, { timeout: 600_000 }, async () => {
  const unknownCard = (b: string) => b.replaceAll(`"${SEED_000_CARD.code}"`, '"5550001"').replaceAll(`"${SEED_000_CARD.uid}"`, '"5550001"');
  const seeds = [
    unknownCard(s.till.cardInfoBody(SEED_000_CARD.code, seed000Order(), 'OrderCalc')),
    unknownCard(sale),
    unknownCard(s.till.transactionsBody(SEED_000_CARD.code, seed000Order(), 'SaleRollback', SEED_000_CARD.uid)),
    '<ROOT><QRY Email="x@example.ru"/></ROOT>',
  ];
  const methods = ['getcardinfoex', 'transactionsex', 'findemail', 'getcardimageex', 'x'];
  const edit = fc.record({
    at: fc.nat(),
    cut: fc.integer({ min: 0, max: 30 }),
    text: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('<', '>', '&', '"', '<!DOCTYPE a>', '&#0;', 'Kind="0"', 'Summa="-1"', 'chmode="1"', '\u0000')),
  });
  const before = await counts(t);
  let served = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...seeds), fc.array(edit, { maxLength: 4 }), fc.constantFrom(...methods), fc.boolean(), async (seed, edits, method, cp1251) => {
      let body = seed;
      for (const e of edits) {
        const at = body.length === 0 ? 0 : e.at % body.length;
        body = body.slice(0, at) + e.text + body.slice(at + e.cut);
      }
      const res = await s.server.app.inject({
        method: 'POST',
        url: `/rk/${s.key}/${method}`,
        headers: { 'content-type': cp1251 ? 'text/xml; charset=windows-1251' : 'application/xml' },
        payload: cp1251 ? Buffer.from(body, 'latin1') : body,
      });
      served++;
      assert.ok(res.statusCode < 500, `${res.statusCode} ${res.body}`);
      assert.ok(res.body.startsWith('<?xml'), res.body);
    }),
    { numRuns: RUNS, seed: 20240304 },
  );
  assert.equal(served, RUNS);
  assert.deepEqual(await counts(t), before);
});
