// Step 1, eligibility: which promotions may act on this order at all, and on which lines.
// Everything about the order, the guest and the moment is checked here, once per promotion;
// later steps only weigh privileges. L12's "no Kopilka promotions" lives here too, because a
// promotion that cannot fire must not win the L4 contest against the rank.
import { targetLines, type CompiledPromotion, type CompiledPromotions } from './compile.ts';
import { conditionText, promotionEntry, ruleEntry } from './explain.ts';
import { daysBetween, localTime, type LocalTime } from './local-time.ts';
import type {
  ExplanationEntry,
  GuestContext,
  Order,
  ProgramSettings,
  Promotion,
  PromotionConditions,
  Rank,
  RemainingBudget,
} from './types.ts';

export interface EligibilityInput {
  order: Order;
  guest: GuestContext;
  settings: ProgramSettings;
  rank: Rank | null;
  promotions: CompiledPromotions;
  now: Date;
  budgets: ReadonlyMap<string, RemainingBudget>;
}

export interface EligiblePromotion {
  compiled: CompiledPromotion;
  /** Indexes into order.lines, ascending. */
  lines: readonly number[];
  /** Remaining budget amount (cost in kopecks), or null when unlimited. */
  remaining: number | null;
}

export interface Rejected {
  promotion: Promotion;
  /** 'L12.promotions' or a condition code of explain.ts (inactive, hours, min_sum …). */
  reason: string;
}

export interface EligibilityResult {
  eligible: EligiblePromotion[];
  rejected: Rejected[];
  /** L1 is off: nothing was considered. */
  programOff: boolean;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Whether local `today` is within [birthday − before, birthday + after] of some year. */
export function inBirthdayWindow(
  birthday: string,
  today: LocalTime,
  before: number,
  after: number,
): boolean {
  const md = birthday.slice(-5);
  for (const y of [today.year - 1, today.year, today.year + 1]) {
    const date = md === '02-29' && !isLeap(y) ? `${y}-02-28` : `${y}-${md}`;
    const diff = daysBetween(date, today.date);
    if (diff >= -before && diff <= after) return true;
  }
  return false;
}

function inHours(minutes: number, hours: { from: number; to: number }): boolean {
  return hours.from < hours.to
    ? minutes >= hours.from && minutes < hours.to
    : minutes >= hours.from || minutes < hours.to;
}

function promoCodeEntered(input: EligibilityInput, code: string): boolean {
  const wanted = code.trim().toUpperCase();
  const lifetime = input.settings.promoCodeLifetimeMinutes * 60000;
  const now = input.now.getTime();
  return input.order.promoCodes.some((p) => {
    const age = now - p.enteredAt.getTime();
    return p.code.trim().toUpperCase() === wanted && age >= 0 && age <= lifetime;
  });
}

/** The first condition (other than lines and minimums) that fails, or null. */
function failedCondition(
  input: EligibilityInput,
  c: CompiledPromotion,
  local: () => LocalTime,
): string | null {
  const cond: PromotionConditions = c.promotion.conditions;
  if (cond.restaurants?.length && !cond.restaurants.includes(input.order.restaurantId))
    return 'restaurant';
  if (c.promotion.kind === 'registration_bonus' && !input.guest.firstVisit) return 'registration';
  if (cond.dateFrom !== undefined && local().date < cond.dateFrom) return 'date';
  if (cond.dateTo !== undefined && local().date > cond.dateTo) return 'date';
  if (cond.daysOfWeek?.length && !cond.daysOfWeek.includes(local().dayOfWeek)) return 'day';
  if (cond.hours && !inHours(local().minutes, cond.hours)) return 'hours';
  if (cond.ranks?.length && !(input.rank && cond.ranks.includes(input.rank.id))) return 'rank';
  if (cond.birthday) {
    const b = input.guest.birthday;
    if (!b || !inBirthdayWindow(b, local(), cond.birthday.daysBefore, cond.birthday.daysAfter))
      return 'birthday';
  }
  if (cond.promoCode !== undefined && !promoCodeEntered(input, cond.promoCode)) return 'promo_code';
  return null;
}

function failedLines(
  input: EligibilityInput,
  c: CompiledPromotion,
  lines: readonly number[],
): string | null {
  if (lines.length === 0) return 'lines';
  const { minSum, minQuantity } = c.promotion.conditions;
  if (minSum || minQuantity) {
    let sum = 0;
    let quantity = 0;
    for (const i of lines) {
      const line = input.order.lines[i];
      if (line) {
        sum += line.amount;
        quantity += line.quantity;
      }
    }
    if (minSum && sum < minSum) return 'min_sum';
    if (minQuantity && quantity < minQuantity) return 'min_quantity';
  }
  return null;
}

export function eligibility(input: EligibilityInput): EligibilityResult {
  const { order, settings, promotions } = input;
  const rejected: Rejected[] = promotions.inactive.map((promotion) => ({
    promotion,
    reason: 'inactive',
  }));
  const eligible: EligiblePromotion[] = [];
  if (!settings.enabled) return { eligible, rejected, programOff: true };
  const posBlocks =
    settings.posPromotionNoPromotions && order.lines.some((l) => l.posPromotions.length > 0);
  let cached: LocalTime | undefined;
  const local = (): LocalTime => (cached ??= localTime(order.time, order.timeZone));
  const lines = targetLines(promotions, order.lines);
  for (let i = 0; i < promotions.active.length; i++) {
    const c = promotions.active[i] as CompiledPromotion;
    const budget = input.budgets.get(c.promotion.id);
    const reason = posBlocks
      ? 'L12.promotions'
      : (failedCondition(input, c, local) ??
        failedLines(input, c, lines[i] as readonly number[]) ??
        (budget?.uses !== undefined && budget.uses <= 0 ? 'uses' : null) ??
        (budget?.amount !== undefined && budget.amount <= 0 ? 'budget' : null));
    if (reason !== null) rejected.push({ promotion: c.promotion, reason });
    else
      eligible.push({
        compiled: c,
        lines: lines[i] as readonly number[],
        remaining: budget?.amount ?? null,
      });
  }
  return { eligible, rejected, programOff: false };
}

/** The explanation of step 1: built only when someone reads the explanation. */
export function eligibilityEntries(result: EligibilityResult): ExplanationEntry[] {
  const entries = result.rejected.map(({ promotion: p, reason }) =>
    reason === 'L12.promotions'
      ? promotionEntry(
          p.id,
          p.name,
          'blocked',
          {
            ru: 'в заказе есть кассовая акция: акции программы не срабатывают (L12)',
            en: 'the order has a POS promotion: program promotions do not fire (L12)',
          },
          { blockedBy: 'L12.promotions' },
        )
      : promotionEntry(p.id, p.name, 'blocked', conditionText(reason), {
          blockedBy: `condition:${reason}`,
        }),
  );
  if (result.programOff) {
    entries.push(
      ruleEntry('L1', 'blocked', {
        ru: 'Программа лояльности выключена: ранги и акции не действуют',
        en: 'The loyalty program is off: ranks and promotions do not work',
      }),
    );
  }
  return entries;
}
