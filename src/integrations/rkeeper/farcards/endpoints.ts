// FarCards endpoints: one per restaurant, addressed as /rk/<key>. The key carries the
// organization and restaurant ids, so a lookup is a primary-key read led by org_id, and a
// 256-bit random secret of which only a SHA-256 is stored (the same scheme as terminal keys).
// ExtDllHTTP's documented ini has no user/password, so the secret travels in the address.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { fail } from '../../../domain/errors.ts';
import type { OfflineLimits } from '../../../db/schema-rkeeper.ts';
import { audit } from '../../../app/audit.ts';
import { inTransaction, type Actor, type AppContext, type PosPrincipal } from '../../../app/context.ts';
import { announce, generation, invalidate, onInvalidate } from '../../../app/invalidation.ts';
import { hashSecret } from '../../../app/terminal-keys.ts';

const KEY = /^rk_(\d{1,15})_(\d{1,15})_([A-Za-z0-9_-]{43})$/;
const CACHE_MS = 10_000;
const TERMINAL_NAME = 'Касса r-keeper';

export type FarCardsPrincipal = PosPrincipal & {
  testMode: boolean;
  timeZone: string;
  offlineLimits: OfflineLimits;
};

const cache = new Map<string, { principal: FarCardsPrincipal; until: number }>();
onInvalidate('farcards-keys', () => cache.clear());

/** Drops cached credentials, so a rotation or a new limit applies at once in every process. */
export function forgetFarCardsKeys(): void {
  invalidate('farcards-keys');
}

/** The endpoint behind a key, or null: the caller answers with the protocol's own error. */
export async function authenticateFarCards(
  ctx: AppContext,
  key: string,
): Promise<FarCardsPrincipal | null> {
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.principal;
  const m = KEY.exec(key);
  if (!m) return null;
  const seen = generation('farcards-keys');
  const [orgId, restaurantId, secret] = [Number(m[1]), Number(m[2]), m[3] as string];
  const row = await ctx.db
    .selectFrom('rkeeper_endpoints as e')
    .innerJoin('restaurants as r', (j) =>
      j.onRef('r.org_id', '=', 'e.org_id').onRef('r.id', '=', 'e.restaurant_id'),
    )
    .innerJoin('terminals as t', (j) =>
      j.onRef('t.org_id', '=', 'e.org_id').onRef('t.id', '=', 'e.terminal_id'),
    )
    .select(['e.secret_hash', 'e.terminal_id', 'e.offline_limits', 't.name', 'r.test_mode', 'r.time_zone'])
    .where('e.org_id', '=', orgId)
    .where('e.restaurant_id', '=', restaurantId)
    .executeTakeFirst();
  const expected = Buffer.from(row?.secret_hash ?? '0'.repeat(64), 'hex');
  const given = Buffer.from(hashSecret(secret), 'hex');
  if (!row || !timingSafeEqual(expected, given)) return null;
  const principal: FarCardsPrincipal = {
    orgId,
    restaurantId,
    terminalId: row.terminal_id,
    terminalName: row.name,
    testMode: row.test_mode,
    timeZone: row.time_zone,
    offlineLimits: row.offline_limits,
  };
  // Test mode is only ever lifted; a stale `true` merely costs one no-op update.
  // Not kept if a change was announced while it was read: it may predate the change.
  if (generation('farcards-keys') === seen) cache.set(key, { principal, until: now + CACHE_MS });
  return principal;
}

async function restaurantOf(ctx: AppContext, restaurantId: number, orgId?: number) {
  let q = ctx.db
    .selectFrom('restaurants')
    .select(['org_id', 'id', 'name', 'code', 'integration'])
    .where('id', '=', restaurantId);
  if (orgId !== undefined) q = q.where('org_id', '=', orgId);
  const r = await q.executeTakeFirst();
  if (!r) {
    fail(
      'not_found',
      'restaurant_not_found',
      { ru: 'Ресторан не найден', en: 'Restaurant not found' },
      { restaurant_id: restaurantId },
    );
  }
  return r;
}

export interface IssuedFarCardsKey {
  orgId: number;
  restaurantId: number;
  restaurantName: string;
  key: string;
  created: boolean;
}

/**
 * Creates the restaurant's FarCards endpoint, or with `rotate` replaces its secret (the old
 * address stops working at once). Without `rotate` an existing endpoint is left alone: only
 * its hash is stored, so its address cannot be shown again.
 */
