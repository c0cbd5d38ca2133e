// Sending the letters that are due, as the webhook half of the worker sends requests: a letter
// is claimed by moving its next attempt a lease ahead in one statement (FOR UPDATE SKIP LOCKED),
// so two workers never send it at the same moment and a worker killed mid-send leaves it due
// again when the lease ends; its outcome is written only if its attempt counter is still the
// claimed one. A failure waits with the worker's backoff and dies after its attempts (listed
// and retried by hand); a letter of an organization without SMTP settings, or with wrong ones,
// waits the same way and goes once they are fixed (saving them makes waiting letters due).
import { sql } from 'kysely';
import pLimit from 'p-limit';
import { audit } from '../../app/audit.ts';
import { inTransaction, type Actor, type AppContext } from '../../app/context.ts';
import { decodeIdCursor, pageOf, pageSize } from '../../app/admin/paging.ts';
import type { DeliveryStatus } from '../../db/schema-events.ts';
import { DomainError, fail } from '../../domain/errors.ts';
import { smtpServerOf } from './settings.ts';
import type { MailSender, SendOutcome } from './smtp.ts';

export interface MailOptions {
  mail: MailSender;
  batch: number;
  concurrency: number;
  maxAttempts: number;
  leaseMs: number;
  backoffMs: (failures: number) => number;
}

interface Claimed {
  org_id: number;
  id: number;
  attempts: number;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  unsubscribe_url: string | null;
}

async function claimDue(ctx: AppContext, now: Date, o: MailOptions): Promise<Claimed[]> {
  const r = await sql<Claimed>`
    update email_deliveries d
    set next_attempt_at = ${new Date(now.getTime() + o.leaseMs)}, attempts = d.attempts + 1,
      last_attempt_at = ${now}
    from (
      select org_id, id from email_deliveries
      where status = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at
      limit ${o.batch}
      for update skip locked
    ) due
    where d.org_id = due.org_id and d.id = due.id
    returning d.org_id, d.id, d.attempts, d.to_address, d.subject, d.text_body, d.html_body,
      d.unsubscribe_url`.execute(ctx.db);
  return r.rows;
}

const NOT_CONFIGURED: SendOutcome = {
  ok: false,
  failure: {
    code: 'smtp_not_configured',
    message: {
      ru: 'Почтовый сервер организации не настроен',
      en: "The organization's mail server is not configured",
    },
    permanent: false,
  },
};

/** The organization's server, or why there is none to use (not set, password unreadable). */
async function serverFor(ctx: AppContext, orgId: number) {
  try {
    return (await smtpServerOf(ctx.db, ctx, orgId)) ?? NOT_CONFIGURED;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    const failure = { code: e.code, message: { ru: e.messageRu, en: e.message }, permanent: false };
    return { ok: false, failure } as SendOutcome;
  }
}

/** Claims the letters due now, sends them, records what came of each. */
export async function deliverDueLetters(ctx: AppContext, o: MailOptions): Promise<number> {
  const now = ctx.now();
  const claimed = await claimDue(ctx, now, o);
  if (claimed.length === 0) return 0;
  const servers = new Map(
    await Promise.all(
      [...new Set(claimed.map((c) => c.org_id))].map(
        async (orgId) => [orgId, await serverFor(ctx, orgId)] as const,
      ),
    ),
  );
  const limit = pLimit(o.concurrency);
  const results = await Promise.all(
    claimed.map((c) =>
      limit(async () => {
        const server = servers.get(c.org_id);
        const out: SendOutcome =
          !server || 'ok' in server
            ? (server as SendOutcome)
            : await o.mail(server, {
                to: c.to_address,
                subject: c.subject,
                text: c.text_body,
                html: c.html_body,
                unsubscribeUrl: c.unsubscribe_url,
              });
        const at = ctx.now();
        const dead = !out.ok && (out.failure.permanent || c.attempts >= o.maxAttempts);
        return {
          org_id: c.org_id,
          id: c.id,
          claimed_attempts: c.attempts,
          status: out.ok ? 'delivered' : dead ? 'dead' : 'pending',
          next_attempt_at: (out.ok || dead
            ? at
            : new Date(at.getTime() + o.backoffMs(c.attempts))
          ).toISOString(),
          error: out.ok ? null : `${out.failure.code}: ${out.failure.message.en}`,
        };
      }),
    ),
  );
  await sql`
    update email_deliveries d
    set status = r.status, next_attempt_at = r.next_attempt_at, last_error = r.error,
      delivered_at = case when r.status = 'delivered' then ${ctx.now()}::timestamptz end
    from jsonb_to_recordset(${JSON.stringify(results)}::jsonb) as r(org_id bigint, id bigint,
      claimed_attempts integer, status text, next_attempt_at timestamptz, error text)
    where d.org_id = r.org_id and d.id = r.id and d.attempts = r.claimed_attempts`.execute(ctx.db);
  return claimed.length;
}

export interface LetterView {
  id: number;
  kind: string;
  to: string;
  subject: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

export async function listLetters(
  ctx: AppContext,
  orgId: number,
  q: { status?: DeliveryStatus; cursor?: string; limit?: number },
) {
  const size = pageSize(q.limit);
  let query = ctx.db
    .selectFrom('email_deliveries')
    .select([
      'id',
      'kind',
      'to_address',
      'subject',
      'status',
      'attempts',
      'next_attempt_at',
      'last_attempt_at',
      'last_error',
      'delivered_at',
      'created_at',
    ])
    .where('org_id', '=', orgId)
    .orderBy('id', 'desc')
    .limit(size + 1);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.cursor) query = query.where('id', '<', decodeIdCursor(q.cursor));
  const page = pageOf(await query.execute(), size);
  const rows: LetterView[] = page.rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    to: r.to_address,
    subject: r.subject,
    status: r.status,
    attempts: r.attempts,
    next_attempt_at: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
    last_attempt_at: r.last_attempt_at?.toISOString() ?? null,
    last_error: r.last_error,
    delivered_at: r.delivered_at?.toISOString() ?? null,
    created_at: r.created_at.toISOString(),
  }));
  return { rows, next_cursor: page.next_cursor };
}

/** A dead letter goes again, with a fresh count of attempts; audited. */
export async function retryLetter(ctx: AppContext, actor: Actor, id: number) {
  return inTransaction(ctx, async (tx) => {
    const row = await tx
      .updateTable('email_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: ctx.now() })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .returning(['id', 'status', 'kind'])
      .executeTakeFirst();
    if (!row) {
      fail('not_found', 'email_not_dead', {
        ru: 'Нет такого письма среди неотправленных (dead)',
        en: 'No such letter among the dead ones',
      });
    }
    await audit(
      tx,
      actor,
      'retry',
      'email_delivery',
      id,
      { status: 'dead' },
      { status: 'pending' },
    );
    return { id: row.id, status: row.status };
  });
}
