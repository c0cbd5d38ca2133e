import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseFarCardsRequest, parseRkCheckXml, type FarCardsRequest, type TransactionsExRequest, type GetCardInfoExRequest,
} from '../../../src/integrations/rkeeper/farcards/requests.ts';
import { FakeTill } from '../../../src/integrations/rkeeper/simulator/till.ts';
import { SEED_000_CARD, SEED_000_MENU, SEED_000_STATION, seed000Order } from '../../../src/integrations/rkeeper/simulator/dictionaries.ts';
import { delphiDayToIso, isoToDelphiDay } from '../../../src/integrations/rkeeper/farcards/numbers.ts';

const till = new FakeTill({ baseUrl: 'http://127.0.0.1:9/rk/test', restaurant: 9999, station: SEED_000_STATION });

function ok(body: string | Uint8Array, method?: FarCardsRequest['method']): FarCardsRequest {
  const r = parseFarCardsRequest(body, 'text/xml', method ? { method } : {});
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message} ${JSON.stringify(r.error.details)}`);
  return r.value;
}

function tx(body: string): TransactionsExRequest {
  const r = ok(body, 'transactionsex');
  assert.equal(r.method, 'transactionsex');
  return r as TransactionsExRequest;
}

function errorOf(body: string, method: FarCardsRequest['method']): { code: string; details: unknown } {
  const r = parseFarCardsRequest(body, undefined, { method });
  assert.equal(r.ok, false);
  return r.ok ? { code: '', details: null } : { code: r.error.code, details: r.error.details };
}

test('the UCS sample getcardinfoex body parses, including its garbled generateddatetime', () => {
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<ROOT>
<QRY Card="8002" Restaurant="9999" UnitNo="2">
<INPBUF>
<CHECK stationcode="2" restaurantcode="199999999" cashservername="FOCUS_MIDSERV2" generateddatetime="2013-08-2116:2316:23:56">
<EXTINFO><INTERFACES><INTERFACE type="PDS" id="1" mode="0"><HOLDERS><ITEM cardcode="8002"/></HOLDERS></INTERFACE></INTERFACES></EXTINFO>
</CHECK>
</INPBUF>
</QRY>
</ROOT>`;
  const r = ok(body) as GetCardInfoExRequest;
  assert.equal(r.method, 'getcardinfoex');
  assert.equal(r.card, '8002');
  assert.equal(r.restaurant, 9999);
  assert.equal(r.unitNo, 2);
  assert.equal(r.check?.cashServerName, 'FOCUS_MIDSERV2');
  assert.equal(r.check?.generatedAt, undefined);
  assert.equal(r.check?.raw['generateddatetime'], '2013-08-2116:2316:23:56');
  assert.deepEqual(r.check?.interfaces, [{ type: 'PDS', id: '1', mode: '0', cardCodes: ['8002'] }]);
  assert.equal(r.check?.data, null);
});

test('seed 000: the order-calc getcardinfoex carries the six-roll check of 2350.00', () => {
  const r = ok(till.cardInfoBody(SEED_000_CARD.code, seed000Order(), 'OrderCalc'), 'getcardinfoex') as GetCardInfoExRequest;
  assert.equal(r.card, '100038');
  assert.equal(r.inpKind, 1);
  const check = r.check;
  assert.ok(check && check.data);
  assert.equal(check.mode, 'OrderCalc');
  assert.equal(check.modeCode, 7);
  assert.equal(check.shiftDate, '2024-03-04');
  assert.equal(check.shiftNum, 412);
  assert.deepEqual(
    check.data.lines.map((l) => [l.code, l.name, l.price, l.quantityMilli, l.sum]),
    SEED_000_MENU.map((m) => [m.code, m.name, m.price, 1000, m.price]),
  );
  assert.equal(check.data.lines.reduce((s, l) => s + l.sum, 0), 235000);
  assert.deepEqual(check.data.payments.map((p) => [p.name, p.sum, p.cardCode, p.interfaceId, p.payType]), [['Депозит', 235000, '100038', 1, 'other']]);
  assert.equal(check.data.orderGuid, '{5A1B7C2D-3E4F-4A5B-8C6D-7E8F9A0B1C2D}');
  assert.equal(check.data.checkNum, '2226634');
  assert.equal(check.data.closedAt, '2024-03-04T11:22:00');
  assert.equal(check.data.persons[0]?.role, 'waiter');
});

test('seed 000: transactionsex of the sale debits the deposit and reports the spending', () => {
  const r = tx(till.transactionsBody(SEED_000_CARD.code, seed000Order(), 'Sale', SEED_000_CARD.uid));
  assert.equal(r.transactions.length, 2);
  const [payment, spending] = r.transactions;
  assert.deepEqual(
    { ...payment, vat: undefined },
    {
      num: 1, card: '100038', personId: '61366822', account: '61366822', kind: 'payment', kindCode: 0, amount: -235000,
      reversal: false, restaurant: 9999, cashDate: '2024-03-04', cashDay: 45355, unitNo: 2, checkNumber: 2226634, vat: undefined,
    },
  );
  assert.equal(spending?.kind, 'spending');
  assert.equal(spending?.amount, 235000);
  assert.equal(spending?.reversal, false);
  assert.deepEqual(spending?.vat, [{ slot: 'A', sum: 235000, rateHundredths: 2000 }]);
  assert.equal(r.check?.mode, 'Sale');
  assert.equal(r.check?.data?.lines.length, 6);
});

