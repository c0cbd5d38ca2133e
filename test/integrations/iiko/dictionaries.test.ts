import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_AMOUNT } from '../../../src/domain/money.ts';
import {
  parsePaymentTypeEntities,
  parsePaymentTypeOlap,
  parseProducts,
  roublesToKopecks,
  UnexpectedShape,
} from '../../../src/integrations/iiko/dictionaries.ts';

test('roublesToKopecks is exact for every kopeck amount iiko can write as a JSON number', () => {
  fc.assert(
    fc.property(fc.integer({ min: -MAX_AMOUNT, max: MAX_AMOUNT }), (kopecks) => {
      // What JSON.parse gives for the decimal iiko wrote.
      const parsed: unknown = JSON.parse(
        `${kopecks < 0 ? '-' : ''}${Math.trunc(Math.abs(kopecks) / 100)}.${String(Math.abs(kopecks) % 100).padStart(2, '0')}`,
      );
      assert.equal(roublesToKopecks(parsed as number), kopecks);
    }),
  );
});

test('roublesToKopecks reads strings, exponents, and rounds sub-kopecks half away from zero', () => {
  assert.equal(roublesToKopecks('1250.90'), 125090);
  assert.equal(roublesToKopecks('290,5'), 29050);
  assert.equal(roublesToKopecks(' 7 '), 700);
  assert.equal(roublesToKopecks(1e3), 100000);
  assert.equal(roublesToKopecks('1.5E2'), 15000);
  assert.equal(roublesToKopecks(0.1 + 0.2), 30);
  assert.equal(roublesToKopecks('10.005'), 1001);
  assert.equal(roublesToKopecks('10.0049'), 1000);
  assert.equal(roublesToKopecks('-10.005'), -1001);
  assert.equal(roublesToKopecks('5e-3'), 1);
  assert.equal(roublesToKopecks('4e-3'), 0);
  for (const bad of ['', 'abc', '1.2.3', '--1', '1e', 'NaN']) {
    assert.throws(() => roublesToKopecks(bad), UnexpectedShape, bad);
  }
  assert.throws(() => roublesToKopecks('1e300'), /out of range/);
});

test('parseProducts: both spellings of the category, absent optionals as null', () => {
  const [a, b] = parseProducts([
    {
      id: 'p1',
      name: 'Борщ',
      type: 'DISH',
      productCategoryId: 'c1',
      defaultSalePrice: 360,
      num: 17,
    },
    { id: 'p2', name: 'Новый тип', type: 'KIOSK_ITEM', category: 'c2', deleted: true },
  ]);
  assert.deepEqual(a, {
    id: 'p1',
    name: 'Борщ',
    num: '17',
    code: null,
    parent: null,
    type: 'DISH',
    category: 'c1',
    defaultSalePrice: 36000,
    mainUnit: null,
    deleted: false,
  });
  assert.equal(b?.type, 'KIOSK_ITEM');
  assert.equal(b?.defaultSalePrice, null);
  assert.equal(b?.deleted, true);
  assert.throws(() => parseProducts({ items: [] }), /products is not an array/);
  assert.throws(
    () => parseProducts([{ id: 'p', type: 'DISH', defaultSalePrice: true }]),
    /defaultSalePrice/,
  );
  assert.throws(() => parseProducts([{ id: 'p' }]), /products\[0\]\.type is missing/);
});

test('payment types: entity rows must be PaymentType; OLAP facts, conflicts become unknown', () => {
  assert.deepEqual(
    parsePaymentTypeEntities([
      { id: 't1', rootType: 'PaymentType', name: 'Наличные', code: 'CASH' },
    ]),
    [{ id: 't1', name: 'Наличные', code: 'CASH', deleted: false }],
  );
  assert.throws(
    () => parsePaymentTypeEntities([{ id: 'd1', rootType: 'DiscountType', name: 'Скидка' }]),
    UnexpectedShape,
  );
  const facts = parsePaymentTypeOlap({
    data: [
      { 'PayTypes.GUID': 't1', 'PayTypes.Group': 'CASH', 'PayTypes.IsPrintCheque': 'FISCAL' },
      {
        'PayTypes.GUID': 't2',
        'PayTypes.Group': 'NON_CASH',
        'PayTypes.IsPrintCheque': 'NOT_FISCAL',
      },
      { 'PayTypes.GUID': 't3', 'PayTypes.Group': 'CARD', 'PayTypes.IsPrintCheque': 'FISCAL' },
      {
        'PayTypes.GUID': 't3',
        'PayTypes.Group': 'NON_CASH',
        'PayTypes.IsPrintCheque': 'NOT_FISCAL',
      },
      { 'PayTypes.GUID': null, 'PayTypes.Group': null, 'PayTypes.IsPrintCheque': null },
      { 'PayTypes.GUID': 't4', 'PayTypes.Group': 'SOMETHING_NEW', 'PayTypes.IsPrintCheque': '?' },
    ],
    summary: [],
  });
  assert.deepEqual(Object.fromEntries(facts), {
    t1: { fiscal: true, group: 'CASH' },
    t2: { fiscal: false, group: 'NON_CASH' },
    t3: { fiscal: null, group: null },
    t4: { fiscal: null, group: null },
  });
  assert.throws(() => parsePaymentTypeOlap([]), /olap is not an object/);
});
