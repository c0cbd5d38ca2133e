// The iiko Server dictionaries Kopilka imports (nomenclature, groups, categories, payment
// types) and the parsers that turn iiko's JSON into them. Parsers are pure: the client feeds
// them decoded bodies, tests feed them literals. Anything that is not the documented shape
// throws UnexpectedShape so the client can report "unexpected body" instead of storing junk.

/** Product types documented for ProductDto.type; newer servers may add more, kept as-is. */
export const IIKO_PRODUCT_TYPES = [
  'GOODS',
  'DISH',
  'PREPARED',
  'MODIFIER',
  'SERVICE',
  'RATE',
  'OUTER',
  'PETROL',
] as const;
// `string & {}` keeps editor completion for the known values while accepting new ones.
export type IikoProductType = (typeof IIKO_PRODUCT_TYPES)[number] | (string & {});

export interface IikoProduct {
  id: string;
  name: string;
  /** Article ("артикул"), shown in iikoOffice. */
  num: string | null;
  /** Quick-dial code used at the till. */
  code: string | null;
  /** Nomenclature group id, null at the root. */
  parent: string | null;
  type: IikoProductType;
  /** User-defined product category id. */
  category: string | null;
  /** Default sale price in kopecks, null when the product has none. */
  defaultSalePrice: number | null;
  /** Measuring unit id. */
  mainUnit: string | null;
  deleted: boolean;
}

export interface IikoProductGroup {
  id: string;
  name: string;
  num: string | null;
  code: string | null;
  parent: string | null;
  category: string | null;
  deleted: boolean;
}

export interface IikoProductCategory {
  id: string;
  name: string;
  deleted: boolean;
}

/** iiko's payment group (OLAP field PayTypes.Group; Front API PaymentGroup). */
export type IikoPaymentGroup = 'CASH' | 'CARD' | 'NON_CASH' | 'WRITEOFF';

export interface IikoPaymentType {
  id: string;
  name: string;
  code: string | null;
  deleted: boolean;
  /**
   * Whether iiko prints a fiscal receipt for this type. The reference list does not carry it;
   * it comes from the sales OLAP (PayTypes.IsPrintCheque) and is null for a type that has
   * not been used in a sale within the look-back window.
   */
  fiscal: boolean | null;
  /** Payment group from the same OLAP rows, null when unknown. */
  group: IikoPaymentGroup | null;
}

export interface IikoDictionaries {
  products: IikoProduct[];
  groups: IikoProductGroup[];
  categories: IikoProductCategory[];
  paymentTypes: IikoPaymentType[];
}

export class UnexpectedShape extends Error {
  override name = 'UnexpectedShape';
}

type Json = Record<string, unknown>;

function asObject(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UnexpectedShape(`${what} is not an object`);
  }
  return value as Json;
}

function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new UnexpectedShape(`${what} is not an array`);
  return value;
}

function requiredString(o: Json, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw new UnexpectedShape(`${what}.${key} is missing`);
  return v;
}

