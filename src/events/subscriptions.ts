// Webhook subscriptions of an organization and their delivery log, as the admin API manages
// them. The signing secret is made by Kopilka, shown once (when created or rotated) and stored
// sealed (stored-secrets.ts), bound to the subscription's URL; a rotation keeps the previous
// secret signing beside the new one for a day, so receivers can switch without a gap.
import { audit } from '../app/audit.ts';
import { inTransaction, type Actor, type AppContext } from '../app/context.ts';
import { EVENT_TYPES } from '../app/events.ts';
import { decodeIdCursor, pageOf, pageSize } from '../app/admin/paging.ts';
import { fail } from '../domain/errors.ts';
import type { DeliveryStatus, WebhookSubscriptionsTable } from '../db/schema-events.ts';
import type { Selectable } from 'kysely';
import { newWebhookSecret } from './signing.ts';
import { assertTargetAllowed } from './target-guard.ts';

const PURPOSE = 'webhook-signing';
const ROTATION_OVERLAP_MS = 24 * 3_600_000;

type SubscriptionRow = Selectable<WebhookSubscriptionsTable>;

export const subscribed = (types: readonly string[], type: string) =>
  types.includes('*') || types.includes(type);

/** The secrets a request is signed with now: the current one, and the previous during overlap. */
export function openSecrets(ctx: AppContext, s: SubscriptionRow, at: Date): string[] {
  const current = ctx.secrets.open(PURPOSE, s.url, s.secret_sealed);
  const previous =
    s.previous_secret_sealed && s.previous_secret_until && s.previous_secret_until > at
      ? [ctx.secrets.open(PURPOSE, s.url, s.previous_secret_sealed)]
      : [];
  return [current, ...previous];
}

function checkTypes(types: readonly string[]) {
  const unknown = types.filter((t) => t !== '*' && !(EVENT_TYPES as readonly string[]).includes(t));
  if (types.length === 0 || unknown.length > 0) {
    fail(
      'validation',
      'unknown_event_type',
      {
        ru: `Неизвестные типы событий: ${unknown.join(', ') || '(не выбрано ни одного)'}`,
        en: `Unknown event types: ${unknown.join(', ') || '(none chosen)'}`,
      },
      { unknown, allowed: ['*', ...EVENT_TYPES], field: 'event_types' },
    );
  }
}

export interface SubscriptionView {
  id: number;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  /** Until when the previous secret still signs, after a rotation. */
  previous_secret_until: string | null;
  created_at: string;
  updated_at: string;
}

const view = (s: SubscriptionRow): SubscriptionView => ({
  id: s.id,
  url: s.url,
  description: s.description,
  event_types: s.event_types,
  enabled: s.enabled,
  previous_secret_until: s.previous_secret_until?.toISOString() ?? null,
  created_at: s.created_at.toISOString(),
  updated_at: s.updated_at.toISOString(),
});

/** What is audited: the row without its sealed secrets. */
const audited = (s: SubscriptionRow) => view(s);

export interface SubscriptionInput {
  url: string;
  event_types: string[];
  description?: string;
  enabled?: boolean;
}

export async function createSubscription(
  ctx: AppContext,
  actor: Actor,
  input: SubscriptionInput,
  allowPrivate: boolean,
) {
  checkTypes(input.event_types);
  const url = (await assertTargetAllowed(input.url, allowPrivate)).toString();
  const secret = newWebhookSecret();
  return inTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const row = await tx
      .insertInto('webhook_subscriptions')
      .values({
        org_id: actor.orgId,
        url,
        description: input.description ?? '',
        event_types: JSON.stringify([...new Set(input.event_types)]),
        enabled: input.enabled ?? true,
        secret_sealed: ctx.secrets.seal(PURPOSE, url, secret),
        previous_secret_sealed: null,
        previous_secret_until: null,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'create', 'webhook_subscription', row.id, null, audited(row));
    return { ...view(row), secret };
  });
}

async function lockedSubscription(tx: AppContext['db'], orgId: number, id: number) {
  const row = await tx
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) {
    fail('not_found', 'webhook_not_found', {
      ru: 'Подписка на вебхуки не найдена',
      en: 'Webhook subscription not found',
    });
  }
  return row;
}

export async function listSubscriptions(ctx: AppContext, orgId: number) {
  const rows = await ctx.db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
  return rows.map(view);
}

export async function updateSubscription(
  ctx: AppContext,
  actor: Actor,
  id: number,
  change: Partial<Omit<SubscriptionInput, 'url'>>,
) {
  if (change.event_types) checkTypes(change.event_types);
  return inTransaction(ctx, async (tx) => {
    const before = await lockedSubscription(tx, actor.orgId, id);
    const after = await tx
      .updateTable('webhook_subscriptions')
      .set({
        ...(change.event_types
          ? { event_types: JSON.stringify([...new Set(change.event_types)]) }
          : {}),
        ...(change.description !== undefined ? { description: change.description } : {}),
        ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
        updated_at: ctx.now(),
      })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'update', 'webhook_subscription', id, audited(before), audited(after));
    return view(after);
  });
}

