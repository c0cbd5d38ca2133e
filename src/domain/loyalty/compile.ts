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
  gifts: readonly Omit<Gift, 'promotionId'>[];
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
  const gifts: Omit<Gift, 'promotionId'>[] = [];
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
        gifts.push({ itemId: p.itemId, quantity: p.quantity });
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

/** For each active promotion, the indexes of the order lines it targets (in line order). */
export function targetLines(
  compiled: CompiledPromotions,
  lines: readonly { itemId: string; categoryId: string }[],
): number[][] {
  const result: number[][] = compiled.active.map((c) => (c.isCheck ? lines.map((_, i) => i) : []));
  lines.forEach((line, li) => {
    for (const i of compiled.byItem.get(line.itemId) ?? []) (result[i] as number[]).push(li);
    for (const i of compiled.byCategory.get(line.categoryId) ?? []) {
      const list = result[i] as number[];
      if (list[list.length - 1] !== li) list.push(li);
    }
  });
  return result;
}
