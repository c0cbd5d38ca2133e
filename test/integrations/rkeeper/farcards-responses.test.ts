import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildCardNotFoundResponse, buildFindEmailResponse, buildGetCardImageExError, buildGetCardInfoExResponse,
  buildProtocolErrorResponse, buildTransactionsExResponse, HOLDER_MAX, TEXT_MAX,
} from '../../../src/integrations/rkeeper/farcards/responses.ts';
import { parseXmlText, findAll, type XmlElement } from '../../../src/integrations/rkeeper/farcards/xml.ts';
import { parseFarCardsRequest } from '../../../src/integrations/rkeeper/farcards/requests.ts';

function only(xml: string, name: string): XmlElement {
  const root = parseXmlText(xml);
  assert.equal(root.name, 'Root');
  const [el] = findAll(root, [name]);
  assert.ok(el, `no ${name}`);
  return el;
}

test('GetCardInfoEx carries every DLL field, kopecks as integers, flags as 1/0', () => {
  const el = only(buildGetCardInfoExResponse({
    holder: 'Иван Петров', personId: '123', account: 61366822, available: 235000, extraSums: [100, 200],
    locked: true, whyLock: 'Карта заблокирована: "утеряна" & <заменена>', discountType: 3, bonusType: 4,
    discountLimit: 50000, screenMessage: 'Баланс: 2350.00\nРанг: Золото', printMessage: 'Код оплаты: 7K2Q',
  }), 'GetCardInfoEx');
  assert.deepEqual(Object.keys(el.attrs), [
    'Result', 'Deleted', 'Seize', 'StopDate', 'Holy', 'Manager', 'Locked', 'WhyLock', 'Holder', 'PersonID', 'Account',
    'Unpay', 'Bonus', 'Discount', 'DiscLimit', 'Summa', 'Sum2', 'Sum3', 'Sum4', 'Sum5', 'Sum6', 'Sum7', 'Sum8',
    'DopInfo', 'ScrMessage', 'PrnMessage',
  ]);
  assert.equal(el.attrs['Result'], '0');
  assert.equal(el.attrs['Locked'], '1');
  assert.equal(el.attrs['Deleted'], '0');
  assert.equal(el.attrs['Summa'], '235000');
  assert.equal(el.attrs['Sum3'], '200');
  assert.equal(el.attrs['Sum8'], '0');
  assert.equal(el.attrs['WhyLock'], 'Карта заблокирована: "утеряна" & <заменена>');
  assert.equal(el.attrs['ScrMessage'], 'Баланс: 2350.00\nРанг: Золото');
});

test('texts are cut to the DLL buffers by characters, after emoji and controls are left out', () => {
  const el = only(buildGetCardInfoExResponse({ holder: 'Я'.repeat(60), screenMessage: '😀Ё'.repeat(300), dopInfo: 'a\u0001b' }), 'GetCardInfoEx');
  assert.equal(el.attrs['Holder'], 'Я'.repeat(HOLDER_MAX));
  assert.equal(el.attrs['ScrMessage'], 'Ё'.repeat(TEXT_MAX));
  assert.equal(el.attrs['DopInfo'], 'ab');
});

test('programming errors in answers are refused loudly', () => {
  assert.throws(() => buildGetCardInfoExResponse({ available: 1.5 }), RangeError);
  assert.throws(() => buildGetCardInfoExResponse({ account: 2 ** 32 }), RangeError);
  assert.throws(() => buildGetCardInfoExResponse({ extraSums: [1, 2, 3, 4, 5, 6, 7, 8] }), RangeError);
  assert.throws(() => buildTransactionsExResponse({ ok: false, errorCode: 0, errorText: 'x' }), RangeError);
});

test('card not found is Result="1"', () => {
  assert.deepEqual(only(buildCardNotFoundResponse('Карта не найдена'), 'GetCardInfoEx').attrs, { Result: '1', ScrMessage: 'Карта не найдена' });
});

test('TransactionsEx: plain success, success with a warning, and all-or-nothing failure with TRRESPONSE', () => {
  assert.deepEqual(only(buildTransactionsExResponse({ ok: true }), 'TransactionsEx'), { name: 'TransactionsEx', attrs: { Result: '0' }, children: [], text: '' });
  const warn = only(buildTransactionsExResponse({ ok: true, warning: 'Бонусы начислятся через 14 дней', transactions: [{ num: 1, cardCode: '100038', extId: 'k-1', value: -235000 }] }), 'TransactionsEx');
  const [tr] = findAll(warn, ['TRRESPONSE']);
  assert.deepEqual(tr?.attrs, { error_code: '0', err_text: 'Бонусы начислятся через 14 дней' });
  assert.deepEqual(tr?.children[0]?.attrs, { ext_id: 'k-1', cardcode: '100038', num: '1', value: '-235000' });
  const fail = only(buildTransactionsExResponse({ ok: false, errorCode: 2001, errorText: 'Недостаточно средств на депозите' }), 'TransactionsEx');
  assert.equal(fail.attrs['Result'], '1');
  assert.equal(findAll(fail, ['OutBuf'])[0]?.attrs['OutKind'], '1');
  assert.deepEqual(findAll(fail, ['TRRESPONSE'])[0]?.attrs, { error_code: '2001', err_text: 'Недостаточно средств на депозите' });
});

test('FindEmail and GetCardImageEx answers', () => {
  assert.deepEqual(only(buildFindEmailResponse({ found: true, account: 8002, cardCode: '8002', name: 'UCS director' }), 'FindEmail').attrs,
    { Result: '0', Account: '8002', CardCode: '8002', Name: 'UCS director' });
  assert.deepEqual(only(buildFindEmailResponse({ found: false }), 'FindEmail').attrs, { Result: '1', ErrorText: 'Email not found' });
  assert.deepEqual(only(buildGetCardImageExError('Card or image not found'), 'GetCardImageEx').attrs, { ErrorText: 'Card or image not found' });
});

test('the protocol error answer fits the method that was called', () => {
  const r = parseFarCardsRequest('<ROOT><QRY', undefined, { method: 'transactionsex' });
  assert.ok(!r.ok);
  const tx = only(buildProtocolErrorResponse('transactionsex', r.error), 'TransactionsEx');
  assert.equal(tx.attrs['Result'], '1');
  assert.equal(findAll(tx, ['TRRESPONSE'])[0]?.attrs['error_code'], '1001');
  assert.equal(only(buildProtocolErrorResponse('getcardinfoex', r.error), 'GetCardInfoEx').attrs['Result'], '1');
  assert.equal(only(buildProtocolErrorResponse('findemail', r.error), 'FindEmail').attrs['Result'], '1');
  assert.match(only(buildProtocolErrorResponse('getcardimageex', r.error), 'GetCardImageEx').attrs['ErrorText'] ?? '', /XML/);
  assert.equal(only(buildProtocolErrorResponse(undefined, r.error), 'Error').attrs['Code'], 'rkeeper.xml.malformed');
});
