// Managing the loyalty program (M2 for L1–L15): settings with restaurant overrides, ranks,
// promotions, promo-code entries. Every save is validated by the engine's validators (all
// problems at once, each with what to do), audited with before and after, and bumps the
// organization's program version so every server process recompiles its cache.
import { sql } from 'kysely';
import { fail } from '../../domain/errors.ts';
import type { FooterSettings } from '../../domain/loyalty/receipt.ts';
import { DEFAULT_SETTINGS, mergeSettings } from '../../domain/loyalty/settings.ts';
import type { Promotion, Rank, SettingsOverride } from '../../domain/loyalty/types.ts';
import {
  throwIfInvalid,
  validatePromotion,
  validateRanks,
  validateRetiredSettings,
  validateSettings,
  type KnownIds,
} from '../../domain/loyalty/validate.ts';
import { decodeIdCursor, pageOf, pageSize } from '../admin/paging.ts';
import { audit } from '../audit.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from '../context.ts';
import { budgetUsage } from './budgets.ts';
import { DEFAULT_FOOTER, promotionFromRow, rankFromRow } from './program-store.ts';

const ITEM_REFS = ['MENUITEMS', 'products'];
const CATEGORY_REFS = ['CATEGLIST', 'product_groups', 'product_categories'];

/** POS dictionary ids (ident or code) and restaurant ids that promotions may name. */
async function knownIds(tx: Tx, orgId: number): Promise<KnownIds> {
  const rows = await tx
    .selectFrom('pos_dictionary')
    .select(['ref_name', 'ident', 'code'])
    .where('org_id', '=', orgId)
    .where('ref_name', 'in', [...ITEM_REFS, ...CATEGORY_REFS])
    .execute();
  const ids = (refs: string[]) =>
    new Set(
      rows
        .filter((r) => refs.includes(r.ref_name))
        .flatMap((r) => (r.code ? [r.ident, r.code] : [r.ident])),
    );
  const restaurants = await tx
    .selectFrom('restaurants')
    .select('id')
    .where('org_id', '=', orgId)
    .execute();
  return {
    items: ids(ITEM_REFS),
    categories: ids(CATEGORY_REFS),
    restaurants: new Set(restaurants.map((r) => String(r.id))),
  };
}

function notFound(what: 'rank' | 'promotion' | 'restaurant'): never {
  const text = {
    rank: { ru: 'Ранг не найден', en: 'Rank not found' },
    promotion: { ru: 'Акция не найдена', en: 'Promotion not found' },
    restaurant: { ru: 'Ресторан не найден', en: 'Restaurant not found' },
  }[what];
  fail('not_found', `loyalty.${what}_not_found`, text);
}

/**
 * The organization's row, created with the defaults on first use, locked, version bumped: every
 * process reloads the program (and the e-tips printed in its footer) on its next request.
 */
export async function touchProgram(tx: Tx, orgId: number) {
  return tx
    .insertInto('loyalty_programs')
    .values({
      org_id: orgId,
      restaurant_id: 0,
      settings: JSON.stringify(DEFAULT_SETTINGS),
      footer: JSON.stringify(DEFAULT_FOOTER),
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'restaurant_id']).doUpdateSet({
        version: sql`loyalty_programs.version + 1`,
        updated_at: new Date(),
      }),
    )
    .returning(['settings', 'footer', 'version'])
    .executeTakeFirstOrThrow();
}

export async function getProgram(ctx: AppContext, orgId: number) {
  const rows = await ctx.db
    .selectFrom('loyalty_programs')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('restaurant_id')
    .execute();
  const own = rows.find((r) => r.restaurant_id === 0);
  return {
    settings: own
      ? mergeSettings(DEFAULT_SETTINGS, own.settings as SettingsOverride)
      : DEFAULT_SETTINGS,
    footer: { ...DEFAULT_FOOTER, ...(own?.footer ?? {}) },
    version: own?.version ?? 0,
    restaurant_overrides: rows
      .filter((r) => r.restaurant_id !== 0)
      .map((r) => ({ restaurant_id: r.restaurant_id, settings: r.settings })),
  };
}

