// A guest proves a phone with a one-time code sent by SMS, then joins (a new guest with a
// virtual card) or signs in to the page of the guest who has that phone. Nothing here tells a
// caller whether a phone is registered before the code is proven: asking for a code does the
// same work and gives the same answer for every phone, and only the phone's owner, holding
// the code, learns whether a card exists. Codes are single use: a proven code is spent in the
// transaction that checks it, so a replay or a parallel twin finds it spent.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_VIRTUAL_MASK, numberFromMask } from '../../domain/cards.ts';
import { DomainError, fail } from '../../domain/errors.ts';
import type { Guest } from '../../db/schema.ts';
import { audit } from '../audit.ts';
import { normalizePhone } from '../cards.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from '../context.ts';
import {
  insertCard,
  insertGuest,
  loadMasks,
  normalizeGuest,
  orgSettings,
} from '../admin/guests.ts';
import { tokenHash } from '../admin/users.ts';
import { GUEST_LIMITS, limitAttempts, type GuestLimits } from './attempts.ts';
import { CONSENT, openLink, type OpenLink } from './links.ts';
import { maskedPhone, type SmsSender } from './sms.ts';

/** A code is good for this long after it is sent. */
export const CODE_MINUTES = 10;
/** A guest's session lasts this long; then the guest proves the phone again. */
export const GUEST_SESSION_MINUTES = 30;
/** Answers that refuse a code take at least this long, whatever the reason. */
export const CODE_FLOOR_MS = 300;

export interface GuestChannels {
  /** null: no provider is configured, and guests cannot ask for codes. */
  sms: SmsSender | null;
  limits?: GuestLimits;
  /** Where the sending of a code is told (the server's log); never the code itself but for `log`. */
  log?: (line: string) => void;
}

const codeHash = (orgId: number, phone: string, code: string) =>
  createHash('sha256').update(`${orgId}:${phone}:${code}`).digest('hex');

function invalidCode(): never {
  fail('validation', 'code_invalid', {
    ru: 'Неверный или устаревший код: запросите новый',
    en: 'The code is wrong, used or expired: ask for a new one',
  });
}

/** Sends a one-time code to `phone` for the link's organization. Same answer for every phone. */
export async function sendCode(
  ctx: AppContext,
  channels: GuestChannels,
  token: string,
  rawPhone: string,
  address: string,
) {
  const limits = channels.limits ?? GUEST_LIMITS;
  const sms = channels.sms;
  if (!sms) {
    fail('unavailable', 'sms_not_configured', {
      ru: 'Вход и вступление по SMS пока недоступны: ресторан ещё не настроил отправку SMS',
      en: 'Joining and signing in by SMS are not available yet: SMS sending is not set up',
    });
  }
  const phone = normalizePhone(rawPhone);
  const link = await openLink(ctx.db, token);
  const now = ctx.now();
  await limitAttempts(ctx.db, now, [
    { key: `code:phone:${phone}`, rule: limits.codesPerPhone },
    { key: `code:addr:${address}`, rule: limits.codesPerAddress },
  ]);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await inTransaction(ctx, async (tx) => {
    // A new code replaces the phone's earlier ones in this organization.
    await tx
      .updateTable('guest_codes')
      .set({ used_at: now })
      .where('org_id', '=', link.orgId)
      .where('phone', '=', phone)
      .where('used_at', 'is', null)
      .execute();
    await tx
      .insertInto('guest_codes')
      .values({
        org_id: link.orgId,
        phone,
        code_hash: codeHash(link.orgId, phone, code),
        created_at: now,
        expires_at: new Date(now.getTime() + CODE_MINUTES * 60_000),
        used_at: null,
      })
      .execute();
  });
  try {
    await sms.send(phone, `${code} — код для карты гостя «${link.organization}»`);
  } catch (e) {
    channels.log?.(`SMS to ${maskedPhone(phone)} failed: ${(e as Error).message}`);
    fail('rejected', 'sms_not_sent', {
      ru: 'Не удалось отправить SMS с кодом: проверьте номер или повторите позже',
      en: 'The SMS with the code could not be sent: check the number or try again later',
    });
  }
  return { expires_in_seconds: CODE_MINUTES * 60 };
}

export interface JoinProfile {
  first_name: string;
  birthday?: string | null;
  /** The version of the consent text the guest accepted. */
  consent_version: string;
}

