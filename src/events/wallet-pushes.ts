// Wallet passes kept live by the outbox: when the worker dispatches an event that changes what
// a guest's pass shows (a close, a payment, bonuses accrued, spent, expired or available, a top-up,
// a rank or card change), in the same transaction it marks the guest's pass changed and queues
// one push per registered device — several changes before the push goes out are one push. The
// pushes are then claimed with a lease and sent to APNs like webhook deliveries: retried with
// backoff, dead after the last attempt, and a token APNs calls gone is unregistered. The till's
// close only wrote its event; it never waits for any of this.
import { sql } from 'kysely';
import type { AppContext, Tx } from '../app/context.ts';
import type { EventType } from '../app/events.ts';
import { appleSigner } from '../app/wallet/apple-settings.ts';
import { queueGoogleUpdates } from '../app/wallet/google-queue.ts';
import { GONE_REASONS, type PassPusher, type PushAnswer } from '../app/wallet/apns.ts';
import { DomainError } from '../domain/errors.ts';

/** Events after which a pass shows something else. */
export const PASS_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'order.closed',
  'deposit.debited',
  'deposit.topped_up',
  'bonus.accrued',
  'bonus.spent',
  'bonus.topped_up',
  'bonus.expired',
  'bonus.available',
  'rank.changed',
  'card.blocked',
  'card.unblocked',
]);

export interface DispatchedEvent {
  org_id: number;
  type: string;
  guest_id: number | null;
}

/** In the dispatch's transaction: the guests' passes changed now; their devices to be pushed. */
export async function markPassesChanged(tx: Tx, now: Date, events: readonly DispatchedEvent[]) {
  const guests = new Map<number, Set<number>>();
  for (const e of events) {
    if (e.guest_id === null || !PASS_EVENTS.has(e.type as EventType)) continue;
    const set = guests.get(e.org_id) ?? new Set();
    set.add(Number(e.guest_id));
    guests.set(e.org_id, set);
  }
  for (const [orgId, ids] of guests) {
    // Their Google Wallet objects, for guests who have one (google-wallet-updates.ts).
    await queueGoogleUpdates(tx, orgId, now, [...ids]);
    const changed = await tx
      .updateTable('wallet_passes')
      .set({ updated_at: now })
      .where('org_id', '=', orgId)
      .where('guest_id', 'in', [...ids])
      .returning('serial')
      .execute();
    if (changed.length === 0) continue;
    await sql`
      insert into wallet_pushes (org_id, push_token, next_attempt_at, created_at)
      select distinct org_id, push_token, ${now}::timestamptz, ${now}::timestamptz
      from wallet_registrations
      where org_id = ${orgId} and serial in (${sql.join(changed.map((c) => c.serial))})
      on conflict (org_id, push_token) where status = 'pending' do nothing`.execute(tx);
  }
}

export interface PushOptions {
  pusher: PassPusher;
  batch: number;
  maxAttempts: number;
  leaseMs: number;
  backoffMs: (failures: number) => number;
}

interface Claimed {
  org_id: number;
  id: number;
  push_token: string;
  attempts: number;
}

async function claimDue(ctx: AppContext, now: Date, o: PushOptions): Promise<Claimed[]> {
  const leaseEnds = new Date(now.getTime() + o.leaseMs);
  const r = await sql<Claimed>`
    update wallet_pushes p
    set next_attempt_at = ${leaseEnds}, attempts = p.attempts + 1
    from (
      select org_id, id from wallet_pushes
      where status = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at
      limit ${o.batch}
      for update skip locked
    ) due
    where p.org_id = due.org_id and p.id = due.id
    returning p.org_id, p.id, p.push_token, p.attempts`.execute(ctx.db);
  return r.rows.map((c) => ({ ...c, org_id: Number(c.org_id), id: Number(c.id) }));
}

/** Each organization's due pushes through one connection with its certificate. */
async function answersOf(ctx: AppContext, claimed: Claimed[], o: PushOptions) {
  const byOrg = new Map<number, Claimed[]>();
  for (const c of claimed) byOrg.set(c.org_id, [...(byOrg.get(c.org_id) ?? []), c]);
  const answers = new Map<string, PushAnswer>();
  for (const [orgId, pushes] of byOrg) {
    let got: PushAnswer[];
    try {
      const s = await appleSigner(ctx, orgId);
      const creds = { topic: s.passTypeId, certificatePem: s.certificatePem, keyPem: s.keyPem };
      got = await o.pusher.push(creds, [...new Set(pushes.map((p) => p.push_token))]);
    } catch (e) {
      // No certificate any more (or its key unreadable): nothing can be sent until one is.
      const reason = e instanceof DomainError ? e.code : (e as Error).message;
      got = pushes.map((p) => ({ token: p.push_token, status: null, reason }));
    }
    for (const a of got) answers.set(`${orgId}:${a.token}`, a);
  }
  return answers;
}

/** Claims the pushes due now, sends them, records each outcome. Returns how many it sent. */
export async function pushDue(ctx: AppContext, o: PushOptions): Promise<number> {
  const claimed = await claimDue(ctx, ctx.now(), o);
  if (claimed.length === 0) return 0;
  const answers = await answersOf(ctx, claimed, o);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    for (const c of claimed) {
      const a = answers.get(`${c.org_id}:${c.push_token}`);
      const ok = a?.status === 200;
      const gone = a?.status !== null && GONE_REASONS.has(a?.reason ?? '');
      const dead = !ok && (gone || c.attempts >= o.maxAttempts);
      await tx
        .updateTable('wallet_pushes')
        .set({
          status: ok ? 'sent' : dead ? 'dead' : 'pending',
          next_attempt_at: ok || dead ? now : new Date(now.getTime() + o.backoffMs(c.attempts)),
          last_error: ok ? null : `${a?.status ?? 'no answer'} ${a?.reason ?? ''}`.trim(),
        })
        .where('org_id', '=', c.org_id)
        .where('id', '=', c.id)
        .where('attempts', '=', c.attempts)
        .execute();
      // The phone removed the pass (or the token was never good): stop pushing to it.
      if (gone)
        await tx
          .deleteFrom('wallet_registrations')
          .where('org_id', '=', c.org_id)
          .where('push_token', '=', c.push_token)
          .execute();
    }
  });
  return claimed.length;
}
