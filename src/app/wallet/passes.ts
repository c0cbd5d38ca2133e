// One Wallet pass per guest: a random serial, and an authentication token that the pass
// carries and every web-service request from a phone shows (sealed at rest, bound to the
// serial). A short-lived download link lets the guest's browser fetch the file without the
// guest session, which a plain link cannot carry.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { fail } from '../../domain/errors.ts';
import type { AppContext } from '../context.ts';

const PURPOSE = 'wallet-pass-token';
export const DOWNLOAD_MINUTES = 5;

export interface PassRow {
  orgId: number;
  guestId: number;
  serial: string;
  authToken: string;
  updatedAt: Date;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function rowOf(
  ctx: AppContext,
  r: {
    org_id: number;
    guest_id: number;
    serial: string;
    auth_token_sealed: string;
    updated_at: Date;
  },
): PassRow {
  return {
    orgId: Number(r.org_id),
    guestId: Number(r.guest_id),
    serial: r.serial,
    authToken: ctx.secrets.open(PURPOSE, r.serial, r.auth_token_sealed),
    updatedAt: r.updated_at,
  };
}

const PASS_COLUMNS = ['org_id', 'guest_id', 'serial', 'auth_token_sealed', 'updated_at'] as const;

/** The guest's pass, made on first use. */
export async function ensurePass(
  ctx: AppContext,
  orgId: number,
  guestId: number,
): Promise<PassRow> {
  const serial = token(16);
  const now = ctx.now();
  await ctx.db
    .insertInto('wallet_passes')
    .values({
      org_id: orgId,
      guest_id: guestId,
      serial,
      auth_token_sealed: ctx.secrets.seal(PURPOSE, serial, token(24)),
      updated_at: now,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['org_id', 'guest_id']).doNothing())
    .execute();
  const row = await ctx.db
    .selectFrom('wallet_passes')
    .select(PASS_COLUMNS)
    .where('org_id', '=', orgId)
    .where('guest_id', '=', guestId)
    .executeTakeFirstOrThrow();
  return rowOf(ctx, row);
}

/** A link for the guest's browser to fetch the pass, good for a few minutes. */
export async function issueDownload(ctx: AppContext, orgId: number, guestId: number) {
  const pass = await ensurePass(ctx, orgId, guestId);
  const secret = token(24);
  await ctx.db
    .updateTable('wallet_passes')
    .set({
      download_hash: sha256(secret),
      download_until: new Date(ctx.now().getTime() + DOWNLOAD_MINUTES * 60_000),
    })
    .where('org_id', '=', orgId)
    .where('serial', '=', pass.serial)
    .execute();
  return { serial: pass.serial, token: secret };
}

const refused = (): never =>
  fail('auth', 'pass_unauthorized', {
    ru: 'Нет такой карты в Wallet или ключ неверен',
    en: 'No such Wallet pass, or the wrong token',
  });

/** The pass a download link opens; an unknown, expired or wrong link is refused alike. */
export async function passByDownload(
  ctx: AppContext,
  serial: string,
  secret: string,
): Promise<PassRow> {
  const row = await ctx.db
    .selectFrom('wallet_passes')
    .select([...PASS_COLUMNS, 'download_until'])
    .where('serial', '=', serial)
    .where('download_hash', '=', sha256(secret))
    .executeTakeFirst();
  if (!row || !row.download_until || row.download_until <= ctx.now()) return refused();
  return rowOf(ctx, row);
}

/**
 * The pass a phone asks about, by Apple's "Authorization: ApplePass <token>". An unknown pass
 * type or serial and a wrong token get the same 401: serials cannot be probed.
 */
export async function authenticatePass(
  ctx: AppContext,
  passTypeId: string,
  serial: string,
  authorization: string | undefined,
): Promise<PassRow> {
  const shown = /^ApplePass (\S+)$/.exec(authorization ?? '')?.[1];
  if (!shown) return refused();
  const row = await ctx.db
    .selectFrom('wallet_passes as p')
    .innerJoin('wallet_apple_settings as s', 's.org_id', 'p.org_id')
    .select(['p.org_id', 'p.guest_id', 'p.serial', 'p.auth_token_sealed', 'p.updated_at'])
    .where('s.pass_type_id', '=', passTypeId)
    .where('p.serial', '=', serial)
    .executeTakeFirst();
  if (!row) return refused();
  const pass = rowOf(ctx, row);
  const a = Buffer.from(pass.authToken);
  const b = Buffer.from(shown);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return refused();
  return pass;
}
