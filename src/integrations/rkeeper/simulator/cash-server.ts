// A fake r_keeper 7 cash server ("mid") serving the XML interface over HTTPS with a self-signed
// certificate made at start, HTTP Basic auth, and the dictionaries of seed 000's restaurant.
// Answers carry r_keeper's own Status strings; HTTP status is 200 even for command errors, as on
// the real server. Knobs for tests: a response delay and a forced error status.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { generate } from 'selfsigned';
import { guard } from '../farcards/errors.ts';
import { attr, parseXmlBody, findAll } from '../farcards/xml.ts';
import { XML_DECL, element } from '../farcards/xml-write.ts';
import {
  GET_REF_DATA_ATTRIBUTES,
  RK7_STATUS,
  XML_INTERFACE_PATH,
  propsOfMask,
} from '../xml-interface/protocol.ts';
import { buildDictionaries, type RefItemAttrs } from './dictionaries.ts';

export interface CashServerOptions {
  host?: string;
  /** 0 = an ephemeral port. */
  port?: number;
  user?: string;
  password?: string;
  serverVersion?: string;
  netName?: string;
  dictionaries?: Record<string, RefItemAttrs[]>;
  /**
   * Check GetRefData against the UCS 7.26 schema: an attribute it does not list (Offset,
   * ItemCount) is refused with «Bad Query Parameters», as a schema-checking server does.
   */
  strict?: boolean;
  /**
   * Honour Offset/ItemCount when they are accepted (default true); false sends the whole
   * dictionary whatever they say, as some servers do.
   */
  paging?: boolean;
}

export interface CashServer {
  host: string;
  port: number;
  /** The server's certificate (PEM), for clients that pin it. */
  certPem: string;
  /** Commands received, in order (for assertions on paging and retries). */
  readonly commands: ReadonlyArray<Readonly<Record<string, string>>>;
  /** Delay every answer; a client with a shorter deadline times out. */
  setDelay(ms: number): void;
  /** Answer every command with this Status and ErrorText until cleared with null. */
  forceError(error: { status: string; errorText: string; errorNumber?: number } | null): void;
  stop(): Promise<void>;
}

const SERVER_VERSION = '7.6.5.92';
const XML_VERSION = '246';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function localDateTime(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export async function startCashServer(options: CashServerOptions = {}): Promise<CashServer> {
  const host = options.host ?? '127.0.0.1';
  const user = options.user ?? 'xmluser';
  const password = options.password ?? 'xmlpass';
  const serverVersion = options.serverVersion ?? SERVER_VERSION;
  const netName = options.netName ?? 'MIDSERV';
  const dictionaries = options.dictionaries ?? buildDictionaries();
  const pems = await generate([{ name: 'commonName', value: 'MIDSERV' }], {
    keyType: 'ec', algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] }],
  });
  const commands: Record<string, string>[] = [];
  let delayMs = 0;
  let forced: { status: string; errorText: string; errorNumber?: number } | null = null;

  const result = (cmd: string, status: string, errorText = '', inner = '', errorNumber?: number): string =>
    XML_DECL + element('RK7QueryResult', {
      ServerVersion: serverVersion, XmlVersion: XML_VERSION, NetName: netName, Status: status, CMD: cmd,
      ErrorText: errorText, RK7ErrorN: errorNumber, DateTime: localDateTime(new Date()), WorkTime: 0, Processed: 1,
    }, inner);

  const refData = (cmd: Readonly<Record<string, string>>, c: ReturnType<typeof findAll>[number]): string => {
    const name = (attr(c, 'RefName') ?? '').toUpperCase();
    if (options.strict) {
      const stranger = Object.keys(cmd).find((a) => !(GET_REF_DATA_ATTRIBUTES as readonly string[]).includes(a));
      if (stranger) return result('GetRefData', RK7_STATUS.badParameters, `Attribute ${stranger} is not allowed`);
    }
    const all = dictionaries[name];
    if (!all) return result('GetRefData', RK7_STATUS.executingError, `Справочник ${name} не найден`);
    const active = attr(c, 'OnlyActive') === '1' ? all.filter((i) => i.Status === 'rsActive') : all;
    const offset = Number(attr(c, 'Offset') ?? 0);
    const count = attr(c, 'ItemCount');
    const page = options.paging === false || count === undefined ? active : active.slice(offset, offset + Number(count));
    // PropMask items.(A,B): only those properties, as the real server writes them.
    const props = propsOfMask(attr(c, 'PropMask') ?? '*');
    const masked = props
      ? page.map((i) => Object.fromEntries(Object.entries(i).filter(([k]) => props.includes(k))))
      : page;
    const items = masked.map((i) => element('Item', i)).join('');
    commands[commands.length - 1] = { ...cmd, returned: String(page.length) };
    return result('GetRefData', RK7_STATUS.ok, '',
      element('RK7Reference', { Name: name, DataVersion: 1, TotalItemCount: active.length }, element('Items', {}, items)));
  };

  const answer = (body: Buffer, contentType: string | undefined): string => {
    if (body.length === 0) return result('', RK7_STATUS.parseError, 'Empty input XML');
    const parsed = guard(() => parseXmlBody(body, contentType));
    if (!parsed.ok) return result('', RK7_STATUS.parseError, parsed.error.message);
    const c = findAll(parsed.value, ['RK7CMD', 'RK7Command', 'RK7Command2'])[0];
    const cmdName = c ? (attr(c, 'CMD') ?? '') : '';
    const cmd = c ? c.attrs : {};
    commands.push({ ...cmd });
    if (forced) return result(cmdName, forced.status, forced.errorText, '', forced.errorNumber);
    // Command names are case-sensitive on the real server ("getsysteminfo" is unknown).
    switch (cmdName) {
      case 'GetSystemInfo':
        return result(cmdName, RK7_STATUS.ok, '', element('SystemInfo', {
          SystemTime: Date.now(), ReqSysVer: 2, NetName: netName,
        }, element('CommonShiftDate', { Value: '2024-03-04' })));
      case 'GetRefData':
        return refData(cmd, c as NonNullable<typeof c>);
      default:
        return result(cmdName, RK7_STATUS.badParameters, `Unknown command ${cmdName}`);
    }
  };

  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [scheme, token] = (req.headers.authorization ?? '').split(' ');
      const [u, ...rest] = Buffer.from(token ?? '', 'base64').toString('utf8').split(':');
      if (scheme !== 'Basic' || !sameSecret(u ?? '', user) || !sameSecret(rest.join(':'), password)) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="RK7"', 'content-type': 'text/plain' }).end('Unauthorized');
        return;
      }
      if (req.method !== 'POST' || req.url !== XML_INTERFACE_PATH) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      const text = answer(Buffer.concat(chunks), req.headers['content-type']);
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(text);
      }, delayMs);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    certPem: pems.cert,
    commands,
    setDelay: (ms) => { delayMs = ms; },
    forceError: (e) => { forced = e; },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
