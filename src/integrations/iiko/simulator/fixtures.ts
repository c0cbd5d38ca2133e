// The simulated restaurant's iiko data: a small menu (the seed 000 check's prices among it),
// its groups and categories, and the payment types seed 001 talks about. Prices are iiko's
// decimal roubles, some chosen so that price × 100 is not exact in floating point.

import type { IikoPaymentGroup } from '../dictionaries.ts';

export interface SimProduct {
  id: string;
  name: string;
  num: string;
  code: string;
  parent: string | null;
  type: string;
  category: string | null;
  defaultSalePrice: number | null;
  mainUnit: string;
  deleted: boolean;
}

export interface SimGroup {
  id: string;
  name: string;
  num: string;
  code: string;
  parent: string | null;
  category: string | null;
  deleted: boolean;
}

export interface SimCategory {
  id: string;
  name: string;
  deleted: boolean;
}

export interface SimPaymentType {
  id: string;
  name: string;
  code: string;
  deleted: boolean;
  group: IikoPaymentGroup;
  fiscal: boolean;
  /** What iikoOffice shows as the payment method; iiko Server's REST API never serves it. */
  paymentMethod: 'prepayment' | 'full' | null;
  /** Days before "now" of the last sale paid with this type; null if never used. */
  lastSaleDaysAgo: number | null;
  /** DishDiscountSumInt of those sales, roubles. */
  salesSum: number;
}

export interface SimData {
  products: SimProduct[];
  groups: SimGroup[];
  categories: SimCategory[];
  paymentTypes: SimPaymentType[];
}

const PORTION = '6040d92d-e286-f4f9-a613-ed0b5d1d0a6e';
const LITRE = '6040d92d-e286-f4f9-a613-ed0b5d1d0a6f';

const id = (n: number): string => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

export const CATEGORY = { main: id(101), bar: id(102), noDiscount: id(103), archive: id(104) };
export const GROUP = {
  kitchen: id(201),
  salads: id(202),
  soups: id(203),
  hot: id(204),
  desserts: id(205),
  bar: id(206),
  soft: id(207),
  modifiers: id(208),
};
export const PAYMENT_TYPE = {
  cash: id(301),
  card: id(302),
  deposit: id(303),
  prepayment: id(304),
  certificate: id(305),
  oldDeposit: id(306),
};

function group(
  gid: string,
  name: string,
  num: string,
  parent: string | null,
  category: string | null,
): SimGroup {
  return { id: gid, name, num, code: num, parent, category, deleted: false };
}

let productSeq = 400;
function product(
  name: string,
  parent: string,
  price: number | null,
  extra: Partial<SimProduct> = {},
): SimProduct {
  productSeq += 1;
  return {
    id: id(productSeq),
    name,
    num: `0${productSeq}`,
    code: String(productSeq),
    parent,
    type: 'DISH',
    category: CATEGORY.main,
    defaultSalePrice: price,
    mainUnit: PORTION,
    deleted: false,
    ...extra,
  };
}

export function restaurantData(): SimData {
  productSeq = 400;
  return {
    categories: [
      { id: CATEGORY.main, name: 'Основное меню', deleted: false },
      { id: CATEGORY.bar, name: 'Бар', deleted: false },
      { id: CATEGORY.noDiscount, name: 'Без скидок', deleted: false },
      { id: CATEGORY.archive, name: 'Сезонное (архив)', deleted: true },
    ],
    groups: [
      group(GROUP.kitchen, 'Кухня', '1', null, CATEGORY.main),
      group(GROUP.salads, 'Салаты', '11', GROUP.kitchen, CATEGORY.main),
      group(GROUP.soups, 'Супы', '12', GROUP.kitchen, CATEGORY.main),
      group(GROUP.hot, 'Горячее', '13', GROUP.kitchen, CATEGORY.main),
      group(GROUP.desserts, 'Десерты', '14', GROUP.kitchen, CATEGORY.main),
      group(GROUP.bar, 'Бар', '2', null, CATEGORY.bar),
      group(GROUP.soft, 'Безалкогольные напитки', '21', GROUP.bar, CATEGORY.bar),
      group(GROUP.modifiers, 'Модификаторы', '3', null, null),
    ],
    products: [
      product('Салат Оливье', GROUP.salads, 290),
      product('Цезарь с курицей', GROUP.salads, 490.5),
      product('Борщ с пампушками', GROUP.soups, 360),
      product('Паста карбонара', GROUP.hot, 430),
      product('Стейк из лосося', GROUP.hot, 650),
      product('Чизкейк Нью-Йорк', GROUP.desserts, 410),
      product('Морс клюквенный', GROUP.soft, 210, { category: CATEGORY.bar }),
      product('Глинтвейн безалкогольный', GROUP.soft, 289.99, {
        category: CATEGORY.bar,
        mainUnit: LITRE,
      }),
      product('Вода «Боржоми» 0,5', GROUP.soft, 180, {
        type: 'GOODS',
        category: CATEGORY.noDiscount,
      }),
      product('Лимон', GROUP.modifiers, 4.35, { type: 'MODIFIER', category: null }),
      product('Сахар, порция', GROUP.modifiers, 1.15, { type: 'MODIFIER', category: null }),
      product('Обслуживание банкета', GROUP.kitchen, null, {
        type: 'SERVICE',
        category: CATEGORY.noDiscount,
      }),
      product('Окрошка', GROUP.soups, 320, { deleted: true, category: CATEGORY.archive }),
    ],
    paymentTypes: [
      pt(PAYMENT_TYPE.cash, 'Наличные', 'CASH', 'CASH', true, 'full', 0, 182_340),
      pt(PAYMENT_TYPE.card, 'Банковские карты', 'CARD', 'CARD', true, 'full', 0, 911_250.5),
      pt(PAYMENT_TYPE.deposit, 'Депозит Kopilka', 'KPD', 'NON_CASH', false, null, 3, 23_500),
      pt(
        PAYMENT_TYPE.prepayment,
        'Предоплата Kopilka',
        'KPP',
        'CARD',
        true,
        'prepayment',
        10,
        48_000,
      ),
      pt(
        PAYMENT_TYPE.certificate,
        'Подарочный сертификат',
        'CERT',
        'NON_CASH',
        false,
        null,
        null,
        0,
      ),
      pt(
        PAYMENT_TYPE.oldDeposit,
        'Депозит (старый)',
        'DEP',
        'NON_CASH',
        false,
        null,
        400,
        1_000,
        true,
      ),
    ],
  };
}

function pt(
  ptId: string,
  name: string,
  code: string,
  group: IikoPaymentGroup,
  fiscal: boolean,
  paymentMethod: SimPaymentType['paymentMethod'],
  lastSaleDaysAgo: number | null,
  salesSum: number,
  deleted = false,
): SimPaymentType {
  return { id: ptId, name, code, deleted, group, fiscal, paymentMethod, lastSaleDaysAgo, salesSum };
}
