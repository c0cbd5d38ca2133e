// The iiko Server REST client (/resto/api). Every public operation is one session:
// login → requests → logout, with logout on every path, because each login holds one of the
// restaurant's licence seats until logout (or the server's idle timeout) and a leaked seat can
// lock a cashier or manager out of iikoOffice. Sessions of one client run strictly one after
// another, which is also what iiko asks of API users ("запросы должны выполняться
// последовательно"). Use one client per iiko Server.

import { createHash } from 'node:crypto';
import { DomainError, type Message } from '../../domain/errors.ts';
import {
  parsePaymentTypeEntities,
  parsePaymentTypeOlap,
  parseProductCategories,
  parseProductGroups,
  parseProducts,
  UnexpectedShape,
  type IikoDictionaries,
  type IikoPaymentType,
  type IikoProduct,
  type IikoProductCategory,
  type IikoProductGroup,
} from './dictionaries.ts';
import * as errors from './server-errors.ts';
import type { IikoServerSettings, StoredIikoServerSettings } from './server-settings.ts';
import { exchange, type HttpResponse } from './server-transport.ts';

/** How far back the sales OLAP looks for each payment type's fiscal flag. */
export const DEFAULT_FISCAL_LOOKBACK_DAYS = 92;

export interface IikoServerClientOptions {
  now?: () => Date;
  fiscalLookbackDays?: number;
}

export type ConnectionCheck =
  | { ok: true; baseUrl: string }
  | {
      ok: false;
      baseUrl: string;
      code: string;
      message: Message;
      details: Record<string, unknown>;
    };

type Query = Record<string, string | readonly string[]>;

interface SessionState {
  token: string | null;
  relogged: boolean;
}

