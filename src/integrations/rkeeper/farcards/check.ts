// The check XML that r_keeper puts into INPBUF ("XML description of a cash document for
// provision to external systems"): CHECK → CHECKDATA → persons, lines, categories, discounts,
// bonuses, payments. Element and attribute names follow UCS and AndryPol/FarcardsNet
// (FarcardContract/Data/BufferData); matching is case-insensitive.
import { missingField } from './errors.ts';
import {
  parseDateTime,
  parseInteger,
  parseMoney,
  parseQuantityMilli,
  type IntegerMoneyUnit,
  type IntegerQuantityUnit,
} from './numbers.ts';
import { lineAmount } from '../../../domain/money.ts';
import { attr, childNamed, childrenNamed, findAll, type XmlElement } from './xml.ts';

/** chmode: why r_keeper calls us with this check. */
export const CheckMode = {
  NotCheck: 0,
  Sale: 1,
  SaleRollback: 2,
  Return: 3,
  ReturnRollback: 4,
  OrderEditing: 5,
  OrderBill: 6,
  OrderCalc: 7,
  PrintCardInfo: 8,
  InitEntranceCardOrder: 9,
  PrintAfterTransaction: 10,
  ServPrint: 11,
  CancelBill: 12,
  BeforeReceipt: 13,
} as const;
export type CheckModeName = keyof typeof CheckMode;

const MODE_BY_CODE = new Map<number, CheckModeName>(
  (Object.entries(CheckMode) as [CheckModeName, number][]).map(([k, v]) => [v, k]),
);

export function checkModeName(code: number): CheckModeName | null {
  return MODE_BY_CODE.get(code) ?? null;
}

/**
 * Units of bare integers in the check XML. FarcardsNet models these fields as decimals in
 * roubles and units ("290.00", "1"); values with a decimal point are always read that way.
 * An installation that sends kopecks/thousandths as bare integers is configured here.
 */
export interface CheckUnits {
  money: IntegerMoneyUnit;
  quantity: IntegerQuantityUnit;
}
export const DEFAULT_CHECK_UNITS: CheckUnits = { money: 'roubles', quantity: 'units' };

type Raw = Readonly<Record<string, string>>;

export interface RkPerson { id?: string; name?: string; role?: string; code?: string; raw: Raw }
export interface RkCheckLine {
  id?: string; uni?: string; parent?: string;
  /** dish, combo, modify, ticket or undefined (r_keeper's own words). */
  type?: string;
  code?: string; name: string;
  quantityMilli: number;
  /** Kopecks. */ price: number;
  /** Kopecks; computed from price × quantity when r_keeper leaves it out. */ sum: number;
  category?: string; categoryId?: string; servPrint?: string;
  raw: Raw;
}
export interface RkCheckCategory { id?: string; code?: string; name?: string; sum: number; discountSum: number; raw: Raw }
export interface RkCheckDiscount {
  id?: string; code?: string; name?: string; sum: number; cardCode?: string;
  interfaceId?: number; uni?: string; objectUni?: string; raw: Raw;
}
export interface RkDiscountPart { id?: string; discountLineUni?: string; sum: number; raw: Raw }
export interface RkBonus { id?: string; code?: string; name?: string; sum: number; cardCode?: string; interfaceId?: number; uni?: string; raw: Raw }
export type PayType = 'cash' | 'bank_card' | 'other';
export interface RkPayment {
  code?: string; name?: string;
  /** Kopecks in the check's currency. */ sum: number;
  /** Kopecks in the base currency, when r_keeper sends it. */ baseSum?: number;
  interfaceId?: number; cardCode?: string; ownerInfo?: string; uni?: string;
  extTransactionInfo?: string; payType: PayType | null; raw: Raw;
}
export interface RkCheckData {
  orderNum?: string; orderGuid?: string; guests?: number; checkNum?: string; tableName?: string;
  orderCategory?: string; orderType?: string; startService?: string; closedAt?: string;
  checkGuid?: string; printNum?: string; extFiscId?: string; fiscDocNum?: string; persistentComment?: string;
  persons: RkPerson[]; lines: RkCheckLine[]; categories: RkCheckCategory[];
  checkDiscounts: RkCheckDiscount[]; discountParts: RkDiscountPart[]; bonuses: RkBonus[]; payments: RkPayment[];
  raw: Raw;
}
export interface RkCardInterface { type?: string; id?: string; mode?: string; cardCodes: string[] }
export interface RkCheck {
  stationCode?: string; restaurantCode?: string; cashServerName?: string;
  /** Normalized "YYYY-MM-DDTHH:MM:SS" when readable; r_keeper's own text is kept in raw. */
  generatedAt?: string;
  mode: CheckModeName | null; modeCode: number | null;
  locale?: string; shiftDate?: string; shiftNum?: number; protocolVersion?: string;
  clientApp?: string; clientVersion?: string;
  /** EXTINFO/INTERFACES: the card interfaces and the card codes applied to the order. */
  interfaces: RkCardInterface[];
  data: RkCheckData | null;
  raw: Raw;
}

