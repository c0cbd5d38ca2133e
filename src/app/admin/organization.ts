// The organization, its restaurants and each restaurant's venue card (M1, C1), as the admin
// API shows and edits them. The restaurant code is shown and never changes; test mode is shown
// and only lifted by the first closed order. Every change is audited with before and after.
import { fail } from '../../domain/errors.ts';
import { throwIfInvalid } from '../../domain/loyalty/validate.ts';
import { validateOpeningHours } from '../../domain/opening-hours.ts';
import type { OrganizationSettings } from '../../db/schema.ts';
import type { OpeningHours } from '../../db/schema-admin.ts';
import { audit } from '../audit.ts';
import { normalizePhone } from '../cards.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from '../context.ts';
import { announce, invalidate } from '../invalidation.ts';
import { assertTimeZone } from './tenancy.ts';

export async function getOrganization(ctx: AppContext, orgId: number) {
  const org = await ctx.db
    .selectFrom('organizations')
    .select(['id', 'name', 'settings', 'created_at'])
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  return { ...org, settings: settingsView(org.settings) };
}

export function settingsView(s: OrganizationSettings) {
  return {
    single_active_card: s.singleActiveCard ?? false,
    hold_ttl_seconds: s.holdTtlSeconds ?? null,
  };
}

export async function renameOrganization(ctx: AppContext, actor: Actor, name: string) {
  return inTransaction(ctx, async (tx) => {
    const before = await tx
      .selectFrom('organizations')
      .select(['id', 'name'])
      .where('id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const after = await tx
      .updateTable('organizations')
      .set({ name })
      .where('id', '=', actor.orgId)
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'update', 'organization', actor.orgId, before, after);
    return after;
  });
}

const RESTAURANT_COLUMNS = [
  'id',
  'name',
  'code',
  'time_zone',
  'integration',
  'test_mode',
  'test_mode_lifted_at',
  'created_at',
] as const;

export async function listRestaurants(ctx: AppContext, orgId: number) {
  return ctx.db
    .selectFrom('restaurants')
    .select(RESTAURANT_COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

function restaurantNotFound(id: number): never {
  fail(
    'not_found',
    'restaurant_not_found',
    { ru: 'Ресторан не найден', en: 'Restaurant not found' },
    { restaurant_id: id },
  );
}

async function restaurantRow(tx: Tx, orgId: number, id: number, lock = false) {
  let q = tx
    .selectFrom('restaurants')
    .select(RESTAURANT_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id);
  if (lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? restaurantNotFound(id);
}

export interface VenueCard {
  description: string | null;
  hours: OpeningHours[];
  city: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  /** Kopecks. */
  average_check: number | null;
  logo_url: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  sync_with_licensing: boolean;
}

const EMPTY_VENUE: VenueCard = {
  description: null,
  hours: [],
  city: null,
  address: null,
  latitude: null,
  longitude: null,
  average_check: null,
  logo_url: null,
  contact_phone: null,
  contact_email: null,
  sync_with_licensing: false,
};

async function venueOf(tx: Tx, orgId: number, restaurantId: number): Promise<VenueCard> {
  const row = await tx
    .selectFrom('venue_cards')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('restaurant_id', '=', restaurantId)
    .executeTakeFirst();
  if (!row) return { ...EMPTY_VENUE };
  const card = { ...EMPTY_VENUE };
  for (const key of Object.keys(EMPTY_VENUE) as (keyof VenueCard)[])
    (card as Record<string, unknown>)[key] = row[key];
  return card;
}

export async function getRestaurant(ctx: AppContext, orgId: number, id: number) {
  return ctx.db.transaction().execute(async (tx) => ({
    ...(await restaurantRow(tx, orgId, id)),
    venue: await venueOf(tx, orgId, id),
  }));
}

export async function updateRestaurant(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: { name?: string; time_zone?: string },
) {
  if (input.time_zone !== undefined) assertTimeZone(input.time_zone);
  const updated = await inTransaction(ctx, async (tx) => {
    const before = await restaurantRow(tx, actor.orgId, id, true);
    const after = await tx
      .updateTable('restaurants')
      .set({ name: input.name ?? before.name, time_zone: input.time_zone ?? before.time_zone })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .returning(RESTAURANT_COLUMNS)
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'update', 'restaurant', id, before, after);
    // The tills' cached credentials carry the restaurant's time zone.
    if (after.time_zone !== before.time_zone) {
      await announce(tx, 'terminal-keys');
      await announce(tx, 'farcards-keys');
    }
    return after;
  });
  if (input.time_zone !== undefined) {
    invalidate('terminal-keys');
    invalidate('farcards-keys');
  }
  return updated;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Seed 003's venue card: what the guest app shows of the place, and the licensing switch. */
export async function updateVenueCard(
  ctx: AppContext,
  actor: Actor,
  restaurantId: number,
  patch: Partial<VenueCard>,
) {
  if (patch.contact_email && !EMAIL.test(patch.contact_email))
    fail(
      'validation',
      'invalid_email',
      { ru: 'Неверный адрес e-mail', en: 'Invalid e-mail address' },
      { contact_email: patch.contact_email },
    );
  if (patch.hours) throwIfInvalid(validateOpeningHours(patch.hours));
  const phone = patch.contact_phone ? normalizePhone(patch.contact_phone) : patch.contact_phone;
  return inTransaction(ctx, async (tx) => {
    await restaurantRow(tx, actor.orgId, restaurantId, true);
    const before = await venueOf(tx, actor.orgId, restaurantId);
    const after: VenueCard = {
      ...before,
      ...patch,
      ...(phone === undefined ? {} : { contact_phone: phone }),
    };
    const row = { ...after, hours: JSON.stringify(after.hours), updated_at: ctx.now() };
    await tx
      .insertInto('venue_cards')
      .values({ org_id: actor.orgId, restaurant_id: restaurantId, ...row })
      .onConflict((oc) => oc.columns(['org_id', 'restaurant_id']).doUpdateSet(row))
      .execute();
    await audit(tx, actor, 'update', 'venue_card', restaurantId, before, after);
    return after;
  });
}
