// The organization's money ceilings (src/domain/money-limits.ts): stored per organization (the
// defaults until the owner changes them, audited), and the security events a refusal or a
// notable amount leaves for the owner's notification of security violations.
import { DomainError } from '../domain/errors.ts';
import { formatRoubles, formatRoublesRu } from '../domain/money.ts';
import { DEFAULT_MONEY_LIMITS, mergeLimits, type MoneyLimits } from '../domain/money-limits.ts';
import { audit } from './audit.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from './context.ts';
import { recordSecurityEvent } from './security-events.ts';

export async function moneyLimits(db: Tx, orgId: number): Promise<MoneyLimits> {
  const row = await db
    .selectFrom('money_limits')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row
    ? {
        maxTopUp: row.max_topup,
        maxCreditLimit: row.max_credit_limit,
        maxPayerLinks: row.max_payer_links,
        notableAmount: row.notable_amount,
      }
    : { ...DEFAULT_MONEY_LIMITS };
}

export async function setMoneyLimits(
  ctx: AppContext,
  actor: Actor,
  patch: Partial<MoneyLimits>,
): Promise<MoneyLimits> {
  return inTransaction(ctx, async (tx) => {
    const before = await moneyLimits(tx, actor.orgId);
    const next = mergeLimits(before, patch);
    const row = {
      max_topup: next.maxTopUp,
      max_credit_limit: next.maxCreditLimit,
      max_payer_links: next.maxPayerLinks,
      notable_amount: next.notableAmount,
      updated_at: ctx.now(),
    };
    await tx
      .insertInto('money_limits')
      .values({ org_id: actor.orgId, ...row })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(row))
      .execute();
    await audit(tx, actor, 'update', 'money_limits', actor.orgId, before, next);
    return next;
  });
}

export interface MoneyEventPlace {
  orgId: number;
  restaurantId?: number | null;
  terminalId?: number | null;
  /** Who or what: «Касса 1», «Иванов (manager)». */
  who: string;
  /** What was attempted: 'topup', 'credit_limit', 'payer_link', 'adjustment'. */
  what: string;
}

const WHAT: Record<string, { ru: string; en: string }> = {
  topup: { ru: 'пополнение', en: 'top-up' },
  credit_limit: { ru: 'кредитный лимит', en: 'credit limit' },
  payer_link: { ru: 'привязка карты к плательщику', en: 'payer card link' },
  adjustment: { ru: 'корректировка баланса', en: 'balance adjustment' },
};

async function record(
  tx: Tx,
  at: Date,
  place: MoneyEventPlace,
  type: string,
  message: { ru: string; en: string },
) {
  await recordSecurityEvent(tx, {
    org_id: place.orgId,
    at,
    type,
    restaurant_id: place.restaurantId ?? null,
    terminal_id: place.terminalId ?? null,
    scope: place.what,
    failures: 0,
    locked_until: null,
    message_ru: message.ru,
    message_en: message.en,
  });
}

/** In the operation's own transaction: a notable amount moved (it commits with the money). */
export async function recordNotable(tx: Tx, at: Date, place: MoneyEventPlace, kopecks: number) {
  const what = WHAT[place.what] ?? { ru: place.what, en: place.what };
  await record(tx, at, place, 'money_notable_amount', {
    ru: `Крупная сумма: ${what.ru} на ${formatRoublesRu(kopecks)} ₽ (${place.who})`,
    en: `Notable amount: ${what.en} of ${formatRoubles(kopecks)} ₽ (${place.who})`,
  });
}

/**
 * Runs `work`; when it is refused for a money ceiling, the refusal is recorded as a security
 * event in a transaction of its own (the operation's was rolled back) and passed on.
 */
export async function withMoneyLimits<T>(
  ctx: AppContext,
  place: MoneyEventPlace,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'money_limit_exceeded') {
      const what = WHAT[place.what] ?? { ru: place.what, en: place.what };
      await inTransaction(ctx, (tx) =>
        record(tx, ctx.now(), place, 'money_limit_exceeded', {
          ru: `Отклонено (${place.who}): ${what.ru} — ${e.messageRu}`,
          en: `Refused (${place.who}): ${what.en} — ${e.message}`,
        }),
      );
    }
    throw e;
  }
}