export async function updateProgram(
  ctx: AppContext,
  actor: Actor,
  body: { settings?: SettingsOverride; footer?: Partial<FooterSettings> },
) {
  throwIfInvalid(validateRetiredSettings(body.settings));
  return inTransaction(ctx, async (tx) => {
    const before = await getProgram({ ...ctx, db: tx }, actor.orgId);
    const settings = mergeSettings(before.settings, body.settings);
    const footer = { ...before.footer, ...(body.footer ?? {}) };
    throwIfInvalid(validateSettings(settings, await knownIds(tx, actor.orgId)));
    await touchProgram(tx, actor.orgId);
    await tx
      .updateTable('loyalty_programs')
      .set({ settings: JSON.stringify(settings), footer: JSON.stringify(footer) })
      .where('org_id', '=', actor.orgId)
      .where('restaurant_id', '=', 0)
      .execute();
    const after = await getProgram({ ...ctx, db: tx }, actor.orgId);
    await audit(tx, actor, 'update', 'loyalty_program', 0, before, after);
    return after;
  });
}

/** Replaces a restaurant's override (null removes it); checked merged with the organization's. */
export async function setRestaurantOverride(
  ctx: AppContext,
  actor: Actor,
  restaurantId: number,
  override: SettingsOverride | null,
) {
  throwIfInvalid(validateRetiredSettings(override));
  return inTransaction(ctx, async (tx) => {
    const restaurant = await tx
      .selectFrom('restaurants')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where('id', '=', restaurantId)
      .executeTakeFirst();
    if (!restaurant) notFound('restaurant');
    const program = await getProgram({ ...ctx, db: tx }, actor.orgId);
    const before =
      program.restaurant_overrides.find((o) => o.restaurant_id === restaurantId)?.settings ?? null;
    if (override) {
      throwIfInvalid(
        validateSettings(
          mergeSettings(program.settings, override),
          await knownIds(tx, actor.orgId),
        ),
      );
    }
    await touchProgram(tx, actor.orgId);
    await tx
      .deleteFrom('loyalty_programs')
      .where('org_id', '=', actor.orgId)
      .where('restaurant_id', '=', restaurantId)
      .execute();
    if (override) {
      await tx
        .insertInto('loyalty_programs')
        .values({
          org_id: actor.orgId,
          restaurant_id: restaurantId,
          settings: JSON.stringify(override),
          footer: null,
        })
        .execute();
    }
    await audit(
      tx,
      actor,
      override ? 'update' : 'delete',
      'loyalty_override',
      restaurantId,
      before,
      override,
    );
    return { restaurant_id: restaurantId, settings: override };
  });
}

async function ranksOf(tx: Tx, orgId: number): Promise<Rank[]> {
  const rows = await tx
    .selectFrom('loyalty_ranks')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('threshold')
    .orderBy('id')
    .execute();
  return rows.map(rankFromRow);
}

export async function listRanks(ctx: AppContext, orgId: number) {
  return ranksOf(ctx.db, orgId);
}

export type RankInput = Omit<Rank, 'id'>;

