// The guest's own page: the card to show at the till (its number and a QR code of it, which
// r_keeper and iiko read as the card number), balances, rank and what is left to the next one,
// recent operations, the venue's current promotions, promo codes entered, reviews, and the
// e-tips link (with its QR code) of the venue of the guest's last check. Every
// read is scoped by the session's organization and guest: a guest sees nothing else.
import { fail } from '../../domain/errors.ts';
import { accountsOf } from '../cards.ts';
import { inTransaction, type Actor, type AppContext } from '../context.ts';
import { guestRank } from '../admin/guest-standing.ts';
import { decodeIdCursor, pageOf, pageSize } from '../admin/paging.ts';
import { guestTips } from '../etips.ts';
import { recordEvents } from '../events.ts';
import { history } from '../history.ts';
import { enterPromoCode, getProgram, listPromotions } from '../loyalty/admin.ts';
import { GUEST_LIMITS, limitAttempts } from './attempts.ts';
import { qrSvg } from './qr.ts';
import type { GuestPrincipal } from './sign-in.ts';

/** Bonus and deposit balances summed over the guest's accounts (kopecks, hundredths of a point). */
export function balancesOf(accounts: readonly { kind: string; balance: number }[]) {
  const sum = (kind: 'bonus' | 'deposit') =>
    accounts.filter((a) => a.kind === kind).reduce((s, a) => s + a.balance, 0);
  return { bonus: sum('bonus'), deposit: sum('deposit') };
}

/** The level and what is left to the next; an organization without ranks shows none. */
export function rankShown(r: Awaited<ReturnType<typeof guestRank>>) {
  if (!r || (!r.current && !r.next)) return null;
  return {
    name: r.current?.name ?? null,
    next: r.next ? { name: r.next.name, left: r.next.left } : null,
  };
}

/** Operations the page lists, newest first. */
export const OPERATIONS_SHOWN = 20;

