// A FarCards Sale (or ReturnRollback) as a close of the POS use case, and its optimistic
// posting: the common Sale paid from one card's deposit, with no holds, no budgets and
// nothing to settle, is written in two statements and no transaction — one read of the card
// with its guest, the program's head, its accounts (with their row versions), the wallet's
// lots and the rank spend, then the order's own statement, which also claims the packet and
// moves each account only if its row is still the version read (app/close-order.ts,
// OptimisticClose). Whatever that cannot take — a replay, a race, a refusal, an unusual
// packet — goes the pessimistic way (transactions.ts), which answers it; an attempt
// that fails writes nothing.
import { sql } from 'kysely';
import { expiredLots } from '../../../domain/bonus-lots.ts';
import type { PeriodSpend } from '../../../domain/loyalty/ranks.ts';
import { DomainError, fail } from '../../../domain/errors.ts';
import {
  accountFromJson,
  accountJson,
  lotStateJson,
  parseLotState,
  REFUSED,
  type AccountJson,
  type LotStateJson,
} from '../../../db/repositories/ledger.ts';
import type { Posting } from './posting.ts';
import { NotOptimistic } from '../../../app/order-write.ts';
import {
  postClose,
  type CloseOrderInput,
  type PaymentLineInput,
  type PresentedCard,
} from '../../../app/close-order.ts';
import type { AppContext } from '../../../app/context.ts';
import { requestHash } from '../../../app/idempotency.ts';
import { adoptAccount } from '../../../app/account-state.ts';
import type { FarCardsPrincipal } from './endpoints.ts';
import { pickCard, presented, presentedCardsQuery } from './presented-cards.ts';

export const OPERATION = 'rkeeper.transactionsex';

/** The close a Sale or ReturnRollback packet makes, for its presented cards (by code). */
export function saleClose(
  posting: Posting,
  cards: ReadonlyMap<string, PresentedCard>,
  common: Pick<CloseOrderInput, 'occurred_at' | 'soft_offline' | 'operator'>,
): CloseOrderInput {
  const total = posting.lines.reduce((s, l) => s + l.amount, 0);
  const byCard = posting.payments.reduce((s, x) => s + x.amount, 0);
  if (byCard > total) {
    fail('rejected', 'rkeeper.posting.over_total', {
      ru: `Оплата картой (${byCard / 100} ₽) больше суммы чека (${total / 100} ₽)`,
      en: `The card payment (${byCard} kopecks) exceeds the check total (${total} kopecks)`,
    });
  }
  const payments: PaymentLineInput[] = posting.payments.map((x) => ({
    kind: x.kind,
    amount: x.amount,
    card: { card_id: (cards.get(x.cardCode) as PresentedCard).card.id },
  }));
  if (total > byCard) {
    payments.push({
      kind: 'other',
      amount: total - byCard,
      name: posting.otherPaymentNames.join(', ') || 'r_keeper',
    });
  }
  const [first] = cards.values();
  return {
    ...common,
    order_id: posting.op === 'sale' ? posting.saleId : `${posting.saleId}:return-rollback`,
    check_number: posting.checkNumber,
    ...(first ? { card: { card_id: first.card.id } } : {}),
    lines: posting.lines,
    payments,
  };
}

/** The first account of a kind of the card's guest, with its row's version, as JSON. */
const firstAccountJson = (kind: 'deposit' | 'bonus') =>
  sql<AccountJson | null>`(select ${accountJson('a')}
    from accounts as a where a.org_id = c.org_id and a.guest_id = c.guest_id and a.kind = ${kind}
    order by a.id limit 1)`;

/**
 * Posts a Sale optimistically; false when it did not (nothing was written): the caller posts
 * it the pessimistic way.
 */
export async function postSaleOptimistically(
  ctx: AppContext,
  p: FarCardsPrincipal,
  posting: Posting,
  common: Pick<CloseOrderInput, 'occurred_at' | 'soft_offline' | 'operator'>,
  answer: unknown,
): Promise<boolean> {
  const codes = [...new Set(posting.cards)];
  if (codes.length !== 1 || posting.payments.some((x) => x.kind !== 'deposit')) return false;
  const now = ctx.now();
  const at = new Date(common.occurred_at as string);
  const spend = ctx.loyalty.spendRead?.(p.orgId, p.restaurantId, p.timeZone, sql`c.guest_id`, at);
  const rows = await presentedCardsQuery(ctx.db, p, codes)
    .select([
      (spend?.column ?? sql<PeriodSpend | null>`null`).as('spend'),
      sql<boolean>`exists (select 1 from pos_requests where org_id = ${p.orgId}
        and restaurant_id = ${p.restaurantId} and operation = ${OPERATION}
        and pos_id = ${posting.key})`.as('claimed'),
      firstAccountJson('deposit').as('deposit'),
      firstAccountJson('bonus').as('wallet'),
      sql<LotStateJson>`${lotStateJson(
        p.orgId,
        sql`(select a.id from accounts as a where a.org_id = c.org_id and a.guest_id = c.guest_id
          and a.kind = 'bonus' order by a.id limit 1)`,
        now,
      )}`.as('lots'),
    ])
    .execute();
  const row = pickCard(rows, codes[0] as string);
  // A replay, a payer's card or holds: the pessimistic way knows them.
  if (!row || row.claimed || row.payer_card_id !== null) return false;
  const deposit = row.deposit ? accountFromJson(row.deposit) : null;
  const wallet = row.wallet ? accountFromJson(row.wallet) : null;
  const lots = parseLotState(row.lots);
  if ([deposit, wallet].some((a) => a && a.account.held !== 0)) return false;
  if (expiredLots(lots.lots, now).length > 0) return false;
  if (deposit) adoptAccount(deposit.account, now, null, deposit.version);
  if (wallet) adoptAccount(wallet.account, now, lots, wallet.version);
  const card: PresentedCard = {
    ...presented(row),
    // Its period bounds were taken in the zone the endpoint cached: valid if that is still it.
    ...(spend && row.spend && row.time_zone === p.timeZone
      ? { spend: { ...row.spend, version: spend.version } }
      : {}),
  };
  try {
    await postClose(ctx, ctx.db, p, saleClose(posting, new Map([[codes[0] as string, card]]), common), card, {
      now,
      accounts: [deposit, wallet].flatMap((a) => (a ? [a.account] : [])),
      claim: {
        operation: OPERATION,
        posId: posting.key,
        hash: requestHash(posting.fingerprint),
        answer,
      },
    });
    return true;
  } catch (e) {
    // A refusal is given by the pessimistic way, on the accounts as they stand under its locks.
    if (e instanceof NotOptimistic || e instanceof DomainError) return false;
    if ((e as { code?: string }).code === REFUSED) return false;
    throw e;
  }
}