/** Creates (id null), replaces or deletes (input null) a rank; the whole ladder is checked. */
export async function saveRank(
  ctx: AppContext,
  actor: Actor,
  id: number | null,
  input: RankInput,
): Promise<Rank>;
export async function saveRank(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: null,
): Promise<null>;
export async function saveRank(
  ctx: AppContext,
  actor: Actor,
  id: number | null,
  input: RankInput | null,
): Promise<Rank | null> {
  return inTransaction(ctx, async (tx) => {
    await touchProgram(tx, actor.orgId);
    const ranks = await ranksOf(tx, actor.orgId);
    const before =
      id === null ? null : (ranks.find((r) => r.id === String(id)) ?? notFound('rank'));
    const rest = ranks.filter((r) => r.id !== String(id));
    if (input) {
      const next = [...rest, { ...input, id: String(id ?? 'new') }].sort(
        (a, b) => a.threshold - b.threshold,
      );
      throwIfInvalid(validateRanks(next));
    } else {
      const users = (await promotionsOf(tx, actor.orgId)).filter((p) =>
        p.conditions.ranks?.includes(String(id)),
      );
      if (users.length > 0) {
        fail(
          'rejected',
          'loyalty.rank_in_use',
          {
            ru: `Ранг указан в условиях акций: ${users.map((p) => `«${p.name}»`).join(', ')}; сначала уберите его оттуда`,
            en: `The rank is a condition of promotions: ${users.map((p) => `"${p.name}"`).join(', ')}; remove it there first`,
          },
          { promotions: users.map((p) => p.id) },
        );
      }
    }
    const values = input && {
      name: input.name.trim(),
      threshold: input.threshold,
      accrual_bp: input.accrualBp,
      discount_bp: input.discountBp,
    };
    let rowId = id;
    if (id === null && values) {
      rowId = (
        await tx
          .insertInto('loyalty_ranks')
          .values({ org_id: actor.orgId, ...values })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } else if (values) {
      await tx
        .updateTable('loyalty_ranks')
        .set(values)
        .where('org_id', '=', actor.orgId)
        .where('id', '=', id as number)
        .execute();
    } else {
      await tx
        .deleteFrom('loyalty_ranks')
        .where('org_id', '=', actor.orgId)
        .where('id', '=', id as number)
        .execute();
    }
    const after = input ? { ...input, id: String(rowId) } : null;
    await audit(
      tx,
      actor,
      id === null ? 'create' : input ? 'update' : 'delete',
      'loyalty_rank',
      rowId,
      before,
      after,
    );
    return after;
  });
}

async function promotionsOf(tx: Tx, orgId: number, id?: number): Promise<Promotion[]> {
  let q = tx.selectFrom('loyalty_promotions').selectAll().where('org_id', '=', orgId);
  if (id !== undefined) q = q.where('id', '=', id);
  return (await q.orderBy('id').execute()).map(promotionFromRow);
}

export async function listPromotions(ctx: AppContext, orgId: number) {
  return promotionsOf(ctx.db, orgId);
}

/** Promotions with what each has spent of its budgets (null: nothing recorded yet). */
export async function listPromotionsWithUsage(ctx: AppContext, orgId: number) {
  const [promotions, usage] = await Promise.all([
    promotionsOf(ctx.db, orgId),
    budgetUsage(ctx.db, orgId),
  ]);
  return promotions.map((p) => ({ ...p, usage: usage.get(p.id) ?? null }));
}

export async function getPromotion(ctx: AppContext, orgId: number, id: number) {
  const promotion = (await promotionsOf(ctx.db, orgId, id))[0] ?? notFound('promotion');
  return { ...promotion, usage: (await budgetUsage(ctx.db, orgId)).get(promotion.id) ?? null };
}

export type PromotionInput = Omit<Promotion, 'id' | 'active'> & { active?: boolean };

/** Creates (id null), replaces, deletes (input null) or switches a promotion. */
export async function savePromotion(
  ctx: AppContext,
  actor: Actor,
  id: number | null,
  input: PromotionInput | { active: boolean },
): Promise<Promotion>;
export async function savePromotion(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: null,
): Promise<null>;
export async function savePromotion(
  ctx: AppContext,
  actor: Actor,
  id: number | null,
  input: PromotionInput | { active: boolean } | null,
): Promise<Promotion | null> {
  return inTransaction(ctx, async (tx) => {
    await touchProgram(tx, actor.orgId);
    const before =
      id === null ? null : ((await promotionsOf(tx, actor.orgId, id))[0] ?? notFound('promotion'));
    const next: Promotion | null =
      input === null
        ? null
        : 'name' in input
          ? { ...input, id: String(id ?? 'new'), active: input.active ?? before?.active ?? false }
          : { ...(before as Promotion), active: input.active };
    if (next) {
      throwIfInvalid(
        validatePromotion(next, await knownIds(tx, actor.orgId), await ranksOf(tx, actor.orgId)),
      );
    }
    const values = next && {
      name: next.name.trim(),
      kind: next.kind,
      active: next.active,
      conditions: JSON.stringify(next.conditions),
      privileges: JSON.stringify(next.privileges),
      budget: next.budget ? JSON.stringify(next.budget) : null,
      priority: next.priority ?? 0,
    };
    let rowId = id;
    if (id === null && values) {
      rowId = (
        await tx
          .insertInto('loyalty_promotions')
          .values({ org_id: actor.orgId, ...values })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    } else if (values) {
      await tx
        .updateTable('loyalty_promotions')
        .set({ ...values, updated_at: ctx.now() })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', id as number)
        .execute();
    } else {
      await tx
        .deleteFrom('loyalty_promotions')
        .where('org_id', '=', actor.orgId)
        .where('id', '=', id as number)
        .execute();
    }
    const after = next ? { ...next, id: String(rowId) } : null;
    const action =
      id === null
        ? 'create'
        : !input
          ? 'delete'
          : 'name' in input
            ? 'update'
            : input.active
              ? 'activate'
              : 'deactivate';
    await audit(tx, actor, action, 'loyalty_promotion', rowId, before, after);
    return after;
  });
}

/**
 * Promo codes the promotions ask for, in the one list shape. How long an entered code lives
 * (L14) is a program setting and is read there (GET /program), not beside the rows.
 */
export async function listPromoCodes(ctx: AppContext, orgId: number) {
  const promotions = await promotionsOf(ctx.db, orgId);
  return {
    rows: promotions.flatMap(({ conditions: { promoCode: code }, id, active }) =>
      code === undefined ? [] : [{ code, promotion_id: id, active }],
    ),
    next_cursor: null,
  };
}

/**
 * Records that a guest entered a promo code now: from the guest's page, or by support for the
 * guest. The code is matched as the till matches it (case and spaces aside) and kept as the
 * promotion spells it; the guest's page accepts only codes of active promotions.
 */
export async function enterPromoCode(
  ctx: AppContext,
  actor: Actor,
  guestId: number,
  typed: string,
  options: { activeOnly?: boolean } = {},
) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const wanted = typed.trim().toUpperCase();
    const promotion = (await promotionsOf(tx, actor.orgId)).find(
      (p) =>
        p.conditions.promoCode?.trim().toUpperCase() === wanted &&
        (p.active || !options.activeOnly),
    );
    const code = promotion?.conditions.promoCode ?? typed;
    if (!promotion) {
      fail('not_found', 'loyalty.promo_code_unknown', {
        ru: `Промокод «${code}» не используется ни в одной акции`,
        en: `Promo code "${code}" is not used by any promotion`,
      });
    }
    const guest = await tx
      .selectFrom('guests')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where('id', '=', guestId)
      .executeTakeFirst();
    if (!guest)
      fail('not_found', 'guest_not_found', { ru: 'Гость не найден', en: 'Guest not found' });
    await tx
      .insertInto('loyalty_promo_code_entries')
      .values({ org_id: actor.orgId, guest_id: guestId, code, entered_at: now })
      .onConflict((oc) =>
        oc.columns(['org_id', 'guest_id', 'code']).doUpdateSet({ entered_at: now }),
      )
      .execute();
    const after = { guest_id: guestId, code, entered_at: now.toISOString() };
    await audit(tx, actor, 'enter', 'loyalty_promo_code', guestId, null, after);
    return after;
  });
}

export async function listSecurityEvents(
  ctx: AppContext,
  orgId: number,
  page: { limit?: number | undefined; cursor?: string | undefined },
) {
  const limit = pageSize(page.limit, 100);
  let q = ctx.db
    .selectFrom('security_events')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (page.cursor) q = q.where('id', '<', decodeIdCursor(page.cursor));
  return pageOf(await q.execute(), limit);
}
