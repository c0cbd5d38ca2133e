// The queue that keeps an organization's Google Wallet cards live: one row per update of its
// loyalty class (after its set-up is saved) or of a guest's loyalty object (after a balance
// change), written in the transaction of the change that calls for it and sent by the event
// worker (events/google-wallet-updates.ts). A row still waiting takes the next change too:
// the update sends what is current when it goes out; its change count tells the worker when a
// change came while it was in flight, so it goes out again.
import { sql } from 'kysely';
import type { Tx } from '../context.ts';

/** `'class'`: the organization's loyalty class; else these guests' objects, if they have one. */
export async function queueGoogleUpdates(
  tx: Tx,
  orgId: number,
  now: Date,
  what: 'class' | readonly number[],
): Promise<void> {
  if (what !== 'class' && what.length === 0) return;
  const rows =
    what === 'class'
      ? sql`select ${orgId}::bigint as org_id, null::bigint as guest_id`
      : sql`select o.org_id, o.guest_id from wallet_google_objects o
          join wallet_google_settings s on s.org_id = o.org_id
          where o.org_id = ${orgId} and o.guest_id in (${sql.join(what)})`;
  await sql`
    insert into wallet_google_updates (org_id, guest_id, next_attempt_at, created_at)
    select q.*, ${now}::timestamptz, ${now}::timestamptz from (${rows}) q
    on conflict (org_id, (coalesce(guest_id, 0))) where status = 'pending'
    do update set changes = wallet_google_updates.changes + 1`.execute(tx);
}
