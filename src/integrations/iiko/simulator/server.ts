// A fake iiko Server (/resto/api) on 127.0.0.1 and an ephemeral port, faithful in the ways
// that matter to a client: SHA-1 password digest, licence seats (a login beyond them gets 403
// until someone logs out), session keys that expire when idle, bare-array v2 lists, the v2
// envelope with result ERROR on HTTP 200, a SALES OLAP that knows payment types' fiscal flags.
// Faults can be injected per path; every call is recorded so tests can prove logout happened.

import { createHash, randomUUID } from 'node:crypto';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { restaurantData, type SimData } from './fixtures.ts';

export interface IikoSimulatorOptions {
  login?: string;
  password?: string;
  /** Licence seats for API sessions. */
  seats?: number;
  /** A session key dies after this long without use (iiko: about an hour). */
  tokenIdleMs?: number;
  /** Clock for key expiry and the OLAP's "days ago"; milliseconds since the epoch. */
  now?: () => number;
  /** Serve https with this key and certificate. */
  tls?: { key: string; cert: string };
  /** Wrap list answers in {"result":"SUCCESS",...} as some server versions do. */
  envelopeLists?: boolean;
  data?: SimData;
  /** Port on 127.0.0.1; an ephemeral one when omitted. */
  port?: number;
}

export interface SimCall {
  method: string;
  path: string;
  query: Record<string, string>;
  key: string | null;
  /** 0 while the answer is pending, or when the client went away before it. */
  status: number;
}

type FaultBase = { path: string; times?: number };
export type SimFault = FaultBase &
  (
    | { kind: 'delay'; ms: number }
    | { kind: 'status'; status: number; body: string }
    | { kind: 'error-envelope'; errors: { code: string; value: string }[] }
    | { kind: 'body'; body: string; contentType: string }
    /** The session key used for this request dies just before it is handled. */
    | { kind: 'expire-key' }
  );

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

const text = (status: number, body: string): Reply => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body,
});
const json = (body: unknown): Reply => ({
  status: 200,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(body),
});

const API = '/resto/api/';
const DAY = 86_400_000;

