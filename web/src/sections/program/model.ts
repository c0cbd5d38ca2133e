// The loyalty program's objects as the admin API returns them, and how the cabinet shows their
// integer units (basis points, hundredths of a point).
import type { Lang } from '../../i18n/index.tsx';

export interface Rank {
  id: string;
  name: string;
  /** Spend over the rank period, kopecks. */
  threshold: number;
  accrualBp: number;
  discountBp: number;
}

/** 1050 → «10,5 %» (en: "10.5 %"). */
export function percent(bp: number, lang: Lang): string {
  const n = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { maximumFractionDigits: 2 });
  return `${n.format(bp / 100)}\u00a0%`;
}

export type Privilege =
  | { type: 'discount_percent'; bp: number }
  | { type: 'discount_fixed'; amount: number }
  | { type: 'bonus_percent'; bp: number }
  | { type: 'bonus_fixed'; points: number }
  | { type: 'multiplier'; factor: number }
  | { type: 'gift'; itemId: string; quantity: number; value: number }
  | { type: 'fixed_price'; price: number };

export type PrivilegeType = Privilege['type'];

export const PRIVILEGE_TYPES: readonly PrivilegeType[] = [
  'discount_percent',
  'discount_fixed',
  'bonus_percent',
  'bonus_fixed',
  'multiplier',
  'gift',
  'fixed_price',
];

/** A new privilege of a type, with the amounts left for the person to type. */
export function blankPrivilege(type: PrivilegeType): Privilege {
  switch (type) {
    case 'discount_percent':
    case 'bonus_percent':
      return { type, bp: 0 };
    case 'discount_fixed':
      return { type, amount: 0 };
    case 'bonus_fixed':
      return { type, points: 0 };
    case 'multiplier':
      return { type, factor: 200 };
    case 'gift':
      return { type, itemId: '', quantity: 1000, value: 0 };
    case 'fixed_price':
      return { type, price: 0 };
  }
}

export interface Conditions {
  items?: string[];
  categories?: string[];
  minSum?: number;
  minQuantity?: number;
  dateFrom?: string;
  dateTo?: string;
  daysOfWeek?: number[];
  hours?: { from: number; to: number };
  restaurants?: string[];
  ranks?: string[];
  birthday?: { daysBefore: number; daysAfter: number };
  promoCode?: string;
}

export interface Budget {
  total?: number;
  perDay?: number;
  perGuest?: number;
  perGuestUses?: number;
}

export interface BudgetUsage {
  total: number;
  last_day: { day: string; used: number } | null;
  guests: number;
  guest_uses: number;
}

export interface Promotion {
  id: string;
  name: string;
  kind: 'regular' | 'registration_bonus';
  active: boolean;
  conditions: Conditions;
  privileges: Privilege[];
  budget?: Budget;
  priority?: number;
  usage?: BudgetUsage | null;
}

/** What the API takes to create or replace a promotion: empty conditions and budgets dropped. */
export function promotionBody(p: Omit<Promotion, 'id' | 'usage'>) {
  const c = p.conditions;
  const list = (v: string[] | number[] | undefined) => (v && v.length > 0 ? v : undefined);
  const text = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);
  const conditions = prune({
    items: list(c.items),
    categories: list(c.categories),
    minSum: c.minSum || undefined,
    minQuantity: c.minQuantity || undefined,
    dateFrom: text(c.dateFrom),
    dateTo: text(c.dateTo),
    daysOfWeek: list(c.daysOfWeek),
    hours: c.hours,
    restaurants: list(c.restaurants),
    ranks: list(c.ranks),
    birthday: c.birthday,
    promoCode: text(c.promoCode),
  }) as Conditions;
  const budget = prune({ ...p.budget }) as Budget;
  return {
    name: p.name,
    kind: p.kind,
    active: p.active,
    conditions,
    privileges: p.privileges,
    ...(Object.keys(budget).length > 0 ? { budget } : {}),
    ...(p.priority !== undefined ? { priority: p.priority } : {}),
  };
}

function prune(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
}

/** Minutes since midnight ↔ «HH:MM». */
export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function minutesOf(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}
