// E-tips settings (G4) as a manager keeps them: per venue, the tips service (its name and link
// template) and the venue's own recipient, where the link shows (receipt footer, guest's page);
// per waiter, their recipient at the service. Every change is audited and bumps the program's
// version, since the link prints in the receipt footer every process builds from its cache.
import { fail } from '../domain/errors.ts';
import { tipsLink, validateRecipient, validateTemplate } from '../domain/etips.ts';
import { throwIfInvalid } from '../domain/loyalty/validate.ts';
import type { EtipsVenuesTable } from '../db/schema-etips.ts';
import { audit } from './audit.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from './context.ts';
import { touchProgram } from './loyalty/admin.ts';
import { venueTipsFromRows } from './loyalty/program-store.ts';

export interface VenueTipsInput {
  enabled: boolean;
  service_name: string;
  link_template: string;
  recipient: string;
  on_receipt: boolean;
  on_guest_page: boolean;
}

type VenueRow = Omit<EtipsVenuesTable, 'updated_at'> & { updated_at: Date };

function view(v: VenueRow, waiters: { waiter: string; recipient: string }[]) {
  const tips = venueTipsFromRows(v, waiters);
  return {
    restaurant_id: v.restaurant_id,
    enabled: v.enabled,
    service_name: v.service_name,
    link_template: v.link_template,
    recipient: v.recipient,
    on_receipt: v.on_receipt,
    on_guest_page: v.on_guest_page,
    url: tipsLink(tips),
    waiters: waiters.map((w) => ({
      waiter: w.waiter,
      recipient: w.recipient,
      url: tipsLink(tips, w.waiter),
    })),
    updated_at: v.updated_at.toISOString(),
  };
}

export type VenueTipsView = ReturnType<typeof view>;

async function waitersOf(tx: Tx, orgId: number, restaurantId?: number) {
  let q = tx
    .selectFrom('etips_waiters')
    .select(['restaurant_id', 'waiter', 'recipient'])
    .where('org_id', '=', orgId);
  if (restaurantId !== undefined) q = q.where('restaurant_id', '=', restaurantId);
  return q.orderBy('restaurant_id').orderBy('waiter').execute();
}

/** Every venue's e-tips settings with the links they make. */
export async function listEtips(ctx: AppContext, orgId: number): Promise<VenueTipsView[]> {
  const [venues, waiters] = await Promise.all([
    ctx.db
      .selectFrom('etips_venues')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('restaurant_id')
      .execute(),
    waitersOf(ctx.db, orgId),
  ]);
  return venues.map((v) =>
    view(
      v,
      waiters.filter((w) => w.restaurant_id === v.restaurant_id),
    ),
  );
}

async function venueOf(tx: Tx, orgId: number, restaurantId: number, lock = false) {
  let q = tx
    .selectFrom('etips_venues')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('restaurant_id', '=', restaurantId);
  if (lock) q = q.forUpdate();
  const v = await q.executeTakeFirst();
  return v ? view(v, await waitersOf(tx, orgId, restaurantId)) : null;
}

function venueNotSet(restaurantId: number): never {
  fail(
    'not_found',
    'etips.venue_not_set',
    {
      ru: 'Для этого ресторана электронные чаевые не настроены',
      en: 'E-tips are not set up for this restaurant',
    },
    { restaurant_id: restaurantId },
  );
}

async function assertRestaurant(tx: Tx, orgId: number, restaurantId: number) {
  const r = await tx
    .selectFrom('restaurants')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', restaurantId)
    .executeTakeFirst();
  if (!r)
    fail(
      'not_found',
      'restaurant_not_found',
      { ru: 'Ресторан не найден', en: 'Restaurant not found' },
      { restaurant_id: restaurantId },
    );
}

