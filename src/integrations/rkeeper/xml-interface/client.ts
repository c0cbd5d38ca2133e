// Read-only client of the r_keeper 7 XML interface (seed 002: no XML licence needed for reading).
// Every failure comes back as a DomainError with a stable code and a Russian + English reason, so
// "check connection" can tell the integrator exactly what to fix. The password goes into the
// Authorization header and nowhere else: never into errors, details or logs.
import https from 'node:https';
import { DomainError, type ErrorKind, type Message } from '../../../domain/errors.ts';
import { guard } from '../farcards/errors.ts';
import { parseXmlBody } from '../farcards/xml.ts';
import { RK7_STATUS, XML_INTERFACE_PATH, buildQuery, propMaskOf, readQueryResult, readRefItems, type QueryResult, type RefItem, type RefName } from './protocol.ts';

export interface XmlInterfaceSettings {
  /** Cash server ("mid") or reference server ("ref"); both serve GetRefData. */
  kind: 'mid' | 'ref';
  host: string;
  port: number;
  user: string;
  password: string;
  /**
   * Accept a certificate nobody vouches for (r_keeper's own self-signed one, often RSA 1024 on
   * old TLS). Off: the certificate must chain to a trusted CA.
   */
  allowSelfSigned: boolean;
}

export interface ClientOptions {
  /** Whole-call deadline, connect to last byte. */
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export type XmlInterfaceErrorCode =
  | 'rkeeper.xml_interface.bad_settings'
  | 'rkeeper.xml_interface.refused'
  | 'rkeeper.xml_interface.dns'
  | 'rkeeper.xml_interface.timeout'
  | 'rkeeper.xml_interface.tls_untrusted'
  | 'rkeeper.xml_interface.tls_failed'
  | 'rkeeper.xml_interface.network'
  | 'rkeeper.xml_interface.unauthorized'
  | 'rkeeper.xml_interface.http_status'
  | 'rkeeper.xml_interface.bad_response'
  | 'rkeeper.xml_interface.status';

export type ConnectionCheck =
  | { ok: true; serverVersion: string; xmlVersion?: string; netName?: string; serverTime?: string }
  | { ok: false; error: DomainError };

export interface RefDataOptions {
  /** Only items with status rsActive (r_keeper's OnlyActive="1"). Default true. */
  onlyActive?: boolean;
  /** Items per request (ItemCount). Default 500. */
  pageSize?: number;
  /** Stop after this many items whatever the server says. Default 100 000. */
  maxItems?: number;
}

const UNTRUSTED_CERT = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID', 'CERT_SIGNATURE_FAILURE', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** «Bad Query Parameters»: how a server that checks the schema refuses Offset and ItemCount. */
function refusesPaging(e: unknown): boolean {
  return (
    e instanceof DomainError &&
    e.code === 'rkeeper.xml_interface.status' &&
    e.details?.['status'] === RK7_STATUS.badParameters
  );
}

export class RkXmlInterfaceClient {
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  readonly #password: string;
  /** Whether this server pages GetRefData; unknown until the first request tells. */
  #pages: boolean | undefined;
  private readonly settings: Omit<XmlInterfaceSettings, 'password'>;

  constructor(settings: XmlInterfaceSettings, options: ClientOptions = {}) {
    const { password, ...rest } = settings;
    this.#password = password;
    this.settings = rest;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
  }

  /** GetSystemInfo: reachable, trusted, authorized, and answering Ok. */
  async checkConnection(): Promise<ConnectionCheck> {
    try {
      const r = await this.query('GetSystemInfo');
      return { ok: true, serverVersion: r.serverVersion ?? '', xmlVersion: r.xmlVersion, netName: r.netName, serverTime: r.dateTime };
    } catch (e) {
      if (e instanceof DomainError) return { ok: false, error: e };
      throw e;
    }
  }

