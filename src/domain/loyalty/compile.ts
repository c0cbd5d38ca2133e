// Promotions prepared once for many evaluations: privileges summed by type, target sets as
// Sets, an index from item and category ids to the promotions that target them, and a fixed
// order (priority, then id) so every evaluation walks them the same way.
import type { Gift, Promotion } from './types.ts';

export interface CompiledPromotion {
  promotion: Promotion;
  /** No items or categories: the promotion acts on the whole check. */
  isCheck: boolean;
  items: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  discountBp: number;
  discountFixed: number;
  /** The lowest fixed unit price among fixed_price privileges, or null. */
  fixedPrice: number | null;
  bonusBp: number;
  bonusFixed: number;
  /** Hundredths; 0 = no multiplier. */
  multiplier: number;
  /** With the promotion's id, ready to hand to the first target line. */
  gifts: readonly Gift[];
  giftValue: number;
  /** Every privilege grants points (L6). */
  bonusGranting: boolean;
  priority: number;
}

export interface CompiledPromotions {
  /** Active promotions in evaluation order. */
  active: readonly CompiledPromotion[];
  inactive: readonly Promotion[];
  /** Item / category id → indexes into `active` of the item promotions that target it. */
  byItem: ReadonlyMap<string, readonly number[]>;
  byCategory: ReadonlyMap<string, readonly number[]>;
}

function index(
  active: readonly CompiledPromotion[],
  key: 'items' | 'categories',
): Map<string, number[]> {
  const map = new Map<string, number[]>();
  active.forEach((c, i) => {
    for (const id of c[key]) {
      const list = map.get(id);
      if (list) list.push(i);
      else map.set(id, [i]);
    }
  });
  return map;
}

const BONUS_TYPES = new Set(['bonus_percent', 'bonus_fixed', 'multiplier']);

export function compilePromotion(promotion: Promotion): CompiledPromotion {
  const c: CompiledPromotion = {
    promotion,
    isCheck: !promotion.conditions.items?.length && !promotion.conditions.categories?.length,
    items: new Set(promotion.conditions.items ?? []),
    categories: new Set(promotion.conditions.categories ?? []),
    discountBp: 0,
    discountFixed: 0,
    fixedPrice: null,
    bonusBp: 0,
    bonusFixed: 0,
    multiplier: 0,
    gifts: [],
    giftValue: 0,
    bonusGranting:
      promotion.privileges.length > 0 && promotion.privileges.every((p) => BONUS_TYPES.has(p.type)),
    priority: promotion.priority ?? 0,
  };
  const gifts: Gift[] = [];
  for (const p of promotion.privileges) {
    switch (p.type) {
      case 'discount_percent':
        c.discountBp += p.bp;
        break;
      case 'discount_fixed':
        c.discountFixed += p.amount;
        break;
      case 'fixed_price':
        c.fixedPrice = c.fixedPrice === null ? p.price : Math.min(c.fixedPrice, p.price);
        break;
      case 'bonus_percent':
        c.bonusBp += p.bp;
        break;
      case 'bonus_fixed':
        c.bonusFixed += p.points;
        break;
      case 'multiplier':
        c.multiplier = Math.max(c.multiplier, p.factor);
        break;
      case 'gift':
        gifts.push({ promotionId: promotion.id, itemId: p.itemId, quantity: p.quantity });
        c.giftValue += p.value;
        break;
    }
  }
  c.gifts = gifts;
  return c;
}

const cache = new WeakMap<readonly Promotion[], CompiledPromotions>();

/** Compiles once per promotions array (cached by identity; arrays are treated as immutable). */
export function compilePromotions(promotions: readonly Promotion[]): CompiledPromotions {
  const hit = cache.get(promotions);
  if (hit) return hit;
  const active = promotions
    .filter((p) => p.active)
    .map(compilePromotion)
    .sort(
      (a, b) =>
        a.priority - b.priority ||
        (a.promotion.id < b.promotion.id ? -1 : a.promotion.id > b.promotion.id ? 1 : 0),
    );
  const compiled: CompiledPromotions = {
    active,
    inactive: promotions.filter((p) => !p.active),
    byItem: index(active, 'items'),
    byCategory: index(active, 'categories'),
  };
  cache.set(promotions, compiled);
  return compiled;
}

const NONE: readonly number[] = [];

/**
 * For each active promotion, the indexes of the order lines it targets (in line order). Check
 * promotions share one array of all lines, and untargeted ones one empty array: the lists are
 * read-only to every caller.
 */
export function targetLines(
  compiled: CompiledPromotions,
  lines: readonly { itemId: string; categoryId: string }[],
): (readonly number[])[] {
  const all: number[] = [];
  for (let i = 0; i < lines.length; i++) all.push(i);
  const result: (readonly number[])[] = [];
  for (const c of compiled.active) result.push(c.isCheck ? all : NONE);
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li] as { itemId: string; categoryId: string };
    const byItem = compiled.byItem.get(line.itemId);
    if (byItem) for (const i of byItem) push(result, i, li);
    const byCategory = compiled.byCategory.get(line.categoryId);
    if (byCategory) for (const i of byCategory) push(result, i, li);
  }
  return result;
}

/** Appends line `li` to promotion `i`'s list once (an item and its category may both match). */
function push(result: (readonly number[])[], i: number, li: number): void {
  const list = result[i] as number[];
  if (list === NONE) result[i] = [li];
  else if (list[list.length - 1] !== li) list.push(li);
}