/** Creates or replaces a venue's e-tips settings; every problem of the input is listed at once. */
export async function saveVenueEtips(
  ctx: AppContext,
  actor: Actor,
  restaurantId: number,
  input: VenueTipsInput,
): Promise<VenueTipsView> {
  throwIfInvalid([...validateTemplate(input.link_template), ...validateRecipient(input.recipient)]);
  return inTransaction(ctx, async (tx) => {
    await assertRestaurant(tx, actor.orgId, restaurantId);
    await touchProgram(tx, actor.orgId);
    const before = await venueOf(tx, actor.orgId, restaurantId, true);
    const row = { ...input, service_name: input.service_name.trim(), updated_at: ctx.now() };
    await tx
      .insertInto('etips_venues')
      .values({ org_id: actor.orgId, restaurant_id: restaurantId, ...row })
      .onConflict((oc) => oc.columns(['org_id', 'restaurant_id']).doUpdateSet(row))
      .execute();
    const after = (await venueOf(tx, actor.orgId, restaurantId)) as VenueTipsView;
    await audit(
      tx,
      actor,
      before ? 'update' : 'create',
      'etips_venue',
      restaurantId,
      before,
      after,
    );
    return after;
  });
}

/** Removes a venue's e-tips settings and its waiters' recipients. */
export async function deleteVenueEtips(ctx: AppContext, actor: Actor, restaurantId: number) {
  await inTransaction(ctx, async (tx) => {
    await touchProgram(tx, actor.orgId);
    const before =
      (await venueOf(tx, actor.orgId, restaurantId, true)) ?? venueNotSet(restaurantId);
    await tx
      .deleteFrom('etips_venues')
      .where('org_id', '=', actor.orgId)
      .where('restaurant_id', '=', restaurantId)
      .execute();
    await audit(tx, actor, 'delete', 'etips_venue', restaurantId, before, null);
  });
}

/** Sets (recipient) or removes (null) a waiter's recipient at the venue's tips service. */
export async function setWaiterRecipient(
  ctx: AppContext,
  actor: Actor,
  restaurantId: number,
  waiter: string,
  recipient: string | null,
): Promise<VenueTipsView> {
  if (recipient !== null) throwIfInvalid(validateRecipient(recipient));
  return inTransaction(ctx, async (tx) => {
    await touchProgram(tx, actor.orgId);
    const venue = (await venueOf(tx, actor.orgId, restaurantId, true)) ?? venueNotSet(restaurantId);
    const before = venue.waiters.find((w) => w.waiter === waiter) ?? null;
    const key = { org_id: actor.orgId, restaurant_id: restaurantId, waiter };
    if (recipient === null) {
      if (!before)
        fail(
          'not_found',
          'etips.waiter_not_found',
          {
            ru: 'У этого официанта нет получателя чаевых',
            en: 'This waiter has no tips recipient',
          },
          { waiter },
        );
      await tx
        .deleteFrom('etips_waiters')
        .where('org_id', '=', actor.orgId)
        .where('restaurant_id', '=', restaurantId)
        .where('waiter', '=', waiter)
        .execute();
    } else {
      await tx
        .insertInto('etips_waiters')
        .values({ ...key, recipient })
        .onConflict((oc) =>
          oc.columns(['org_id', 'restaurant_id', 'waiter']).doUpdateSet({ recipient }),
        )
        .execute();
    }
    const after = (await venueOf(tx, actor.orgId, restaurantId)) as VenueTipsView;
    await audit(
      tx,
      actor,
      recipient === null ? 'delete' : before ? 'update' : 'create',
      'etips_waiter',
      `${restaurantId}:${waiter}`,
      before,
      after.waiters.find((w) => w.waiter === waiter) ?? null,
    );
    return after;
  });
}

/**
 * The tips link for the guest's page: the venue of the guest's last check (to its waiter's page
 * when the waiter has one), if that venue shows tips there; null otherwise.
 */
export async function guestTips(
  ctx: AppContext,
  orgId: number,
  guestId: number,
): Promise<{ service_name: string; url: string } | null> {
  const last = await ctx.db
    .selectFrom('orders')
    .select(['restaurant_id', 'operator'])
    .where('org_id', '=', orgId)
    .where('guest_id', '=', guestId)
    .orderBy('closed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) return null;
  const v = await ctx.db
    .selectFrom('etips_venues')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('restaurant_id', '=', last.restaurant_id)
    .executeTakeFirst();
  if (!v || !v.enabled || !v.on_guest_page) return null;
  const waiters = await waitersOf(ctx.db, orgId, v.restaurant_id);
  return {
    service_name: v.service_name,
    url: tipsLink(venueTipsFromRows(v, waiters), last.operator),
  };
}