  /**
   * GetRefData with the properties the dictionary has (propMaskOf). Offset and ItemCount are not in
   * the UCS schema, but servers that accept them page large menus; the first paged request is the
   * probe: a server that refuses it with «Bad Query Parameters» is asked once more without paging
   * (and so is every later dictionary on this client). A server that ignores paging sends everything
   * at once or repeats a page; both end the loop, so the result is complete either way.
   */
  async getRefData(refName: RefName, options: RefDataOptions = {}): Promise<RefItem[]> {
    const pageSize = options.pageSize ?? 500;
    const maxItems = options.maxItems ?? 100_000;
    if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError('pageSize must be a positive integer');
    const query = { RefName: refName, OnlyActive: options.onlyActive === false ? 0 : 1, PropMask: propMaskOf(refName) };
    const whole = async () => readRefItems(await this.query('GetRefData', query)).slice(0, maxItems);
    if (this.#pages === false) return whole();
    const out: RefItem[] = [];
    const seen = new Set<number>();
    while (out.length < maxItems) {
      let result: QueryResult;
      try {
        result = await this.query('GetRefData', { ...query, Offset: out.length, ItemCount: pageSize });
      } catch (e) {
        if (out.length === 0 && this.#pages === undefined && refusesPaging(e)) {
          this.#pages = false;
          return whole();
        }
        throw e;
      }
      this.#pages = true;
      const page = readRefItems(result);
      const fresh = page.filter((i) => !seen.has(i.ident));
      for (const i of fresh) seen.add(i.ident);
      out.push(...fresh);
      if (page.length < pageSize || page.length > pageSize || fresh.length === 0) break;
    }
    return out.slice(0, maxItems);
  }

  private fail(kind: ErrorKind, code: XmlInterfaceErrorCode, message: Message, details: Record<string, unknown> = {}): never {
    const where = { kind: this.settings.kind, host: this.settings.host, port: this.settings.port };
    throw new DomainError(kind, code, message, { ...where, ...details });
  }

  private async query(cmd: string, attrs: Record<string, string | number> = {}): Promise<QueryResult> {
    const { host, port, user } = this.settings;
    if (host.trim() === '' || !Number.isInteger(port) || port < 1 || port > 65535 || user === '') {
      this.fail('validation', 'rkeeper.xml_interface.bad_settings', {
        ru: 'Укажите адрес, порт (1–65535) и пользователя XML-интерфейса',
        en: 'Set the XML interface address, port (1–65535) and user',
      });
    }
    const { status, contentType, body } = await this.post(buildQuery(cmd, attrs));
    if (status === 401) {
      this.fail('auth', 'rkeeper.xml_interface.unauthorized', {
        ru: 'Сервер r_keeper отклонил имя пользователя или пароль (HTTP 401)',
        en: 'The r_keeper server rejected the user name or password (HTTP 401)',
      });
    }
    if (status !== 200) {
      this.fail('rejected', 'rkeeper.xml_interface.http_status', {
        ru: `Сервер r_keeper ответил HTTP ${status}`, en: `The r_keeper server answered HTTP ${status}`,
      }, { status });
    }
    const parsed = guard(() => parseXmlBody(body, contentType, { maxBytes: this.maxResponseBytes, maxDepth: 64 }));
    const result = parsed.ok ? readQueryResult(parsed.value) : null;
    if (!result) {
      this.fail('rejected', 'rkeeper.xml_interface.bad_response', {
        ru: 'Ответ не похож на XML-интерфейс r_keeper (нет RK7QueryResult)',
        en: 'The answer is not from an r_keeper XML interface (no RK7QueryResult)',
      });
    }
    if (result.status !== RK7_STATUS.ok) {
      const text = result.errorText ?? '';
      this.fail('rejected', 'rkeeper.xml_interface.status', {
        ru: `r_keeper вернул статус «${result.status}»: ${text}`, en: `r_keeper returned status "${result.status}": ${text}`,
      }, { status: result.status, errorText: text, errorNumber: result.errorNumber, cmd });
    }
    return result;
  }

  private post(xml: string): Promise<{ status: number; contentType: string | undefined; body: Buffer }> {
    const { host, port, user, allowSelfSigned } = this.settings;
    const auth = Buffer.from(`${user}:${this.#password}`, 'utf8').toString('base64');
    return new Promise((resolve, reject) => {
      let timedOut = false;
      let tooLarge = false;
      const onFail = (err: NodeJS.ErrnoException): void => {
        clearTimeout(timer);
        req.destroy();
        try {
          this.failTransport(err, timedOut, tooLarge);
        } catch (e) {
          reject(e);
        }
      };
      const req = https.request({
        host, port, method: 'POST', path: XML_INTERFACE_PATH, agent: false,
        headers: { 'content-type': 'application/xml; charset=utf-8', authorization: `Basic ${auth}`, 'content-length': Buffer.byteLength(xml) },
        rejectUnauthorized: !allowSelfSigned,
        // Old r_keeper servers: weak keys and TLS 1.0 on a certificate the integrator accepted anyway.
        ...(allowSelfSigned ? { minVersion: 'TLSv1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
      });
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error('timeout'));
      }, this.timeoutMs);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          chunks.push(c);
          if (size > this.maxResponseBytes) {
            tooLarge = true;
            res.destroy(new Error('response too large'));
          }
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks) });
        });
        res.on('error', onFail);
      });
      req.on('error', onFail);
      req.end(xml);
    });
  }

  private failTransport(err: NodeJS.ErrnoException, timedOut: boolean, tooLarge: boolean): never {
    const { host, port } = this.settings;
    const code = err.code ?? '';
    if (timedOut) {
      this.fail('rejected', 'rkeeper.xml_interface.timeout', {
        ru: `Сервер ${host}:${port} не ответил за ${this.timeoutMs / 1000} с`,
        en: `${host}:${port} did not answer within ${this.timeoutMs / 1000} s`,
      }, { timeoutMs: this.timeoutMs });
    }
    if (code === 'ECONNREFUSED') {
      this.fail('rejected', 'rkeeper.xml_interface.refused', {
        ru: `Соединение с ${host}:${port} отклонено: XML-интерфейс не запущен или порт неверный`,
        en: `Connection to ${host}:${port} refused: the XML interface is not running or the port is wrong`,
      });
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      this.fail('rejected', 'rkeeper.xml_interface.dns', { ru: `Адрес ${host} не найден`, en: `Host ${host} not found` });
    }
    if (UNTRUSTED_CERT.has(code)) {
      this.fail('rejected', 'rkeeper.xml_interface.tls_untrusted', {
        ru: 'Сертификат сервера r_keeper не доверенный (самоподписанный?). Разрешите самоподписанный сертификат, если это ваш сервер',
        en: 'The r_keeper server certificate is not trusted (self-signed?). Allow self-signed certificates if this is your server',
      }, { tlsCode: code });
    }
    if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
      this.fail('rejected', 'rkeeper.xml_interface.tls_failed', {
        ru: 'Не удалось установить TLS-соединение (это точно HTTPS-порт XML-интерфейса?)',
        en: 'The TLS handshake failed (is this the HTTPS port of the XML interface?)',
      }, { tlsCode: code });
    }
    if (tooLarge) {
      this.fail('rejected', 'rkeeper.xml_interface.bad_response', {
        ru: 'Ответ сервера слишком большой', en: 'The server answer is too large',
      }, { limit: this.maxResponseBytes });
    }
    return this.fail('rejected', 'rkeeper.xml_interface.network', {
      ru: `Сетевая ошибка при обращении к ${host}:${port} (${code || err.message})`,
      en: `Network error talking to ${host}:${port} (${code || err.message})`,
    }, { errno: code });
  }
}
