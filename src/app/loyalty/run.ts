// One evaluation against the database: program (cached), guest facts, budgets. A dry run
// reads budgets as they stand; a close locks the usage rows of the budgeted promotions it
// spends and evaluates again against the locked figures, so concurrent closes never overspend.
import { evaluate } from '../../domain/loyalty/evaluate.ts';
import { localTime } from '../../domain/loyalty/local-time.ts';
import type {
  Evaluation,
  GuestContext,
  Order,
  RemainingBudget,
} from '../../domain/loyalty/types.ts';
import type { OrderLine } from '../../domain/order.ts';
import type { Card } from '../../db/schema.ts';
import type { OrderSpendRecord } from '../../db/schema-loyalty.ts';
import type { Tx } from '../../db/connect.ts';
import { budgeted, lockBudgets, remainingBudgets, type BudgetKey } from './budgets.ts';
import { guestFacts, type GuestBasics, type GuestFacts, type KnownSpend } from './guest-context.ts';
import type { LoadedProgram, ProgramHead, ProgramStore } from './program-store.ts';

export interface RunRequest {
  orgId: number;
  restaurantId: number;
  card: Card | null;
  lines: readonly OrderLine[];
  posPromotions: ReadonlyMap<number, readonly string[]>;
  promoCodes: readonly string[];
  at: Date;
  /** Points payable; the wallet's available balance when omitted. */
  bonusBalance?: number;
  /** Rows the caller already read in this transaction (each saves a round trip). */
  program?: ProgramHead;
  guest?: GuestBasics;
  spend?: KnownSpend;
}

export interface Run {
  loaded: LoadedProgram;
  guest: GuestFacts | null;
  evaluation: Evaluation;
  budgetKey: BudgetKey;
  /** What the order costs each promotion's budgets: discount, points (to a guest), gifts. */
  spend: OrderSpendRecord[];
}

const ANONYMOUS: GuestContext = {
  registeredAt: new Date(0),
  firstVisit: false,
  bonusBalance: 0,
};

function domainOrder(req: RunRequest, loaded: LoadedProgram, guest: GuestFacts | null): Order {
  const typed = req.promoCodes.map((code) => ({ code, enteredAt: req.at }));
  return {
    restaurantId: String(req.restaurantId),
    timeZone: loaded.timeZone,
    time: req.at,
    lines: req.lines.map((l) => ({
      line: l.lineNo,
      itemId: l.itemCode,
      name: l.itemName,
      categoryId: l.categoryCode ?? '',
      basePrice: l.basePrice,
      price: l.price,
      quantity: l.quantityMilli,
      amount: l.amount,
      posPromotions: req.posPromotions.get(l.lineNo) ?? [],
    })),
    promoCodes: guest ? [...guest.promoCodes, ...typed] : typed,
  };
}

function spendOf(e: Evaluation, withGuest: boolean): OrderSpendRecord[] {
  return e.spend.map((s) => ({
    promotion_id: Number(s.promotionId),
    cost: s.discount + s.giftValue + (withGuest ? s.accrual : 0),
  }));
}

function overspends(
  spend: readonly OrderSpendRecord[],
  left: ReadonlyMap<string, RemainingBudget>,
) {
  return spend.some((s) => {
    const r = left.get(String(s.promotion_id));
    return !!r && ((r.amount !== undefined && s.cost > r.amount) || r.uses === 0);
  });
}

export async function runEvaluation(
  tx: Tx,
  store: ProgramStore,
  req: RunRequest,
  lock: boolean,
): Promise<Run> {
  const loaded = await store.load(tx, req.orgId, req.restaurantId, req.program);
  const guest = req.card
    ? await guestFacts(tx, req.orgId, req.card, loaded, req.at, req.bonusBalance, req.guest, req.spend)
    : null;
  const order = domainOrder(req, loaded, guest);
  const budgetKey: BudgetKey = {
    orgId: req.orgId,
    day: localTime(req.at, loaded.timeZone).date,
    guestId: guest?.guestId ?? null,
  };
  const withBudget = loaded.needs.budgets ? budgeted(loaded.promotions) : [];
  let budgets =
    withBudget.length > 0 ? await remainingBudgets(tx, withBudget, budgetKey) : new Map();
  const run = () =>
    evaluate(order, guest?.context ?? ANONYMOUS, loaded.program, loaded.compiled, req.at, budgets);
  let evaluation = run();
  let spend = spendOf(evaluation, guest !== null);
  if (lock && withBudget.length > 0) {
    const spent = new Set(spend.map((s) => String(s.promotion_id)));
    const first = withBudget.filter((p) => spent.has(p.id));
    if (first.length > 0) {
      budgets = new Map([...budgets, ...(await lockBudgets(tx, first, budgetKey))]);
      if (overspends(spend, budgets)) {
        evaluation = run();
        spend = spendOf(evaluation, guest !== null);
      }
      // A budget that ran out may hand its lines to another budgeted promotion: lock them all.
      const isBudgeted = (id: string) => withBudget.some((p) => p.id === id);
      if (
        spend.some((s) => !spent.has(String(s.promotion_id)) && isBudgeted(String(s.promotion_id)))
      ) {
        budgets = await lockBudgets(tx, withBudget, budgetKey);
        evaluation = run();
        spend = spendOf(evaluation, guest !== null);
      }
    }
  }
  return { loaded, guest, evaluation, budgetKey, spend };
}
