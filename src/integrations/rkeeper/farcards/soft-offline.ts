// Soft offline (P5): a check r_keeper posts late after an outage keeps its own time, and is
// refused (nothing written) beyond the restaurant's limits: age, per check, per card per day.
import { sql } from 'kysely';
import { fail } from '../../../domain/errors.ts';
import { localMidnight, localTime } from '../../../domain/loyalty/local-time.ts';
import type { Posting } from './posting.ts';
import type { PresentedCard } from '../../../app/close-order.ts';
import type { Tx } from '../../../app/context.ts';
import type { FarCardsPrincipal } from './endpoints.ts';

/** A check closed longer ago than this reached Kopilka late: soft offline (P5). */
export const ONLINE_GRACE_MS = 15 * 60_000;
/** A restaurant-local "YYYY-MM-DDTHH:MM:SS" (or a bare date) as an instant. */
function localInstant(local: string, timeZone: string): Date {
  const [y, m, d, h, mi, s] = local.split(/[-T:]/).map(Number);
  const midnight = localMidnight(y as number, m as number, d as number, timeZone);
  return new Date(midnight.getTime() + ((h ?? 0) * 3600 + (mi ?? 0) * 60 + (s ?? 0)) * 1000);
}

/** When the check happened and whether it reached us late. */
export function timing(posting: Posting, timeZone: string, now: Date): { at: Date; offline: boolean } {
  if (posting.closedAtLocal) {
    const at = localInstant(posting.closedAtLocal, timeZone);
    // A till clock running ahead must not make the post "in the future".
    if (at.getTime() > now.getTime()) return { at: now, offline: false };
    return { at, offline: now.getTime() - at.getTime() > ONLINE_GRACE_MS };
  }
  if (posting.cashDate && posting.cashDate < localTime(now, timeZone).date) {
    return { at: localInstant(posting.cashDate, timeZone), offline: true };
  }
  return { at: now, offline: false };
}

function limitExceeded(code: string, ru: string, en: string, details: Record<string, unknown>): never {
  fail('rejected', code, { ru, en }, details);
}

export async function checkOfflineLimits(
  tx: Tx,
  p: FarCardsPrincipal,
  cards: ReadonlyMap<string, PresentedCard>,
  payments: readonly { cardCode: string; amount: number }[],
  at: Date,
  now: Date,
): Promise<void> {
  const l = p.offlineLimits;
  const ageHours = (now.getTime() - at.getTime()) / 3_600_000;
  if (l.maxAgeHours !== undefined && ageHours > l.maxAgeHours) {
    limitExceeded(
      'rkeeper.offline.too_old',
      `Чек мягкого оффлайна старше ${l.maxAgeHours} ч: проведите его вручную`,
      `The soft-offline check is older than ${l.maxAgeHours} h: post it by hand`,
      { max_age_hours: l.maxAgeHours, age_hours: Math.floor(ageHours) },
    );
  }
  const t = localTime(at, p.timeZone);
  const dayStart = localMidnight(t.year, t.month, t.day, p.timeZone);
  const next = new Date(Date.UTC(t.year, t.month - 1, t.day + 1));
  const dayEnd = localMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), p.timeZone);
  for (const [code, { card }] of cards) {
    const amount = payments.filter((x) => x.cardCode === code).reduce((s, x) => s + x.amount, 0);
    if (amount === 0) continue;
    if (l.maxPerCheck !== undefined && amount > l.maxPerCheck) {
      limitExceeded(
        'rkeeper.offline.check_limit',
        `Оплата картой ${code} в оффлайне больше лимита на чек (${l.maxPerCheck / 100} ₽)`,
        `The offline payment by card ${code} exceeds the per-check limit (${l.maxPerCheck} kopecks)`,
        { card: code, amount, limit: l.maxPerCheck },
      );
    }
    if (l.maxPerCardPerDay === undefined) continue;
    // Offline posts of one card serialize on its row, so two cannot both fit the last room.
    await tx.selectFrom('cards').select('id').where('org_id', '=', p.orgId).where('id', '=', card.id).forUpdate().execute();
    const spent = await tx
      .selectFrom('ledger_entries')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), sql<number>`0`).as('total'))
      .where('org_id', '=', p.orgId)
      .where('card_id', '=', card.id)
      .where('occurred_at', '>=', dayStart)
      .where('occurred_at', '<', dayEnd)
      .where('soft_offline', '=', true)
      .where('type', 'in', ['payment', 'bonus_payment'])
      .executeTakeFirstOrThrow();
    const used = -Number(spent.total);
    if (used + amount > l.maxPerCardPerDay) {
      limitExceeded(
        'rkeeper.offline.day_limit',
        `Оплаты картой ${code} в оффлайне за день превысят лимит (${l.maxPerCardPerDay / 100} ₽)`,
        `Offline payments by card ${code} would exceed the daily limit (${l.maxPerCardPerDay} kopecks)`,
        { card: code, amount, used, limit: l.maxPerCardPerDay },
      );
    }
  }
}

