// Card info at the till (C2, L10, L15): the holder, the card's flags, every account with what it
// can pay now, and the loyalty part (rank, what is left to the next, points, receipt footer).
// A till asks for it on every swipe, so once the card is found the rest is ONE statement: the
// guest, the accounts with the bonus lots' state, the program's head, the rank spend and the
// live payment code. A card paid for by another card (a payer) takes the general way.
import { sql } from 'kysely';
import type { PeriodSpend } from '../domain/loyalty/ranks.ts';
import {
  accountFromJson,
  accountJson,
  lotStateJson,
  parseLotState,
  type AccountJson,
  type LotStateJson,
} from '../db/repositories/ledger.ts';
import type { Card } from '../db/schema.ts';
import { rememberSettled } from './account-state.ts';
import { cardInfo, type CardInfo, type KnownHolder } from './cards.ts';
import type { AppContext } from './context.ts';
import { cardLoyalty, type LoyaltyCardInfo } from './loyalty/calculate.ts';
import { activePaymentCodeQuery } from './loyalty/codes.ts';
import { programHeadColumns } from './loyalty/program-store.ts';

export type TillCardInfo = CardInfo & { loyalty: LoyaltyCardInfo };

type GuestJson = KnownHolder['guest'] & { created_at: string };

/**
 * @param p the till's organization and restaurant; with the restaurant's time zone (as the
 * FarCards endpoint caches it) the rank spend is read in the same statement too
 */
export async function tillCardInfo(
  ctx: AppContext,
  p: { orgId: number; restaurantId: number; timeZone?: string },
  card: Card,
): Promise<TillCardInfo> {
  const now = ctx.now();
  if (card.payer_card_id !== null) {
    return {
      // Several reads: one snapshot, so the accounts agree with each other.
      ...(await ctx.db.transaction().execute((tx) => cardInfo(tx, p.orgId, card, now))),
      loyalty: await cardLoyalty(ctx, p, card),
    };
  }
  const spend =
    p.timeZone === undefined
      ? null
      : (ctx.loyalty.spendRead?.(p.orgId, p.restaurantId, p.timeZone, sql`${card.guest_id}::bigint`, now) ?? null);
  const row = await ctx.db
    .selectNoFrom([
      ...programHeadColumns(ctx.db, p.orgId, p.restaurantId),
      sql<GuestJson>`(select json_build_object('id', g.id, 'last_name', g.last_name,
        'first_name', g.first_name, 'middle_name', g.middle_name, 'phone', g.phone,
        'email', g.email, 'birthday', g.birthday, 'created_at', g.created_at)
        from guests as g where g.org_id = ${p.orgId} and g.id = ${card.guest_id})`.as('guest'),
      sql<{ row: AccountJson; lots: LotStateJson | null }[]>`(select coalesce(json_agg(
          json_build_object('row', ${accountJson('a')}, 'lots', case when a.kind = 'bonus'
            then ${lotStateJson(p.orgId, sql`a.id`, now)} end) order by a.id), '[]')
        from accounts as a where a.org_id = ${p.orgId} and a.guest_id = ${card.guest_id})`.as('accounts'),
      (spend?.column ?? sql<PeriodSpend | null>`null`).as('spend'),
      activePaymentCodeQuery(ctx.db, p.orgId, card.guest_id, now).$asScalar().as('payment_code'),
    ])
    .executeTakeFirstOrThrow();
  const accounts = row.accounts.map(({ row: json, lots }) => {
    const { account } = accountFromJson(json);
    // Held points need the holds read: such an account's lots are read again with them.
    if (lots && account.held === 0) rememberSettled(account, now, parseLotState(lots));
    return account;
  });
  const { created_at, ...guest } = row.guest;
  const info = await cardInfo(ctx.db, p.orgId, card, now, { guest, accounts });
  const wallet = info.accounts.find((a) => a.kind === 'bonus');
  const head = { time_zone: row.time_zone ?? '', version: row.version };
  const loyalty = await cardLoyalty(ctx, p, card, {
    at: now,
    program: head,
    guest: { id: guest.id, created_at: new Date(created_at), birthday: guest.birthday },
    // Its period bounds were taken in the zone the caller gave: valid if that is still it.
    ...(spend && row.spend && head.time_zone === p.timeZone
      ? { spend: { ...row.spend, version: spend.version } }
      : {}),
    bonusBalance: wallet?.available ?? 0,
    paymentCode: row.payment_code ?? null,
  });
  return { ...info, loyalty };
}