export async function guestPage(ctx: AppContext, p: GuestPrincipal) {
  const db = ctx.db;
  const now = ctx.now();
  const [guest, org, card, accounts, standing, ops, program, promotions, codes, wallets, tips] =
    await Promise.all([
      db
        .selectFrom('guests')
        .select(['first_name', 'phone'])
        .where('org_id', '=', p.orgId)
        .where('id', '=', p.guestId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('organizations')
        .select('name')
        .where('id', '=', p.orgId)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('cards')
        .select(['number', 'status'])
        .where('org_id', '=', p.orgId)
        .where('guest_id', '=', p.guestId)
        .where('status', '=', 'active')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst(),
      accountsOf(db, p.orgId, p.guestId),
      guestRank(db, p.orgId, p.guestId, now, ctx.programs),
      history(db, p.orgId, { guestId: p.guestId }, { limit: OPERATIONS_SHOWN }),
      getProgram(ctx, p.orgId),
      listPromotions(ctx, p.orgId),
      db
        .selectFrom('loyalty_promo_code_entries')
        .select(['code', 'entered_at'])
        .where('org_id', '=', p.orgId)
        .where('guest_id', '=', p.guestId)
        .orderBy('entered_at', 'desc')
        .execute(),
      db
        .selectNoFrom((eb) => [
          eb
            .exists(
              eb.selectFrom('wallet_apple_settings').select('org_id').where('org_id', '=', p.orgId),
            )
            .as('apple'),
          eb
            .exists(
              eb
                .selectFrom('wallet_google_settings')
                .select('org_id')
                .where('org_id', '=', p.orgId),
            )
            .as('google'),
        ])
        .executeTakeFirstOrThrow(),
      guestTips(ctx, p.orgId, p.guestId),
    ]);
  const today = now.toISOString().slice(0, 10);
  const lifetimeMs = program.settings.promoCodeLifetimeMinutes * 60_000;
  return {
    organization: org.name,
    guest: { first_name: guest.first_name, phone: guest.phone },
    card: card ? { number: card.number, qr_svg: await qrSvg(card.number) } : null,
    balances: balancesOf(accounts),
    rank: rankShown(standing),
    // «Добавить в Apple Wallet» shows when the organization has its Pass Type ID certificate,
    // «Добавить в Google Wallet» when it has its Google issuer account.
    wallet: { apple: Boolean(wallets.apple), google: Boolean(wallets.google) },
    operations: ops.rows.map((o) => ({
      id: o.id,
      type_code: o.type_code,
      type_name: o.type_name,
      occurred_at: o.occurred_at,
      account: o.account,
      amount: o.amount,
      item: o.item,
    })),
    promotions: promotions
      .filter(
        (x) => x.active && (x.conditions.dateTo === undefined || x.conditions.dateTo >= today),
      )
      .map((x) => ({ id: Number(x.id), name: x.name, date_to: x.conditions.dateTo ?? null })),
    tips: tips ? { ...tips, qr_svg: await qrSvg(tips.url) } : null,
    promo_code_lifetime_minutes: program.settings.promoCodeLifetimeMinutes,
    promo_codes: codes.map((c) => {
      const until = new Date(c.entered_at.getTime() + lifetimeMs);
      return {
        code: c.code,
        entered_at: c.entered_at.toISOString(),
        valid_until: until.toISOString(),
        active: until > now,
      };
    }),
  };
}

const guestActor = (p: GuestPrincipal): Actor => ({
  orgId: p.orgId,
  type: 'guest',
  id: String(p.guestId),
  name: 'guest',
});

/** The code printed on a receipt, entered by the guest: the next order within its lifetime gets the promotion. */
export async function enterCodeAsGuest(ctx: AppContext, p: GuestPrincipal, code: string) {
  // Guessing codes from the page is slowed like guessing one-time codes.
  await limitAttempts(ctx.db, ctx.now(), [
    { key: `promo:guest:${p.orgId}:${p.guestId}`, rule: GUEST_LIMITS.checksPerPhone },
  ]);
  return enterPromoCode(ctx, guestActor(p), p.guestId, code, { activeOnly: true });
}

export const REVIEW_MAX = 2000;

/** A review from the guest; it reaches the organization's list (and, later, its e-mail). */
export async function leaveReview(
  ctx: AppContext,
  p: GuestPrincipal,
  input: { rating: number; text: string },
) {
  const text = input.text.trim();
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5)
    fail('validation', 'rating_out_of_range', {
      ru: 'Оценка — от 1 до 5',
      en: 'The rating is 1 to 5',
    });
  await limitAttempts(ctx.db, ctx.now(), [
    { key: `review:guest:${p.orgId}:${p.guestId}`, rule: { max: 5, windowSeconds: 3600 } },
  ]);
  const row = await inTransaction(ctx, async (tx) => {
    const review = await tx
      .insertInto('guest_reviews')
      .values({
        org_id: p.orgId,
        guest_id: p.guestId,
        restaurant_id: null,
        rating: input.rating,
        text,
        created_at: ctx.now(),
      })
      .returning(['id', 'rating', 'text', 'created_at'])
      .executeTakeFirstOrThrow();
    // In the review's own transaction: the notification cannot be lost or sent twice.
    await recordEvents(tx, p.orgId, [
      {
        type: 'review.left',
        key: String(review.id),
        at: review.created_at,
        data: {
          review_id: review.id,
          guest_id: p.guestId,
          rating: review.rating,
          text: review.text,
        },
      },
    ]);
    return review;
  });
  return {
    id: row.id,
    rating: row.rating,
    text: row.text,
    created_at: row.created_at.toISOString(),
  };
}

/** Reviews for the organization, newest first, with who left them; keyset pages. */
export async function listReviews(
  ctx: AppContext,
  orgId: number,
  page: { limit?: number | undefined; cursor?: string | undefined },
) {
  const limit = pageSize(page.limit, 100);
  let q = ctx.db
    .selectFrom('guest_reviews as r')
    .innerJoin('guests as g', (j) =>
      j.onRef('g.org_id', '=', 'r.org_id').onRef('g.id', '=', 'r.guest_id'),
    )
    .select(['r.id', 'r.guest_id', 'g.first_name', 'g.phone', 'r.rating', 'r.text', 'r.created_at'])
    .where('r.org_id', '=', orgId)
    .orderBy('r.id', 'desc')
    .limit(limit + 1);
  if (page.cursor) q = q.where('r.id', '<', decodeIdCursor(page.cursor));
  const rows = await q.execute();
  return pageOf(
    rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() })),
    limit,
  );
}
