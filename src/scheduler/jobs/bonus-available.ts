// Pending points becoming spendable: an accrual's lot waits its pending days (L11) and then
// counts as available. Nothing in the ledger changes at that moment — the balance always held
// those points — so the job only tells: a bonus.available event per lot whose moment came since
// the last successful run (webhooks, notifications to the guest). The event's key is the lot,
// so a run repeated over the same moments records nothing new.
import { sql } from 'kysely';
import type { AppContext } from '../../app/context.ts';
import { recordEvents, type NewEvent } from '../../app/events.ts';
import { every, HOUR, type JobDefinition, type JobRun } from '../job.ts';

const BATCH = 500;

interface BecameAvailable {
  org_id: number;
  id: number;
  account_id: number;
  guest_id: number;
  remaining: number;
  available_from: Date;
  expires_at: Date | null;
}

function availableEvent(l: BecameAvailable): NewEvent {
  return {
    type: 'bonus.available',
    key: `lot:${l.id}`,
    at: l.available_from,
    data: {
      guest_id: l.guest_id,
      account_id: l.account_id,
      lot_id: l.id,
      amount: l.remaining,
      available_from: l.available_from.toISOString(),
      expires_at: l.expires_at?.toISOString() ?? null,
    },
  };
}

async function tellAvailable(ctx: AppContext, { now, since }: JobRun): Promise<void> {
  // The first run looks one period back rather than at the whole history.
  let after = { at: since ?? new Date(now.getTime() - HOUR), org: 0, id: 0 };
  for (;;) {
    // Only lots that waited (available later than their accrual) and still have points.
    const { rows } = await sql<BecameAvailable>`
      select l.org_id, l.id, l.account_id, e.guest_id, l.remaining, l.available_from, l.expires_at
      from bonus_lots l
      join ledger_entries e on e.org_id = l.org_id and e.id = l.entry_id
      where l.remaining > 0 and l.available_from <= ${now}
        and l.available_from >= ${after.at}
        and (l.available_from, l.org_id, l.id) > (${after.at}, ${after.org}, ${after.id})
        and l.available_from > e.occurred_at
        and (l.expires_at is null or l.expires_at > ${now})
      order by l.available_from, l.org_id, l.id
      limit ${BATCH}`.execute(ctx.db);
    if (rows.length === 0) return;
    await ctx.db.transaction().execute(async (tx) => {
      for (const orgId of new Set(rows.map((r) => r.org_id))) {
        await recordEvents(tx, orgId, rows.filter((r) => r.org_id === orgId).map(availableEvent));
      }
    });
    const last = rows[rows.length - 1]!;
    after = { at: last.available_from, org: last.org_id, id: last.id };
  }
}

export const bonusLotsAvailable: JobDefinition = {
  name: 'bonus-lots-available',
  description: {
    ru: 'Сообщает о баллах, ставших доступными после срока ожидания (событие bonus.available)',
    en: 'Tells when pending points become spendable (a bonus.available event)',
  },
  schedule: { ru: 'каждый час', en: 'every hour' },
  nextRunAfter: every(HOUR),
  run: tellAvailable,
};
