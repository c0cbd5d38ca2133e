// Admin API: e-tips (G4) — per venue the tips service (name, link template with {recipient})
// and the venue's own recipient, where the link shows; per waiter their recipient. Program
// permissions, as for the receipt footer the link prints in; every change audited.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import {
  deleteVenueEtips,
  listEtips,
  saveVenueEtips,
  setWaiterRecipient,
} from '../../app/etips.ts';
import { actorOf } from './auth.ts';
import { adminSecurity as security, IdParam, Strict, tags, Text, Time } from './schemas.ts';

const tag = tags('e-tips');
const read = { permission: 'program.read' } as const;
const write = { permission: 'program.write' } as const;

const Recipient = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'The recipient id at the tips service: Latin letters, digits and . _ ~ -',
});
const Waiter = Text(100, "The waiter as the till names the check's operator");
const WaiterRow = Strict({
  waiter: Type.String(),
  recipient: Type.String(),
  url: Type.String({ description: "The link to the waiter's page" }),
});
const Venue = Strict({
  restaurant_id: Type.Integer(),
  enabled: Type.Boolean(),
  service_name: Type.String(),
  link_template: Type.String(),
  recipient: Type.String(),
  on_receipt: Type.Boolean(),
  on_guest_page: Type.Boolean(),
  url: Type.String({ description: "The link to the venue's own page (a check without a waiter)" }),
  waiters: Type.Array(WaiterRow),
  updated_at: Time,
});
const VenueBody = Strict({
  enabled: Type.Boolean(),
  service_name: Text(60, 'The tips service as guests know it, e.g. «CloudTips»'),
  link_template: Type.String({
    minLength: 1,
    maxLength: 300,
    description: 'https://… with {recipient}, e.g. https://pay.cloudtips.ru/p/{recipient}',
  }),
  recipient: Recipient,
  on_receipt: Type.Boolean({ description: 'Print the link in the receipt footer' }),
  on_guest_page: Type.Boolean({ description: "Show the link and its QR code on the guest's page" }),
});
const WaiterParams = Strict({ id: IdParam.properties.id, waiter: Waiter });

export async function etipsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const s = (operationId: string, summary: string) => ({
    operationId,
    tags: tag,
    security,
    summary,
  });

  r.get(
    '/etips',
    {
      config: read,
      schema: {
        ...s('listEtips', 'E-tips settings of every venue that has them, with their links'),
        response: { 200: Strict({ rows: Type.Array(Venue), next_cursor: Type.Null() }) },
      },
    },
    async (req) => ({ rows: await listEtips(ctx, req.admin.orgId), next_cursor: null }),
  );

  r.put(
    '/etips/restaurants/:id',
    {
      config: write,
      schema: {
        ...s(
          'setVenueEtips',
          "Set a venue's e-tips service, its own recipient and where the link shows; audited",
        ),
        params: IdParam,
        body: VenueBody,
        response: { 200: Venue },
      },
    },
    (req) => saveVenueEtips(ctx, actorOf(req), Number(req.params.id), req.body),
  );

  r.delete(
    '/etips/restaurants/:id',
    {
      config: write,
      schema: {
        ...s('deleteVenueEtips', "Remove a venue's e-tips with its waiters' recipients"),
        params: IdParam,
        response: { 204: Type.Null({ description: 'Removed' }) },
      },
    },
    async (req, reply) => {
      await deleteVenueEtips(ctx, actorOf(req), Number(req.params.id));
      return reply.status(204).send(null);
    },
  );

  r.put(
    '/etips/restaurants/:id/waiters/:waiter',
    {
      config: write,
      schema: {
        ...s('setWaiterTipsRecipient', "Set a waiter's recipient at the venue's tips service"),
        params: WaiterParams,
        body: Strict({ recipient: Recipient }),
        response: { 200: Venue },
      },
    },
    (req) =>
      setWaiterRecipient(
        ctx,
        actorOf(req),
        Number(req.params.id),
        req.params.waiter,
        req.body.recipient,
      ),
  );

  r.delete(
    '/etips/restaurants/:id/waiters/:waiter',
    {
      config: write,
      schema: {
        ...s('deleteWaiterTipsRecipient', "Remove a waiter's recipient"),
        params: WaiterParams,
        response: { 200: Venue },
      },
    },
    (req) => setWaiterRecipient(ctx, actorOf(req), Number(req.params.id), req.params.waiter, null),
  );
}