export interface GuestSession {
  token: string;
  expires_at: string;
  /** True when this proof made a new guest; false when the phone's guest signed in. */
  joined: boolean;
}

type Outcome =
  { kind: 'session'; session: GuestSession } | { kind: 'wrong' } | { kind: 'not_member' };

/**
 * Proves the phone with its code. With a profile, a phone nobody has joins; without one, it is
 * told to join (the code stays good for that). A phone that has a guest signs in either way.
 */
export async function proveCode(
  ctx: AppContext,
  channels: GuestChannels,
  token: string,
  input: { phone: string; code: string; profile?: JoinProfile },
  address: string,
): Promise<GuestSession> {
  const started = performance.now();
  try {
    return await prove(ctx, channels.limits ?? GUEST_LIMITS, token, input, address);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'code_invalid') {
      const wait = started + CODE_FLOOR_MS - performance.now();
      if (wait > 0) await sleep(wait);
    }
    throw e;
  }
}

async function prove(
  ctx: AppContext,
  limits: GuestLimits,
  token: string,
  input: { phone: string; code: string; profile?: JoinProfile },
  address: string,
): Promise<GuestSession> {
  const phone = normalizePhone(input.phone);
  const profile = input.profile ? checkedProfile(input.profile) : null;
  const link = await openLink(ctx.db, token);
  const now = ctx.now();
  await limitAttempts(ctx.db, now, [
    { key: `check:phone:${phone}`, rule: limits.checksPerPhone },
    { key: `check:addr:${address}`, rule: limits.checksPerAddress },
  ]);
  const outcome = await inTransaction(ctx, async (tx): Promise<Outcome> => {
    const row = await tx
      .selectFrom('guest_codes')
      .select(['id', 'code_hash', 'failures'])
      .where('org_id', '=', link.orgId)
      .where('phone', '=', phone)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('id', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { kind: 'wrong' };
    const given = Buffer.from(codeHash(link.orgId, phone, input.code.trim()), 'hex');
    if (!timingSafeEqual(given, Buffer.from(row.code_hash, 'hex'))) {
      // The failure is kept although the request fails: that is what makes the limit hold.
      await tx
        .updateTable('guest_codes')
        .set((eb) => ({
          failures: eb('failures', '+', 1),
          ...(row.failures + 1 >= limits.triesPerCode ? { used_at: now } : {}),
        }))
        .where('org_id', '=', link.orgId)
        .where('id', '=', row.id)
        .execute();
      return { kind: 'wrong' };
    }
    const existing = await guestWithPhone(tx, link.orgId, phone);
    if (!existing && !profile) return { kind: 'not_member' };
    await tx
      .updateTable('guest_codes')
      .set({ used_at: now })
      .where('org_id', '=', link.orgId)
      .where('id', '=', row.id)
      .execute();
    const guest = existing ?? (await join(tx, link, phone, profile as JoinProfile, now));
    return {
      kind: 'session',
      session: await startSession(tx, link.orgId, guest.id, now, !existing),
    };
  });
  if (outcome.kind === 'wrong') invalidCode();
  if (outcome.kind === 'not_member') {
    fail('not_found', 'not_a_member', {
      ru: 'С этим номером ещё нет карты: заполните имя и согласие, чтобы присоединиться',
      en: 'No card has this phone yet: fill in your name and consent to join',
    });
  }
  return outcome.session;
}

function checkedProfile(p: JoinProfile): JoinProfile {
  const firstName = p.first_name.trim();
  if (!firstName) fail('validation', 'name_required', { ru: 'Укажите имя', en: 'Give your name' });
  if (p.consent_version !== CONSENT.version) {
    fail(
      'validation',
      'consent_outdated',
      {
        ru: 'Текст согласия изменился: обновите страницу и примите его снова',
        en: 'The consent text has changed: reload the page and accept it again',
      },
      { current: CONSENT.version },
    );
  }
  normalizeGuest({ birthday: p.birthday ?? null });
  return { ...p, first_name: firstName };
}

/** The oldest guest of the organization with this phone, if any. */
async function guestWithPhone(tx: Tx, orgId: number, phone: string) {
  return tx
    .selectFrom('guests')
    .select('id')
    .where('org_id', '=', orgId)
    .where('phone', '=', phone)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** Tries at drawing a free virtual card number before giving up. */
const CARD_DRAWS = 20;

async function join(tx: Tx, link: OpenLink, phone: string, p: JoinProfile, now: Date) {
  const actor: Actor = { orgId: link.orgId, type: 'guest', id: null, name: `link ${link.linkId}` };
  const guest: Guest = await insertGuest(
    tx,
    actor,
    { first_name: p.first_name, phone, birthday: p.birthday ?? null },
    now,
  );
  const self: Actor = { ...actor, id: String(guest.id), name: p.first_name };
  await tx
    .insertInto('guest_registrations')
    .values({
      org_id: link.orgId,
      guest_id: guest.id,
      link_id: link.linkId,
      restaurant_id: link.restaurantId,
      campaign: link.campaign,
      consent_version: p.consent_version,
      consent_at: now,
    })
    .execute();
  await audit(tx, self, 'consent', 'guest', guest.id, null, {
    consent_version: p.consent_version,
    consent_at: now.toISOString(),
    link_id: link.linkId,
  });
  await issueVirtualCard(tx, self, guest.id);
  return guest;
}

/** A card numbered by the organization's mask for virtual cards (or its first mask). */
async function issueVirtualCard(tx: Tx, actor: Actor, guestId: number) {
  const masks = await loadMasks(tx, actor.orgId);
  const settings = await orgSettings(tx, actor.orgId);
  const mask =
    masks.find((m) => /virtual|виртуал/i.test(`${m.kind} ${m.name}`)) ?? masks[0] ?? null;
  const pattern = mask?.pattern ?? DEFAULT_VIRTUAL_MASK;
  for (let draw = 0; draw < CARD_DRAWS; draw++) {
    const number = numberFromMask(pattern, () => randomInt(0, 10));
    const taken = await tx
      .selectFrom('cards')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where('number', '=', number)
      .executeTakeFirst();
    if (!taken) return insertCard(tx, actor, { guest_id: guestId, number }, masks, settings);
  }
  fail('conflict', 'card_numbers_exhausted', {
    ru: 'Не удалось подобрать свободный номер карты по маске организации',
    en: 'No free card number could be drawn from the organization’s card mask',
  });
}

async function startSession(tx: Tx, orgId: number, guestId: number, now: Date, joined: boolean) {
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + GUEST_SESSION_MINUTES * 60_000);
  const s = await tx
    .insertInto('guest_sessions')
    .values({
      org_id: orgId,
      guest_id: guestId,
      token_hash: tokenHash(secret),
      expires_at: expiresAt,
      revoked_at: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { token: `kg_${orgId}_${s.id}_${secret}`, expires_at: expiresAt.toISOString(), joined };
}

export interface GuestPrincipal {
  orgId: number;
  guestId: number;
  sessionId: number;
}

const TOKEN = /^kg_(\d{1,15})_(\d{1,15})_([A-Za-z0-9_-]{43})$/;

/** The guest a session token belongs to; 401 for anything else, expired and ended included. */
export async function authenticateGuest(
  ctx: AppContext,
  token: string | undefined,
): Promise<GuestPrincipal> {
  const m = token ? TOKEN.exec(token) : null;
  if (!m)
    fail('auth', 'guest_session_required', {
      ru: 'Войдите по номеру телефона',
      en: 'Sign in with your phone number',
    });
  const [orgId, sessionId, secret] = [Number(m[1]), Number(m[2]), m[3] as string];
  const row = await ctx.db
    .selectFrom('guest_sessions')
    .select(['guest_id', 'token_hash', 'expires_at', 'revoked_at'])
    .where('org_id', '=', orgId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  const ok =
    !!row &&
    timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(tokenHash(secret), 'hex'));
  if (!row || !ok || row.revoked_at || row.expires_at <= ctx.now()) {
    fail('auth', 'guest_session_invalid', {
      ru: 'Сессия истекла: войдите по номеру телефона снова',
      en: 'The session has expired: sign in with your phone again',
    });
  }
  return { orgId, guestId: row.guest_id, sessionId };
}

export async function endGuestSession(ctx: AppContext, p: GuestPrincipal) {
  await ctx.db
    .updateTable('guest_sessions')
    .set({ revoked_at: ctx.now() })
    .where('org_id', '=', p.orgId)
    .where('id', '=', p.sessionId)
    .execute();
}