test('rollback and return flip the signs and are flagged as reversals', () => {
  for (const mode of ['SaleRollback', 'Return'] as const) {
    const r = tx(till.transactionsBody(SEED_000_CARD.code, seed000Order(), mode, SEED_000_CARD.uid));
    assert.deepEqual(r.transactions.map((t) => [t.kind, t.amount, t.reversal]), [['payment', 235000, true], ['spending', -235000, true]]);
    assert.equal(r.check?.mode, mode);
  }
  const rr = tx(till.transactionsBody(SEED_000_CARD.code, seed000Order(), 'ReturnRollback', SEED_000_CARD.uid));
  assert.deepEqual(rr.transactions.map((t) => t.reversal), [false, false]);
});

test('sign rules for all four transaction kinds', () => {
  const body = (kind: number, summa: number): string =>
    `<ROOT><Transactions><TransactionsEx Card="1" Kind="${kind}" Summa="${summa}"/></Transactions></ROOT>`;
  const cases: [number, number, string, boolean][] = [
    [0, -100, 'payment', false], [0, 100, 'payment', true],
    [1, -100, 'discount', false], [1, 100, 'discount', true],
    [2, 100, 'bonus', false], [2, -100, 'bonus', true],
    [3, 100, 'spending', false], [3, -100, 'spending', true],
  ];
  for (const [kind, summa, name, reversal] of cases) {
    const [t] = tx(body(kind, summa)).transactions;
    assert.deepEqual([t?.kind, t?.amount, t?.reversal], [name, summa, reversal], `Kind ${kind} Summa ${summa}`);
  }
});

test('FarcardsNet-style and alias variants of transactionsex are accepted', () => {
  const check = '<CHECK chmode="1" stationcode="2"><CHECKDATA checknum="77"><CHECKLINES><LINE code="2470" name="Ролл" price="290.00" quantity="1" sum="290.00"/></CHECKLINES></CHECKDATA></CHECK>';
  const farcardsNet = tx(`<?xml version="1.0" encoding="utf-8"?><ROOT><Transactions>
    <TransactionsEx Card="100038" PersonID="61366822" Account="61366822" Kind="0" Summa="-29000" Restaurant="1" RKDate="2024-03-04T00-00-00" RKUni="2" RKCheck="77" VatSumA="-29000" VatPrcA="2000" VatSumB="0" VatPrcB="0"/>
    </Transactions><InpBuf InpKind="1">${check}</InpBuf></ROOT>`);
  assert.equal(farcardsNet.transactions[0]?.cashDate, '2024-03-04');
  assert.equal(farcardsNet.transactions[0]?.vat.length, 2);
  assert.equal(farcardsNet.check?.data?.lines[0]?.sum, 29000);

  const escaped = check.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const aliases = tx(`<Root><TRANSACTIONS>
    <TRANSACTION CardCode="100038" OwnerId="0" Type="2" Amount="1500" CashDate="45355" UnitNo="3" CheckNumber="78"/>
    <TRANSACTION CardCode="100038" Type="0" Amount="-15.50" CashDate="04.03.2024"/>
    </TRANSACTIONS><INPBUF>${escaped}</INPBUF></Root>`);
  assert.deepEqual(aliases.transactions.map((t) => [t.num, t.kind, t.amount, t.personId, t.unitNo, t.checkNumber, t.cashDate]), [
    [1, 'bonus', 1500, null, 3, 78, '2024-03-04'],
    [2, 'payment', -1550, null, null, null, '2024-03-04'],
  ]);
  assert.equal(aliases.check?.mode, 'Sale');

  const base64 = tx(`<ROOT><TransactionsEx Card="1" Kind="3" Summa="100"/><INPBUF>${Buffer.from(check).toString('base64')}</INPBUF></ROOT>`);
  assert.equal(base64.check?.data?.checkNum, '77');
});

test('Delphi day serials convert both ways', () => {
  assert.equal(delphiDayToIso(45355), '2024-03-04');
  assert.equal(isoToDelphiDay('2024-03-04'), 45355);
  assert.equal(delphiDayToIso(1), '1899-12-31');
});

