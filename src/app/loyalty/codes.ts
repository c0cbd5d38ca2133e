// L14 codes at the till. Payment codes: 4 characters, one-time, expiring, bound to a guest,
// issued from node:crypto. Guessing them is made useless: failed attempts are limited per
// terminal and per organization, over-limit callers are locked out, and every failure,
// lockout and attempt while locked is stored in security_events (for notifications later).
// Failures are committed even though the request fails: that is what makes the limit hold.
import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import { fail } from '../../domain/errors.ts';
import {
  attemptAllowed,
  DEFAULT_ATTEMPT_POLICY,
  failureEvent,
  isPaymentCode,
  PROMO_CODE_ATTEMPT_POLICY,
  normalizePaymentCode,
  paymentCodeFromBytes,
  type AttemptPolicy,
  type SecurityEvent,
} from '../../domain/loyalty/payment-code.ts';
import type { Card } from '../../db/schema.ts';
import { audit } from '../audit.ts';
import { recordSecurityEvent } from '../security-events.ts';
import {
  inTransaction,
  type Actor,
  type AppContext,
  type PosPrincipal,
  type Tx,
} from '../context.ts';

/** Advisory lock classes (first key; the organization is the second) of the code checks. */
export const CODE_CHECK_LOCKS = { payment: 7301, promo: 7302 } as const;

/**
 * Code checks of one organization take turns until their transaction ends: each reads the
 * failures so far and records its own before the next reads, so a burst of parallel guesses
 * cannot all see "under the limit" (12 parallel wrong codes against a limit of 5 were all
 * checked before). The checks are short, and the rest of the organization's work never waits.
 */
export async function takeTurn(tx: Tx, kind: keyof typeof CODE_CHECK_LOCKS, orgId: number) {
  await sql`select pg_advisory_xact_lock(${CODE_CHECK_LOCKS[kind]}, ${orgId % 2147483647})`.execute(
    tx,
  );
}

async function recordEvent(
  tx: Tx,
  orgId: number,
  restaurantId: number,
  terminalId: number,
  e: SecurityEvent,
) {
  await recordSecurityEvent(tx, {
    org_id: orgId,
    at: e.at,
    type: e.type,
    restaurant_id: restaurantId,
    terminal_id: terminalId,
    scope: e.scope,
    failures: e.failures,
    locked_until: e.lockedUntil,
    message_ru: e.text.ru,
    message_en: e.text.en,
  });
}

export interface IssuedPaymentCode {
  guest_id: number;
  code: string;
  issued_at: string;
  expires_at: string;
}

/** A new code for the guest; the guest's earlier active code stops working. */
export async function issuePaymentCode(
  ctx: AppContext,
  actor: Actor,
  guestId: number,
  ttlMinutes: number,
): Promise<IssuedPaymentCode> {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const guest = await tx
      .selectFrom('guests')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where('id', '=', guestId)
      .executeTakeFirst();
    if (!guest)
      fail('not_found', 'guest_not_found', { ru: 'Гость не найден', en: 'Guest not found' });
    await tx
      .updateTable('loyalty_payment_codes')
      .set({
        status: sql<
          'replaced' | 'expired'
        >`case when guest_id = ${guestId} then 'replaced' else 'expired' end`,
      })
      .where('org_id', '=', actor.orgId)
      .where('status', '=', 'active')
      .where((eb) => eb.or([eb('guest_id', '=', guestId), eb('expires_at', '<=', now)]))
      .execute();
    const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000);
    // A million codes per organization: a clash with a live code is rare; draw again then.
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = paymentCodeFromBytes(randomBytes(4));
      const row = await tx
        .insertInto('loyalty_payment_codes')
        .values({
          org_id: actor.orgId,
          guest_id: guestId,
          code,
          status: 'active',
          issued_at: now,
          expires_at: expiresAt,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (row) {
        await audit(tx, actor, 'issue', 'payment_code', row.id, null, {
          guest_id: guestId,
          expires_at: expiresAt.toISOString(),
        });
        return {
          guest_id: guestId,
          code,
          issued_at: now.toISOString(),
          expires_at: expiresAt.toISOString(),
        };
      }
    }
    fail('conflict', 'payment_code_exhausted', {
      ru: 'Не удалось выдать свободный платёжный код, повторите позже',
      en: 'No free payment code could be drawn; try again later',
    });
  });
}

