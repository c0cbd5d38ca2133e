// The outbox worker: turns committed events into webhook deliveries and letters (./email/)
// and sends them, with
// retries, exponential backoff and a dead-letter state; the same rounds mark Wallet passes
// changed and push them to phones (wallet-pushes.ts), and update Google Wallet cards
// (google-wallet-updates.ts). It runs inside every server process
// (unless KOPILKA_EVENT_WORKER=off) and alone as `kopilka worker`; any number of them share the
// work safely:
// - dispatching takes events with FOR UPDATE SKIP LOCKED inside one transaction, so two
//   workers never fan out one event (and the deliveries' unique key would drop a second);
// - a delivery is claimed by moving its next attempt a lease ahead in one statement (again
//   SKIP LOCKED), so no other worker takes it while it is being sent; a worker that dies
//   mid-send leaves it due again when the lease ends. Its result is written only if the
//   delivery's attempt counter is still the one it claimed, so a worker that outlived its
//   lease cannot overwrite a newer attempt's outcome.
// The same statements run on PostgreSQL and PGlite; a job library (pg-boss, graphile-worker)
// needs node-postgres connections and a schema of its own, and could not write its jobs in
// the close's own Kysely transaction on the embedded database.
import { sql } from 'kysely';
import pLimit from 'p-limit';
import type { AppContext } from '../app/context.ts';
import { deliverDueLetters } from './email/delivery.ts';
import { mailEvents } from './email/fan-out.ts';
import { smtpSender, type MailSender } from './email/smtp.ts';
import { signedHeaders } from './signing.ts';
import { openSecrets, subscribed } from './subscriptions.ts';
import { markPassesChanged, pushDue } from './wallet-pushes.ts';
import { updateGoogleDue } from './google-wallet-updates.ts';
import type { PassPusher } from '../app/wallet/apns.ts';
import type { GoogleWalletApi } from '../app/wallet/google-api.ts';
import type { AttemptOutcome, WebhookSender } from './webhook-sender.ts';

export interface WorkerOptions {
  send: WebhookSender;
  /** Pushes Wallet pass updates to phones (APNs); without one, passes change but nobody is told. */
  pushPasses?: PassPusher;
  /** Updates Google Wallet classes and objects; without one, their updates wait in the queue. */
  googleWallet?: GoogleWalletApi;
  /** Sends a letter through an organization's SMTP server. */
  mail: MailSender;
  /** Events fanned out per transaction, deliveries claimed per round. */
  batch: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** After this many failed attempts a delivery is dead (listed, retried by hand). */
  maxAttempts: number;
  /** How long a claimed delivery stays another worker's. */
  leaseMs: number;
  /** The wait before attempt n + 1 after n failures. */
  backoffMs: (failures: number) => number;
  /** Idle wait between rounds with nothing to do. */
  pollMs: number;
}

const MINUTE = 60_000;

/** 30 s, 1 min, 2 min … doubling up to 6 h: 10 attempts span about a day. */
export const defaultBackoff = (failures: number) =>
  Math.min(30_000 * 2 ** (failures - 1), 360 * MINUTE);

export const DEFAULT_WORKER: Omit<WorkerOptions, 'send'> = {
  mail: smtpSender({ allowPrivate: false, timeoutMs: 10_000 }),
  batch: 500,
  concurrency: 32,
  maxAttempts: 10,
  leaseMs: 2 * MINUTE,
  backoffMs: defaultBackoff,
  pollMs: 500,
};

/**
 * Fans out a batch of waiting events into one delivery per matching subscription and the
 * letters they call for, in the transaction that marks them dispatched.
 */
