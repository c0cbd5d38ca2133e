// Dictionaries of the simulated restaurant. The menu, the card, the cash register and the check
// come from seed 000 (Lime ↔ R-Keeper): six rolls for 2350.00 paid from deposit card 100038,
// UID 61366822, at "Касса r-keeper" on 04.03.2024.
import type { TillOrder, TillStation } from './check-xml.ts';

/** One dictionary item as the XML interface returns it (attribute name → value). */
export type RefItemAttrs = Readonly<Record<string, string>>;

let nextGuid = 0;
function guid(): string {
  nextGuid += 1;
  return `{A0C1D2E3-0000-4000-8000-${String(nextGuid).padStart(12, '0')}}`;
}

function item(ident: number, code: number, name: string, extra: Record<string, string> = {}): RefItemAttrs {
  return {
    Ident: String(ident), Code: String(code), Name: name, GUIDString: guid(),
    Status: 'rsActive', MainParentIdent: '0', ...extra,
  };
}

export interface SeedMenuItem { code: string; name: string; price: number; category: string }

export const SEED_000_MENU: readonly SeedMenuItem[] = [
  { code: '2470', name: 'Запеченный ролл с курицей', price: 29000, category: 'Запеченные роллы' },
  { code: '2469', name: 'Запеченный ролл Нежный с лососем', price: 36000, category: 'Запеченные роллы' },
  { code: '2476', name: 'Запеченный ролл с угрем', price: 43000, category: 'Запеченные роллы' },
  { code: '2460', name: 'Ролл Бонито', price: 41000, category: 'Роллы' },
  { code: '2466', name: 'Горячая Филадельфия ролл', price: 65000, category: 'Роллы' },
  { code: '2447', name: 'Маки ролл с лососем и сливочным сыром', price: 21000, category: 'Роллы' },
];

export const SEED_000_CARD = { code: '100038', uid: 61366822, holder: 'Гость 100038' } as const;

const CATEGORY_NAMES = ['Запеченные роллы', 'Роллы', 'Бар', 'Бизнес ланч 2022', 'Банкетное меню', 'ВЫПЕЧКА'];

export function buildDictionaries(): Record<string, RefItemAttrs[]> {
  const categories = CATEGORY_NAMES.map((n, i) => item(1000 + i, i + 1, n));
  const categIdent = (name: string): string => String(1000 + CATEGORY_NAMES.indexOf(name));
  const menu = [
    ...SEED_000_MENU.map((m, i) =>
      item(2000 + i, Number(m.code), m.name, { CategPath: m.category, MainParentIdent: categIdent(m.category), PRICETYPES: String(m.price) }),
    ),
    item(2100, 2401, 'Запеченная Филадельфия под шапочкой', { MainParentIdent: categIdent('Роллы'), PRICETYPES: '59000' }),
    item(2101, 3001, 'Морс клюквенный', { MainParentIdent: categIdent('Бар'), PRICETYPES: '15000' }),
    item(2102, 3002, 'Бизнес ланч', { MainParentIdent: categIdent('Бизнес ланч 2022'), PRICETYPES: '45000', Status: 'rsDraft' }),
  ];
  const discountNames = [
    'Скидка 5% по карте', 'Скидка 10% по карте', 'Скидка именинника 15%', 'Счастливые часы 20%',
    'Скидка сотрудника 30%', 'Бонусная скидка Kopilka', 'Скидка на бизнес ланч', 'Скидка по купону',
    'Скидка постоянного гостя', 'Банкетная скидка',
  ];
  const discounts = discountNames.map((n, i) => item(3000 + i, i + 1, n, i === 8 ? { Status: 'rsDeleted' } : {}));
  const currencies = [
    item(4000, 1, 'Рубли', { CurrencyType: '1' }),
    item(4001, 2, 'Банковская карта', { CurrencyType: '2' }),
    item(4002, 3, 'Депозит', { CurrencyType: '3' }),
    item(4003, 4, 'Бонусы Kopilka', { CurrencyType: '3' }),
  ];
  return {
    MENUITEMS: menu,
    CATEGLIST: categories,
    DISCOUNTS: discounts,
    CURRENCIES: currencies,
    RESTAURANTS: [item(5000, 199999999, 'Тестовая')],
    CASHES: [item(6000, 2, 'Касса r-keeper', { NetName: 'CASH02' }), item(6001, 3, 'Бар', { NetName: 'CASH03' })],
    CASHGROUPS: [item(6100, 1, 'Кассовый сервер Тестовая', { NetName: 'MIDSERV' })],
  };
}

export const SEED_000_STATION: TillStation = {
  stationCode: 2,
  restaurantCode: '199999999',
  cashServerName: 'MIDSERV',
  shiftDate: '2024-03-04',
  shiftNum: 412,
  interfaceId: 1,
};

/** Seed 000's check: six rolls, 2350.00, the whole sum paid from the deposit of card 100038. */
export function seed000Order(): TillOrder {
  return {
    orderNum: '15/3',
    orderGuid: '{5A1B7C2D-3E4F-4A5B-8C6D-7E8F9A0B1C2D}',
    checkNum: 2226634,
    tableName: '15',
    guests: 1,
    waiter: { id: '7001', name: 'Кассир' },
    lines: SEED_000_MENU.map((m) => ({ code: m.code, name: m.name, price: m.price, quantityMilli: 1000, category: m.category })),
    payments: [
      { code: '3', name: 'Депозит', sum: 235000, cardCode: SEED_000_CARD.code, interfaceId: SEED_000_STATION.interfaceId, payType: 3 },
    ],
    openedAt: '2024-03-04T11:15:00',
    closedAt: '2024-03-04T11:22:00',
  };
}
