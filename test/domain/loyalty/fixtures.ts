// Builders for engine tests: a Wednesday lunch in Moscow, 100-rouble lines, a guest with a
// 5 % rank and 1000 points.
import { mergeSettings, DEFAULT_SETTINGS } from '../../../src/domain/loyalty/settings.ts';
import type {
  GuestContext,
  Order,
  OrderLine,
  Privilege,
  Program,
  Promotion,
  PromotionConditions,
  Rank,
  SettingsOverride,
} from '../../../src/domain/loyalty/types.ts';

/** Wednesday 11 June 2025, 15:00 in Moscow. */
export const NOW = new Date('2025-06-11T12:00:00Z');

export const RANKS: Rank[] = [
  { id: 'silver', name: 'Серебро', threshold: 0, accrualBp: 500, discountBp: 0 },
  { id: 'gold', name: 'Золото', threshold: 5_000_000, accrualBp: 1000, discountBp: 500 },
];

export function line(n: number, over: Partial<OrderLine> = {}): OrderLine {
  return {
    line: n,
    itemId: `item${n}`,
    name: `Блюдо ${n}`,
    categoryId: 'food',
    basePrice: 10_000,
    price: 10_000,
    quantity: 1000,
    amount: 10_000,
    posPromotions: [],
    ...over,
  };
}

export function order(lines: OrderLine[], over: Partial<Order> = {}): Order {
  return {
    restaurantId: 'r1',
    timeZone: 'Europe/Moscow',
    time: NOW,
    lines,
    promoCodes: [],
    ...over,
  };
}

export function program(override: SettingsOverride = {}, ranks: Rank[] = RANKS): Program {
  return { settings: mergeSettings(DEFAULT_SETTINGS, override), ranks };
}

export function guest(over: Partial<GuestContext> = {}): GuestContext {
  return {
    rankId: 'silver',
    registeredAt: new Date('2024-01-01T00:00:00Z'),
    firstVisit: false,
    bonusBalance: 100_000,
    ...over,
  };
}

export function promo(
  id: string,
  privileges: Privilege[],
  conditions: PromotionConditions = {},
  over: Partial<Promotion> = {},
): Promotion {
  return { id, name: id, kind: 'regular', active: true, conditions, privileges, ...over };
}
