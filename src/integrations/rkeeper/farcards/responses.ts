// FarCards HTTP answers (Kopilka → ExtDllHTTP.dll). Attribute names follow the public reference
// server RKVitaly/farcardsHTTP; string limits follow the DLL structs (Extdll6: HolderName[40],
// the other texts [256], null-terminated ANSI), so texts are cut to 39 and 255 characters. Every
// text goes through tillText: the till's ANSI code page (Windows-1251) must be able to hold it.
import type { DomainError } from '../../../domain/errors.ts';
import { isKopecks } from '../../../domain/money.ts';
import type { FarCardsMethod } from './requests.ts';
import { tillText } from './till-text.ts';
import { XML_DECL, element } from './xml-write.ts';

export const FARCARDS_CONTENT_TYPE = 'text/xml; charset=utf-8';
export const HOLDER_MAX = 39;
export const TEXT_MAX = 255;

function document(inner: string): string {
  return `${XML_DECL}<Root>${inner}</Root>`;
}

function kopecks(field: string, value: number): number {
  if (!isKopecks(value)) throw new RangeError(`${field} must be integer kopecks, got ${value}`);
  return value;
}

function unsigned(field: string, value: number | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0 || value > max) throw new RangeError(`${field} out of range: ${value}`);
  return value;
}

export interface CardInfoAnswer {
  deleted?: boolean;
  /** The cashier must take the card away (Seize). */
  seize?: boolean;
  /** The card has expired (StopDate). */
  expired?: boolean;
  /** The card is not active right now (Holy). */
  inactive?: boolean;
  needsManager?: boolean;
  locked?: boolean;
  whyLock?: string;
  holder?: string;
  /** Int64 owner id in the DLL; digits. */
  personId?: string;
  /** DWORD account number in the DLL (the seed's card UID 61366822 fits). */
  account?: number;
  /** Non-payer type. */
  unpay?: number;
  /** Number of the bonus type in r_keeper's dictionary. */
  bonusType?: number;
  /** Number of the discount type in r_keeper's dictionary. */
  discountType?: number;
  /** Kopecks. */
  discountLimit?: number;
  /** Summa: kopecks available to pay the check with. */
  available?: number;
  /** Sum2..Sum8 in kopecks, in order; at most seven. */
  extraSums?: readonly number[];
  dopInfo?: string;
  screenMessage?: string;
  printMessage?: string;
}

export function buildGetCardInfoExResponse(a: CardInfoAnswer): string {
  const extra = a.extraSums ?? [];
  if (extra.length > 7) throw new RangeError('at most seven extra sums (Sum2..Sum8)');
  if (a.personId !== undefined && !/^\d{1,19}$/.test(a.personId)) throw new RangeError('personId must be digits');
  const sums: Record<string, number> = {};
  for (let i = 0; i < 7; i++) sums[`Sum${i + 2}`] = kopecks(`Sum${i + 2}`, extra[i] ?? 0);
  return document(
    element('GetCardInfoEx', {
      Result: 0,
      Deleted: a.deleted ?? false,
      Seize: a.seize ?? false,
      StopDate: a.expired ?? false,
      Holy: a.inactive ?? false,
      Manager: a.needsManager ?? false,
      Locked: a.locked ?? false,
      WhyLock: tillText(a.whyLock ?? '', TEXT_MAX),
      Holder: tillText(a.holder ?? '', HOLDER_MAX),
      PersonID: a.personId ?? '0',
      Account: unsigned('account', a.account, 0xffffffff) ?? 0,
      Unpay: unsigned('unpay', a.unpay, 0xffffffff) ?? 0,
      Bonus: unsigned('bonusType', a.bonusType, 0xffff) ?? 0,
      Discount: unsigned('discountType', a.discountType, 0xffff) ?? 0,
      DiscLimit: kopecks('discountLimit', a.discountLimit ?? 0),
      Summa: kopecks('available', a.available ?? 0),
      ...sums,
      DopInfo: tillText(a.dopInfo ?? '', TEXT_MAX),
      ScrMessage: tillText(a.screenMessage ?? '', TEXT_MAX),
      PrnMessage: tillText(a.printMessage ?? '', TEXT_MAX),
    }),
  );
}

/** Result="1": the DLL tells the cashier there is no such card. */
export function buildCardNotFoundResponse(screenMessage?: string): string {
  return document(
    element('GetCardInfoEx', {
      Result: 1,
      ScrMessage: screenMessage === undefined ? undefined : tillText(screenMessage, TEXT_MAX),
    }),
  );
}

/** One TRRESPONSE/TRANSACTION: what Kopilka did with transaction `num` of the packet. */
export interface TrResponseTransaction {
  num: number;
  cardCode: string;
  extId?: string;
  /** Kopecks: overrides the value r_keeper stores for the transaction. */
  value?: number;
  subaccount?: number;
  slip?: string;
  extInfo?: string;
}

