// Rank demotion at the end of a rank period (L10). Ranks are derived from spending when read, so
// at a period boundary a guest whose ended period earned less simply holds a lower rank; nothing
// is written. This job tells it: after each boundary it compares every guest's rank just before
// the boundary with the rank held now and records a rank.changed event (kind "demotion") for
// each guest who went down. The event's key is the guest and the boundary, so repeating a run
// records nothing new. The organization's own settings decide the period (a restaurant's
// override of it is not followed here) and its first venue's time zone places the boundary,
// as the rank report does.
import { sql } from 'kysely';
import type { AppContext } from '../../app/context.ts';
import { recordEvents, type NewEvent } from '../../app/events.ts';
import { rankFromRow } from '../../app/loyalty/program-store.ts';
import { rankAcrossBoundary, rankPeriodBounds } from '../../domain/loyalty/ranks.ts';
import { DEFAULT_SETTINGS, mergeSettings } from '../../domain/loyalty/settings.ts';
import type { Rank, SettingsOverride } from '../../domain/loyalty/types.ts';
import { reportTimeZone } from '../../reports/period.ts';
import { every, HOUR, type JobDefinition, type JobRun } from '../job.ts';

interface GuestSpend {
  guest_id: number;
  /** The period before the one that ended, the one that ended, and since the boundary. */
  earlier: number;
  ended: number;
  since: number;
}

const brief = (r: Rank | null) => (r ? { id: Number(r.id), name: r.name } : null);

async function demoteOrg(ctx: AppContext, orgId: number, { now, since }: JobRun) {
  const db = ctx.db;
  const [own, rankRows, timeZone] = await Promise.all([
    db
      .selectFrom('loyalty_programs')
      .select('settings')
      .where('org_id', '=', orgId)
      .where('restaurant_id', '=', 0)
      .executeTakeFirst(),
    db
      .selectFrom('loyalty_ranks')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('threshold')
      .execute(),
    reportTimeZone(db, orgId, {}),
  ]);
  const settings = own
    ? mergeSettings(DEFAULT_SETTINGS, own.settings as SettingsOverride)
    : DEFAULT_SETTINGS;
  const boundary = rankPeriodBounds(settings.rankPeriod, now, timeZone).currentStart;
  // All-time ranks never fall; a boundary the last successful run already saw is done.
  const lookedFrom = since ?? new Date(now.getTime() - HOUR);
  if (!boundary || boundary.getTime() <= lookedFrom.getTime()) return;
  const ended = rankPeriodBounds(settings.rankPeriod, new Date(boundary.getTime() - 1), timeZone);
  const { rows } = await sql<GuestSpend>`
    select guest_id,
      coalesce(sum(net_total) filter (where closed_at < ${ended.currentStart}), 0)::bigint as earlier,
      coalesce(sum(net_total) filter (where closed_at >= ${ended.currentStart}
        and closed_at < ${boundary}), 0)::bigint as ended,
      coalesce(sum(net_total) filter (where closed_at >= ${boundary}), 0)::bigint as since
    from orders
    where org_id = ${orgId} and guest_id is not null
      and closed_at >= ${ended.previousStart} and closed_at <= ${now}
    group by guest_id`.execute(db);
  const ranks = rankRows.map(rankFromRow);
  const events: NewEvent[] = [];
  for (const g of rows) {
    const c = rankAcrossBoundary(
      ranks,
      { current: g.ended, previous: g.earlier },
      { current: g.since, previous: g.ended },
    );
    if (c.kind !== 'demotion') continue;
    events.push({
      type: 'rank.changed',
      key: `guest:${g.guest_id}:${boundary.toISOString()}`,
      at: boundary,
      data: {
        guest_id: g.guest_id,
        kind: 'demotion',
        from: brief(c.from),
        to: brief(c.to),
        period_start: boundary.toISOString(),
        spend_in_ended_period: g.ended,
      },
    });
  }
  await db.transaction().execute((tx) => recordEvents(tx, orgId, events));
}

async function demoteAll(ctx: AppContext, run: JobRun): Promise<void> {
  const orgs = await ctx.db.selectFrom('loyalty_ranks').select('org_id').distinct().execute();
  for (const { org_id } of orgs) await demoteOrg(ctx, org_id, run);
}

export const rankDemotion: JobDefinition = {
  name: 'rank-demotion',
  description: {
    ru: 'В конце периода ранга сообщает о гостях, чей ранг понизился (событие rank.changed)',
    en: 'At the end of a rank period, tells which guests went down a rank (a rank.changed event)',
  },
  schedule: { ru: 'каждый час', en: 'every hour' },
  nextRunAfter: every(HOUR),
  run: demoteAll,
};
