// Loading the loyalty program of an organization as the engine wants it: settings merged with
// the restaurant's override, ranks, and promotions compiled once. Compiled programs are cached
// per organization and reused while the organization's program version stays the same; every
// admin change bumps the version, so every server process sees it on its next request.
import type { VenueTips } from '../../domain/etips.ts';
import { compilePromotions, type CompiledPromotions } from '../../domain/loyalty/compile.ts';
import type { FooterSettings } from '../../domain/loyalty/receipt.ts';
import { DEFAULT_SETTINGS, mergeSettings } from '../../domain/loyalty/settings.ts';
import type {
  Program,
  ProgramSettings,
  Promotion,
  Rank,
  SettingsOverride,
} from '../../domain/loyalty/types.ts';
import type { EtipsVenuesTable, EtipsWaitersTable } from '../../db/schema-etips.ts';
import type { LoyaltyPromotionRow, LoyaltyRankRow } from '../../db/schema-loyalty.ts';
import type { Tx } from '../../db/connect.ts';

export const DEFAULT_FOOTER: FooterSettings = {
  width: 42,
  maxLength: 400,
  language: 'ru',
  showBalance: true,
  showRank: true,
  showToNextRank: true,
  showPaymentCode: true,
};

interface OrgProgram {
  version: number;
  settings: ProgramSettings;
  overrides: ReadonlyMap<number, SettingsOverride>;
  footer: FooterSettings;
  ranks: readonly Rank[];
  promotions: readonly Promotion[];
  compiled: CompiledPromotions;
  /** E-tips of each venue that has them (they print in the footer, so they ride the version). */
  tips: ReadonlyMap<number, VenueTips>;
  /** What the guest context must load: only what some active promotion or rank needs. */
  needs: { rankSpend: boolean; firstVisit: boolean; promoCodes: boolean; budgets: boolean };
}

export interface LoadedProgram extends OrgProgram {
  program: Program;
  timeZone: string;
  /** This restaurant's e-tips, when set and enabled. */
  venueTips: VenueTips | null;
}

export function rankFromRow(r: LoyaltyRankRow): Rank {
  return {
    id: String(r.id),
    name: r.name,
    threshold: r.threshold,
    accrualBp: r.accrual_bp,
    discountBp: r.discount_bp,
  };
}

export function promotionFromRow(p: LoyaltyPromotionRow): Promotion {
  return {
    id: String(p.id),
    name: p.name,
    kind: p.kind,
    active: p.active,
    conditions: p.conditions,
    privileges: p.privileges,
    ...(p.budget ? { budget: p.budget } : {}),
    priority: p.priority,
  };
}

export function venueTipsFromRows(
  v: Omit<EtipsVenuesTable, 'updated_at'>,
  waiters: readonly Pick<EtipsWaitersTable, 'waiter' | 'recipient'>[],
): VenueTips {
  return {
    enabled: v.enabled,
    serviceName: v.service_name,
    linkTemplate: v.link_template,
    recipient: v.recipient,
    onReceipt: v.on_receipt,
    onGuestPage: v.on_guest_page,
    waiters: new Map(waiters.map((w) => [w.waiter, w.recipient])),
  };
}