/** The guest's live payment code, for the receipt footer (L15); a query, so a caller can fold it in. */
export function activePaymentCodeQuery(
  tx: Tx,
  orgId: number,
  guestId: number | RawBuilder<number>,
  now: Date,
) {
  return tx
    .selectFrom('loyalty_payment_codes')
    .select('code')
    .where('org_id', '=', orgId)
    .where('guest_id', '=', guestId)
    .where('status', '=', 'active')
    .where('expires_at', '>', now)
    .limit(1);
}

export async function activePaymentCode(tx: Tx, orgId: number, guestId: number, now: Date) {
  const row = await activePaymentCodeQuery(tx, orgId, guestId, now).executeTakeFirst();
  return row?.code ?? null;
}

type Attempt =
  | { kind: 'found'; card: Card }
  | { kind: 'locked'; event: SecurityEvent }
  | { kind: 'failed'; event: SecurityEvent };

/** The failures of the policy's code that can still matter now, for the terminal and the organization. */
async function recentFailures(tx: Tx, policy: AttemptPolicy, p: PosPrincipal, now: Date) {
  const horizonS =
    Math.max(policy.perTerminal.windowSeconds, policy.perOrganization.windowSeconds) +
    policy.lockoutSeconds;
  const failures = await tx
    .selectFrom('security_events')
    .select(['at', 'terminal_id'])
    .where('org_id', '=', p.orgId)
    .where('type', 'in', [`${policy.code}_failed`, `${policy.code}_lockout`])
    .where('at', '>', new Date(now.getTime() - horizonS * 1000))
    .execute();
  return {
    terminal: failures.filter((f) => f.terminal_id === p.terminalId).map((f) => f.at),
    organization: failures.map((f) => f.at),
  };
}

const subjectOf = (p: PosPrincipal) => ({
  organizationId: String(p.orgId),
  terminalId: String(p.terminalId),
});

/** Identifies the guest by a payment code and uses the code up; wrong codes count against the limits. */
export async function identifyByPaymentCode(
  ctx: AppContext,
  p: PosPrincipal,
  input: string,
  policy: AttemptPolicy = DEFAULT_ATTEMPT_POLICY,
): Promise<Card> {
  const outcome = await inTransaction(ctx, async (tx): Promise<Attempt> => {
    await takeTurn(tx, 'payment', p.orgId);
    const now = ctx.now();
    const history = await recentFailures(tx, policy, p, now);
    const subject = subjectOf(p);
    const decision = attemptAllowed(policy, history, now, subject);
    if (!decision.allowed) {
      await recordEvent(tx, p.orgId, p.restaurantId, p.terminalId, decision.event);
      return { kind: 'locked', event: decision.event };
    }
    const code = normalizePaymentCode(input);
    const row = isPaymentCode(code)
      ? await tx
          .updateTable('loyalty_payment_codes')
          .set({ status: 'used', used_at: now, used_terminal_id: p.terminalId })
          .where('org_id', '=', p.orgId)
          .where('code', '=', code)
          .where('status', '=', 'active')
          .where('expires_at', '>', now)
          .returning('guest_id')
          .executeTakeFirst()
      : undefined;
    const card = row
      ? await tx
          .selectFrom('cards')
          .selectAll()
          .where('org_id', '=', p.orgId)
          .where('guest_id', '=', row.guest_id)
          .where('status', '!=', 'deleted')
          .orderBy((eb) => eb('status', '=', 'active'), 'desc')
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst()
      : undefined;
    if (card) return { kind: 'found', card };
    const event = failureEvent(policy, history, now, subject);
    await recordEvent(tx, p.orgId, p.restaurantId, p.terminalId, event);
    return { kind: 'failed', event };
  });
  if (outcome.kind === 'found') return outcome.card;
  if (outcome.kind === 'locked') {
    fail('rejected', 'payment_code_locked', outcome.event.text, {
      scope: outcome.event.scope,
      locked_until: outcome.event.lockedUntil?.toISOString(),
    });
  }
  fail(
    'not_found',
    outcome.event.type === 'payment_code_lockout'
      ? 'payment_code_invalid_locked'
      : 'payment_code_invalid',
    {
      ru: `${outcome.event.text.ru}: код не найден, использован или истёк`,
      en: `${outcome.event.text.en}: the code is unknown, used or expired`,
    },
    { locked_until: outcome.event.lockedUntil?.toISOString() ?? null },
  );
}