export class IikoServerSimulator {
  readonly calls: SimCall[] = [];
  /** Every session key handed out, in order. */
  readonly issuedKeys: string[] = [];
  readonly data: SimData;
  /** The most sessions ever open at once. */
  maxConcurrentSessions = 0;
  private readonly sessions = new Map<string, number>(); // key → expires at
  private readonly faults: (SimFault & { left: number })[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters: { path: string; resolve: () => void }[] = [];
  private readonly passHash: string;
  private readonly now: () => number;

  private constructor(
    private readonly server: Server,
    private readonly opts: IikoSimulatorOptions,
    readonly url: string,
    readonly port: number,
  ) {
    this.data = opts.data ?? restaurantData();
    this.passHash = createHash('sha1')
      .update(opts.password ?? 'kopilka', 'utf8')
      .digest('hex');
    this.now = opts.now ?? Date.now;
  }

  static async start(opts: IikoSimulatorOptions = {}): Promise<IikoServerSimulator> {
    // The handler needs the instance, the instance needs the listening server's port.
    const ref: { sim?: IikoServerSimulator } = {};
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      void ref.sim?.handle(req, res);
    };
    const server = opts.tls ? createHttpsServer(opts.tls, handler) : createHttpServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    ref.sim = new IikoServerSimulator(
      server,
      opts,
      `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
      port,
    );
    return ref.sim;
  }

  get login(): string {
    return this.opts.login ?? 'kopilka';
  }

  /** Sessions open now (expired ones are dropped first). */
  activeSessions(): number {
    this.dropExpired();
    return this.sessions.size;
  }

  callsTo(path: string): SimCall[] {
    return this.calls.filter((c) => c.path === API + path);
  }

  inject(fault: SimFault): void {
    this.faults.push({ ...fault, path: API + fault.path, left: fault.times ?? Infinity });
  }

  /** Resolves when a request for `path` (under /resto/api/) arrives. */
  waitForCall(path: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ path: API + path, resolve }));
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [key, expires] of this.sessions) if (expires <= now) this.sessions.delete(key);
  }

  private takeFault(path: string): SimFault | undefined {
    const f = this.faults.find((x) => x.path === path && x.left > 0);
    if (f) f.left -= 1;
    return f;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const call: SimCall = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      key: url.searchParams.get('key'),
      status: 0,
    };
    this.calls.push(call);
    for (const w of this.waiters.filter((x) => x.path === call.path)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the client aborted while sending
    }
    const fault = this.takeFault(call.path);
    if (fault?.kind === 'delay') await this.sleep(fault.ms);
    // A client that gave up gets nothing, and its login takes no seat.
    if (req.socket.destroyed) return;
    const reply =
      this.faultReply(fault, call.key) ??
      this.route(call, url.searchParams, Buffer.concat(chunks).toString('utf8'));
    call.status = reply.status;
    res.writeHead(reply.status, { 'content-type': reply.contentType });
    res.end(reply.body);
  }

  private faultReply(fault: SimFault | undefined, key: string | null): Reply | undefined {
    switch (fault?.kind) {
      case 'status':
        return text(fault.status, fault.body);
      case 'error-envelope':
        return json({ result: 'ERROR', errors: fault.errors, response: null });
      case 'body':
        return { status: 200, contentType: fault.contentType, body: fault.body };
      case 'expire-key':
        if (key !== null) this.sessions.delete(key);
        return undefined;
      default:
        return undefined;
    }
  }

  private route(call: SimCall, q: URLSearchParams, body: string): Reply {
    const path = call.path.startsWith(API) ? call.path.slice(API.length) : call.path;
    if (path === 'auth') return this.auth(q);
    if (path === 'logout') {
      if (call.key !== null) this.sessions.delete(call.key);
      return text(200, '');
    }
    this.dropExpired();
    if (call.key === null || !this.sessions.has(call.key))
      return text(401, 'Token is expired or invalid');
    this.sessions.set(call.key, this.now() + (this.opts.tokenIdleMs ?? 3_600_000));
    const includeDeleted = q.get('includeDeleted') === 'true';
    const alive = <T extends { deleted: boolean }>(rows: T[]): T[] =>
      rows.filter((r) => includeDeleted || !r.deleted);
    switch (`${call.method} ${path}`) {
      case 'GET v2/entities/products/list':
        return this.list(alive(this.data.products));
      case 'GET v2/entities/products/group/list':
        return this.list(alive(this.data.groups));
      case 'GET v2/entities/products/category/list':
        return this.list(alive(this.data.categories));
      case 'GET v2/entities/list':
        return this.entities(q);
      case 'POST v2/reports/olap':
        return this.olap(body);
      default:
        return text(404, `No API method for ${call.method} ${call.path}`);
    }
  }

  private auth(q: URLSearchParams): Reply {
    if (q.get('login') !== this.login || q.get('pass') !== this.passHash) {
      return text(401, 'Неверный логин или пароль');
    }
    this.dropExpired();
    if (this.sessions.size >= (this.opts.seats ?? 1)) {
      return text(403, 'License enhancement is required: no connections available');
    }
    const key = randomUUID();
    this.issuedKeys.push(key);
    this.sessions.set(key, this.now() + (this.opts.tokenIdleMs ?? 3_600_000));
    this.maxConcurrentSessions = Math.max(this.maxConcurrentSessions, this.sessions.size);
    return text(200, key);
  }

  private list(rows: unknown[]): Reply {
    return json(this.opts.envelopeLists ? { result: 'SUCCESS', errors: [], response: rows } : rows);
  }

  private entities(q: URLSearchParams): Reply {
    // includeDeleted defaults to true on this endpoint, unlike the nomenclature lists.
    const includeDeleted = q.get('includeDeleted') !== 'false';
    const rows = q.getAll('rootType').includes('PaymentType')
      ? this.data.paymentTypes
          .filter((t) => includeDeleted || !t.deleted)
          .map((t) => ({
            id: t.id,
            rootType: 'PaymentType',
            name: t.name,
            code: t.code,
            deleted: t.deleted,
          }))
      : [];
    return this.list(rows);
  }

  private olap(body: string): Reply {
    let req: {
      reportType?: unknown;
      groupByRowFields?: unknown;
      filters?: Record<string, unknown>;
    };
    try {
      req = JSON.parse(body) as typeof req;
    } catch {
      return text(400, 'Request body is not JSON');
    }
    const period = req.filters?.['OpenDate.Typed'] as { from?: unknown; to?: unknown } | undefined;
    if (
      req.reportType !== 'SALES' ||
      typeof period?.from !== 'string' ||
      typeof period.to !== 'string'
    ) {
      return text(400, 'SALES report with an OpenDate.Typed filter is required');
    }
    const from = Date.parse(period.from.slice(0, 10));
    const to = Date.parse(period.to.slice(0, 10)) + DAY;
    const fields = Array.isArray(req.groupByRowFields) ? (req.groupByRowFields as string[]) : [];
    const data = this.data.paymentTypes
      .filter((t) => {
        if (t.lastSaleDaysAgo === null) return false;
        const at = this.now() - t.lastSaleDaysAgo * DAY;
        return at >= from && at < to;
      })
      .map((t) => {
        const all: Record<string, unknown> = {
          'PayTypes.GUID': t.id,
          PayTypes: t.name,
          'PayTypes.Group': t.group,
          'PayTypes.IsPrintCheque': t.fiscal ? 'FISCAL' : 'NOT_FISCAL',
        };
        const row: Record<string, unknown> = { DishDiscountSumInt: t.salesSum };
        for (const f of fields) row[f] = all[f] ?? null;
        return row;
      });
    return json({ data, summary: [] });
  }
}