export type TransactionsExOutcome =
  | { ok: true; warning?: string; transactions?: readonly TrResponseTransaction[] }
  | { ok: false; errorCode: number; errorText: string };

function trResponse(outcome: TransactionsExOutcome): string {
  if (!outcome.ok) {
    return element('TRRESPONSE', { error_code: outcome.errorCode, err_text: tillText(outcome.errorText, TEXT_MAX) });
  }
  const inner = (outcome.transactions ?? [])
    .map((t) =>
      element('TRANSACTION', {
        ext_id: t.extId, cardcode: t.cardCode, num: t.num,
        value: t.value === undefined ? undefined : kopecks('value', t.value),
        subaccount: t.subaccount,
        slip: t.slip === undefined ? undefined : tillText(t.slip, TEXT_MAX),
        extinfo: t.extInfo === undefined ? undefined : tillText(t.extInfo, TEXT_MAX),
      }),
    )
    .join('');
  const attrs = {
    error_code: outcome.warning === undefined ? undefined : 0,
    err_text: outcome.warning === undefined ? undefined : tillText(outcome.warning, TEXT_MAX),
  };
  return inner === '' && outcome.warning === undefined ? '' : element('TRRESPONSE', attrs, inner);
}

/**
 * All-or-nothing answer: Result="0" when every transaction was posted, Result="1" when none was.
 * The TRRESPONSE travels as the OutBuf (OutKind 1 = XML) of the DLL call; err_text with
 * error_code 0 is a warning shown to the cashier (FarCards ≥ 6.04, protocol 30).
 */
export function buildTransactionsExResponse(outcome: TransactionsExOutcome): string {
  if (!outcome.ok && (!Number.isSafeInteger(outcome.errorCode) || outcome.errorCode === 0)) {
    throw new RangeError('a failed TransactionsEx needs a non-zero error code');
  }
  const tr = trResponse(outcome);
  const inner = tr === '' ? '' : element('OutBuf', { OutKind: 1 }, tr);
  return document(
    element('TransactionsEx', { Result: outcome.ok ? 0 : 1, ErrorText: outcome.ok ? undefined : tillText(outcome.errorText, TEXT_MAX) }, inner),
  );
}

export type FindEmailAnswer = { found: true; account: number; cardCode: string; name: string } | { found: false; errorText?: string };

export function buildFindEmailResponse(a: FindEmailAnswer): string {
  if (!a.found) return document(element('FindEmail', { Result: 1, ErrorText: tillText(a.errorText ?? 'Email not found', TEXT_MAX) }));
  return document(
    element('FindEmail', {
      Result: 0,
      Account: unsigned('account', a.account, 0xffffffff),
      CardCode: a.cardCode,
      Name: tillText(a.name, HOLDER_MAX),
    }),
  );
}

/**
 * getcardimageex answers with the image bytes themselves (Content-Type image/jpeg) when there is
 * a picture; this XML is the "no image" answer.
 */
export function buildGetCardImageExError(errorText: string): string {
  return document(element('GetCardImageEx', { ErrorText: tillText(errorText, TEXT_MAX) }));
}

/**
 * The acknowledgement of a licensing notice. The protocol publishes no answer for LicenseInfo
 * (the reference server only logs the body), so Kopilka answers in the shape of the other
 * methods: Result="0" — received and kept.
 */
export function buildLicenseInfoResponse(): string {
  return document(element('LicenseInfo', { Result: 0 }));
}

/** Stable numbers for TRRESPONSE error_code, one per protocol error code. */
const ERROR_NUMBERS: Record<string, number> = {
  'rkeeper.xml.malformed': 1001,
  'rkeeper.xml.encoding': 1002,
  'rkeeper.xml.dtd_forbidden': 1003,
  'rkeeper.xml.too_large': 1004,
  'rkeeper.request.unknown': 1010,
  'rkeeper.request.missing_field': 1011,
  'rkeeper.request.bad_value': 1012,
};

export function errorNumber(code: string): number {
  return ERROR_NUMBERS[code] ?? 1999;
}

/**
 * The protocol's own "no" for a request Kopilka could not accept, shaped for the method the
 * DLL called, with the Russian text (the cashier's language).
 */
export function buildProtocolErrorResponse(method: FarCardsMethod | undefined, error: DomainError): string {
  const text = error.messageRu;
  switch (method) {
    case 'getcardinfoex':
      return buildCardNotFoundResponse(text);
    case 'transactionsex':
      return buildTransactionsExResponse({ ok: false, errorCode: errorNumber(error.code), errorText: text });
    case 'findemail':
      return buildFindEmailResponse({ found: false, errorText: text });
    case 'getcardimageex':
      return buildGetCardImageExError(text);
    case 'licenseinfo':
      return document(element('LicenseInfo', { Result: 1, ErrorText: tillText(text, TEXT_MAX) }));
    case undefined:
      return document(element('Error', { Result: 1, Code: error.code, ErrorText: tillText(text, TEXT_MAX) }));
  }
}
