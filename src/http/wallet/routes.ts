// Apple's web service for pass updates (PassKit Web Service Reference), at the pass's
// webServiceURL (<guest address>/api/wallet): phones register and unregister for a pass's
// pushes, ask which passes changed since a tag, fetch the latest pass (If-Modified-Since), and
// send their error log. Requests about one pass carry "Authorization: ApplePass <token>"; the
// answers are Apple's: 201/200 on registration, 204 when nothing changed, 304 when the pass is
// unchanged, 401 for a wrong token, an unknown pass type or serial alike. Also the short-lived
// download link the guest's page opens to add the pass.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import { buildPass, PKPASS_TYPE } from '../../app/wallet/apple-pass.ts';
import { authenticatePass, passByDownload, type PassRow } from '../../app/wallet/passes.ts';
import {
  registerDevice,
  unregisterDevice,
  updatedSerials,
} from '../../app/wallet/registrations.ts';
import { publicBase } from '../admin/guest-channels.ts';

const tags = ['Apple Wallet web service'];
const security = [{ applePass: [] }];
// Apple's identifiers: device library ids and serials are opaque, pass types reverse-DNS.
const Opaque = Type.String({ pattern: '^[A-Za-z0-9._-]{1,128}$' });
const PassPath = Type.Object({ passType: Opaque, serial: Opaque }, { additionalProperties: false });
const DevicePassPath = Type.Object(
  { device: Opaque, passType: Opaque, serial: Opaque },
  { additionalProperties: false },
);
// An answer without a body: 'null' keeps it without content in the OpenAPI document, void lets
// the route send nothing at all, as Apple expects.
const NoBody = (description: string) => Type.Unsafe<void>({ type: 'null', description });
const Binary = {
  description: 'The signed pass',
  content: { [PKPASS_TYPE]: { schema: { type: 'string', format: 'binary' } } },
};

/** Where phones reach this service; written into every pass. */
export const webServiceUrl = (req: FastifyRequest) => `${publicBase(req)}/api/wallet`;

async function sendPass(ctx: AppContext, req: FastifyRequest, reply: FastifyReply, pass: PassRow) {
  const file = await buildPass(ctx, pass, webServiceUrl(req));
  return reply
    .type(PKPASS_TYPE)
    .header('last-modified', pass.updatedAt.toUTCString())
    .header('cache-control', 'no-store')
    .send(file);
}

export async function walletServiceRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const auth = (req: FastifyRequest, p: { passType: string; serial: string }) =>
    authenticatePass(ctx, p.passType, p.serial, req.headers.authorization);

  r.get(
    '/download/:serial/:token',
    {
      schema: {
        operationId: 'downloadWalletPass',
        tags,
        summary:
          'The guest’s pass by the link their page made (valid a few minutes); opening it on a phone adds the card to Wallet',
        params: Type.Object(
          { serial: Opaque, token: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }) },
          { additionalProperties: false },
        ),
        response: { 200: Binary },
      },
    },
    async (req, reply) =>
      sendPass(ctx, req, reply, await passByDownload(ctx, req.params.serial, req.params.token)),
  );

  r.post(
    '/v1/devices/:device/registrations/:passType/:serial',
    {
      schema: {
        operationId: 'registerWalletDevice',
        tags,
        security,
        summary: 'A device asks for pushes about this pass: 201 new, 200 already registered',
        params: DevicePassPath,
        body: Type.Object({ pushToken: Type.String({ pattern: '^[A-Za-z0-9]{1,200}$' }) }),
        response: {
          201: NoBody('Registered'),
          200: NoBody('The device was registered for this pass already'),
        },
      },
    },
    async (req, reply) => {
      const pass = await auth(req, req.params);
      const outcome = await registerDevice(ctx, pass, req.params.device, req.body.pushToken);
      return reply.status(outcome === 'created' ? 201 : 200).send();
    },
  );

  r.delete(
    '/v1/devices/:device/registrations/:passType/:serial',
    {
      schema: {
        operationId: 'unregisterWalletDevice',
        tags,
        security,
        summary: 'The pass was removed from the device: no more pushes to it',
        params: DevicePassPath,
        response: { 200: NoBody('Unregistered') },
      },
    },
    async (req, reply) => {
      const pass = await auth(req, req.params);
      await unregisterDevice(ctx, pass, req.params.device);
      return reply.status(200).send();
    },
  );

  r.get(
    '/v1/devices/:device/registrations/:passType',
    {
      schema: {
        operationId: 'listUpdatedWalletPasses',
        tags,
        summary: 'Serial numbers of the device’s passes changed since the tag; 204 when none',
        params: Type.Object({ device: Opaque, passType: Opaque }, { additionalProperties: false }),
        querystring: Type.Object(
          { passesUpdatedSince: Type.Optional(Type.String({ maxLength: 40 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            serialNumbers: Type.Array(Type.String()),
            lastUpdated: Type.String({ description: 'The tag to send next time' }),
          }),
          204: Type.Null({ description: 'No pass changed' }),
        },
      },
    },
    async (req, reply) => {
      const found = await updatedSerials(
        ctx,
        req.params.device,
        req.params.passType,
        req.query.passesUpdatedSince,
      );
      return found ? found : reply.status(204).send(null);
    },
  );

  r.get(
    '/v1/passes/:passType/:serial',
    {
      schema: {
        operationId: 'getLatestWalletPass',
        tags,
        security,
        summary: 'The pass as it is now; 304 when unchanged since If-Modified-Since',
        params: PassPath,
        response: { 200: Binary, 304: Type.Null({ description: 'Not modified' }) },
      },
    },
    async (req, reply) => {
      const pass = await auth(req, req.params);
      const since = Date.parse(req.headers['if-modified-since'] ?? '');
      // HTTP dates have whole seconds.
      if (!Number.isNaN(since) && Math.floor(pass.updatedAt.getTime() / 1000) * 1000 <= since)
        return reply.status(304).send(null);
      return sendPass(ctx, req, reply, pass);
    },
  );

  r.post(
    '/v1/log',
    {
      schema: {
        operationId: 'walletLog',
        tags,
        summary: 'Error messages from devices about the web service, written to the server’s log',
        body: Type.Object({
          logs: Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 100 }),
        }),
        response: { 200: NoBody('Logged') },
      },
    },
    async (req, reply) => {
      for (const line of req.body.logs) req.log.warn({ wallet: line }, 'Wallet device log');
      return reply.status(200).send();
    },
  );
}
