// API keys of POS terminals. The key carries its organization and terminal id, so a lookup
// is a primary-key read led by org_id; only a SHA-256 of the secret part is stored (a 256-bit
// random secret needs no slow hash). Verified keys are cached briefly because the till waits.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { fail } from '../domain/errors.ts';
import type { AppContext, PosPrincipal } from './context.ts';
import { generation, invalidate, onInvalidate } from './invalidation.ts';

const KEY = /^kp_(\d{1,15})_(\d{1,15})_([A-Za-z0-9_-]{43})$/;
const CACHE_MS = 10_000;

export interface IssuedKey {
  key: string;
  hash: string;
  hint: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function issueKey(orgId: number, terminalId: number): IssuedKey {
  const secret = randomBytes(32).toString('base64url');
  return {
    key: `kp_${orgId}_${terminalId}_${secret}`,
    hash: hashSecret(secret),
    hint: secret.slice(-4),
  };
}

/** With the restaurant's time zone as cached: a read that depends on it checks it is still so. */
export type TerminalPrincipal = PosPrincipal & { testMode: boolean; timeZone: string };

const cache = new Map<string, { principal: TerminalPrincipal; until: number }>();
onInvalidate('terminal-keys', () => cache.clear());

/** Drops verified keys in every server process: a revoked or rotated key stops at once. */
export function forgetCachedKeys(): void {
  invalidate('terminal-keys');
}

function badKey(): never {
  fail('auth', 'invalid_api_key', {
    ru: 'Неверный или отозванный ключ кассы',
    en: 'Invalid or revoked terminal key',
  });
}

export async function authenticateTerminal(
  ctx: AppContext,
  key: string | undefined,
): Promise<TerminalPrincipal> {
  if (!key) {
    fail('auth', 'api_key_required', {
      ru: 'Нужен ключ кассы: заголовок Authorization: Bearer <ключ>',
      en: 'A terminal key is required: Authorization: Bearer <key>',
    });
  }
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.principal;
  const m = KEY.exec(key);
  if (!m) badKey();
  const seen = generation('terminal-keys');
  const [orgId, terminalId, secret] = [Number(m[1]), Number(m[2]), m[3] as string];
  const row = await ctx.db
    .selectFrom('terminals as t')
    .innerJoin('restaurants as r', (j) =>
      j.onRef('r.org_id', '=', 't.org_id').onRef('r.id', '=', 't.restaurant_id'),
    )
    .select(['t.key_hash', 't.revoked_at', 't.name', 't.restaurant_id', 'r.test_mode', 'r.time_zone'])
    .where('t.org_id', '=', orgId)
    .where('t.id', '=', terminalId)
    .executeTakeFirst();
  const expected = Buffer.from(row?.key_hash ?? '0'.repeat(64), 'hex');
  const given = Buffer.from(hashSecret(secret), 'hex');
  if (!row || row.revoked_at !== null || !timingSafeEqual(expected, given)) badKey();
  const principal: TerminalPrincipal = {
    orgId,
    restaurantId: row.restaurant_id,
    terminalId,
    terminalName: row.name,
    testMode: row.test_mode,
    timeZone: row.time_zone,
  };
  // Not kept if a change was announced while it was read: it may predate the change.
  if (generation('terminal-keys') === seen) cache.set(key, { principal, until: now + CACHE_MS });
  return principal;
}
