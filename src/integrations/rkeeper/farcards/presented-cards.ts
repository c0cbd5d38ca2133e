// The cards a FarCards packet presents, read with what the close needs next (the guest, the
// loyalty program's head) in one statement, and getcardinfoex's card with its whole info in one
// statement; r_keeper presents whatever a card carries.
import type { InferResult } from 'kysely';
import { fail } from '../../../domain/errors.ts';
import type { Card } from '../../../db/schema.ts';
import type { PresentedCard } from '../../../app/close-order.ts';
import { searchTillCardInfo, type TillCardInfo } from '../../../app/card-info.ts';
import type { AppContext, Tx } from '../../../app/context.ts';
import { programHeadColumns } from '../../../app/loyalty/program-store.ts';
import type { FarCardsPrincipal } from './endpoints.ts';

/** The card a code names: by number first, then by UID, then by track. */
export function pickCard<C extends Card>(rows: readonly C[], code: string): C | null {
  return (
    rows.find((c) => c.number === code) ??
    rows.find((c) => c.uid === code) ??
    rows.find((c) => c.track === code) ??
    null
  );
}

/** getcardinfoex: the card a code names, with its holder, accounts and loyalty part, or null. */
export function farCardInfo(ctx: AppContext, p: FarCardsPrincipal, code: string): Promise<TillCardInfo | null> {
  // r_keeper presents whatever the card carries: its number, its UID (seed 000) or its track.
  return searchTillCardInfo(
    ctx,
    p,
    (q) => q.where((eb) => eb.or([eb('c.number', '=', code), eb('c.uid', '=', code), eb('c.track', '=', code)])).limit(3),
    (rows) => pickCard(rows, code),
  );
}

/**
 * The packet's cards with each one's guest and the loyalty program's head: everything the close
 * reads before it locks an account, as one read that rides on the packet's claim.
 */
export function presentedCardsQuery(tx: Tx, p: FarCardsPrincipal, codes: readonly string[]) {
  return tx
    .selectFrom('cards as c')
    .innerJoin('guests as g', (j) => j.onRef('g.org_id', '=', 'c.org_id').onRef('g.id', '=', 'c.guest_id'))
    .selectAll('c')
    .select(['g.created_at as guest_created_at', 'g.birthday as guest_birthday'])
    .select(programHeadColumns(tx, p.orgId, p.restaurantId))
    .where('c.org_id', '=', p.orgId)
    .where((eb) => eb.or([eb('c.number', 'in', codes), eb('c.uid', 'in', codes), eb('c.track', 'in', codes)]));
}

export type PresentedRow = InferResult<ReturnType<typeof presentedCardsQuery>>[number];

export function presented(row: PresentedRow): PresentedCard {
  const { guest_created_at, guest_birthday, time_zone, version, ...card } = row;
  return {
    card,
    guest: { id: card.guest_id, created_at: guest_created_at, birthday: guest_birthday },
    // The restaurant is the principal's own: its row exists while its endpoint does.
    program: { time_zone: time_zone ?? '', version },
  };
}

export function cardsOf(rows: readonly PresentedRow[], codes: readonly string[]): Map<string, PresentedCard> {
  const out = new Map<string, PresentedCard>();
  for (const code of codes) {
    const row = pickCard(rows, code);
    if (!row) {
      fail('not_found', 'card_not_found', { ru: `Карта ${code} не найдена`, en: `Card ${code} not found` }, { card: code });
    }
    out.set(code, presented(row));
  }
  return out;
}

