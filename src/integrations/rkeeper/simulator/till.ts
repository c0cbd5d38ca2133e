// A fake r_keeper till: builds FarCards requests the way ExtDllHTTP.dll does and posts them to
// Address + "/" + the ini's value of each function (`<Address>/getcardinfoex` by default). A
// timed-out call is retried with the byte-identical body (same check number, unit, date and order
// GUID), as the DLL does, so the server's idempotency on r_keeper's identifiers is what keeps the
// effect single. It can also play a DLL that keeps only scheme://host:port of Address.
import type { CheckModeName } from '../farcards/check.ts';
import type { FarCardsMethod } from '../farcards/requests.ts';
import { guard, type ParseResult } from '../farcards/errors.ts';
import { isoToDelphiDay, parseInteger } from '../farcards/numbers.ts';
import { attr, findAll, parseXmlText, sameName, type XmlElement } from '../farcards/xml.ts';
import { XML_DECL, element } from '../farcards/xml-write.ts';
import { buildCheckXml, buildShortCheck, lineSum, type TillOrder, type TillStation } from './check-xml.ts';

export interface TillConfig {
  /** Address from ExtDllHttp.ini [Server] Address, e.g. http://127.0.0.1:8080/rk/<key>. */
  baseUrl: string;
  /** The ini's value of each function (`GetCardInfoEx=…`); a function not named is called by its own name. */
  methods?: Partial<Record<FarCardsMethod, string>>;
  /**
   * False: the DLL keeps only scheme://host:port of Address and drops its path — nothing public
   * says whether ExtDllHTTP keeps it, so both must work. Default true.
   */
  keepsAddressPath?: boolean;
  /** Restaurant id the DLL reports (QRY@Restaurant, TransactionsEx@Restaurant). */
  restaurant: number;
  station: TillStation;
  timeoutMs?: number;
  /** Further attempts after a timeout or a network error. */
  retries?: number;
  /** Extra headers, e.g. Authorization for the restaurant's FarCards credential. */
  headers?: Record<string, string>;
}

export interface CardInfoReply {
  result: number;
  attrs: Readonly<Record<string, string>>;
  holder?: string;
  /** Summa, kopecks. */
  available?: number;
  screenMessage?: string;
}

export interface TransactionsReply {
  result: number;
  errorCode?: number;
  errorText?: string;
}

export interface Posted<T> {
  attempts: number;
  /** Exactly what was sent, for idempotency assertions. */
  body: string;
  status: number;
  reply: ParseResult<T>;
}

const FORWARD_MODES: readonly CheckModeName[] = ['Sale', 'ReturnRollback'];

const INI_KEYS: Readonly<Record<string, FarCardsMethod>> = {
  getcardinfoex: 'getcardinfoex',
  transactionsex: 'transactionsex',
  findemail: 'findemail',
  getcardimageex: 'getcardimageex',
  licenseinfo: 'licenseinfo',
};

/** [Server] Address and the function values of an ExtDllHttp.ini text. */
export function readExtDllHttpIni(ini: string): Pick<TillConfig, 'baseUrl' | 'methods'> {
  let baseUrl = '';
  const methods: Partial<Record<FarCardsMethod, string>> = {};
  let section = '';
  for (const raw of ini.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';')) continue;
    const head = /^\[(.+)\]$/.exec(line);
    if (head) {
      section = (head[1] ?? '').toLowerCase();
      continue;
    }
    const eq = line.indexOf('=');
    if (section !== 'server' || eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    if (key === 'address') baseUrl = value;
    const method = INI_KEYS[key];
    if (method) methods[method] = value;
  }
  if (baseUrl === '') throw new TypeError('ExtDllHttp.ini has no [Server] Address');
  return { baseUrl, methods };
}

function answerElement(text: string, name: string): XmlElement {
  const root = parseXmlText(text);
  const el = sameName(root.name, name) ? root : findAll(root, [name])[0];
  if (!el) throw new TypeError(`no ${name} in the answer`);
  return el;
}

function parseCardInfo(text: string): CardInfoReply {
  const el = answerElement(text, 'GetCardInfoEx');
  const summa = attr(el, 'Summa');
  return {
    result: parseInteger('Result', attr(el, 'Result') ?? ''),
    attrs: el.attrs,
    holder: attr(el, 'Holder'),
    available: summa === undefined ? undefined : parseInteger('Summa', summa),
    screenMessage: attr(el, 'ScrMessage'),
  };
}

function parseTransactions(text: string): TransactionsReply {
  const el = answerElement(text, 'TransactionsEx');
  const tr = findAll(el, ['TRRESPONSE'])[0];
  const code = tr ? attr(tr, 'error_code') : undefined;
  return {
    result: parseInteger('Result', attr(el, 'Result') ?? ''),
    errorCode: code === undefined ? undefined : parseInteger('error_code', code),
    errorText: (tr && attr(tr, 'err_text')) ?? attr(el, 'ErrorText'),
  };
}

export class FakeTill {
  private readonly timeoutMs: number;
  private readonly retries: number;