function lenientDateTime(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // The UCS sample itself carries a garbled generateddatetime; an unreadable time is not fatal.
  try {
    return parseDateTime('datetime', raw);
  } catch {
    return undefined;
  }
}

function optInt(el: XmlElement, field: string, ...names: string[]): number | undefined {
  const v = attr(el, ...names);
  return v === undefined ? undefined : parseInteger(field, v);
}

function money(el: XmlElement, field: string, units: CheckUnits, ...names: string[]): number | undefined {
  const v = attr(el, ...names);
  return v === undefined ? undefined : parseMoney(field, v, units.money);
}

function items(data: XmlElement, container: string, item: string): XmlElement[] {
  return childrenNamed(data, container).flatMap((c) => childrenNamed(c, item));
}

const PAY_TYPES: Record<string, PayType> = { '1': 'cash', '2': 'bank_card', '3': 'other' };

function parseLine(el: XmlElement, i: number, units: CheckUnits): RkCheckLine {
  const f = `LINE[${i}]`;
  const quantityRaw = attr(el, 'quantity', 'qnt');
  const quantityMilli = quantityRaw === undefined ? 1000 : parseQuantityMilli(`${f}.quantity`, quantityRaw, units.quantity);
  const price = money(el, `${f}.price`, units, 'price') ?? 0;
  return {
    id: attr(el, 'id'), uni: attr(el, 'uni'), parent: attr(el, 'parent'), type: attr(el, 'type'),
    code: attr(el, 'code'), name: attr(el, 'name') ?? '',
    quantityMilli, price,
    sum: money(el, `${f}.sum`, units, 'sum', 'summa') ?? lineAmount(price, quantityMilli),
    category: attr(el, 'categ', 'category'), categoryId: attr(el, 'categ_id', 'categid'),
    servPrint: attr(el, 'servprint'), raw: el.attrs,
  };
}

function parsePayment(el: XmlElement, i: number, units: CheckUnits): RkPayment {
  const f = `PAYMENT[${i}]`;
  const payTypeRaw = attr(el, 'paytype');
  return {
    code: attr(el, 'code'), name: attr(el, 'name'),
    sum: money(el, `${f}.sum`, units, 'sum', 'summa') ?? 0,
    baseSum: money(el, `${f}.bsum`, units, 'bsum'),
    interfaceId: optInt(el, `${f}.interface`, 'interface'),
    cardCode: attr(el, 'cardcode'), ownerInfo: attr(el, 'ownerinfo'), uni: attr(el, 'uni'),
    extTransactionInfo: attr(el, 'exttransactioninfo'),
    payType: payTypeRaw === undefined ? null : (PAY_TYPES[payTypeRaw] ?? null),
    raw: el.attrs,
  };
}

