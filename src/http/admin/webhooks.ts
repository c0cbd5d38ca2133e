// Admin API: webhooks — an organization's subscriptions of URLs to event types, the delivery
// log with every attempt's answer, and the dead letters retried by hand. Integrators' ground:
// others with integration.read only look. The signing secret is in the answer of a create or
// a rotation, once; it is never read back.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import { EVENT_TYPES } from '../../app/events.ts';
import {
  createSubscription,
  deleteSubscription,
  deliveryAttempts,
  listDeliveries,
  listSubscriptions,
  retryDelivery,
  rotateSecret,
  updateSubscription,
} from '../../events/subscriptions.ts';
import { actorOf } from './auth.ts';
import {
  adminSecurity as security,
  IdParam,
  Nullable,
  PageQuery,
  pageLimit,
  Strict,
  tags,
  Time,
} from './schemas.ts';

const tag = tags('webhooks');
const EventTypes = Type.Array(
  Type.Union([Type.Literal('*'), ...EVENT_TYPES.map((t) => Type.Literal(t))]),
  {
    minItems: 1,
    maxItems: EVENT_TYPES.length + 1,
    description: 'Event types sent to the URL; "*" is every type',
  },
);
const Subscription = Strict({
  id: Type.Integer(),
  url: Type.String(),
  description: Type.String(),
  event_types: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  previous_secret_until: Nullable(Time),
  created_at: Time,
  updated_at: Time,
});
const WithSecret = Strict({
  ...Subscription.properties,
  secret: Type.String({
    description: 'whsec_…: verifies webhook-signature; shown in this answer only',
  }),
});
const Status = Type.Union([
  Type.Literal('pending'),
  Type.Literal('delivered'),
  Type.Literal('dead'),
]);
const Delivery = Strict({
  id: Type.Integer(),
  subscription_id: Type.Integer(),
  event_id: Type.Integer(),
  event_type: Type.String(),
  message_id: Type.String({ description: 'The webhook-id header: the same on every retry' }),
  occurred_at: Time,
  status: Status,
  attempts: Type.Integer(),
  next_attempt_at: Nullable(Time),
  last_attempt_at: Nullable(Time),
  last_status: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  delivered_at: Nullable(Time),
});
const Attempt = Strict({
  attempt: Type.Integer(),
  at: Time,
  duration_ms: Type.Integer(),
  status: Nullable(Type.Integer({ description: "The receiver's HTTP status; null: no answer" })),
  response: Nullable(Type.String({ description: 'The first 1 KiB of the answer' })),
  error: Nullable(Type.String()),
});

/** `allowPrivate`: private and loopback targets may be saved (KOPILKA_WEBHOOKS_ALLOW_PRIVATE). */
export async function webhookRoutes(app: FastifyInstance, ctx: AppContext, allowPrivate: boolean) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/webhooks',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'listWebhooks',
        tags: tag,
        security,
        summary: 'Webhook subscriptions (their secrets are never shown again)',
        response: {
          200: Strict({ rows: Type.Array(Subscription), next_cursor: Type.Null() }),
        },
      },
    },
    async (req) => ({ rows: await listSubscriptions(ctx, req.admin.orgId), next_cursor: null }),
  );

  r.post(
    '/webhooks',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'createWebhook',
        tags: tag,
        security,
        summary:
          'Subscribe a URL to event types; the signing secret is shown once, in this answer. Private and loopback addresses are refused unless the installation allows them',
        body: Strict({
          url: Type.String({ minLength: 8, maxLength: 2000 }),
          event_types: EventTypes,
          description: Type.Optional(Type.String({ maxLength: 200 })),
          enabled: Type.Optional(Type.Boolean()),
        }),
        response: { 201: WithSecret },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createSubscription(ctx, actorOf(req), req.body, allowPrivate)),
  );

  r.patch(
    '/webhooks/:id',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'updateWebhook',
        tags: tag,
        security,
        summary: 'Change event types, description, or pause (enabled: false); audited',
        params: IdParam,
        body: Strict({
          event_types: Type.Optional(EventTypes),
          description: Type.Optional(Type.String({ maxLength: 200 })),
          enabled: Type.Optional(Type.Boolean()),
        }),
        response: { 200: Subscription },
      },
    },
    async (req) => updateSubscription(ctx, actorOf(req), Number(req.params.id), req.body),
  );

  r.post(
    '/webhooks/:id/rotate-secret',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'rotateWebhookSecret',
        tags: tag,
        security,
        summary:
          'A new signing secret, shown once; for 24 hours requests carry signatures with both the new and the previous one',
        params: IdParam,
        response: { 200: WithSecret },
      },
    },
    async (req) => rotateSecret(ctx, actorOf(req), Number(req.params.id)),
  );

  r.delete(
    '/webhooks/:id',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'deleteWebhook',
        tags: tag,
        security,
        summary: 'Delete a subscription with its delivery log; audited',
        params: IdParam,
        response: { 204: Type.Null({ description: 'Deleted' }) },
      },
    },
    async (req, reply) => {
      await deleteSubscription(ctx, actorOf(req), Number(req.params.id));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/webhook-deliveries',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'listWebhookDeliveries',
        tags: tag,
        security,
        summary:
          'The delivery log, newest first; status=dead lists the dead letters (attempts used up)',
        querystring: Strict({
          status: Type.Optional(Status),
          subscription_id: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,14}$' })),
          ...PageQuery,
        }),
        response: {
          200: Strict({ rows: Type.Array(Delivery), next_cursor: Nullable(Type.String()) }),
        },
      },
    },
    async (req) => {
      const page = await listDeliveries(ctx, req.admin.orgId, {
        ...(req.query.status ? { status: req.query.status } : {}),
        ...(req.query.subscription_id
          ? { subscription_id: Number(req.query.subscription_id) }
          : {}),
        ...(req.query.cursor ? { cursor: req.query.cursor } : {}),
        limit: pageLimit(req.query.limit),
      });
      return { rows: page.deliveries, next_cursor: page.next_cursor };
    },
  );

  r.get(
    '/webhook-deliveries/:id/attempts',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'listWebhookAttempts',
        tags: tag,
        security,
        summary: "Every attempt of one delivery with the receiver's answer",
        params: IdParam,
        response: { 200: Strict({ rows: Type.Array(Attempt), next_cursor: Type.Null() }) },
      },
    },
    async (req) => ({
      rows: await deliveryAttempts(ctx, req.admin.orgId, Number(req.params.id)),
      next_cursor: null,
    }),
  );

  r.post(
    '/webhook-deliveries/:id/retry',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'retryWebhookDelivery',
        tags: tag,
        security,
        summary: 'Send a dead delivery again, with a fresh count of attempts; audited',
        params: IdParam,
        response: { 200: Strict({ id: Type.Integer(), status: Status }) },
      },
    },
    async (req) => retryDelivery(ctx, actorOf(req), Number(req.params.id)),
  );
}
