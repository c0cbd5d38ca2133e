// Admin API: POS connections (M4) — terminals and their keys, card masks, and the POS-side
// settings of the organization. Integrators' ground (seeds 000–003): a manager only reads.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createCardMask } from '../../app/admin/guests.ts';
import { getOrganization, settingsView } from '../../app/admin/organization.ts';
import {
  deleteCardMask,
  listCardMasks,
  listTerminals,
  rotateTerminalKey,
  updateCardMask,
} from '../../app/admin/pos-connections.ts';
import {
  createTerminal,
  revokeTerminal,
  updateOrganizationSettings,
} from '../../app/admin/tenancy.ts';
import type { AppContext } from '../../app/context.ts';
import { actorOf } from './auth.ts';
import {
  CardMasks,
  CreatedTerminal,
  DeletedCardMask,
  IntegrationSettings,
  RevokedTerminal,
  RotatedKey,
  SavedCardMask,
  Terminals,
} from './pos-connection-answers.ts';
import { adminSecurity as security, IdParam, Strict, tags, Text } from './schemas.ts';

const tag = tags('POS connections');
const MaskFields = {
  name: Text(100),
  pattern: Text(64, '"#" a digit, "*" any digits, "?" any character; the rest literal'),
  kind: Text(50, 'What cards of this mask are: plastic, virtual, gift …'),
};

export async function posConnectionRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/terminals',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'listTerminals',
        tags: tag,
        security,
        summary: 'Terminals with the last four characters of their keys',
        querystring: Strict({
          restaurant_id: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,14}$' })),
        }),
        response: { 200: Terminals },
      },
    },
    async (req) => {
      const restaurant = req.query.restaurant_id;
      return {
        rows: await listTerminals(
          ctx,
          req.admin.orgId,
          restaurant === undefined ? undefined : Number(restaurant),
        ),
        next_cursor: null,
      };
    },
  );

  r.post(
    '/terminals',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'createTerminal',
        tags: tag,
        security,
        summary: 'Create a terminal; its key is shown once, in this answer only',
        body: Strict({
          restaurant_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
          name: Text(100),
        }),
        response: { 201: CreatedTerminal },
      },
    },
    async (req, reply) => reply.status(201).send(await createTerminal(ctx, actorOf(req), req.body)),
  );

  r.post(
    '/terminals/:id/revoke',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'revokeTerminal',
        tags: tag,
        security,
        summary: 'Revoke a terminal and its key',
        params: IdParam,
        response: { 200: RevokedTerminal },
      },
    },
    async (req) => revokeTerminal(ctx, actorOf(req), Number(req.params.id)),
  );

  r.post(
    '/terminals/:id/rotate-key',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'rotateTerminalKey',
        tags: tag,
        security,
        summary: 'Issue a new key (shown once); the old key stops working at once',
        params: IdParam,
        response: { 200: RotatedKey },
      },
    },
    async (req) => rotateTerminalKey(ctx, actorOf(req), Number(req.params.id)),
  );

  r.get(
    '/card-masks',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'listCardMasks',
        tags: tag,
        security,
        summary: 'Plastic card masks (seed 003)',
        response: { 200: CardMasks },
      },
    },
    async (req) => ({ rows: await listCardMasks(ctx, req.admin.orgId), next_cursor: null }),
  );

  r.post(
    '/card-masks',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'createCardMask',
        tags: tag,
        security,
        summary: 'Add a card mask',
        body: Strict(MaskFields),
        response: { 201: SavedCardMask },
      },
    },
    async (req, reply) => reply.status(201).send(await createCardMask(ctx, actorOf(req), req.body)),
  );

  r.patch(
    '/card-masks/:id',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'updateCardMask',
        tags: tag,
        security,
        summary: 'Edit a card mask',
        params: IdParam,
        body: Strict({
          name: Type.Optional(MaskFields.name),
          pattern: Type.Optional(MaskFields.pattern),
          kind: Type.Optional(MaskFields.kind),
        }),
        response: { 200: SavedCardMask },
      },
    },
    async (req) => updateCardMask(ctx, actorOf(req), Number(req.params.id), req.body),
  );

  r.delete(
    '/card-masks/:id',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'deleteCardMask',
        tags: tag,
        security,
        summary: 'Remove a card mask',
        params: IdParam,
        response: { 200: DeletedCardMask },
      },
    },
    async (req) => deleteCardMask(ctx, actorOf(req), Number(req.params.id)),
  );

  r.get(
    '/integration/settings',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'getIntegrationSettings',
        tags: tag,
        security,
        summary: 'POS-side settings of the organization',
        response: { 200: IntegrationSettings },
      },
    },
    async (req) => {
      const { hold_ttl_seconds } = (await getOrganization(ctx, req.admin.orgId)).settings;
      return { hold_ttl_seconds };
    },
  );

  r.patch(
    '/integration/settings',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'updateIntegrationSettings',
        tags: tag,
        security,
        summary: 'How long a POS hold lives when the POS does not say',
        body: Strict({
          hold_ttl_seconds: Type.Integer({
            minimum: 60,
            maximum: 86_400,
            description: 'Seconds, 60 to 86400',
          }),
        }),
        response: { 200: IntegrationSettings },
      },
    },
    async (req) => {
      const s = settingsView(
        await updateOrganizationSettings(ctx, actorOf(req), {
          holdTtlSeconds: req.body.hold_ttl_seconds,
        }),
      );
      return { hold_ttl_seconds: s.hold_ttl_seconds };
    },
  );
}