test('check money: decimals are roubles, bare integers follow the configured unit', () => {
  const check = '<CHECK chmode="7"><CHECKDATA><CHECKLINES><LINE code="1" price="290" quantity="1500" sum="43500"/></CHECKLINES>' +
    '<CHECKPAYMENTS><PAYMENT code="1" sum="2350.5" paytype="1"/></CHECKPAYMENTS>' +
    '<CHECKDISCOUNTS><DISCOUNT code="5" sum="-10.00" cardcode="1" interface="1" uni="9"/></CHECKDISCOUNTS>' +
    '<DISCOUNTS><DISCOUNTPART disclineuni="9" sum="-10.00"/></DISCOUNTS><BONUSES><BONUS code="2" sum="15"/></BONUSES>' +
    '<CHECKCATEGS><CATEG code="3" name="Роллы" sum="290.00" discsum="0"/></CHECKCATEGS></CHECKDATA></CHECK>';
  const asUnits = parseRkCheckXml(check, undefined, { checkUnits: { money: 'kopecks', quantity: 'thousandths' } });
  assert.ok(asUnits.ok && asUnits.value.data);
  const d = asUnits.value.data;
  assert.deepEqual([d.lines[0]?.price, d.lines[0]?.quantityMilli, d.lines[0]?.sum], [290, 1500, 43500]);
  assert.equal(d.payments[0]?.sum, 235050);
  assert.equal(d.payments[0]?.payType, 'cash');
  assert.deepEqual([d.checkDiscounts[0]?.sum, d.checkDiscounts[0]?.uni, d.discountParts[0]?.discountLineUni], [-1000, '9', '9']);
  assert.equal(d.bonuses[0]?.sum, 15);
  assert.equal(d.categories[0]?.sum, 29000);
  const asRoubles = parseRkCheckXml(check);
  assert.ok(asRoubles.ok && asRoubles.value.data);
  assert.deepEqual([asRoubles.value.data.lines[0]?.price, asRoubles.value.data.lines[0]?.quantityMilli], [29000, 1_500_000]);
});

test('a line without a sum gets price × quantity, rounded half away from zero', () => {
  const r = parseRkCheckXml('<CHECK><CHECKDATA><CHECKLINES><LINE code="1" name="x" price="3.33" quantity="1.5"/></CHECKLINES></CHECKDATA></CHECK>');
  assert.ok(r.ok && r.value.data);
  assert.equal(r.value.data.lines[0]?.sum, 500);
  assert.equal(r.value.mode, null);
});

test('bad values and missing fields are named in the error', () => {
  const t = (attrs: string): string => `<ROOT><Transactions><TransactionsEx ${attrs}/></Transactions></ROOT>`;
  assert.deepEqual(errorOf(t('Card="1" Kind="7" Summa="1"'), 'transactionsex'), { code: 'rkeeper.request.bad_value', details: { field: 'TransactionsEx[0].Kind', value: '7' } });
  assert.equal(errorOf(t('Card="1" Kind="0" Summa="12a"'), 'transactionsex').code, 'rkeeper.request.bad_value');
  assert.equal(errorOf(t('Card="1" Kind="0" Summa="1.234"'), 'transactionsex').code, 'rkeeper.request.bad_value');
  assert.equal(errorOf(t('Card="1" Kind="0" Summa="99999999999999999"'), 'transactionsex').code, 'rkeeper.request.bad_value');
  assert.equal(errorOf(t('Card="1" Kind="0" Summa="1" RKDate="2024-02-30"'), 'transactionsex').code, 'rkeeper.request.bad_value');
  assert.deepEqual(errorOf(t('Kind="0" Summa="1"'), 'transactionsex'), { code: 'rkeeper.request.missing_field', details: { field: 'TransactionsEx[0].Card' } });
  assert.equal(errorOf('<ROOT/>', 'transactionsex').code, 'rkeeper.request.missing_field');
  assert.equal(errorOf('<ROOT><QRY Restaurant="1"/></ROOT>', 'getcardinfoex').code, 'rkeeper.request.missing_field');
  assert.equal(errorOf('<ROOT><QRY Card="1"><INPBUF>not xml</INPBUF></QRY></ROOT>', 'getcardinfoex').code, 'rkeeper.request.bad_value');
  assert.equal(errorOf('<ROOT><QRY Card="1"><INPBUF><CHECK chmode="x"/></INPBUF></QRY></ROOT>', 'getcardinfoex').code, 'rkeeper.request.bad_value');
});

test('findemail and getcardimageex, and method inference when the URL does not say', () => {
  assert.deepEqual(ok('<ROOT><QRY Email="director@ucs.ru"/></ROOT>', 'findemail'), { method: 'findemail', email: 'director@ucs.ru' });
  assert.deepEqual(ok('<ROOT><QRY CardCode="8002"/></ROOT>', 'getcardimageex'), { method: 'getcardimageex', card: '8002' });
  assert.equal(ok('<ROOT><QRY Email="a@b.ru"/></ROOT>').method, 'findemail');
  assert.equal(ok('<ROOT><QRY CardCode="8002"/></ROOT>').method, 'getcardimageex');
  assert.equal(ok('<ROOT><QRY Card="8002"/></ROOT>').method, 'getcardinfoex');
  assert.equal(ok('<ROOT><TransactionsEx Card="1" Kind="3" Summa="1"/></ROOT>').method, 'transactionsex');
  const unknown = parseFarCardsRequest('<ROOT><Nothing/></ROOT>');
  assert.ok(!unknown.ok && unknown.error.code === 'rkeeper.request.unknown');
});