function optionalString(o: Json, ...keys: string[]): string | null {
  for (const key of keys) {
    const v = o[key];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return null;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * A decimal amount of roubles (JSON number or string) to kopecks without floating-point
 * arithmetic. A JSON number is read back through String(), which gives the shortest digits
 * that round-trip, i.e. the digits iiko wrote for any price of up to 15 significant digits.
 * Fractions of a kopeck are rounded half away from zero.
 */
export function roublesToKopecks(value: number | string): number {
  const text = typeof value === 'number' ? String(value) : value.trim().replace(',', '.');
  const m = DECIMAL.exec(text);
  if (!m) throw new UnexpectedShape(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign = '', whole = '0', fraction = '', exponent = '0'] = m;
  // Shift the decimal point by the exponent on the digit string, then split at kopecks.
  const digits = whole + fraction;
  const point = whole.length + Number(exponent) + 2;
  const padded = point > digits.length ? digits.padEnd(point, '0') : digits;
  const intPart = point <= 0 ? '0' : padded.slice(0, point);
  const rest = point <= 0 ? '0'.repeat(-point) + padded : padded.slice(point);
  let kopecks = BigInt(intPart === '' ? '0' : intPart);
  if ((rest[0] ?? '0') >= '5') kopecks += 1n;
  const result = Number(sign === '-' ? -kopecks : kopecks);
  if (!Number.isSafeInteger(result)) throw new UnexpectedShape(`amount out of range: ${text}`);
  return result;
}

function price(o: Json, key: string, what: string): number | null {
  const v = o[key];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'number' && typeof v !== 'string') {
    throw new UnexpectedShape(`${what}.${key} is not a number`);
  }
  return roublesToKopecks(v);
}

export function parseProducts(body: unknown): IikoProduct[] {
  return asArray(body, 'products').map((item, i) => {
    const what = `products[${i}]`;
    const o = asObject(item, what);
    return {
      id: requiredString(o, 'id', what),
      name: typeof o.name === 'string' ? o.name : '',
      num: optionalString(o, 'num'),
      code: optionalString(o, 'code'),
      parent: optionalString(o, 'parent'),
      type: requiredString(o, 'type', what),
      // The docs spell the category both ways depending on the server version.
      category: optionalString(o, 'category', 'productCategoryId'),
      defaultSalePrice: price(o, 'defaultSalePrice', what),
      mainUnit: optionalString(o, 'mainUnit'),
      deleted: o.deleted === true,
    };
  });
}

export function parseProductGroups(body: unknown): IikoProductGroup[] {
  return asArray(body, 'groups').map((item, i) => {
    const what = `groups[${i}]`;
    const o = asObject(item, what);
    return {
      id: requiredString(o, 'id', what),
      name: typeof o.name === 'string' ? o.name : '',
      num: optionalString(o, 'num'),
      code: optionalString(o, 'code'),
      parent: optionalString(o, 'parent'),
      category: optionalString(o, 'category', 'productCategoryId'),
      deleted: o.deleted === true,
    };
  });
}

export function parseProductCategories(body: unknown): IikoProductCategory[] {
  return asArray(body, 'categories').map((item, i) => {
    const what = `categories[${i}]`;
    const o = asObject(item, what);
    return {
      id: requiredString(o, 'id', what),
      name: typeof o.name === 'string' ? o.name : '',
      deleted: o.deleted === true,
    };
  });
}

/** Rows of /v2/entities/list?rootType=PaymentType: id, name, code, deleted only. */
export function parsePaymentTypeEntities(
  body: unknown,
): Omit<IikoPaymentType, 'fiscal' | 'group'>[] {
  return asArray(body, 'paymentTypes').map((item, i) => {
    const what = `paymentTypes[${i}]`;
    const o = asObject(item, what);
    if (o.rootType !== undefined && o.rootType !== 'PaymentType') {
      throw new UnexpectedShape(`${what}.rootType is ${String(o.rootType)}`);
    }
    return {
      id: requiredString(o, 'id', what),
      name: typeof o.name === 'string' ? o.name : '',
      code: optionalString(o, 'code'),
      deleted: o.deleted === true,
    };
  });
}

export interface PaymentTypeFiscalFacts {
  fiscal: boolean | null;
  group: IikoPaymentGroup | null;
}

const GROUPS: readonly string[] = ['CASH', 'CARD', 'NON_CASH', 'WRITEOFF'];

/**
 * Rows of a SALES OLAP report grouped by PayTypes.GUID, PayTypes.Group and
 * PayTypes.IsPrintCheque → facts per payment type id. Rows without a GUID (orders closed
 * without payment) are skipped.
 */
export function parsePaymentTypeOlap(body: unknown): Map<string, PaymentTypeFiscalFacts> {
  const rows = asArray(asObject(body, 'olap').data, 'olap.data');
  const facts = new Map<string, PaymentTypeFiscalFacts>();
  rows.forEach((row, i) => {
    const o = asObject(row, `olap.data[${i}]`);
    const id = optionalString(o, 'PayTypes.GUID');
    if (id === null) return;
    const flag = o['PayTypes.IsPrintCheque'];
    const g = o['PayTypes.Group'];
    const fiscal = flag === 'FISCAL' ? true : flag === 'NOT_FISCAL' ? false : null;
    const group = typeof g === 'string' && GROUPS.includes(g) ? (g as IikoPaymentGroup) : null;
    const seen = facts.get(id);
    // A type re-configured within the window shows up with both values: then it is unknown
    // rather than whichever row came last.
    facts.set(id, {
      fiscal: seen === undefined || seen.fiscal === fiscal ? fiscal : null,
      group: seen === undefined || seen.group === group ? group : null,
    });
  });
  return facts;
}