/** A promo code as promotions compare it (L14): surrounding spaces dropped, upper case. */
const promoKey = (code: string) => code.trim().toUpperCase();

/**
 * Promo codes typed at the till before the dry run answers with them: each code no promotion
 * of the organization uses is a failure against PROMO_CODE_ATTEMPT_POLICY (10 per terminal,
 * 100 per organization in 5 minutes). A terminal or organization that is locked out, and the
 * request whose wrong codes reach the limit, are refused before anything is evaluated, so no
 * more wrong codes than the limit are ever tried against the program. Failures are committed
 * in a transaction of their own: the refusal that follows must not roll them back.
 */
export async function checkPromoCodes(
  ctx: AppContext,
  p: PosPrincipal,
  typed: readonly string[],
  policy: AttemptPolicy = PROMO_CODE_ATTEMPT_POLICY,
): Promise<void> {
  if (typed.length === 0) return;
  const outcome = await inTransaction(ctx, async (tx): Promise<SecurityEvent | null> => {
    await takeTurn(tx, 'promo', p.orgId);
    const now = ctx.now();
    const history = await recentFailures(tx, policy, p, now);
    const subject = subjectOf(p);
    const decision = attemptAllowed(policy, history, now, subject);
    if (!decision.allowed) {
      await recordEvent(tx, p.orgId, p.restaurantId, p.terminalId, decision.event);
      return decision.event;
    }
    const program = await ctx.loyalty.program(tx, p.orgId, p.restaurantId);
    const known = new Set(
      program.promotions.flatMap((x) =>
        x.conditions.promoCode === undefined ? [] : [promoKey(x.conditions.promoCode)],
      ),
    );
    const wrong = [...new Set(typed.map(promoKey))].filter((c) => !known.has(c));
    let seen = history;
    for (let i = 0; i < wrong.length; i++) {
      const event = failureEvent(policy, seen, now, subject);
      await recordEvent(tx, p.orgId, p.restaurantId, p.terminalId, event);
      if (event.lockedUntil) return event;
      seen = { terminal: [...seen.terminal, now], organization: [...seen.organization, now] };
    }
    return null;
  });
  if (outcome) {
    fail(
      'rejected',
      'promo_code_locked',
      {
        ru: `Слишком много неверных промокодов: ввод промокодов на ${outcome.scope === 'organization' ? 'всех кассах организации' : 'этой кассе'} заблокирован до ${outcome.lockedUntil?.toISOString()}; уберите промокоды из заказа`,
        en: `Too many wrong promo codes: promo codes are locked on ${outcome.scope === 'organization' ? "all of the organization's terminals" : 'this terminal'} until ${outcome.lockedUntil?.toISOString()}; remove the promo codes from the order`,
      },
      {
        scope: outcome.scope,
        locked_until: outcome.lockedUntil?.toISOString() ?? null,
      },
    );
  }
}