export async function dispatchEvents(ctx: AppContext, batch: number): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    const events = await tx
      .selectFrom('outbox_events')
      .select(['org_id', 'id', 'type', 'payload', 'occurred_at'])
      .select(sql<number | null>`(payload->>'guest_id')::bigint`.as('guest_id'))
      .where('dispatched_at', 'is', null)
      .orderBy('id')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    if (events.length === 0) return 0;
    const now = ctx.now();
    await markPassesChanged(tx, now, events);
    const orgs = [...new Set(events.map((e) => e.org_id))];
    const subs = await tx
      .selectFrom('webhook_subscriptions')
      .select(['org_id', 'id', 'event_types'])
      .where('org_id', 'in', orgs)
      .where('enabled', '=', true)
      .execute();
    const deliveries = events.flatMap((e) =>
      subs
        .filter((s) => s.org_id === e.org_id && subscribed(s.event_types, e.type))
        .map((s) => ({
          org_id: e.org_id,
          event_id: e.id,
          subscription_id: s.id,
          next_attempt_at: now,
        })),
    );
    if (deliveries.length > 0) {
      await tx
        .insertInto('webhook_deliveries')
        .values(deliveries)
        .onConflict((oc) => oc.columns(['org_id', 'event_id', 'subscription_id']).doNothing())
        .execute();
    }
    await mailEvents(tx, ctx.secrets, events);
    await tx
      .updateTable('outbox_events')
      .set({ dispatched_at: now })
      .where(
        'id',
        'in',
        events.map((e) => e.id),
      )
      .where('org_id', 'in', orgs)
      .execute();
    return events.length;
  });
}

interface Claimed {
  org_id: number;
  id: number;
  event_id: number;
  subscription_id: number;
  attempts: number;
}

async function claimDue(ctx: AppContext, now: Date, o: WorkerOptions): Promise<Claimed[]> {
  const leaseEnds = new Date(now.getTime() + o.leaseMs);
  const r = await sql<Claimed>`
    update webhook_deliveries d
    set next_attempt_at = ${leaseEnds}, attempts = d.attempts + 1, last_attempt_at = ${now}
    from (
      select org_id, id from webhook_deliveries
      where status = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at
      limit ${o.batch}
      for update skip locked
    ) due
    where d.org_id = due.org_id and d.id = due.id
    returning d.org_id, d.id, d.event_id, d.subscription_id, d.attempts`.execute(ctx.db);
  return r.rows;
}

interface Result {
  org_id: number;
  id: number;
  claimed_attempts: number;
  status: 'pending' | 'delivered' | 'dead';
  next_attempt_at: string;
  http_status: number | null;
  response: string | null;
  error: string | null;
  duration_ms: number;
}

function resultOf(c: Claimed, out: AttemptOutcome, now: Date, o: WorkerOptions): Result {
  const ok = out.status !== null && out.status >= 200 && out.status < 300;
  const dead = !ok && (out.permanent || c.attempts >= o.maxAttempts);
  const next = ok || dead ? now : new Date(now.getTime() + o.backoffMs(c.attempts));
  return {
    org_id: c.org_id,
    id: c.id,
    claimed_attempts: c.attempts,
    status: ok ? 'delivered' : dead ? 'dead' : 'pending',
    next_attempt_at: next.toISOString(),
    http_status: out.status,
    response: out.response,
    error: out.error ?? (ok ? null : `HTTP ${out.status}`),
    duration_ms: out.durationMs,
  };
}

/** Every attempt's answer in the log; the delivery's state, if no newer claim took it over. */
async function recordResults(ctx: AppContext, now: Date, results: Result[]) {
  const rows = JSON.stringify(results);
  await ctx.db.transaction().execute(async (tx) => {
    await sql`
      insert into webhook_attempts
        (org_id, delivery_id, attempt, at, duration_ms, status, response, error)
      select r.org_id, r.id, r.claimed_attempts, ${now}, r.duration_ms, r.http_status,
        r.response, r.error
      from jsonb_to_recordset(${rows}::jsonb) as r(org_id bigint, id bigint,
        claimed_attempts integer, duration_ms integer, http_status integer, response text,
        error text)
      join webhook_deliveries d on d.org_id = r.org_id and d.id = r.id`.execute(tx);
    await sql`
      update webhook_deliveries d
      set status = r.status, next_attempt_at = r.next_attempt_at, last_status = r.http_status,
        last_error = r.error,
        delivered_at = case when r.status = 'delivered' then ${now}::timestamptz end
      from jsonb_to_recordset(${rows}::jsonb) as r(org_id bigint, id bigint,
        claimed_attempts integer, status text, next_attempt_at timestamptz,
        http_status integer, error text)
      where d.org_id = r.org_id and d.id = r.id and d.attempts = r.claimed_attempts`.execute(tx);
  });
}