function parseData(el: XmlElement, units: CheckUnits): RkCheckData {
  return {
    orderNum: attr(el, 'ordernum'), orderGuid: attr(el, 'orderguid'),
    // FarcardsNet spells it "quests"; UCS says "guests". Both are read.
    guests: optInt(el, 'CHECKDATA.guests', 'guests', 'quests'),
    checkNum: attr(el, 'checknum'), tableName: attr(el, 'tablename'),
    orderCategory: attr(el, 'order_cat'), orderType: attr(el, 'order_type'),
    startService: lenientDateTime(attr(el, 'startservice')), closedAt: lenientDateTime(attr(el, 'closedatetime')),
    checkGuid: attr(el, 'checkguid'), printNum: attr(el, 'printnum'), extFiscId: attr(el, 'extfiscid'),
    fiscDocNum: attr(el, 'fiscdocnum'), persistentComment: attr(el, 'persistentcomment'),
    persons: items(el, 'CHECKPERSONS', 'PERSON').map((p) => ({
      id: attr(p, 'id'), name: attr(p, 'name'), role: attr(p, 'role'), code: attr(p, 'code'), raw: p.attrs,
    })),
    lines: items(el, 'CHECKLINES', 'LINE').map((l, i) => parseLine(l, i, units)),
    categories: items(el, 'CHECKCATEGS', 'CATEG').map((c, i) => ({
      id: attr(c, 'id'), code: attr(c, 'code'), name: attr(c, 'name'),
      sum: money(c, `CATEG[${i}].sum`, units, 'sum') ?? 0,
      discountSum: money(c, `CATEG[${i}].discsum`, units, 'discsum') ?? 0, raw: c.attrs,
    })),
    checkDiscounts: items(el, 'CHECKDISCOUNTS', 'DISCOUNT').map((d, i) => ({
      id: attr(d, 'id'), code: attr(d, 'code'), name: attr(d, 'name'),
      sum: money(d, `DISCOUNT[${i}].sum`, units, 'sum') ?? 0, cardCode: attr(d, 'cardcode'),
      interfaceId: optInt(d, `DISCOUNT[${i}].interface`, 'interface'), uni: attr(d, 'uni'),
      objectUni: attr(d, 'objectuni'), raw: d.attrs,
    })),
    discountParts: items(el, 'DISCOUNTS', 'DISCOUNTPART').map((d, i) => ({
      id: attr(d, 'id'), discountLineUni: attr(d, 'disclineuni'),
      sum: money(d, `DISCOUNTPART[${i}].sum`, units, 'sum') ?? 0, raw: d.attrs,
    })),
    bonuses: items(el, 'BONUSES', 'BONUS').map((b, i) => ({
      id: attr(b, 'id'), code: attr(b, 'code'), name: attr(b, 'name'),
      sum: money(b, `BONUS[${i}].sum`, units, 'sum') ?? 0, cardCode: attr(b, 'cardcode'),
      interfaceId: optInt(b, `BONUS[${i}].interface`, 'interface'), uni: attr(b, 'uni'), raw: b.attrs,
    })),
    payments: items(el, 'CHECKPAYMENTS', 'PAYMENT').map((p, i) => parsePayment(p, i, units)),
    raw: el.attrs,
  };
}

/** Parses a CHECK element. Throws protocol failures; call through `guard` or a request parser. */
export function parseCheckElement(el: XmlElement, units: CheckUnits = DEFAULT_CHECK_UNITS): RkCheck {
  const modeRaw = attr(el, 'chmode');
  const modeCode = modeRaw === undefined ? null : parseInteger('CHECK.chmode', modeRaw, 0, 255);
  const shiftDate = attr(el, 'shiftdate');
  const extInfo = childNamed(el, 'EXTINFO');
  const interfaces = extInfo
    ? findAll(extInfo, ['INTERFACE']).map((i) => ({
        type: attr(i, 'type'), id: attr(i, 'id'), mode: attr(i, 'mode'),
        cardCodes: findAll(i, ['ITEM']).flatMap((it) => attr(it, 'cardcode') ?? []),
      }))
    : [];
  const data = childNamed(el, 'CHECKDATA');
  return {
    stationCode: attr(el, 'stationcode'), restaurantCode: attr(el, 'restaurantcode'),
    cashServerName: attr(el, 'cashservername'), generatedAt: lenientDateTime(attr(el, 'generateddatetime')),
    mode: modeCode === null ? null : checkModeName(modeCode), modeCode,
    locale: attr(el, 'locale'),
    shiftDate: shiftDate === undefined ? undefined : lenientDateTime(shiftDate)?.slice(0, 10),
    shiftNum: optInt(el, 'CHECK.shiftnum', 'shiftnum'),
    protocolVersion: attr(el, 'protocolversion'), clientApp: attr(el, 'clientapp'), clientVersion: attr(el, 'clientversion'),
    interfaces,
    data: data ? parseData(data, units) : null,
    raw: el.attrs,
  };
}

/** Finds the CHECK inside an INPBUF-like container (or the element itself) and parses it. */
export function parseCheckIn(container: XmlElement, units: CheckUnits): RkCheck {
  if (container.name.toLowerCase() === 'check') return parseCheckElement(container, units);
  const check = findAll(container, ['CHECK'])[0];
  if (!check) return missingField('CHECK');
  return parseCheckElement(check, units);
}