export class IikoServerClient {
  readonly baseUrl: string;
  private readonly ctx: errors.IikoServerContext;
  private readonly passHash: string;
  private readonly now: () => Date;
  private readonly lookbackDays: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly settings: IikoServerSettings | StoredIikoServerSettings,
    options: IikoServerClientOptions = {},
  ) {
    const host = settings.address.includes(':') ? `[${settings.address}]` : settings.address;
    this.baseUrl = `${settings.protocol}://${host}:${settings.port}/resto`;
    this.ctx = { serverName: settings.serverName, baseUrl: this.baseUrl, login: settings.login };
    this.passHash =
      'passwordSha1' in settings
        ? settings.passwordSha1
        : createHash('sha1').update(settings.password, 'utf8').digest('hex');
    this.now = options.now ?? (() => new Date());
    this.lookbackDays = options.fiscalLookbackDays ?? DEFAULT_FISCAL_LOOKBACK_DAYS;
  }

  /** Logs in, reads the payment-type list, logs out; never throws a DomainError. */
  async checkConnection(): Promise<ConnectionCheck> {
    try {
      await this.session((s) => this.get(s, 'v2/entities/list', { rootType: 'PaymentType' }));
      return { ok: true, baseUrl: this.baseUrl };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return {
        ok: false,
        baseUrl: this.baseUrl,
        code: e.code,
        message: { ru: e.messageRu, en: e.message },
        details: e.details ?? {},
      };
    }
  }

  importProducts(): Promise<IikoProduct[]> {
    return this.session((s) => this.products(s));
  }

  importProductGroups(): Promise<IikoProductGroup[]> {
    return this.session((s) => this.groups(s));
  }

  importProductCategories(): Promise<IikoProductCategory[]> {
    return this.session((s) => this.categories(s));
  }

  importPaymentTypes(): Promise<IikoPaymentType[]> {
    return this.session((s) => this.paymentTypes(s));
  }

  /** All four dictionaries in one session (one login, one seat). */
  importDictionaries(): Promise<IikoDictionaries> {
    return this.session(async (s) => ({
      products: await this.products(s),
      groups: await this.groups(s),
      categories: await this.categories(s),
      paymentTypes: await this.paymentTypes(s),
    }));
  }

  private async products(s: SessionState): Promise<IikoProduct[]> {
    const path = 'v2/entities/products/list';
    return this.parse(path, parseProducts, await this.get(s, path, { includeDeleted: 'true' }));
  }

  private async groups(s: SessionState): Promise<IikoProductGroup[]> {
    const path = 'v2/entities/products/group/list';
    return this.parse(
      path,
      parseProductGroups,
      await this.get(s, path, { includeDeleted: 'true' }),
    );
  }

  private async categories(s: SessionState): Promise<IikoProductCategory[]> {
    const path = 'v2/entities/products/category/list';
    return this.parse(
      path,
      parseProductCategories,
      await this.get(s, path, { includeDeleted: 'true' }),
    );
  }

  /**
   * The reference list has no fiscal flag, so it is joined with a SALES OLAP report grouped by
   * payment type: every type used in a sale within the look-back window gets iiko's own
   * PayTypes.IsPrintCheque and PayTypes.Group; the others stay unknown (null).
   */
  private async paymentTypes(s: SessionState): Promise<IikoPaymentType[]> {
    const listPath = 'v2/entities/list';
    const list = this.parse(
      listPath,
      parsePaymentTypeEntities,
      await this.get(s, listPath, { rootType: 'PaymentType', includeDeleted: 'true' }),
    );
    const to = this.now();
    const from = new Date(to.getTime() - this.lookbackDays * 86_400_000);
    const olapPath = 'v2/reports/olap';
    const olap = await this.post(s, olapPath, {
      reportType: 'SALES',
      buildSummary: 'false',
      groupByRowFields: ['PayTypes.GUID', 'PayTypes.Group', 'PayTypes.IsPrintCheque'],
      groupByColFields: [],
      aggregateFields: ['DishDiscountSumInt'],
      filters: {
        // iiko requires a date filter on every OLAP request since 5.5.
        'OpenDate.Typed': {
          filterType: 'DateRange',
          periodType: 'CUSTOM',
          from: from.toISOString().slice(0, 10),
          to: to.toISOString().slice(0, 10),
          includeLow: true,
          includeHigh: true,
        },
      },
    });
    const facts = this.parse(olapPath, parsePaymentTypeOlap, olap);
    return list.map((t) => ({ ...t, fiscal: null, group: null, ...facts.get(t.id) }));
  }

  private parse<T>(path: string, parser: (body: unknown) => T, body: unknown): T {
    try {
      return parser(body);
    } catch (e) {
      if (e instanceof UnexpectedShape)
        throw errors.unexpectedResponse(this.ctx, `/resto/api/${path}`, e.message);
      throw e;
    }
  }

  private session<T>(work: (s: SessionState) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const state: SessionState = { token: await this.login(), relogged: false };
      try {
        return await work(state);
      } finally {
        if (state.token !== null) await this.logout(state.token);
      }
    };
    // Chain on the previous session whatever its outcome, so a failure never lets the next
    // caller overlap with a logout still in flight.
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private send(
    method: 'GET' | 'POST',
    path: string,
    query: Query,
    body?: string,
  ): Promise<HttpResponse> {
    const url = new URL(`${this.baseUrl}/api/${path}`);
    for (const [k, v] of Object.entries(query)) {
      for (const item of typeof v === 'string' ? [v] : v) url.searchParams.append(k, item);
    }
    return exchange(
      {
        method,
        url,
        path: `/resto/api/${path}`,
        timeoutMs: this.settings.timeoutMs,
        ...(body === undefined ? {} : { body }),
        ...(this.settings.tlsCa === undefined ? {} : { tlsCa: this.settings.tlsCa }),
      },
      this.ctx,
    );
  }

  private async login(): Promise<string> {
    const res = await this.send('GET', 'auth', { login: this.settings.login, pass: this.passHash });
    if (res.status === 401) throw errors.wrongCredentials(this.ctx);
    if (res.status === 403) throw errors.licenceSeatBusy(this.ctx, res.body.trim());
    if (res.status !== 200)
      throw errors.httpStatus(this.ctx, '/resto/api/auth', res.status, res.body.trim());
    const token = res.body.trim();
    if (!token || /[\s<>{}]/.test(token)) {
      throw errors.unexpectedResponse(this.ctx, '/resto/api/auth', 'no session key in the answer');
    }
    return token;
  }

  private async logout(token: string): Promise<void> {
    try {
      await this.send('GET', 'logout', { key: token });
    } catch {
      // Nothing more can be done: the server frees the seat on its idle timeout, and the
      // caller's own result or error is what matters.
    }
  }

  private get(s: SessionState, path: string, query: Query): Promise<unknown> {
    return this.call(s, 'GET', path, query);
  }

  private post(s: SessionState, path: string, body: unknown): Promise<unknown> {
    return this.call(s, 'POST', path, {}, JSON.stringify(body));
  }

  /** One request; on 401 logs out the stale key, logs in once more and repeats. */
  private async call(
    s: SessionState,
    method: 'GET' | 'POST',
    path: string,
    query: Query,
    body?: string,
  ): Promise<unknown> {
    for (;;) {
      const res = await this.send(method, path, { ...query, key: s.token ?? '' }, body);
      if (res.status !== 401) return this.decode(path, res);
      if (s.relogged) throw errors.sessionExpired(this.ctx, `/resto/api/${path}`);
      s.relogged = true;
      const stale = s.token;
      s.token = null;
      if (stale !== null) await this.logout(stale);
      s.token = await this.login();
    }
  }

  /** HTTP status, then the v2 envelope: ERROR arrives with HTTP 200, so status alone is not success. */
  private decode(path: string, res: HttpResponse): unknown {
    const where = `/resto/api/${path}`;
    const text = res.body.trim();
    if (res.status === 403) throw errors.forbidden(this.ctx, where, text);
    if (res.status < 200 || res.status > 299)
      throw errors.httpStatus(this.ctx, where, res.status, text);
    if (text.startsWith('<'))
      throw errors.unexpectedResponse(this.ctx, where, 'HTML or XML instead of JSON');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw errors.unexpectedResponse(this.ctx, where, 'not JSON');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
    const envelope = json as { result?: unknown; errors?: unknown; response?: unknown };
    if (typeof envelope.result !== 'string') return json;
    if (envelope.result.toUpperCase() !== 'SUCCESS') {
      throw errors.errorEnvelope(
        this.ctx,
        where,
        formatEnvelopeErrors(envelope.result, envelope.errors),
      );
    }
    return envelope.response ?? null;
  }
}

/** errors come as [{code, value}] objects or as plain strings, depending on the endpoint. */
function formatEnvelopeErrors(result: string, list: unknown): string {
  const parts = Array.isArray(list)
    ? list.map((e) => {
        if (typeof e === 'string') return e;
        if (typeof e !== 'object' || e === null) return String(e);
        const { code, value } = e as { code?: unknown; value?: unknown };
        return [code, value].filter((x) => x !== undefined && x !== null && x !== '').join(': ');
      })
    : [];
  const text = parts.filter((p) => p !== '').join('; ');
  return text || `result=${result}`;
}
