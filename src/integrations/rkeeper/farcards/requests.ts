// Typed FarCards HTTP requests (ExtDllHTTP.dll → Kopilka). One entry point for the HTTP wiring:
// parseFarCardsRequest(body, contentType, { method }) → a typed request or a typed protocol error,
// never an exception. Names and variants accepted are listed in docs/integrations/rkeeper-protocol.md.
import { badValue, guard, missingField, reject, type ParseResult } from './errors.ts';
import { DEFAULT_CHECK_UNITS, parseCheckElement, parseCheckIn, type CheckUnits, type RkCheck } from './check.ts';
import { isoToDelphiDay, parseCashDate, parseInteger, parseMoney } from './numbers.ts';
import {
  DEFAULT_XML_LIMITS, attr, childNamed, decodeBody, findAll, parseXmlBody, parseXmlText, sameName, type XmlElement, type XmlLimits,
} from './xml.ts';

export const FARCARDS_METHODS = ['getcardinfoex', 'transactionsex', 'findemail', 'getcardimageex', 'licenseinfo'] as const;
export type FarCardsMethod = (typeof FARCARDS_METHODS)[number];

export interface GetCardInfoExRequest {
  method: 'getcardinfoex';
  card: string;
  restaurant: number | null;
  unitNo: number | null;
  /** INPBUF kind (1 = XML) when the DLL sends it. */
  inpKind: number | null;
  /** The check from INPBUF, when the card is applied inside an order. */
  check: RkCheck | null;
}

export type TransactionKind = 'payment' | 'discount' | 'bonus' | 'spending';
const KINDS: readonly TransactionKind[] = ['payment', 'discount', 'bonus', 'spending'];

export interface VatPart {
  /** A..H: the tax slot in r_keeper. */
  slot: string;
  /** Sum including the tax, kopecks. */
  sum: number;
  /** Tax rate in hundredths of a percent: 2000 = 20.00 %. */
  rateHundredths: number;
}

export interface FarCardsTransaction {
  /** 1-based position in the packet: TRRESPONSE/TRANSACTION@num refers to it. */
  num: number;
  card: string;
  personId: string | null;
  account: string | null;
  kind: TransactionKind;
  kindCode: 0 | 1 | 2 | 3;
  /** Signed kopecks exactly as r_keeper sent them. */
  amount: number;
  /**
   * True when the sign says "undo": a payment or discount with a positive amount, a bonus or
   * the guest's spending with a negative one.
   */
  reversal: boolean;
  restaurant: number | null;
  /** Cash (business) date, "YYYY-MM-DD". */
  cashDate: string | null;
  /** The same date as r_keeper's day serial (days since 1899-12-30). */
  cashDay: number | null;
  unitNo: number | null;
  checkNumber: number | null;
  vat: VatPart[];
}

export interface TransactionsExRequest {
  method: 'transactionsex';
  transactions: FarCardsTransaction[];
  inpKind: number | null;
  check: RkCheck | null;
}

export interface FindEmailRequest { method: 'findemail'; email: string }
export interface GetCardImageExRequest { method: 'getcardimageex'; card: string }

/**
 * ExtDllHTTP's notice of a licensing problem (ini key `LicenseInfo=`, "адрес для нотификации
 * ошибок лицензирования"). Its body is not published, so it is kept as text: the XML's elements,
 * attributes and character data in document order, or the body itself when it is not XML.
 */
export interface LicenseInfoRequest { method: 'licenseinfo'; notice: string }

export type FarCardsRequest = GetCardInfoExRequest | TransactionsExRequest | FindEmailRequest | GetCardImageExRequest | LicenseInfoRequest;

/** The longest licensing notice kept; a real one is a line or two. */
export const LICENSE_NOTICE_MAX = 1000;

export interface ParseOptions {
  /** The method from the URL path; when absent it is inferred from the body. */
  method?: FarCardsMethod;
  limits?: XmlLimits;
  checkUnits?: CheckUnits;
}

export function isFarCardsMethod(value: string): value is FarCardsMethod {
  return (FARCARDS_METHODS as readonly string[]).includes(value.toLowerCase());
}

const TRANSACTION_NAMES = ['TransactionsEx', 'TransactionEx', 'Transaction', 'TRN'];
const VAT_SLOTS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

