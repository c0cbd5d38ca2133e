// Step 5, caps: a line's discounts never exceed its sum (so the order's never exceed the
// order's), promotion budgets are never planned beyond what remains, and the bonus payment
// respects L2 (share of the payable lines), L3 (fiscal minimum) and the guest's balance.
import { divFloor, split } from './arith.ts';
import type { Candidate } from './candidates.ts';
import type { LineDecision } from './contest.ts';
import type { EligiblePromotion } from './eligibility.ts';
import { formatRoubles, formatRoublesRu } from '../money.ts';
import { promotionEntry, ruleEntry } from './explain.ts';
import type { LineRights } from './restrictions.ts';
import type { ExplanationEntry, Gift, Order, ProgramSettings } from './types.ts';

export interface PartPlan {
  candidate: Candidate;
  discount: number;
  /** Percentage accrual before rounding, in 1/10000 of a hundredth of a point. */
  accrualRaw: number;
  /** Hundredths of a point, exact. */
  accrualFixed: number;
  gifts: readonly Gift[];
  giftValue: number;
}

export interface CapsResult {
  /** Per line, one plan per applied mechanic. */
  parts: PartPlan[][];
  discounts: number[];
  bonusPayable: number[];
  bonusPaymentBase: number;
  maxBonusPayment: number;
  /** Money left to pay when the maximum is paid with bonuses. */
  minFiscalPayment: number;
  /** Budgeted promotion (index into eligible) → hundredths its rounded accrual may reach. */
  accrualAllowance: Map<number, number>;
  entries: ExplanationEntry[];
}

function budgetEntry(e: EligiblePromotion): ExplanationEntry {
  const p = e.compiled.promotion;
  return promotionEntry(
    p.id,
    p.name,
    'capped',
    {
      ru: `ограничена остатком бюджета ${formatRoublesRu(e.remaining ?? 0)}`,
      en: `limited to the remaining budget ${formatRoubles(e.remaining ?? 0)}`,
    },
    { blockedBy: 'budget' },
  );
}

/** Shrinks `field` of the plans to fit `available`; returns what the plans now use. */
function fit(plans: PartPlan[], field: 'discount' | 'accrualFixed', available: number): number {
  const used = plans.reduce((s, p) => s + p[field], 0);
  if (used <= available) return used;
  const parts = split(
    available,
    plans.map((p) => p[field]),
  );
  plans.forEach((p, i) => (p[field] = parts[i] as number));
  return available;
}

export interface CapsInput {
  order: Order;
  decisions: readonly LineDecision[];
  rights: readonly LineRights[];
  eligible: readonly EligiblePromotion[];
  settings: ProgramSettings;
  bonusBalance: number;
}

