// Webhook targets are addresses an organization's integrator types in; Kopilka then sends
// requests there from inside the installation's network. So a target on a private, loopback,
// link-local or otherwise internal address is refused (SSRF) unless the installation allows it
// (KOPILKA_WEBHOOKS_ALLOW_PRIVATE=on). The check runs on the address actually connected to —
// the socket's DNS lookup is wrapped — so a name that resolves to a public address when saved
// and to 127.0.0.1 when sent is refused too.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { fail } from '../domain/errors.ts';

const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  internal.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  internal.addSubnet(net, bits, 'ipv6');
}

export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return internal.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: never connect to it
  return internal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class InternalTargetError extends Error {
  constructor(readonly address: string) {
    super(
      `${address} is a private or loopback address; set KOPILKA_WEBHOOKS_ALLOW_PRIVATE=on to allow it`,
    );
  }
}

/** A DNS lookup for sockets that refuses internal addresses when they are not allowed. */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as LookupAddress[];
      const bad = allowPrivate ? undefined : list.find((a) => isInternalAddress(a.address));
      if (bad) return callback(new InternalTargetError(bad.address), '', 4);
      if (options.all) return callback(null, list as unknown as string, 4);
      const first = list[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  };
}

/** Every refusal of a target names the url field, so the cabinet shows it under the address. */
const URL_FIELD = { field: 'url' };

function refuse(url: string, address: string): never {
  fail(
    'validation',
    'webhook_target_private',
    {
      ru: `Адрес ${url} ведёт во внутреннюю сеть (${address}): такие адреса запрещены настройкой установки`,
      en: `${url} leads into an internal network (${address}): the installation does not allow such targets`,
    },
    { url, address, field: 'url' },
  );
}

/** Checks a URL before it is saved: http(s), and — unless allowed — no internal address. */
export async function assertTargetAllowed(url: string, allowPrivate: boolean): Promise<URL> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    fail(
      'validation',
      'webhook_url_invalid',
      {
        ru: 'Адрес вебхука должен быть полным URL (https://…)',
        en: 'A webhook address must be a full URL (https://…)',
      },
      URL_FIELD,
    );
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    fail(
      'validation',
      'webhook_url_invalid',
      {
        ru: 'Адрес вебхука должен начинаться с https:// или http://',
        en: 'A webhook address must start with https:// or http://',
      },
      URL_FIELD,
    );
  }
  if (u.username || u.password) {
    fail(
      'validation',
      'webhook_url_invalid',
      {
        ru: 'Адрес вебхука не может содержать логин и пароль: запросы подписываются секретом',
        en: 'A webhook address cannot carry a user name and password: requests are signed instead',
      },
      URL_FIELD,
    );
  }
  if (allowPrivate) return u;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    if (isInternalAddress(host)) refuse(url, host);
    return u;
  }
  const addresses = await new Promise<LookupAddress[]>((resolve) =>
    dnsLookup(host, { all: true }, (err, list) => resolve(err ? [] : list)),
  );
  if (addresses.length === 0) {
    fail(
      'validation',
      'webhook_host_unknown',
      {
        ru: `Имя ${host} не находится в DNS`,
        en: `The name ${host} does not resolve`,
      },
      URL_FIELD,
    );
  }
  const bad = addresses.find((a) => isInternalAddress(a.address));
  if (bad) refuse(url, bad.address);
  return u;
}