/** Claims the deliveries due now, sends them, records what came of each. */
export async function deliverDue(ctx: AppContext, o: WorkerOptions): Promise<number> {
  const now = ctx.now();
  const claimed = await claimDue(ctx, now, o);
  if (claimed.length === 0) return 0;
  const events = await ctx.db
    .selectFrom('outbox_events')
    .select(['org_id', 'id', 'type', 'payload', 'occurred_at'])
    .where('id', 'in', [...new Set(claimed.map((c) => c.event_id))])
    .where('org_id', 'in', [...new Set(claimed.map((c) => c.org_id))])
    .execute();
  const subs = await ctx.db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('id', 'in', [...new Set(claimed.map((c) => c.subscription_id))])
    .where('org_id', 'in', [...new Set(claimed.map((c) => c.org_id))])
    .execute();
  const eventOf = new Map(events.map((e) => [`${e.org_id}:${e.id}`, e]));
  const subOf = new Map(subs.map((s) => [`${s.org_id}:${s.id}`, s]));
  const limit = pLimit(o.concurrency);
  const results = await Promise.all(
    claimed.map((c) =>
      limit(async () => {
        const e = eventOf.get(`${c.org_id}:${c.event_id}`);
        const s = subOf.get(`${c.org_id}:${c.subscription_id}`);
        if (!e || !s || !s.enabled) {
          const error = 'the subscription was disabled before delivery';
          return resultOf(
            c,
            { status: null, response: null, error, durationMs: 0, permanent: true },
            now,
            o,
          );
        }
        const body = JSON.stringify({
          type: e.type,
          timestamp: e.occurred_at.toISOString(),
          data: e.payload,
        });
        const at = ctx.now();
        const headers = signedHeaders(openSecrets(ctx, s, at), messageId(e.org_id, e.id), at, body);
        const out = await o.send({ url: s.url, headers, body });
        return resultOf(c, out, ctx.now(), o);
      }),
    ),
  );
  await recordResults(ctx, ctx.now(), results);
  return claimed.length;
}

/** webhook-id: one per event, the same on every retry, so a receiver can drop a repeat. */
export const messageId = (orgId: number, eventId: number) => `msg_${orgId}_${eventId}`;

/** One round: fan out what waits, send what is due. Returns how much it did. */
export async function workOnce(ctx: AppContext, o: WorkerOptions): Promise<number> {
  const dispatched = await dispatchEvents(ctx, o.batch);
  const delivered = await deliverDue(ctx, o);
  const pushed = o.pushPasses ? await pushDue(ctx, { ...o, pusher: o.pushPasses }) : 0;
  const google = o.googleWallet ? await updateGoogleDue(ctx, { ...o, api: o.googleWallet }) : 0;
  const mailed = await deliverDueLetters(ctx, o);
  return dispatched + delivered + pushed + google + mailed;
}

export interface RunningWorker {
  stop(): Promise<void>;
  /** Starts a round now rather than after the idle wait (after a commit, in tests). */
  nudge(): void;
}

/** Rounds until stopped; an idle round waits `pollMs`, an error is logged and waited out. */
export function startWorker(
  ctx: AppContext,
  o: WorkerOptions,
  log: (message: string) => void = (m) => console.error(m),
): RunningWorker {
  let running = true;
  let wake: (() => void) | null = null;
  const rest = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  const loop = (async () => {
    while (running) {
      try {
        const did = await workOnce(ctx, o);
        if (did === 0 && running) await rest(o.pollMs);
      } catch (e) {
        log(`Kopilka event worker: ${(e as Error).message}`);
        if (running) await rest(o.pollMs * 4);
      }
    }
  })();
  return {
    nudge: () => wake?.(),
    stop: async () => {
      running = false;
      wake?.();
      await loop;
    },
  };
}
