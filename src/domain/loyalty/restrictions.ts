// Step 4, restrictions: which lines may accrue and which may be paid with bonuses. L12 (POS
// promotions) first, as the brief orders it, then the exclusions of L11 and the promo-line
// rule of L2 with its L6 exception. Caps (step 5) uses these rights for the L2 base.
import { ruleEntry } from './explain.ts';
import type { LineDecision } from './contest.ts';
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
  'accrual:L12order': {
    ru: 'в заказе есть кассовая скидка: баллы не начисляются',
    en: 'the order has a POS discount: no points accrue',
  },
  'accrual:L11': { ru: 'позиция исключена из начисления', en: 'the line is excluded from accrual' },
  'payment:L12': {
    ru: 'на позиции кассовая акция: оплата баллами недоступна',
    en: 'the line has a POS promotion: not payable with points',
  },
  'payment:L12order': {
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

/** 'L12order' is L12 acting order-wide: same rule, other words. */
const ruleOf = (reason: string): string => (reason === 'L12order' ? 'L12' : reason);

function entry(right: 'accrual' | 'payment', reason: string, line: number): ExplanationEntry {
  // The key is composed only when the text is read: most lines of most orders get an entry.
  return ruleEntry(
    ruleOf(reason),
    'blocked',
    () => {
      const key = `${right}:${reason}`;
      return TEXT[key] ?? { ru: key, en: key };
    },
    line,
  );
}

export function restrictions(
  order: Order,
  decisions: readonly LineDecision[],
  settings: ProgramSettings,
): RestrictionsResult {
  const a = settings.accrual;
  const anyPos = order.lines.some((l) => l.posPromotions.length > 0);
  const orderNoPayment = anyPos && settings.posPromotionMode === 'no_bonus_payment';
  const orderNoAccrual = anyPos && settings.posPromotionMode === 'no_accrual';
  const rights: LineRights[] = [];
  const entries: ExplanationEntry[] = [];
  order.lines.forEach((line, i) => {
    const pos = line.posPromotions.length > 0;
    const accrualRule =
      orderNoAccrual && !pos
        ? 'L12order'
        : pos
          ? 'L12'
          : a.excludedItems.includes(line.itemId) || a.excludedCategories.includes(line.categoryId)
            ? 'L11'
            : null;
    const applied = decisions[i]?.applied ?? [];
    const promos = applied.filter((c) => c.scope === 'item' || c.scope === 'check');
    let paymentRule: string | null = null;
    if (orderNoPayment && !pos) paymentRule = 'L12order';
    else if (pos) paymentRule = 'L12';
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
      accrualBlockedBy: accrualRule === null ? null : ruleOf(accrualRule),
      paymentBlockedBy: paymentRule === null ? null : ruleOf(paymentRule),
    });
    if (accrualRule !== null && applied.some((c) => c.accrualBp > 0 || c.accrualFixed > 0)) {
      entries.push(entry('accrual', accrualRule, line.line));
    }
    if (paymentRule !== null) entries.push(entry('payment', paymentRule, line.line));
  });
  return { rights, entries };
}
