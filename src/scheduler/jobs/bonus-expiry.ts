// Bonus lots expiring: points left in a lot past its expiry are written off by the ledger's own
// settle (an expiry entry per lot, the balance with it, a bonus.expired event), exactly as a
// till touching the wallet would. The job does it for wallets nobody touches, so balances,
// reports and notifications show expired points when they expire. A lot written off has nothing
// left, so a second run (or a till settling the wallet meanwhile) finds nothing to do.
import { inTransaction, type AppContext } from '../../app/context.ts';
import { lockAndSettle } from '../../app/pos-common.ts';
import { every, HOUR, type JobDefinition, type JobRun } from '../job.ts';

/** Wallets settled per transaction: a short lock on each. */
const BATCH = 200;

async function expireDue(ctx: AppContext, { now }: JobRun): Promise<void> {
  for (;;) {
    const due = await ctx.db
      .selectFrom('bonus_lots')
      .select(['org_id', 'account_id'])
      .distinct()
      .where('remaining', '>', 0)
      .where('expires_at', '<=', now)
      .orderBy('org_id')
      .orderBy('account_id')
      .limit(BATCH)
      .execute();
    if (due.length === 0) return;
    for (const orgId of new Set(due.map((d) => d.org_id))) {
      const ids = due.filter((d) => d.org_id === orgId).map((d) => d.account_id);
      await inTransaction(ctx, (tx) => lockAndSettle(tx, orgId, ids, now));
    }
  }
}

export const bonusLotsExpiry: JobDefinition = {
  name: 'bonus-lots-expiry',
  description: {
    ru: 'Списывает сгоревшие баллы: запись «Сгорание бонусов» по каждой партии с истёкшим сроком',
    en: 'Writes off expired points: a «Bonus expiry» entry for each lot past its expiry',
  },
  schedule: { ru: 'каждый час', en: 'every hour' },
  nextRunAfter: every(HOUR),
  run: expireDue,
};