async function loadOrg(tx: Tx, orgId: number): Promise<OrgProgram> {
  // The version is read before the rest: a change committed meanwhile has a higher version,
  // so at worst newer data is cached under an older version and reloaded on the next request.
  const rows = await tx
    .selectFrom('loyalty_programs')
    .selectAll()
    .where('org_id', '=', orgId)
    .execute();
  const [rankRows, promoRows, tipVenues, tipWaiters] = await Promise.all([
    tx
      .selectFrom('loyalty_ranks')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('threshold')
      .execute(),
    tx
      .selectFrom('loyalty_promotions')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute(),
    tx.selectFrom('etips_venues').selectAll().where('org_id', '=', orgId).execute(),
    tx.selectFrom('etips_waiters').selectAll().where('org_id', '=', orgId).execute(),
  ]);
  const own = rows.find((r) => r.restaurant_id === 0);
  const promotions = promoRows.map(promotionFromRow);
  const active = promotions.filter((p) => p.active);
  const ranks = rankRows.map(rankFromRow);
  return {
    version: own?.version ?? 0,
    settings: own
      ? mergeSettings(DEFAULT_SETTINGS, own.settings as SettingsOverride)
      : DEFAULT_SETTINGS,
    overrides: new Map(
      rows
        .filter((r) => r.restaurant_id !== 0)
        .map((r) => [r.restaurant_id, r.settings as SettingsOverride]),
    ),
    footer: { ...DEFAULT_FOOTER, ...(own?.footer ?? {}) },
    ranks,
    promotions,
    compiled: compilePromotions(promotions),
    tips: new Map(
      tipVenues.map((v) => [
        v.restaurant_id,
        venueTipsFromRows(
          v,
          tipWaiters.filter((w) => w.restaurant_id === v.restaurant_id),
        ),
      ]),
    ),
    needs: {
      rankSpend: ranks.length > 0,
      firstVisit: active.some((p) => p.kind === 'registration_bonus'),
      promoCodes: active.some((p) => p.conditions.promoCode !== undefined),
      budgets: active.some((p) => p.budget && Object.values(p.budget).some((v) => v !== undefined)),
    },
  };
}

/** What decides whether the cached program is current: read on every request. */
export interface ProgramHead {
  time_zone: string;
  /** The organization's program version; null before its first save. */
  version: number | null;
}

/**
 * The head as two scalar subqueries, for a caller that folds it into a statement it runs anyway
 * (the FarCards claim): the same read, one round trip less.
 */
export function programHeadColumns(db: Tx, orgId: number, restaurantId: number) {
  return [
    db
      .selectFrom('restaurants')
      .select('time_zone')
      .where('org_id', '=', orgId)
      .where('id', '=', restaurantId)
      .$asScalar()
      .as('time_zone'),
    db
      .selectFrom('loyalty_programs')
      .select('version')
      .where('org_id', '=', orgId)
      .where('restaurant_id', '=', 0)
      .$asScalar()
      .as('version'),
  ] as const;
}

/** One per AppContext: a cache must not outlive its database. */
export class ProgramStore {
  readonly #cache = new Map<number, OrgProgram>();

  /** `known`: the head the caller read in this transaction, else it is read here. */
  async load(
    tx: Tx,
    orgId: number,
    restaurantId: number,
    known?: ProgramHead,
  ): Promise<LoadedProgram> {
    const head =
      known ??
      (await tx
        .selectFrom('restaurants as r')
        .leftJoin('loyalty_programs as p', (j) =>
          j.onRef('p.org_id', '=', 'r.org_id').on('p.restaurant_id', '=', 0),
        )
        .select(['r.time_zone', 'p.version'])
        .where('r.org_id', '=', orgId)
        .where('r.id', '=', restaurantId)
        .executeTakeFirstOrThrow());
    const version = head.version ?? 0;
    let org = this.#cache.get(orgId);
    if (!org || org.version !== version) {
      org = await loadOrg(tx, orgId);
      this.#cache.set(orgId, org);
    }
    return loaded(org, restaurantId, head.time_zone);
  }

  /** The program as last loaded, without reading anything: it may be out of date. */
  peek(orgId: number, restaurantId: number, timeZone: string): LoadedProgram | null {
    const org = this.#cache.get(orgId);
    return org ? loaded(org, restaurantId, timeZone) : null;
  }
}

function loaded(org: OrgProgram, restaurantId: number, timeZone: string): LoadedProgram {
  return {
    ...org,
    timeZone,
    venueTips: org.tips.get(restaurantId)?.enabled ? (org.tips.get(restaurantId) ?? null) : null,
    program: {
      settings: mergeSettings(org.settings, org.overrides.get(restaurantId)),
      ranks: org.ranks,
    },
  };
}
