// Step 4, restrictions: which lines may accrue and which may be paid with bonuses. L12 (POS
// promotions) first, as the brief orders it: 'L12' is the line's own POS promotion (always in
// force), 'L12.payment' and 'L12.accrual' the order-wide switches; then the exclusions of L11
// and the promo-line rule of L2 with its L6 exception. Caps (step 5) uses these rights for the L2 base.
import { ruleEntry } from './explain.ts';
import type { LineDecision } from './contest.ts';
import type { Message } from '../errors.ts';
import type { ExplanationEntry, Order, ProgramSettings } from './types.ts';

export interface LineRights {
  accrual: boolean;
  payment: boolean;
  /** The rule that took the right away, or null. */
  accrualBlockedBy: string | null;
  paymentBlockedBy: string | null;
}

export interface RestrictionsResult {
  rights: LineRights[];
  entries: ExplanationEntry[];
}

const TEXT: Record<string, { ru: string; en: string }> = {
  'accrual:L12': {
    ru: 'на позиции кассовая акция: баллы не начисляются',
    en: 'the line has a POS promotion: no points accrue',
  },
  'accrual:L12.accrual': {
    ru: 'в заказе есть кассовая акция: баллы не начисляются',
    en: 'the order has a POS promotion: no points accrue',
  },
  'accrual:L11': { ru: 'позиция исключена из начисления', en: 'the line is excluded from accrual' },
  'payment:L12': {
    ru: 'на позиции кассовая акция: оплата баллами недоступна',
    en: 'the line has a POS promotion: not payable with points',
  },
  'payment:L12.payment': {
    ru: 'в заказе есть кассовая акция: оплата баллами недоступна',
    en: 'the order has a POS promotion: not payable with points',
  },
  'payment:L11': {
    ru: 'позиция исключена из оплаты баллами',
    en: 'the line is excluded from payment with points',
  },
  'payment:L2': {
    ru: 'позиция участвовала в акции: оплата баллами недоступна',
    en: 'the line took part in a promotion: not payable with points',
  },
  'payment:L6': {
    ru: 'акция на позиции дарит не только баллы: оплата баллами недоступна',
    en: 'a promotion on the line gives more than points: not payable with points',
  },
};

/**
 * What each order-wide switch of L12 does, said once for the order: the simulator shows every
 * switch that acted, apart from the line entries it caused ('L12.promotions' is eligibility's).
 */
const ORDER_TEXT: Record<'L12.payment' | 'L12.accrual', (lines: readonly number[]) => Message> = {
  'L12.payment': (lines) => ({
    ru: `кассовая акция ${onLines(lines).ru}: ни одну позицию заказа нельзя оплатить баллами`,
    en: `a POS promotion ${onLines(lines).en}: no line of the order is payable with points`,
  }),
  'L12.accrual': (lines) => ({
    ru: `кассовая акция ${onLines(lines).ru}: за заказ баллы не начисляются`,
    en: `a POS promotion ${onLines(lines).en}: the order accrues no points`,
  }),
};

function onLines(lines: readonly number[]): Message {
  const list = lines.join(', ');
  return lines.length === 1
    ? { ru: `на позиции ${list}`, en: `on line ${list}` }
    : { ru: `на позициях ${list}`, en: `on lines ${list}` };
}

function entry(right: 'accrual' | 'payment', rule: string, line: number): ExplanationEntry {
  // The key is composed only when the text is read: most lines of most orders get an entry.
  return ruleEntry(
    rule,
    'blocked',
    () => {
      const key = `${right}:${rule}`;
      return TEXT[key] ?? { ru: key, en: key };
    },
    line,
  );
}

/** The order's lines that carry a POS promotion, as staff number them. */
export function posPromotionLines(order: Order): number[] {
  return order.lines.filter((l) => l.posPromotions.length > 0).map((l) => l.line);
}

export function restrictions(
  order: Order,
  decisions: readonly LineDecision[],
  settings: ProgramSettings,
): RestrictionsResult {
  const a = settings.accrual;
  const posLines = posPromotionLines(order);
  const anyPos = posLines.length > 0;
  // Each switch acts on its own: any, several or none of them may be on.
  const orderNoPayment = anyPos && settings.posPromotionNoBonusPayment;
  const orderNoAccrual = anyPos && settings.posPromotionNoAccrual;
  const rights: LineRights[] = [];
  const entries: ExplanationEntry[] = [];
  for (const [rule, on] of [
    ['L12.payment', orderNoPayment],
    ['L12.accrual', orderNoAccrual],
  ] as const) {
    if (on) entries.push(ruleEntry(rule, 'blocked', () => ORDER_TEXT[rule](posLines)));
  }
  order.lines.forEach((line, i) => {
    const pos = line.posPromotions.length > 0;
    const accrualRule = pos
      ? 'L12'
      : orderNoAccrual
        ? 'L12.accrual'
        : a.excludedItems.includes(line.itemId) || a.excludedCategories.includes(line.categoryId)
          ? 'L11'
          : null;
    const applied = decisions[i]?.applied ?? [];
    const promos = applied.filter((c) => c.scope === 'item' || c.scope === 'check');
    let paymentRule: string | null = null;
    if (pos) paymentRule = 'L12';
    else if (orderNoPayment) paymentRule = 'L12.payment';
    else if (
      a.paymentExcludedItems.includes(line.itemId) ||
      a.paymentExcludedCategories.includes(line.categoryId)
    ) {
      paymentRule = 'L11';
    } else if (
      promos.length > 0 &&
      !(settings.bonusPaymentForBonusPromoLines && promos.every((c) => c.bonusGranting))
    ) {
      paymentRule = settings.bonusPaymentForBonusPromoLines ? 'L6' : 'L2';
    }
    rights.push({
      accrual: accrualRule === null,
      payment: paymentRule === null,
      accrualBlockedBy: accrualRule,
      paymentBlockedBy: paymentRule,
    });
    if (accrualRule !== null && applied.some((c) => c.accrualBp > 0 || c.accrualFixed > 0)) {
      entries.push(entry('accrual', accrualRule, line.line));
    }
    if (paymentRule !== null) entries.push(entry('payment', paymentRule, line.line));
  });
  return { rights, entries };
}
