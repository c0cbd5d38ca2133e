// Card info at the till (C2, L10, L15): the holder, the card's flags, every account with what it
// can pay now, and the loyalty part (rank, what is left to the next, points, receipt footer).
// A till asks for it on every swipe, so it is ONE statement with the card's search (or one
// after it): the guest, the accounts with the bonus lots' state, the program's head, the rank
// spend and the live payment code. A card paid for by another card (a payer) takes the
// general way.
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { PeriodSpend } from '../domain/loyalty/ranks.ts';
import {
  accountFromJson,
  accountJson,
  lotStateJson,
  parseLotState,
  type AccountJson,
  type LotStateJson,
} from '../db/repositories/ledger.ts';
import type { Card, DB } from '../db/schema.ts';
import { rememberSettled } from './account-state.ts';
import { cardInfo, type CardInfo, type KnownHolder } from './cards.ts';
import type { AppContext } from './context.ts';
import { cardLoyalty, type LoyaltyCardInfo } from './loyalty/calculate.ts';
import { activePaymentCodeQuery } from './loyalty/codes.ts';
import { programHeadColumns } from './loyalty/program-store.ts';

export type TillCardInfo = CardInfo & { loyalty: LoyaltyCardInfo };

/**
 * The till's organization and restaurant; with the restaurant's time zone (as the FarCards
 * endpoint and the terminal key cache it) the rank spend is read in the same statement too.
 */
export type TillScope = { orgId: number; restaurantId: number; timeZone?: string };

type GuestJson = KnownHolder['guest'] & { created_at: string };

/** Everything but the card, as columns of one statement, for the guest `guestId` names. */
function holderColumns(ctx: AppContext, p: TillScope, now: Date, guestId: RawBuilder<number>) {
  const spend =
    p.timeZone === undefined
      ? null
      : (ctx.loyalty.spendRead?.(p.orgId, p.restaurantId, p.timeZone, guestId, now) ?? null);
  const columns = [
    ...programHeadColumns(ctx.db, p.orgId, p.restaurantId),
    sql<GuestJson>`(select json_build_object('id', g.id, 'last_name', g.last_name,
      'first_name', g.first_name, 'middle_name', g.middle_name, 'phone', g.phone,
      'email', g.email, 'birthday', g.birthday, 'created_at', g.created_at)
      from guests as g where g.org_id = ${p.orgId} and g.id = ${guestId})`.as('guest'),
    sql<{ row: AccountJson; lots: LotStateJson | null }[]>`(select coalesce(json_agg(
        json_build_object('row', ${accountJson('a')}, 'lots', case when a.kind = 'bonus'
          then ${lotStateJson(p.orgId, sql`a.id`, now)} end) order by a.id), '[]')
      from accounts as a where a.org_id = ${p.orgId} and a.guest_id = ${guestId})`.as('accounts'),
    (spend?.column ?? sql<PeriodSpend | null>`null`).as('spend'),
    activePaymentCodeQuery(ctx.db, p.orgId, guestId, now).$asScalar().as('payment_code'),
  ] as const;
  return { columns, spendVersion: spend?.version };
}

type HolderRow = {
  time_zone: string | null;
  version: number | null;
  guest: GuestJson;
  accounts: { row: AccountJson; lots: LotStateJson | null }[];
  spend: PeriodSpend | null;
  payment_code: string | null;
};

/** The answer from the statement's row; reads again only for held points. */
async function assemble(
  ctx: AppContext,
  p: TillScope,
  card: Card,
  row: HolderRow,
  spendVersion: number | undefined,
  now: Date,
): Promise<TillCardInfo> {
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
    ...(spendVersion !== undefined && row.spend && head.time_zone === p.timeZone
      ? { spend: { ...row.spend, version: spendVersion } }
      : {}),
    bonusBalance: wallet?.available ?? 0,
    paymentCode: row.payment_code,
  });
  return { ...info, loyalty };
}

/** The general way: several reads in one snapshot, so the accounts agree with each other. */
async function generalInfo(ctx: AppContext, p: TillScope, card: Card): Promise<TillCardInfo> {
  const now = ctx.now();
  return {
    ...(await ctx.db.transaction().execute((tx) => cardInfo(tx, p.orgId, card, now))),
    loyalty: await cardLoyalty(ctx, p, card),
  };
}

/** Card info for a card found already: one statement. */
export async function tillCardInfo(ctx: AppContext, p: TillScope, card: Card): Promise<TillCardInfo> {
  if (card.payer_card_id !== null) return generalInfo(ctx, p, card);
  const now = ctx.now();
  const { columns, spendVersion } = holderColumns(ctx, p, now, sql<number>`${card.guest_id}::bigint`);
  const row = await ctx.db.selectNoFrom(columns).executeTakeFirstOrThrow();
  return assemble(ctx, p, card, row, spendVersion, now);
}

/**
 * Card info for the card `search` finds among the organization's (at most a few rows, of which
 * `pick` takes one), in the same statement; null when there is none.
 */
export async function searchTillCardInfo(
  ctx: AppContext,
  p: TillScope,
  search: (
    q: SelectQueryBuilder<DB & { c: DB['cards'] }, 'c', object>,
  ) => SelectQueryBuilder<DB & { c: DB['cards'] }, 'c', object>,
  pick: <C extends Card>(rows: readonly C[]) => C | null,
): Promise<TillCardInfo | null> {
  const now = ctx.now();
  const { columns, spendVersion } = holderColumns(ctx, p, now, sql<number>`c.guest_id`);
  const rows = await search(ctx.db.selectFrom('cards as c').where('c.org_id', '=', p.orgId))
    .selectAll('c')
    .select(columns)
    .execute();
  const found = pick(rows);
  if (!found) return null;
  const { time_zone, version, guest, accounts, spend, payment_code, ...card } = found;
  if (card.payer_card_id !== null) return generalInfo(ctx, p, card);
  const row = { time_zone, version, guest, accounts, spend, payment_code };
  return assemble(ctx, p, card, row, spendVersion, now);
}
