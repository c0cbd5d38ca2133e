// Attempt limits of the guest channels' public entry points, per phone and per client address.
// Each attempt is one upsert on its key that counts it and starts a new window when the old one
// is over, so a burst of parallel requests counts every one of them: none can read "under the
// limit" before another has written. A phone is counted whether or not a guest has it.
import { sql } from 'kysely';
import { fail } from '../../domain/errors.ts';
import type { Tx } from '../context.ts';

export interface AttemptRule {
  max: number;
  windowSeconds: number;
}

/** The limits; a test or an installation may pass others. */
export interface GuestLimits {
  /** One-time codes sent to one phone. */
  codesPerPhone: AttemptRule;
  /** One-time codes asked for from one address. */
  codesPerAddress: AttemptRule;
  /** Codes checked (joining or signing in) for one phone. */
  checksPerPhone: AttemptRule;
  /** Codes checked (joining or signing in) from one address. */
  checksPerAddress: AttemptRule;
  /** Wrong tries one code survives; then it is dead and a new one must be asked for. */
  triesPerCode: number;
}

export const GUEST_LIMITS: GuestLimits = {
  codesPerPhone: { max: 3, windowSeconds: 15 * 60 },
  codesPerAddress: { max: 20, windowSeconds: 15 * 60 },
  checksPerPhone: { max: 10, windowSeconds: 15 * 60 },
  checksPerAddress: { max: 30, windowSeconds: 15 * 60 },
  triesPerCode: 5,
};

/** Counts one attempt on `key`; returns the seconds to wait when it is over the limit. */
async function countAttempt(db: Tx, key: string, rule: AttemptRule, now: Date) {
  const windowStart = new Date(now.getTime() - rule.windowSeconds * 1000);
  const { rows } = await sql<{ count: number; window_started: Date }>`
    insert into guest_attempts as a (key, count, window_started) values (${key}, 1, ${now})
    on conflict (key) do update set
      count = case when a.window_started <= ${windowStart} then 1 else a.count + 1 end,
      window_started = case when a.window_started <= ${windowStart} then ${now} else a.window_started end
    returning count, window_started`.execute(db);
  const row = rows[0] as { count: number; window_started: Date };
  if (row.count <= rule.max) return 0;
  const ends = new Date(row.window_started).getTime() + rule.windowSeconds * 1000;
  return Math.max(1, Math.ceil((ends - now.getTime()) / 1000));
}

/** Counts the attempt on every key; refuses with 429 when any is over its limit. */
export async function limitAttempts(
  db: Tx,
  now: Date,
  counted: readonly { key: string; rule: AttemptRule }[],
) {
  let wait = 0;
  for (const c of counted) wait = Math.max(wait, await countAttempt(db, c.key, c.rule, now));
  if (wait > 0) {
    fail(
      'too_many',
      'too_many_attempts',
      {
        ru: `Слишком много попыток: повторите через ${Math.ceil(wait / 60)} мин`,
        en: `Too many attempts: try again in ${Math.ceil(wait / 60)} min`,
      },
      { retry_after_seconds: wait },
    );
  }
}
