// The guest card of the admin API (C2, C3): search, the profile with its cards and accounts,
// profile edits with consent, and card validity dates. Every change is audited.
import { sql } from 'kysely';
import { GUEST_NAME_EXPR } from '../../db/migrations/0018_guest_search.ts';
import { cardFlags } from '../../domain/cards.ts';
import { fail } from '../../domain/errors.ts';
import { audit } from '../audit.ts';
import { cardState, describeAccount } from '../cards.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from '../context.ts';
import { changeCard, normalizeGuest, type GuestInput } from './guests.ts';
import { guestStanding } from './guest-standing.ts';
import { decodeIdCursor, pageOf, pageSize, parseInstant } from './paging.ts';

const GUEST_COLUMNS = [
  'id',
  'last_name',
  'first_name',
  'middle_name',
  'phone',
  'email',
  'birthday',
  'sex',
  'consent_marketing',
  'consent_at',
  'attributes',
  'external_id',
  'created_at',
  'updated_at',
] as const;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Guests newest first; `q` matches a name, a phone, an e-mail, or a card number or UID. */
export async function listGuests(
  ctx: AppContext,
  orgId: number,
  query: { q?: string; limit?: number; cursor?: string },
) {
  const limit = pageSize(query.limit);
  let q = ctx.db.selectFrom('guests as g').select(GUEST_COLUMNS).where('g.org_id', '=', orgId);
  const text = query.q?.trim();
  if (text) {
    const like = `%${likeEscape(text)}%`;
    const digits = text.replace(/\D/g, '');
    // Each way of matching is a set of ids its own index finds (trigram indexes for "contains",
    // migration 0017; the card indexes for exact numbers); the page is taken from their union.
    // One OR over them all would make the planner scan every guest.
    const matches = [
      sql`select id from guests where org_id = ${orgId} and ${sql.raw(GUEST_NAME_EXPR)} ilike ${like}`,
      sql`select id from guests where org_id = ${orgId} and email ilike ${like}`,
      ...(digits.length >= 3
        ? [sql`select id from guests where org_id = ${orgId} and phone like ${`%${digits}%`}`]
        : []),
      sql`select guest_id from cards where org_id = ${orgId} and (number = ${text} or uid = ${text})`,
    ];
    q = q.where('g.id', 'in', sql<number>`(${sql.join(matches, sql` union `)})`);
  }
  if (query.cursor) q = q.where('g.id', '<', decodeIdCursor(query.cursor));
  const rows = await q
    .orderBy('g.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = pageOf(rows, limit);
  const ids = page.rows.map((r) => r.id);
  const cards = ids.length
    ? await ctx.db
        .selectFrom('cards')
        .select(['id', 'guest_id', 'number', 'uid', 'status'])
        .where('org_id', '=', orgId)
        .where('guest_id', 'in', ids)
        .orderBy('id')
        .execute()
    : [];
  return {
    rows: page.rows.map((g) => ({
      ...g,
      cards: cards.filter((c) => c.guest_id === g.id).map(({ guest_id: _g, ...c }) => c),
    })),
    next_cursor: page.next_cursor,
  };
}

function guestNotFound(id: number): never {
  fail(
    'not_found',
    'guest_not_found',
    { ru: 'Гость не найден', en: 'Guest not found' },
    { guest_id: id },
  );
}

async function guestRow(tx: Tx, orgId: number, id: number, lock = false) {
  let q = tx
    .selectFrom('guests')
    .select(GUEST_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? guestNotFound(id);
}

export async function findGuest(ctx: AppContext, orgId: number, id: number) {
  return ctx.db.transaction().execute((tx) => guestRow(tx, orgId, id));
}

/** The profile with every card (and its flags) and every account with what it can pay now. */
export async function guestDetail(ctx: AppContext, orgId: number, id: number) {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (tx) => {
    const guest = await guestRow(tx, orgId, id);
    const cards = await tx
      .selectFrom('cards')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('guest_id', '=', id)
      .orderBy('id')
      .execute();
    const accounts = await tx
      .selectFrom('accounts')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('guest_id', '=', id)
      .orderBy('id')
      .execute();
    return {
      ...guest,
      cards: cards.map(({ org_id: _o, ...c }) => ({
        ...c,
        flags: cardFlags(cardState(c), now),
      })),
      accounts: await Promise.all(accounts.map((a) => describeAccount(tx, a, now))),
      ...(await guestStanding(tx, orgId, id, now)),
    };
  });
}

export type GuestPatch = Omit<GuestInput, 'consent_marketing'> & { consent_marketing?: boolean };

/** Edits what is given; consent records when it was given and is cleared when withdrawn. */
export async function updateGuest(ctx: AppContext, actor: Actor, id: number, patch: GuestPatch) {
  const clean = normalizeGuest(patch);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const before = await guestRow(tx, actor.orgId, id, true);
    const given = <K extends keyof GuestInput>(k: K) => Object.hasOwn(patch, k);
    const consent = patch.consent_marketing ?? before.consent_marketing;
    const after = await tx
      .updateTable('guests')
      .set({
        ...(given('last_name') ? { last_name: clean.last_name ?? null } : {}),
        ...(given('first_name') ? { first_name: clean.first_name ?? null } : {}),
        ...(given('middle_name') ? { middle_name: clean.middle_name ?? null } : {}),
        ...(given('phone') ? { phone: clean.phone ?? null } : {}),
        ...(given('email') ? { email: clean.email ?? null } : {}),
        ...(given('birthday') ? { birthday: clean.birthday ?? null } : {}),
        ...(given('sex') ? { sex: clean.sex ?? null } : {}),
        ...(given('external_id') ? { external_id: clean.external_id ?? null } : {}),
        ...(given('attributes') ? { attributes: JSON.stringify(clean.attributes ?? {}) } : {}),
        consent_marketing: consent,
        consent_at: consent ? (before.consent_marketing ? before.consent_at : now) : null,
        updated_at: now,
      })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .returning(GUEST_COLUMNS)
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'update', 'guest', id, before, after);
    return after;
  });
}

/** Validity dates must be real and in order; `null` clears an end. */
export function parseValidity(input: { valid_from?: string | null; valid_until?: string | null }) {
  const from = input.valid_from ? parseInstant(input.valid_from, 'valid_from') : null;
  const until = input.valid_until ? parseInstant(input.valid_until, 'valid_until') : null;
  if (from && until && from.getTime() >= until.getTime()) {
    fail(
      'validation',
      'validity_reversed',
      {
        ru: 'Карта должна начинать действовать раньше, чем закончит',
        en: 'A card must become valid before it stops being valid',
      },
      { valid_from: input.valid_from, valid_until: input.valid_until },
    );
  }
  return { valid_from: from, valid_until: until };
}

export async function setCardValidity(
  ctx: AppContext,
  actor: Actor,
  cardId: number,
  input: { valid_from: string | null; valid_until: string | null },
) {
  return changeCard(ctx, actor, cardId, 'set_validity', parseValidity(input));
}
