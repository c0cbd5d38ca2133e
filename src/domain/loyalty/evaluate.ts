// The engine: evaluate(order, guest, program, promotions, now) → effects and an explanation.
// Pure and deterministic: the same input gives the same output, nothing is read from outside.
// The steps run in the order of issue 3 and are exported from their own files for tests:
// eligibility → candidates → contest (L4, L5) → restrictions (L12, L11, L2/L6 rights) →
// caps (line sums, budgets, L2, L3) → rounding (L11).
import { fail, type Message } from '../errors.ts';
import { formatRoubles, formatRoublesRu, isKopecks, MAX_AMOUNT } from '../money.ts';
import { candidates, type Candidate } from './candidates.ts';
import { caps } from './caps.ts';
import { compilePromotions, type CompiledPromotions } from './compile.ts';
import { blockedOf, contest, type LineDecision } from './contest.ts';
import { eligibility, eligibilityEntries } from './eligibility.ts';
import { promotionEntry, rankEntry } from './explain.ts';
import { currentRank } from './ranks.ts';
import { restrictions } from './restrictions.ts';
import { rounding } from './rounding.ts';
import type {
  EffectPart,
  Evaluation,
  ExplanationEntry,
  GuestContext,
  Gift,
  LineEffect,
  Order,
  OrderTotals,
  Program,
  Promotion,
  PromotionSpend,
  Rank,
  RemainingBudget,
} from './types.ts';

const NO_BUDGETS: ReadonlyMap<string, RemainingBudget> = new Map();

/** The rank the guest holds: by id when given, else from the period spend. */
export function resolveRank(program: Program, guest: GuestContext): Rank | null {
  if (guest.rankId !== undefined) return program.ranks.find((r) => r.id === guest.rankId) ?? null;
  return guest.spend ? currentRank(program.ranks, guest.spend) : null;
}

function checkOrder(order: Order): number {
  let sum = 0;
  for (const l of order.lines) {
    if (
      !isKopecks(l.amount) ||
      l.amount < 0 ||
      !Number.isSafeInteger(l.quantity) ||
      l.quantity < 0
    ) {
      fail('validation', 'loyalty.order.bad_line', {
        ru: `Позиция ${l.line}: сумма и количество должны быть неотрицательными целыми (копейки, тысячные)`,
        en: `Line ${l.line}: amount and quantity must be non-negative integers (kopecks, thousandths)`,
      });
    }
    sum += l.amount;
  }
  if (sum > MAX_AMOUNT) {
    fail('validation', 'loyalty.order.too_large', {
      ru: `Сумма заказа больше ${formatRoublesRu(MAX_AMOUNT)}`,
      en: `The order sum exceeds ${formatRoubles(MAX_AMOUNT)}`,
    });
  }
  return sum;
}

function amounts(discount: number, accrual: number): { ru: string; en: string } {
  return {
    ru: `применена: скидка ${formatRoublesRu(discount)}, баллы ${formatRoublesRu(accrual)}`,
    en: `applied: discount ${formatRoubles(discount)}, points ${formatRoubles(accrual)}`,
  };
}

function blockedText(by: 'L4' | 'L5', winner: string | null): { ru: string; en: string } {
  if (by === 'L5') {
    return {
      ru: 'акция на чек не действует: сработала акция на товар (L5)',
      en: 'check promotion blocked: an item promotion fired (L5)',
    };
  }
  return winner === null
    ? {
        ru: 'на позиции сработала акция, ранг не суммируется (L4)',
        en: 'a promotion acted on the line; the rank does not sum (L4)',
      }
    : {
        ru: `уступила механике ${winner} (L4: не суммируются)`,
        en: `lost to ${winner} (L4: non-summation)`,
      };
}

function entryFor(
  c: Candidate,
  outcome: 'applied' | 'blocked',
  why: Message | (() => Message),
  extra: { line: number; blockedBy?: string },
): ExplanationEntry {
  return c.scope === 'rank'
    ? rankEntry(c.id, c.name, outcome, why, extra)
    : promotionEntry(c.id, c.name, outcome, why, extra);
}

function contestEntries(order: Order, decisions: readonly LineDecision[]): ExplanationEntry[] {
  const entries: ExplanationEntry[] = [];
  decisions.forEach((d, i) => {
    const line = order.lines[i]?.line ?? i;
    for (const b of blockedOf(d))
      entries.push(
        entryFor(b.candidate, 'blocked', () => blockedText(b.by, b.winner), {
          line,
          blockedBy: b.by,
        }),
      );
  });
  return entries;
}

