// Admin API: the organization's Wallet set-ups. Apple: the Pass Type ID certificate, its private
// key and Apple's WWDR certificate (PEM), and the pass's colours and logo. Google: the issuer id,
// the service-account key file, and the card's colour and logo address. Keys are sealed and
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
import {
  deleteGoogleSettings,
  getGoogleSettings,
  saveGoogleSettings,
} from '../../app/wallet/google-settings.ts';
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

const GoogleSettings = Type.Object(
  {
    issuer_id: Type.String(),
    client_email: Type.String({ description: 'The service account, from the key file' }),
    private_key_id: Type.String({ description: 'The key’s id, from the key file' }),
    background_color: Type.String(),
    logo_url: Type.String(),
    updated_at: Type.String({ format: 'date-time' }),
    class_update: Type.Union(
      [
        Type.Object({
          status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('dead')]),
          attempts: Type.Integer(),
          last_error: Type.Union([Type.String(), Type.Null()]),
        }),
        Type.Null(),
      ],
      {
        description:
          'The loyalty class’s last creation or update at Google: pending (waiting or being retried), sent, or dead (given up; Google’s answer in last_error)',
      },
    ),
  },
  { description: 'The Google Wallet set-up; the service account’s key is never returned' },
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
        response: { 204: Type.Null({ description: 'Forgotten' }) },
      },
    },
    async (req, reply) => {
      await deleteAppleSettings(ctx, actorOf(req));
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/wallet/google',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'getGoogleWallet',
        tags: tag,
        security,
        summary: 'The Google Wallet set-up (404 wallet_not_configured when there is none)',
        response: { 200: GoogleSettings },
      },
    },
    async (req) => getGoogleSettings(ctx, req.admin.orgId),
  );

  r.put(
    '/wallet/google',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'putGoogleWallet',
        tags: tag,
        security,
        summary:
          'Set the Google Wallet issuer id, the service-account key file and the card’s colour and logo; the loyalty class is then created or updated at Google; audited',
        body: Strict({
          issuer_id: Type.String({
            pattern: '^[0-9]{6,30}$',
            description: 'The issuer id from the Google Pay & Wallet Console',
          }),
          service_account_key: Type.String({
            minLength: 1,
            maxLength: 20_000,
            description: 'The service account’s JSON key file, as downloaded from Google Cloud',
          }),
          background_color: Color('The card’s background'),
          logo_url: Type.String({
            minLength: 1,
            maxLength: 2000,
            description: 'An https address of the venue’s logo, which Google fetches',
          }),
        }),
        response: { 200: GoogleSettings },
      },
    },
    async (req) => saveGoogleSettings(ctx, actorOf(req), req.body),
  );

  r.delete(
    '/wallet/google',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'deleteGoogleWallet',
        tags: tag,
        security,
        summary: 'Forget the issuer and key: cards are no longer offered or updated; audited',
        response: { 204: Type.Null({ description: 'Forgotten' }) },
      },
    },
    async (req, reply) => {
      await deleteGoogleSettings(ctx, actorOf(req));
      return reply.status(204).send(null);
    },
  );
}