export async function issueFarCardsKey(
  ctx: AppContext,
  restaurantId: number,
  opts: { rotate?: boolean; orgId?: number; actor?: Omit<Actor, 'orgId'> } = {},
): Promise<IssuedFarCardsKey> {
  const r = await restaurantOf(ctx, restaurantId, opts.orgId);
  const actor: Actor = { orgId: r.org_id, ...(opts.actor ?? { type: 'cli', id: null, name: 'cli' }) };
  const secret = randomBytes(32).toString('base64url');
  const key = `rk_${r.org_id}_${r.id}_${secret}`;
  const created = await inTransaction(ctx, async (tx) => {
    const existing = await tx
      .selectFrom('rkeeper_endpoints')
      .select(['terminal_id', 'secret_hint'])
      .where('org_id', '=', r.org_id)
      .where('restaurant_id', '=', r.id)
      .forUpdate()
      .executeTakeFirst();
    if (existing && !opts.rotate) {
      fail(
        'conflict',
        'farcards_key_exists',
        {
          ru: `У ресторана уже есть адрес FarCards (…${existing.secret_hint}); Kopilka хранит только его хэш. Чтобы выпустить новый, укажите --rotate — старый перестанет работать`,
          en: `The restaurant already has a FarCards address (…${existing.secret_hint}); only its hash is kept. Pass --rotate to issue a new one — the old one stops working`,
        },
        { restaurant_id: r.id },
      );
    }
    const hash = hashSecret(secret);
    const hint = secret.slice(-4);
    if (existing) {
      await tx
        .updateTable('rkeeper_endpoints')
        .set({ secret_hash: hash, secret_hint: hint, rotated_at: ctx.now() })
        .where('org_id', '=', r.org_id)
        .where('restaurant_id', '=', r.id)
        .execute();
      await audit(tx, actor, 'rotate', 'rkeeper_endpoint', r.id, { hint: existing.secret_hint }, { hint });
      await announce(tx, 'farcards-keys');
      return false;
    }
    // FarCards operations are recorded under this point of service; it has no POS API key.
    const terminal = await tx
      .insertInto('terminals')
      .values({
        org_id: r.org_id,
        restaurant_id: r.id,
        name: TERMINAL_NAME,
        key_hash: hashSecret(randomBytes(32).toString('base64url')),
        key_hint: '',
        revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('rkeeper_endpoints')
      .values({
        org_id: r.org_id,
        restaurant_id: r.id,
        terminal_id: terminal.id,
        secret_hash: hash,
        secret_hint: hint,
        offline_limits: JSON.stringify(DEFAULT_OFFLINE_LIMITS),
      })
      .execute();
    await audit(tx, actor, 'create', 'rkeeper_endpoint', r.id, null, { hint, terminal_id: terminal.id });
    return true;
  });
  forgetFarCardsKeys();
  return { orgId: r.org_id, restaurantId: r.id, restaurantName: r.name, key, created };
}

/** Three days covers a long weekend outage; amounts are unlimited until the owner sets them. */
export const DEFAULT_OFFLINE_LIMITS: OfflineLimits = { maxAgeHours: 72 };

function checkLimits(limits: OfflineLimits): void {
  for (const [k, v] of Object.entries(limits)) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
      fail(
        'validation',
        'invalid_offline_limit',
        { ru: `Лимит ${k} должен быть целым неотрицательным числом`, en: `Limit ${k} must be a non-negative integer` },
        { field: k },
      );
    }
  }
}

export async function setOfflineLimits(
  ctx: AppContext,
  actor: Actor,
  restaurantId: number,
  limits: OfflineLimits,
): Promise<OfflineLimits> {
  checkLimits(limits);
  const result = await inTransaction(ctx, async (tx) => {
    const before = await tx
      .selectFrom('rkeeper_endpoints')
      .select('offline_limits')
      .where('org_id', '=', actor.orgId)
      .where('restaurant_id', '=', restaurantId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) notConfigured(restaurantId);
    await tx
      .updateTable('rkeeper_endpoints')
      .set({ offline_limits: JSON.stringify(limits) })
      .where('org_id', '=', actor.orgId)
      .where('restaurant_id', '=', restaurantId)
      .execute();
    await audit(tx, actor, 'update', 'rkeeper_offline_limits', restaurantId, before.offline_limits, limits);
    await announce(tx, 'farcards-keys');
    return limits;
  });
  forgetFarCardsKeys();
  return result;
}