/**
 * The explanation is built on first read: the till's calculate never reads it, the simulate
 * endpoint does, and building it costs more than the evaluation. JSON carries it.
 */
class Result implements Evaluation {
  #explain: (() => ExplanationEntry[]) | null;
  #explanation: ExplanationEntry[] = [];

  constructor(
    readonly rankId: string | null,
    readonly lines: readonly LineEffect[],
    readonly totals: OrderTotals,
    readonly spend: readonly PromotionSpend[],
    explain: () => ExplanationEntry[],
  ) {
    this.#explain = explain;
  }

  get explanation(): readonly ExplanationEntry[] {
    if (this.#explain) {
      this.#explanation = this.#explain();
      this.#explain = null;
    }
    return this.#explanation;
  }

  toJSON(): Evaluation {
    return {
      rankId: this.rankId,
      lines: this.lines,
      totals: this.totals,
      spend: this.spend,
      explanation: this.explanation,
    };
  }
}

export function evaluate(
  order: Order,
  guest: GuestContext,
  program: Program,
  promotions: readonly Promotion[] | CompiledPromotions,
  now: Date,
  budgets: ReadonlyMap<string, RemainingBudget> = NO_BUDGETS,
): Evaluation {
  const orderSum = checkOrder(order);
  const settings = program.settings;
  const compiled = Array.isArray(promotions)
    ? compilePromotions(promotions)
    : (promotions as CompiledPromotions);
  const held = resolveRank(program, guest);
  const rank = settings.enabled ? held : null;
  const elig = eligibility({ order, guest, settings, rank, promotions: compiled, now, budgets });
  const decisions = contest(candidates(order, elig.eligible, rank, settings), settings);
  const rights = restrictions(order, decisions, settings);
  const capped = caps({
    order,
    decisions,
    rights: rights.rights,
    eligible: elig.eligible,
    settings,
    bonusBalance: guest.bonusBalance,
  });
  const accruals = rounding(capped.parts, settings.accrual, capped.accrualAllowance);

  const spend = new Map<string, PromotionSpend>();
  let totalAccrual = 0;
  const lines: LineEffect[] = order.lines.map((line, i) => {
    const plans = capped.parts[i] ?? [];
    const lineAccruals = accruals[i] ?? [];
    const parts: EffectPart[] = [];
    const gifts: Gift[] = [];
    let accrual = 0;
    plans.forEach((p, k) => {
      const a = lineAccruals[k] ?? 0;
      accrual += a;
      const c = p.candidate;
      if (p.discount === 0 && a === 0 && p.gifts.length === 0) return;
      parts.push({
        source: c.scope === 'rank' ? 'rank' : 'promotion',
        id: c.id,
        discount: p.discount,
        accrual: a,
      });
      gifts.push(...p.gifts);
      if (c.scope === 'rank') return;
      const s = spend.get(c.id) ?? { promotionId: c.id, discount: 0, accrual: 0, giftValue: 0 };
      s.discount += p.discount;
      s.accrual += a;
      s.giftValue += p.giftValue;
      spend.set(c.id, s);
    });
    totalAccrual += accrual;
    return {
      line: line.line,
      discount: capped.discounts[i] ?? 0,
      accrual,
      bonusPayable: capped.bonusPayable[i] ?? 0,
      gifts,
      parts,
    };
  });
  const explain = (): ExplanationEntry[] => [
    ...eligibilityEntries(elig),
    ...contestEntries(order, decisions),
    ...capped.parts.flatMap((plans, i) =>
      plans.map((p, k) => {
        const a = accruals[i]?.[k] ?? 0;
        return entryFor(p.candidate, 'applied', () => amounts(p.discount, a), {
          line: order.lines[i]?.line ?? i,
        });
      }),
    ),
    ...rights.entries,
    ...capped.entries,
  ];
  return new Result(
    held?.id ?? null,
    lines,
    {
      orderSum,
      totalDiscount: capped.discounts.reduce((s, d) => s + d, 0),
      totalAccrual,
      bonusPaymentBase: capped.bonusPaymentBase,
      maxBonusPayment: capped.maxBonusPayment,
      minFiscalPayment: capped.minFiscalPayment,
    },
    [...spend.values()],
    explain,
  );
}