export function caps(input: CapsInput): CapsResult {
  const { order, decisions, rights, eligible, settings } = input;
  const entries: ExplanationEntry[] = [];
  const parts: PartPlan[][] = order.lines.map((line, i) => {
    const applied = decisions[i]?.applied ?? [];
    const plans = applied.map((c) => ({
      candidate: c,
      discount: c.discount,
      accrualRaw: 0,
      accrualFixed: 0,
      gifts: c.gifts,
      giftValue: c.giftValue,
    }));
    if (plans.reduce((s, p) => s + p.discount, 0) > line.amount) {
      fit(plans, 'discount', line.amount);
      entries.push(
        ruleEntry(
          'L4',
          'capped',
          { ru: 'скидки ограничены суммой позиции', en: 'discounts limited to the line sum' },
          line.line,
        ),
      );
    }
    return plans;
  });
  const byPromotion = new Map<number, PartPlan[]>();
  for (const plans of parts) {
    for (const p of plans) {
      const pi = p.candidate.promotion;
      if (pi < 0 || eligible[pi]?.remaining == null) continue;
      const list = byPromotion.get(pi);
      if (list) list.push(p);
      else byPromotion.set(pi, [p]);
    }
  }
  const available = new Map<number, number>();
  for (const [pi, plans] of byPromotion) {
    let left = (eligible[pi] as EligiblePromotion).remaining as number;
    const before = plans.reduce((s, p) => s + p.giftValue + p.discount, 0);
    for (const p of plans) {
      if (p.giftValue > left) {
        p.gifts = [];
        p.giftValue = 0;
      }
      left -= p.giftValue;
    }
    left -= fit(plans, 'discount', left);
    if (plans.reduce((s, p) => s + p.giftValue + p.discount, 0) < before)
      entries.push(budgetEntry(eligible[pi] as EligiblePromotion));
    available.set(pi, left);
  }
  const discounts = parts.map((plans) => plans.reduce((s, p) => s + p.discount, 0));
  parts.forEach((plans, i) => {
    const line = order.lines[i];
    if (!line || !rights[i]?.accrual) return;
    const base =
      settings.accrual.base === 'before_discounts'
        ? line.amount
        : line.amount - (discounts[i] as number);
    for (const p of plans) {
      p.accrualRaw = base * p.candidate.accrualBp;
      p.accrualFixed = p.candidate.accrualFixed;
    }
  });
  const accrualAllowance = new Map<number, number>();
  for (const [pi, plans] of byPromotion) {
    let left = available.get(pi) as number;
    const fixed = plans.reduce((s, p) => s + p.accrualFixed, 0);
    left -= fit(plans, 'accrualFixed', left);
    const raw = plans.reduce((s, p) => s + p.accrualRaw, 0);
    if (raw > left * 10000) {
      const scaled = split(
        left * 10000,
        plans.map((p) => p.accrualRaw),
      );
      plans.forEach((p, k) => (p.accrualRaw = scaled[k] as number));
    }
    if (fixed > plans.reduce((s, p) => s + p.accrualFixed, 0) || raw > left * 10000) {
      entries.push(budgetEntry(eligible[pi] as EligiblePromotion));
    }
    accrualAllowance.set(pi, left);
  }
  return { parts, discounts, accrualAllowance, entries, ...bonusCap(input, discounts, entries) };
}

function bonusCap(
  input: CapsInput,
  discounts: readonly number[],
  entries: ExplanationEntry[],
): Pick<CapsResult, 'bonusPayable' | 'bonusPaymentBase' | 'maxBonusPayment' | 'minFiscalPayment'> {
  const { order, rights, settings } = input;
  const nets = order.lines.map((l, i) => l.amount - (discounts[i] as number));
  const orderNet = nets.reduce((s, n) => s + n, 0);
  const payable = nets.map((n, i) => (rights[i]?.payment ? n : 0));
  const base = payable.reduce((s, n) => s + n, 0);
  const l2 = divFloor(base * settings.maxBonusPaymentBp, 10000);
  const l3 = Math.max(0, orderNet - settings.minFiscalPayment);
  const balance = Math.max(0, input.bonusBalance);
  const max = Math.min(l2, l3, balance);
  if (max === l2 && l2 < base) {
    entries.push(
      ruleEntry('L2', 'capped', {
        ru: `оплата баллами не более ${settings.maxBonusPaymentBp / 100}% от ${formatRoublesRu(base)}: ${formatRoublesRu(l2)}`,
        en: `payment with points at most ${settings.maxBonusPaymentBp / 100}% of ${formatRoubles(base)}: ${formatRoubles(l2)}`,
      }),
    );
  } else if (max === l3 && l3 < l2) {
    entries.push(
      ruleEntry('L3', 'capped', {
        ru: `минимальная фискальная оплата ${formatRoublesRu(settings.minFiscalPayment)}: баллами не более ${formatRoublesRu(l3)}`,
        en: `minimal fiscal payment ${formatRoubles(settings.minFiscalPayment)}: at most ${formatRoubles(l3)} in points`,
      }),
    );
  } else if (max === balance && balance < l2) {
    entries.push(
      ruleEntry('balance', 'capped', {
        ru: `на счёте гостя ${formatRoublesRu(balance)} баллов`,
        en: `the guest has ${formatRoubles(balance)} points`,
      }),
    );
  }
  return {
    bonusPayable: split(max, payable),
    bonusPaymentBase: base,
    maxBonusPayment: max,
    minFiscalPayment: orderNet - max,
  };
}