function cardCode(field: string, raw: string | undefined): string {
  if (raw === undefined) return missingField(field);
  // r_keeper card codes are Int64 in the DLL; magnetic/QR codes arrive as text, so only sanity limits.
  if (raw.length > 64 || Array.from(raw).some((ch) => ch.charCodeAt(0) < 0x20)) return badValue(field, raw);
  return raw;
}

function optInt(el: XmlElement, field: string, ...names: string[]): number | null {
  const v = attr(el, ...names);
  return v === undefined ? null : parseInteger(field, v);
}

function optId(el: XmlElement, ...names: string[]): string | null {
  const v = attr(el, ...names);
  return v === undefined || v === '0' ? null : v;
}

/** INPBUF holds the check as nested XML; tunnels also send it escaped as text or as base64. */
function readInpBuf(root: XmlElement, units: CheckUnits, limits: XmlLimits): { check: RkCheck | null; inpKind: number | null } {
  const buf = findAll(root, ['INPBUF'])[0];
  if (!buf) return { check: null, inpKind: null };
  const inpKind = optInt(buf, 'INPBUF.InpKind', 'InpKind');
  if (buf.children.length > 0) return { check: parseCheckIn(buf, units), inpKind };
  const text = buf.text.trim();
  if (text === '') return { check: null, inpKind };
  const xml = text.startsWith('<') ? text : Buffer.from(text, 'base64').toString('utf8').trim();
  if (!xml.startsWith('<')) return badValue('INPBUF', text);
  return { check: parseCheckElement(parseXmlText(xml, limits), units), inpKind };
}

function qryOf(root: XmlElement): XmlElement {
  const qry = sameName(root.name, 'QRY') ? root : (childNamed(root, 'QRY') ?? findAll(root, ['QRY'])[0]);
  return qry ?? missingField('QRY');
}

function parseTransaction(el: XmlElement, index: number): FarCardsTransaction {
  const f = `TransactionsEx[${index}]`;
  const kindRaw = attr(el, 'Kind', 'Type', 'TrType');
  if (kindRaw === undefined) return missingField(`${f}.Kind`);
  const kindCode = parseInteger(`${f}.Kind`, kindRaw, 0, 3) as 0 | 1 | 2 | 3;
  const amountRaw = attr(el, 'Summa', 'Amount', 'Sum');
  if (amountRaw === undefined) return missingField(`${f}.Summa`);
  const amount = parseMoney(`${f}.Summa`, amountRaw, 'kopecks');
  const dateRaw = attr(el, 'RKDate', 'CashDate', 'Date');
  const cashDate = dateRaw === undefined ? null : parseCashDate(`${f}.RKDate`, dateRaw);
  const vat: VatPart[] = [];
  VAT_SLOTS.forEach((slot, i) => {
    const sum = attr(el, `VatSum${slot}`, `VatSum${i + 1}`);
    const rate = attr(el, `VatPrc${slot}`, `VatPrc${i + 1}`);
    if (sum === undefined && rate === undefined) return;
    vat.push({
      slot,
      sum: sum === undefined ? 0 : parseMoney(`${f}.VatSum${slot}`, sum, 'kopecks'),
      rateHundredths: rate === undefined ? 0 : parseMoney(`${f}.VatPrc${slot}`, rate, 'kopecks'),
    });
  });
  const negativeIsForward = kindCode === 0 || kindCode === 1;
  return {
    num: index + 1,
    card: cardCode(`${f}.Card`, attr(el, 'Card', 'CardCode', 'CardNum')),
    personId: optId(el, 'PersonID', 'OwnerId', 'Owner'),
    account: optId(el, 'Account'),
    kind: KINDS[kindCode] as TransactionKind,
    kindCode,
    amount,
    reversal: negativeIsForward ? amount > 0 : amount < 0,
    restaurant: optInt(el, `${f}.Restaurant`, 'Restaurant'),
    cashDate,
    cashDay: cashDate === null ? null : isoToDelphiDay(cashDate),
    unitNo: optInt(el, `${f}.RKUni`, 'RKUni', 'UnitNo', 'Unit'),
    checkNumber: optInt(el, `${f}.RKCheck`, 'RKCheck', 'CheckNumber', 'CheckNum'),
    vat,
  };
}