/** A new secret, shown once; the previous one keeps signing beside it for a day. */
export async function rotateSecret(ctx: AppContext, actor: Actor, id: number) {
  const secret = newWebhookSecret();
  return inTransaction(ctx, async (tx) => {
    const before = await lockedSubscription(tx, actor.orgId, id);
    const now = ctx.now();
    const after = await tx
      .updateTable('webhook_subscriptions')
      .set({
        secret_sealed: ctx.secrets.seal(PURPOSE, before.url, secret),
        previous_secret_sealed: before.secret_sealed,
        previous_secret_until: new Date(now.getTime() + ROTATION_OVERLAP_MS),
        updated_at: now,
      })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'rotate_secret', 'webhook_subscription', id, null, audited(after));
    return { ...view(after), secret };
  });
}

/** The subscription and its delivery log go; events already sent stay sent. */
export async function deleteSubscription(ctx: AppContext, actor: Actor, id: number) {
  await inTransaction(ctx, async (tx) => {
    const before = await lockedSubscription(tx, actor.orgId, id);
    await tx
      .deleteFrom('webhook_subscriptions')
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .execute();
    await audit(tx, actor, 'delete', 'webhook_subscription', id, audited(before), null);
  });
}

export interface DeliveryQuery {
  status?: DeliveryStatus;
  subscription_id?: number;
  limit?: number;
  cursor?: string;
}

/** The delivery log, newest first; dead deliveries are the dead-letter list. */
export async function listDeliveries(ctx: AppContext, orgId: number, q: DeliveryQuery) {
  const limit = pageSize(q.limit);
  let query = ctx.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('outbox_events as e', (j) =>
      j.onRef('e.org_id', '=', 'd.org_id').onRef('e.id', '=', 'd.event_id'),
    )
    .select([
      'd.id',
      'd.subscription_id',
      'd.event_id',
      'e.type as event_type',
      'e.occurred_at',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_attempt_at',
      'd.last_status',
      'd.last_error',
      'd.delivered_at',
    ])
    .where('d.org_id', '=', orgId)
    .orderBy('d.id', 'desc')
    .limit(limit + 1);
  if (q.status) query = query.where('d.status', '=', q.status);
  if (q.subscription_id) query = query.where('d.subscription_id', '=', q.subscription_id);
  if (q.cursor) query = query.where('d.id', '<', decodeIdCursor(q.cursor));
  const page = pageOf(await query.execute(), limit);
  return {
    deliveries: page.rows.map((d) => ({
      ...d,
      message_id: `msg_${orgId}_${d.event_id}`,
      occurred_at: d.occurred_at.toISOString(),
      next_attempt_at: d.status === 'pending' ? d.next_attempt_at.toISOString() : null,
      last_attempt_at: d.last_attempt_at?.toISOString() ?? null,
      delivered_at: d.delivered_at?.toISOString() ?? null,
    })),
    next_cursor: page.next_cursor,
  };
}

function deliveryNotFound(): never {
  fail('not_found', 'delivery_not_found', {
    ru: 'Доставка не найдена',
    en: 'Delivery not found',
  });
}

/** One delivery with every attempt and the receiver's answer to each. */
export async function deliveryAttempts(ctx: AppContext, orgId: number, id: number) {
  const rows = await ctx.db
    .selectFrom('webhook_attempts')
    .select(['attempt', 'at', 'duration_ms', 'status', 'response', 'error'])
    .where('org_id', '=', orgId)
    .where('delivery_id', '=', id)
    .orderBy('id')
    .execute();
  const exists = await ctx.db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!exists) deliveryNotFound();
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}

/** A dead delivery goes back to the queue with a fresh count of attempts, due at once. */
export async function retryDelivery(ctx: AppContext, actor: Actor, id: number) {
  return inTransaction(ctx, async (tx) => {
    const row = await tx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: ctx.now() })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .returning(['id', 'status'])
      .executeTakeFirst();
    if (!row) {
      const exists = await tx
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('org_id', '=', actor.orgId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!exists) deliveryNotFound();
      fail('conflict', 'delivery_not_dead', {
        ru: 'Повторить можно только доставку, исчерпавшую попытки',
        en: 'Only a dead delivery can be retried',
      });
    }
    await audit(tx, actor, 'retry', 'webhook_delivery', id, { status: 'dead' }, row);
    return row;
  });
}