  constructor(private readonly config: TillConfig) {
    this.timeoutMs = config.timeoutMs ?? 3000;
    this.retries = config.retries ?? 2;
  }

  /** A till set up from an ExtDllHttp.ini text (e.g. `kopilka rkeeper ini`'s output). */
  static fromIni(ini: string, config: Omit<TillConfig, 'baseUrl' | 'methods'>): FakeTill {
    return new FakeTill({ ...config, ...readExtDllHttpIni(ini) });
  }

  /** What ExtDllHTTP calls for a function: Address + "/" + the ini's value (UCS's own example). */
  urlOf(method: FarCardsMethod): string {
    const address = this.config.keepsAddressPath === false
      ? new URL(this.config.baseUrl).origin
      : this.config.baseUrl.replace(/\/+$/, '');
    return `${address}/${this.config.methods?.[method] ?? method}`;
  }

  /** getcardinfoex body: QRY with INPBUF; the full check when inside an order, else the short one. */
  cardInfoBody(card: string, order?: TillOrder, mode: CheckModeName = 'OrderCalc'): string {
    const st = this.config.station;
    const check = order ? buildCheckXml(st, order, mode, card) : buildShortCheck(st, card, `${st.shiftDate}T12:00:00`);
    return XML_DECL + element('ROOT', {},
      element('QRY', { Card: card, Restaurant: this.config.restaurant, UnitNo: st.stationCode },
        element('INPBUF', { InpKind: 1 }, check)));
  }

  /**
   * transactionsex body for a closed check paid (partly) from the card: one Kind 0 record per
   * card payment and one Kind 3 record with the check total. Sale and ReturnRollback move money
   * forward (payment negative); SaleRollback and Return undo it (signs flipped).
   */
  transactionsBody(card: string, order: TillOrder, mode: CheckModeName, account: number): string {
    const st = this.config.station;
    const sign = FORWARD_MODES.includes(mode) ? 1 : -1;
    const total = order.lines.reduce((s, l) => s + lineSum(l), 0);
    const common = {
      Card: card, PersonID: account, Account: account, Restaurant: this.config.restaurant,
      RKDate: isoToDelphiDay(st.shiftDate), RKUni: st.stationCode, RKCheck: order.checkNum,
    };
    const records = [
      ...order.payments
        .filter((p) => p.cardCode === card)
        .map((p) => element('TransactionsEx', { ...common, Kind: 0, Summa: -sign * p.sum })),
      element('TransactionsEx', { ...common, Kind: 3, Summa: sign * total, VatSumA: sign * total, VatPrcA: 2000 }),
    ];
    return XML_DECL + element('ROOT', {}, element('Transactions', {}, records.join('')) +
      element('InpBuf', { InpKind: 1 }, buildCheckXml(st, order, mode, card)));
  }

  async getCardInfo(card: string, order?: TillOrder, mode: CheckModeName = 'OrderCalc'): Promise<Posted<CardInfoReply>> {
    return this.post('getcardinfoex', this.cardInfoBody(card, order, mode), parseCardInfo);
  }

  async transactions(card: string, order: TillOrder, mode: CheckModeName, account: number): Promise<Posted<TransactionsReply>> {
    return this.post('transactionsex', this.transactionsBody(card, order, mode, account), parseTransactions);
  }

  /**
   * ExtDllHTTP's licensing notice (ini key LicenseInfo). UCS publishes no body for it; this one
   * is a plausible shape (the DLL's XML conventions), and Kopilka reads any shape.
   */
  licenseInfoBody(message: string): string {
    return XML_DECL + element('ROOT', {}, element('LICENSEINFO', { Restaurant: this.config.restaurant, UnitNo: this.config.station.stationCode, ErrorText: message }));
  }

  async licenseInfo(message: string): Promise<Posted<{ result: number }>> {
    return this.post('licenseinfo', this.licenseInfoBody(message), (text) => ({
      result: parseInteger('Result', attr(answerElement(text, 'LicenseInfo'), 'Result') ?? ''),
    }));
  }

  sale(card: string, order: TillOrder, account: number) { return this.transactions(card, order, 'Sale', account); }
  saleRollback(card: string, order: TillOrder, account: number) { return this.transactions(card, order, 'SaleRollback', account); }
  refund(card: string, order: TillOrder, account: number) { return this.transactions(card, order, 'Return', account); }
  returnRollback(card: string, order: TillOrder, account: number) { return this.transactions(card, order, 'ReturnRollback', account); }

  private async post<T>(method: FarCardsMethod, body: string, parse: (text: string) => T): Promise<Posted<T>> {
    const url = this.urlOf(method);
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.retries + 1; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'text/xml; charset=utf-8', ...this.config.headers },
          body,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        const text = await res.text();
        return { attempts: attempt, body, status: res.status, reply: guard(() => parse(text)) };
      } catch (e) {
        lastError = e;
      }
    }
    throw new Error(`${method}: no answer after ${this.retries + 1} attempts`, { cause: lastError });
  }
}