function parseByMethod(method: FarCardsMethod, root: XmlElement, units: CheckUnits, limits: XmlLimits): FarCardsRequest {
  switch (method) {
    case 'getcardinfoex': {
      const qry = qryOf(root);
      return {
        method,
        card: cardCode('QRY.Card', attr(qry, 'Card', 'CardCode')),
        restaurant: optInt(qry, 'QRY.Restaurant', 'Restaurant'),
        unitNo: optInt(qry, 'QRY.UnitNo', 'UnitNo', 'Unit'),
        ...readInpBuf(root, units, limits),
      };
    }
    case 'transactionsex': {
      const records = findAll(root, TRANSACTION_NAMES, ['INPBUF']);
      if (records.length === 0) return missingField('TransactionsEx');
      const transactions = records.map(parseTransaction);
      const inp = readInpBuf(root, units, limits);
      // An operation Kopilka does not know must move nothing: guessing it from the signs could
      // debit a card for something r_keeper meant otherwise.
      if (inp.check && inp.check.modeCode !== null && inp.check.mode === null) {
        return badValue('CHECK.chmode', String(inp.check.modeCode));
      }
      return { method, transactions, ...inp };
    }
    case 'findemail': {
      const email = attr(qryOf(root), 'Email', 'EMail');
      if (email === undefined) return missingField('QRY.Email');
      if (email.length > 254) return badValue('QRY.Email', email);
      return { method, email };
    }
    case 'getcardimageex':
      return { method, card: cardCode('QRY.CardCode', attr(qryOf(root), 'CardCode', 'Card')) };
    case 'licenseinfo':
      return { method, notice: noticeText(flatten(root)) };
  }
}

/** `Name a=1 b=x: text; Child c=2` — an unknown XML shape as one readable line. */
function flatten(el: XmlElement): string {
  const attrs = Object.entries(el.attrs).map(([k, v]) => ` ${k}=${v}`).join('');
  const text = el.text.trim() === '' ? '' : `: ${el.text.trim()}`;
  return [`${el.name}${attrs}${text}`, ...el.children.map(flatten)].join('; ');
}

/**
 * The notice is stored as text, so what PostgreSQL cannot store (NUL, lone surrogates) and other
 * control characters go: a body of random bytes is read as a notice, not answered with a 500.
 */
function noticeText(text: string): string {
  const printable = text
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(printable).slice(0, LICENSE_NOTICE_MAX).join('');
}

/** A licensing notice is read whatever it is: XML (any shape), plain text, or nothing. */
function parseLicenseInfo(body: Uint8Array | string, contentType: string | undefined, limits: XmlLimits): LicenseInfoRequest {
  const text = decodeBody(body, contentType, limits);
  if (!text.trimStart().startsWith('<')) return { method: 'licenseinfo', notice: noticeText(text) };
  return parseByMethod('licenseinfo', parseXmlText(text, limits), DEFAULT_CHECK_UNITS, limits) as LicenseInfoRequest;
}

function inferMethod(root: XmlElement): FarCardsMethod {
  if (findAll(root, TRANSACTION_NAMES, ['INPBUF']).length > 0) return 'transactionsex';
  const qry = sameName(root.name, 'QRY') ? root : findAll(root, ['QRY'])[0];
  if (qry && attr(qry, 'Email', 'EMail') !== undefined) return 'findemail';
  if (qry && attr(qry, 'Card') !== undefined) return 'getcardinfoex';
  if (qry && attr(qry, 'CardCode') !== undefined) return 'getcardimageex';
  return reject('rkeeper.request.unknown', {
    ru: 'Не удалось определить метод FarCards по телу запроса',
    en: 'The FarCards method could not be told from the body',
  });
}

export function parseFarCardsRequest(
  body: Uint8Array | string,
  contentType?: string,
  options: ParseOptions = {},
): ParseResult<FarCardsRequest> {
  const limits = options.limits ?? DEFAULT_XML_LIMITS;
  const units = options.checkUnits ?? DEFAULT_CHECK_UNITS;
  return guard(() => {
    if (options.method === 'licenseinfo') return parseLicenseInfo(body, contentType, limits);
    const root = parseXmlBody(body, contentType, limits);
    return parseByMethod(options.method ?? inferMethod(root), root, units, limits);
  });
}

/** The check XML alone (a CHECK root, or anything containing one). */
export function parseRkCheckXml(
  body: Uint8Array | string,
  contentType?: string,
  options: { limits?: XmlLimits; checkUnits?: CheckUnits } = {},
): ParseResult<RkCheck> {
  const limits = options.limits ?? DEFAULT_XML_LIMITS;
  return guard(() => parseCheckIn(parseXmlBody(body, contentType, limits), options.checkUnits ?? DEFAULT_CHECK_UNITS));
}
