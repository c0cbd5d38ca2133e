// Promotion budgets (L13): total, per local day, per guest (amount and uses). A close reads
// what remains, evaluates, then locks the usage rows of the promotions it spends (in a fixed
// order, so concurrent closes queue instead of deadlocking), re-reads, re-evaluates if someone
// else spent meanwhile, and charges. Refunds give back the same share of the cost they return.
import { sql } from 'kysely';
import type { Promotion, PromotionBudget, RemainingBudget } from '../../domain/loyalty/types.ts';
import type { OrderSpendRecord } from '../../db/schema-loyalty.ts';
import type { Tx } from '../../db/connect.ts';

export interface BudgetKey {
  orgId: number;
  /** Local date of the restaurant 'YYYY-MM-DD'. */
  day: string;
  /** Per-guest budgets of an anonymous order share one pool. */
  guestId: number | null;
}

type Scope = 'total' | 'day' | 'guest';

interface Usage {
  promotion_id: number;
  scope: Scope;
  used: number;
  uses: number;
}

function hasBudget(b: PromotionBudget | undefined): b is PromotionBudget {
  return !!b && Object.values(b).some((v) => v !== undefined);
}

function scopesOf(b: PromotionBudget): Scope[] {
  const s: Scope[] = [];
  if (b.total !== undefined) s.push('total');
  if (b.perDay !== undefined) s.push('day');
  if (b.perGuest !== undefined || b.perGuestUses !== undefined) s.push('guest');
  return s;
}

function keyOf(scope: Scope, k: BudgetKey): string {
  return scope === 'total' ? '' : scope === 'day' ? k.day : String(k.guestId ?? 'anonymous');
}

export function budgeted(promotions: readonly Promotion[]): Promotion[] {
  return promotions.filter((p) => p.active && hasBudget(p.budget));
}

function remainingOf(
  promotions: readonly Promotion[],
  rows: readonly Usage[],
): Map<string, RemainingBudget> {
  const map = new Map<string, RemainingBudget>();
  for (const p of promotions) {
    const b = p.budget as PromotionBudget;
    const used = (scope: Scope) =>
      rows.find((r) => String(r.promotion_id) === p.id && r.scope === scope);
    const left: number[] = [];
    if (b.total !== undefined) left.push(b.total - (used('total')?.used ?? 0));
    if (b.perDay !== undefined) left.push(b.perDay - (used('day')?.used ?? 0));
    if (b.perGuest !== undefined) left.push(b.perGuest - (used('guest')?.used ?? 0));
    const r: RemainingBudget = {};
    if (left.length > 0) r.amount = Math.max(0, Math.min(...left));
    if (b.perGuestUses !== undefined)
      r.uses = Math.max(0, b.perGuestUses - (used('guest')?.uses ?? 0));
    map.set(p.id, r);
  }
  return map;
}

function rowFilter(promotions: readonly Promotion[], k: BudgetKey) {
  return promotions.flatMap((p) =>
    scopesOf(p.budget as PromotionBudget).map((scope) => ({
      promotion_id: Number(p.id),
      scope,
      key: keyOf(scope, k),
    })),
  );
}

async function usageRows(
  tx: Tx,
  promotions: readonly Promotion[],
  k: BudgetKey,
  lock: boolean,
): Promise<Usage[]> {
  const wanted = rowFilter(promotions, k);
  if (wanted.length === 0) return [];
  let q = tx
    .selectFrom('loyalty_budget_usage')
    .select(['promotion_id', 'scope', 'used', 'uses'])
    .where('org_id', '=', k.orgId)
    .where((eb) =>
      eb.or(
        wanted.map((w) =>
          eb.and([
            eb('promotion_id', '=', w.promotion_id),
            eb('scope', '=', w.scope),
            eb('key', '=', w.key),
          ]),
        ),
      ),
    )
    .orderBy('promotion_id')
    .orderBy('scope')
    .orderBy('key');
  if (lock) q = q.forUpdate();
  return q.execute();
}

