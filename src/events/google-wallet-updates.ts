// Google Wallet cards kept live by the outbox, like Apple's pushes (wallet-pushes.ts): the
// dispatch that marks a guest's pass changed also queues an update of the guest's Google object
// (google-queue.ts), and saving the set-up queues the organization's class. The updates are
// claimed with a lease and sent through the Google Wallet REST API — a PATCH with what is
// current now; when Google has none yet (404: the guest has not saved the card, or the class is
// new) the whole class or object is inserted. A failure is retried with backoff and dead after
// the last attempt (listed with Google's answer). The till's close never waits for any of this.
import { sql } from 'kysely';
import type { AppContext } from '../app/context.ts';
import { passContent } from '../app/wallet/apple-pass.ts';
import type { GoogleAnswer, GoogleWalletApi } from '../app/wallet/google-api.ts';
import { classOf } from '../app/wallet/google-link.ts';
import { loyaltyObject, objectFields } from '../app/wallet/google-objects.ts';
import { googleIssuer, type GoogleIssuer } from '../app/wallet/google-settings.ts';
import type { WalletPushStatus } from '../db/schema-wallet.ts';
import { DomainError } from '../domain/errors.ts';

export interface GoogleUpdateOptions {
  api: GoogleWalletApi;
  batch: number;
  maxAttempts: number;
  leaseMs: number;
  backoffMs: (failures: number) => number;
}

interface Claimed {
  org_id: number;
  id: number;
  guest_id: number | null;
  attempts: number;
  changes: number;
}

async function claimDue(ctx: AppContext, now: Date, o: GoogleUpdateOptions): Promise<Claimed[]> {
  const leaseEnds = new Date(now.getTime() + o.leaseMs);
  const r = await sql<Claimed>`
    update wallet_google_updates u
    set next_attempt_at = ${leaseEnds}, attempts = u.attempts + 1
    from (
      select org_id, id from wallet_google_updates
      where status = 'pending' and next_attempt_at <= ${now}
      order by next_attempt_at
      limit ${o.batch}
      for update skip locked
    ) due
    where u.org_id = due.org_id and u.id = due.id
    returning u.org_id, u.id, u.guest_id, u.attempts, u.changes`.execute(ctx.db);
  return r.rows.map((c) => ({
    ...c,
    org_id: Number(c.org_id),
    id: Number(c.id),
    guest_id: c.guest_id === null ? null : Number(c.guest_id),
  }));
}

/** PATCH what is current; insert the whole body when Google has none yet. */
async function patchOrInsert(
  api: GoogleWalletApi,
  issuer: GoogleIssuer,
  resource: 'loyaltyClass' | 'loyaltyObject',
  body: { id: string } & Record<string, unknown>,
  fields: object,
): Promise<GoogleAnswer> {
  const patched = await api.patch(issuer.account, resource, body.id, fields);
  return patched.status === 404 ? api.insert(issuer.account, resource, body) : patched;
}

async function send(
  ctx: AppContext,
  o: GoogleUpdateOptions,
  issuer: GoogleIssuer,
  c: Claimed,
): Promise<GoogleAnswer> {
  if (c.guest_id === null) {
    const org = await ctx.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', c.org_id)
      .executeTakeFirstOrThrow();
    const body = classOf(issuer, c.org_id, org.name);
    return patchOrInsert(o.api, issuer, 'loyaltyClass', body, body);
  }
  const [object, content] = await Promise.all([
    ctx.db
      .selectFrom('wallet_google_objects')
      .select('object_suffix')
      .where('org_id', '=', c.org_id)
      .where('guest_id', '=', c.guest_id)
      .executeTakeFirstOrThrow(),
    passContent(ctx, c.org_id, c.guest_id),
  ]);
  const body = loyaltyObject(issuer.issuerId, c.org_id, object.object_suffix, content);
  return patchOrInsert(o.api, issuer, 'loyaltyObject', body, objectFields(content));
}

/** Each organization's due updates with its issuer's key; every update's answer. */
async function answersOf(ctx: AppContext, claimed: Claimed[], o: GoogleUpdateOptions) {
  const byOrg = new Map<number, Claimed[]>();
  for (const c of claimed) byOrg.set(c.org_id, [...(byOrg.get(c.org_id) ?? []), c]);
  const answers = new Map<number, GoogleAnswer>();
  for (const [orgId, updates] of byOrg) {
    let issuer: GoogleIssuer | null = null;
    try {
      issuer = await googleIssuer(ctx, orgId);
    } catch (e) {
      // No set-up any more (or its key unreadable): nothing can be sent until there is one.
      const error = e instanceof DomainError ? e.code : (e as Error).message;
      for (const u of updates) answers.set(u.id, { status: null, error });
      continue;
    }
    for (const u of updates) answers.set(u.id, await send(ctx, o, issuer, u));
  }
  return answers;
}

/** Claims the updates due now, sends them, records each outcome. Returns how many it sent. */
export async function updateGoogleDue(ctx: AppContext, o: GoogleUpdateOptions): Promise<number> {
  const claimed = await claimDue(ctx, ctx.now(), o);
  if (claimed.length === 0) return 0;
  const answers = await answersOf(ctx, claimed, o);
  const now = ctx.now();
  await ctx.db.transaction().execute(async (tx) => {
    for (const c of claimed) {
      const a = answers.get(c.id);
      const ok = a?.status !== null && a?.status !== undefined && a.status < 300;
      const dead = !ok && c.attempts >= o.maxAttempts;
      // Sent, unless a change came meanwhile: then it goes out again now, as a fresh update.
      const again = sql<boolean>`changes <> ${c.changes}`;
      await tx
        .updateTable('wallet_google_updates')
        .set(
          ok
            ? {
                status: sql<WalletPushStatus>`case when ${again} then 'pending' else 'sent' end`,
                attempts: sql<number>`case when ${again} then 0 else attempts end`,
                next_attempt_at: now,
                last_error: null,
              }
            : {
                status: dead ? 'dead' : 'pending',
                next_attempt_at: dead ? now : new Date(now.getTime() + o.backoffMs(c.attempts)),
                last_error: `${a?.status ?? 'no answer'} ${a?.error ?? ''}`.trim(),
              },
        )
        .where('org_id', '=', c.org_id)
        .where('id', '=', c.id)
        .where('attempts', '=', c.attempts)
        .execute();
    }
  });
  return claimed.length;
}
