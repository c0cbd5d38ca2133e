// L16 at the till and in the back office: what this guest would get for this order, with the
// explanation, without effects. Also the loyalty part of card info (L10 rank and what is left
// to the next one, balance) and the receipt footer (L15), and the L8 phone-identification gate.
import { tipsLink } from '../../domain/etips.ts';
import { fail } from '../../domain/errors.ts';
import { receiptFooter } from '../../domain/loyalty/receipt.ts';
import type { Evaluation, ExplanationEntry } from '../../domain/loyalty/types.ts';
import type { Card } from '../../db/schema.ts';
import type { AppContext, Tx } from '../context.ts';
import { occurredAt, toLines, type LineInput } from '../pos-common.ts';
import { activePaymentCode } from './codes.ts';
import type { GuestBasics, GuestFacts, KnownSpend } from './guest-context.ts';
import type { LoadedProgram, ProgramHead } from './program-store.ts';

export interface CalculateInput {
  lines: LineInput[];
  promo_codes?: string[];
  occurred_at?: string;
  /** L16's explanation; a till that only needs the figures says false and gets a small answer. */
  explain?: boolean;
  /** The check's waiter or cashier: the footer's tips link goes to their page when they have one. */
  operator?: string;
}

export interface LoyaltyCardInfo {
  rank: { id: string; name: string; accrual_bp: number; discount_bp: number } | null;
  to_next_rank: { rank_id: string; rank_name: string; left: number } | null;
  bonus_balance: number;
  receipt_footer: string;
  /** E-tips (G4) for the receipt: the service and the link a till prints as text and QR code. */
  tips: { service_name: string; url: string } | null;
  /** L7 as it holds at this restaurant: the till may offer the change to the bonus wallet. */
  change_to_bonus_wallet: boolean;
}

function explanationView(entries: readonly ExplanationEntry[]) {
  return entries.map((e) => {
    // `text` composes the words on every read: read it once.
    const text = e.text;
    return {
      rule: e.rule,
      rule_id: e.ruleId ?? null,
      line_no: e.line ?? null,
      outcome: e.outcome,
      blocked_by: e.blockedBy ?? null,
      text_ru: text.ru,
      text_en: text.en,
    };
  });
}

/** The venue's e-tips link for the receipt, to the waiter's page when the waiter has one. */
function receiptTips(loaded: LoadedProgram, waiter?: string | null) {
  const t = loaded.venueTips;
  return t?.onReceipt ? { service_name: t.serviceName, url: tipsLink(t, waiter) } : null;
}

/** @param knownCode the guest's live payment code, when the caller read it already */
async function footerOf(
  tx: Tx,
  orgId: number,
  loaded: LoadedProgram,
  guest: GuestFacts | null,
  now: Date,
  tips: LoyaltyCardInfo['tips'],
  knownCode?: string | null,
): Promise<string> {
  if (!guest) return '';
  return receiptFooter(loaded.footer, {
    tips: tips && { serviceName: tips.service_name, url: tips.url },
    balance: guest.context.bonusBalance,
    rankName: guest.rank?.name ?? null,
    toNextRank: guest.toNext ? { rankName: guest.toNext.rank.name, left: guest.toNext.left } : null,
    paymentCode: !loaded.footer.showPaymentCode
      ? null
      : knownCode !== undefined
        ? knownCode
        : await activePaymentCode(tx, orgId, guest.guestId, now),
  });
}

export function cardLoyaltyView(
  guest: GuestFacts,
  footer: string,
  tips: LoyaltyCardInfo['tips'],
  settings: { changeToBonusWallet: boolean },
): LoyaltyCardInfo {
  const r = guest.rank;
  return {
    rank: r ? { id: r.id, name: r.name, accrual_bp: r.accrualBp, discount_bp: r.discountBp } : null,
    to_next_rank: guest.toNext
      ? {
          rank_id: guest.toNext.rank.id,
          rank_name: guest.toNext.rank.name,
          left: guest.toNext.left,
        }
      : null,
    bonus_balance: guest.context.bonusBalance,
    receipt_footer: footer,
    tips,
    change_to_bonus_wallet: settings.changeToBonusWallet,
  };
}