function notConfigured(restaurantId: number): never {
  fail(
    'not_found',
    'farcards_not_configured',
    {
      ru: 'Для ресторана не выпущен адрес FarCards (kopilka rkeeper ini)',
      en: 'The restaurant has no FarCards address yet (kopilka rkeeper ini)',
    },
    { restaurant_id: restaurantId },
  );
}

/**
 * Keeps ExtDllHTTP's licensing notice on the restaurant's endpoint (the last one wins): the DLL
 * tells the processing server when its licence fails, and the owner should hear of it before
 * the cards stop working at the till.
 */
export async function recordLicenseNotice(ctx: AppContext, p: FarCardsPrincipal, notice: string): Promise<void> {
  await ctx.db
    .updateTable('rkeeper_endpoints')
    .set({ license_notice: notice, license_notice_at: ctx.now() })
    .where('org_id', '=', p.orgId)
    .where('restaurant_id', '=', p.restaurantId)
    .execute();
}

export async function endpointInfo(ctx: AppContext, orgId: number, restaurantId: number) {
  const row = await ctx.db
    .selectFrom('rkeeper_endpoints')
    .select(['secret_hint', 'offline_limits', 'created_at', 'rotated_at', 'license_notice', 'license_notice_at'])
    .where('org_id', '=', orgId)
    .where('restaurant_id', '=', restaurantId)
    .executeTakeFirst();
  if (!row) notConfigured(restaurantId);
  return {
    restaurant_id: restaurantId,
    key_hint: row.secret_hint,
    offline_limits: row.offline_limits,
    created_at: row.created_at.toISOString(),
    rotated_at: row.rotated_at.toISOString(),
    license_notice: row.license_notice === null
      ? null
      : { text: row.license_notice, received_at: row.license_notice_at?.toISOString() ?? null },
  };
}

/**
 * The two shapes of ExtDllHttp.ini. UCS documents Address as "the processing server's entry
 * point" and shows only scheme://host:port; the DLL calls Address + "/" + the method's value
 * ("т.е. это выполнится http://192.168.101.141:80/getcardinfoex.php"). Whether it keeps a path
 * in Address is not published. So by default ("method") Address is the origin alone and each
 * method's value carries the restaurant's path, which works either way; "address" keeps the
 * path (and the secret) in Address, for installations that already run that way.
 */
export const INI_FORMS = ['method', 'address'] as const;
export type IniForm = (typeof INI_FORMS)[number];

/** ini key → Kopilka's FarCards function. */
const INI_METHODS = [
  ['GetCardInfoEx', 'getcardinfoex'],
  ['TransactionsEx', 'transactionsex'],
  ['FindEmail', 'findemail'],
  ['GetCardImageEx', 'getcardimageex'],
  ['LicenseInfo', 'licenseinfo'],
] as const;

function publicUrl(baseUrl: string): URL {
  let url: URL | null = null;
  try {
    url = new URL(baseUrl);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    fail('validation', 'invalid_public_url', {
      ru: `Адрес Kopilka для r_keeper должен быть вида https://хост[:порт][/путь]: ${baseUrl.slice(0, 100)}`,
      en: `Kopilka's address for r_keeper must look like https://host[:port][/path]: ${baseUrl.slice(0, 100)}`,
    }, { url: baseUrl.slice(0, 100) });
  }
  return url;
}

/** ExtDllHttp.ini for the r_keeper side: the processing server's address and the functions. */
export function extDllHttpIni(baseUrl: string, key: string, restaurantName: string, form: IniForm = 'method'): string {
  const url = publicUrl(baseUrl);
  // The restaurant's endpoint below Kopilka's own path prefix, if it is published under one.
  const endpoint = `${url.pathname.replace(/\/+$/, '')}/rk/${key}`;
  const address = form === 'address' ? `${url.origin}${endpoint}` : url.origin;
  const value = (fn: string) => (form === 'address' ? fn : `${endpoint.slice(1)}/${fn}`);
  return [
    `; Kopilka FarCards: ${restaurantName.replace(/[\r\n]+/g, ' ')}`,
    form === 'address'
      ? '; Адрес содержит секрет ресторана: храните файл как пароль. / The address holds the secret.'
      : '; Пути функций содержат секрет ресторана: храните файл как пароль. / The function paths hold the secret.',
    '[Server]',
    `Address=${address}`,
    ...INI_METHODS.map(([k, fn]) => `${k}=${value(fn)}`),
    '',
  ].join('\r\n');
}
