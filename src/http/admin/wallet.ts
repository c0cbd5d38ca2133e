// Admin API: the organization's Apple Wallet set-up — the Pass Type ID certificate, its private
// key and Apple's WWDR certificate (PEM), and the pass's colours and logo. The key is sealed and
// never returned; every change is in the audit log.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import {
  deleteAppleSettings,
  getAppleSettings,
  LOGO_MAX_BYTES,
  saveAppleSettings,
} from '../../app/wallet/apple-settings.ts';
import { actorOf } from './auth.ts';
import { adminSecurity as security, Strict, tags } from './schemas.ts';

const tag = tags('wallet');
const Pem = (description: string) => Type.String({ minLength: 1, maxLength: 20_000, description });
const Color = (description: string) =>
  Type.String({ pattern: '^#[0-9A-Fa-f]{6}$', description: `${description}, #rrggbb` });

const AppleSettings = Type.Object(
  {
    pass_type_id: Type.String({ description: 'From the certificate (UID)' }),
    team_id: Type.String({ description: 'From the certificate (OU)' }),
    certificate_subject: Type.String(),
    certificate_expires_at: Type.String({ format: 'date-time' }),
    background_color: Type.String(),
    foreground_color: Type.String(),
    label_color: Type.String(),
    logo_bytes: Type.Integer(),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { description: 'The Apple Wallet set-up; the private key is never returned' },
);

export async function walletRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/wallet/apple',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'getAppleWallet',
        tags: tag,
        security,
        summary: 'The Apple Wallet set-up (404 wallet_not_configured when there is none)',
        response: { 200: AppleSettings },
      },
    },
    async (req) => getAppleSettings(ctx, req.admin.orgId),
  );

  r.put(
    '/wallet/apple',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'putAppleWallet',
        tags: tag,
        security,
        summary:
          'Upload the Pass Type ID certificate, its key and the WWDR certificate, with the pass’s colours and logo; audited',
        body: Strict({
          certificate_pem: Pem('The Pass Type ID certificate, PEM'),
          key_pem: Pem('Its private key, PEM (PKCS#1 or PKCS#8, encrypted or not)'),
          key_passphrase: Type.Optional(Type.String({ maxLength: 200 })),
          wwdr_pem: Pem('Apple’s WWDR intermediate certificate that issued it, PEM'),
          background_color: Color('The pass’s background'),
          foreground_color: Color('Values'),
          label_color: Color('Labels'),
          logo_png: Type.String({
            minLength: 1,
            maxLength: Math.ceil(LOGO_MAX_BYTES / 3) * 4,
            description: `The venue’s logo, a PNG as base64, at most ${LOGO_MAX_BYTES / 1024} KB`,
          }),
        }),
        response: { 200: AppleSettings },
      },
    },
    async (req) => saveAppleSettings(ctx, actorOf(req), req.body),
  );

  r.delete(
    '/wallet/apple',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'deleteAppleWallet',
        tags: tag,
        security,
        summary: 'Forget the certificate and key: passes are no longer issued or updated; audited',
      },
    },
    async (req, reply) => {
      await deleteAppleSettings(ctx, actorOf(req));
      return reply.status(204).send();
    },
  );
}