/** What remains now, without locking: for a dry run, and the first pass of a close. */
export async function remainingBudgets(
  tx: Tx,
  promotions: readonly Promotion[],
  k: BudgetKey,
): Promise<Map<string, RemainingBudget>> {
  return remainingOf(promotions, await usageRows(tx, promotions, k, false));
}

/** Locks the usage rows of these promotions (creating them at 0) and returns what remains. */
export async function lockBudgets(
  tx: Tx,
  promotions: readonly Promotion[],
  k: BudgetKey,
): Promise<Map<string, RemainingBudget>> {
  const wanted = rowFilter(promotions, k);
  if (wanted.length === 0) return new Map();
  await tx
    .insertInto('loyalty_budget_usage')
    .values(wanted.map((w) => ({ org_id: k.orgId, ...w })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  return remainingOf(promotions, await usageRows(tx, promotions, k, true));
}

/** Charges each spend to every budget scope of its promotion; rows are already locked. */
export async function chargeBudgets(
  tx: Tx,
  promotions: readonly Promotion[],
  spend: readonly OrderSpendRecord[],
  k: BudgetKey,
  sign: 1 | -1 = 1,
  uses: 0 | 1 = 1,
): Promise<void> {
  for (const s of spend) {
    const p = promotions.find((x) => x.id === String(s.promotion_id));
    if (!p || !hasBudget(p.budget)) continue;
    for (const scope of scopesOf(p.budget)) {
      await tx
        .updateTable('loyalty_budget_usage')
        .set({
          used: sql`greatest(0, used + ${sign * s.cost})`,
          uses: sql`greatest(0, uses + ${sign * uses})`,
        })
        .where('org_id', '=', k.orgId)
        .where('promotion_id', '=', s.promotion_id)
        .where('scope', '=', scope)
        .where('key', '=', keyOf(scope, k))
        .execute();
    }
  }
}

/** What a promotion has spent of its budgets, for the cabinet: cost in kopecks, uses in orders. */
export interface BudgetUsage {
  /** Spent from the total budget. */
  total: number;
  /** The latest local day with spending from the daily budget, and what it spent. */
  last_day: { day: string; used: number } | null;
  /** Guests who used the promotion under a per-guest budget, and their orders together. */
  guests: number;
  guest_uses: number;
}

/** Budget usage of every promotion of the organization that has a budget scope recorded. */
export async function budgetUsage(db: Tx, orgId: number): Promise<Map<string, BudgetUsage>> {
  const rows = await db
    .selectFrom('loyalty_budget_usage')
    .select((eb) => [
      'promotion_id',
      'scope',
      eb.fn.sum<string>('used').as('used'),
      eb.fn.sum<string>('uses').as('uses'),
      sql<string>`count(*) filter (where uses > 0)`.as('users'),
      eb.fn.max('key').as('last_key'),
    ])
    .where('org_id', '=', orgId)
    .groupBy(['promotion_id', 'scope'])
    .execute();
  const lastDays = rows.filter((r) => r.scope === 'day');
  const dayRows =
    lastDays.length === 0
      ? []
      : await db
          .selectFrom('loyalty_budget_usage')
          .select(['promotion_id', 'key', 'used'])
          .where('org_id', '=', orgId)
          .where('scope', '=', 'day')
          .where((eb) =>
            eb.or(
              lastDays.map((d) =>
                eb.and([eb('promotion_id', '=', d.promotion_id), eb('key', '=', d.last_key)]),
              ),
            ),
          )
          .execute();
  const usage = new Map<string, BudgetUsage>();
  const of = (id: number) => {
    const key = String(id);
    const u = usage.get(key) ?? { total: 0, last_day: null, guests: 0, guest_uses: 0 };
    usage.set(key, u);
    return u;
  };
  for (const r of rows) {
    const u = of(Number(r.promotion_id));
    if (r.scope === 'total') u.total = Number(r.used);
    if (r.scope === 'guest') {
      u.guests = Number(r.users);
      u.guest_uses = Number(r.uses);
    }
  }
  for (const d of dayRows) {
    of(Number(d.promotion_id)).last_day = { day: d.key, used: Number(d.used) };
  }
  return usage;
}