function evaluationView(
  evaluation: Evaluation,
  lines: ReturnType<typeof toLines>,
  explain: boolean,
) {
  const t = evaluation.totals;
  return {
    lines: evaluation.lines.map((l, i) => ({
      line_no: l.line,
      amount: lines[i]?.amount ?? 0,
      discount: l.discount,
      to_pay: (lines[i]?.amount ?? 0) - l.discount,
      accrual: l.accrual,
      bonus_payable: l.bonusPayable,
      gifts: l.gifts.map((g) => ({
        promotion_id: g.promotionId,
        item_code: g.itemId,
        quantity_milli: g.quantity,
      })),
    })),
    totals: {
      order_sum: t.orderSum,
      discount: t.totalDiscount,
      to_pay: t.orderSum - t.totalDiscount,
      accrual: t.totalAccrual,
      bonus_payment_base: t.bonusPaymentBase,
      max_bonus_payment: t.maxBonusPayment,
      min_fiscal_payment: t.minFiscalPayment,
    },
    ...(explain ? { explanation: explanationView(evaluation.explanation) } : {}),
  };
}

/** The dry run for the POS and for simulate: the same evaluation a close would make now. */
export async function calculate(
  ctx: AppContext,
  p: { orgId: number; restaurantId: number },
  card: Card | null,
  input: CalculateInput,
  /** The POS asks about now; simulate may ask about any moment (promotion hours, dates). */
  at: Date = occurredAt(input, ctx.now()),
) {
  const now = ctx.now();
  const lines = toLines(input.lines);
  const tx = ctx.db;
  const run = await ctx.loyalty.dryRun(tx, {
    orgId: p.orgId,
    restaurantId: p.restaurantId,
    card,
    lines,
    posPromotions: new Map(input.lines.map((l) => [l.line_no, l.pos_promotions ?? []])),
    promoCodes: input.promo_codes ?? [],
    at,
  });
  const tips = receiptTips(run.loaded, input.operator);
  const footer = await footerOf(tx, p.orgId, run.loaded, run.guest, now, tips);
  return {
    program_enabled: run.loaded.program.settings.enabled,
    guest: run.guest
      ? {
          id: run.guest.guestId,
          card_id: card?.id ?? null,
          ...cardLoyaltyView(run.guest, footer, tips, run.loaded.program.settings),
        }
      : null,
    ...evaluationView(run.evaluation, lines, input.explain ?? true),
    receipt_footer: footer,
    tips,
  };
}

/** What a caller read with the card already, at `at` (app/card-info.ts): no round trip for it. */
export interface KnownCardFacts {
  at: Date;
  program: ProgramHead;
  guest: GuestBasics;
  spend?: KnownSpend;
  bonusBalance: number;
  paymentCode: string | null;
}

/** Card info's loyalty part: rank, to next rank, balance, footer. */
export async function cardLoyalty(
  ctx: AppContext,
  p: { orgId: number; restaurantId: number },
  card: Card,
  known?: KnownCardFacts,
): Promise<LoyaltyCardInfo> {
  const now = known?.at ?? ctx.now();
  const run = await ctx.loyalty.dryRun(ctx.db, {
    orgId: p.orgId,
    restaurantId: p.restaurantId,
    card,
    lines: [],
    posPromotions: new Map(),
    promoCodes: [],
    at: now,
    ...(known
      ? {
          program: known.program,
          guest: known.guest,
          bonusBalance: known.bonusBalance,
          ...(known.spend ? { spend: known.spend } : {}),
        }
      : {}),
  });
  const guest = run.guest as GuestFacts;
  // At a swipe the check's waiter is not known: the venue's own tips page.
  const tips = receiptTips(run.loaded);
  return cardLoyaltyView(
    guest,
    await footerOf(ctx.db, p.orgId, run.loaded, guest, now, tips, known?.paymentCode),
    tips,
    run.loaded.program.settings,
  );
}

/** L8: a cashier may identify a guest by a typed phone number only when the program allows. */
export async function assertPhoneAuth(
  ctx: AppContext,
  p: { orgId: number; restaurantId: number },
): Promise<void> {
  const loaded = await ctx.loyalty.program(ctx.db, p.orgId, p.restaurantId);
  if (!loaded.program.settings.cashierPhoneAuth) {
    fail('forbidden', 'loyalty.phone_auth_disabled', {
      ru: 'Авторизация гостя по телефону кассиром выключена в настройках программы (L8)',
      en: 'Cashier phone authorization of guests is turned off in the program settings (L8)',
    });
  }
}
