// Guest API v1: the public side of the guest channels. A registration link's page asks for a
// one-time code and joins or signs in with it; the guest's own page reads and writes with a
// guest session (kg_…), which is not an admin session and reaches only its own guest.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import { CONSENT, openLink } from '../../app/guests/links.ts';
import { enterCodeAsGuest, guestPage, leaveReview, REVIEW_MAX } from '../../app/guests/page.ts';
import {
  authenticateGuest,
  endGuestSession,
  proveCode,
  sendCode,
  type GuestChannels,
  type GuestPrincipal,
} from '../../app/guests/sign-in.ts';
import { issueDownload } from '../../app/wallet/passes.ts';
import { appleSigner } from '../../app/wallet/apple-settings.ts';
import { googleSaveLink } from '../../app/wallet/google-link.ts';
import { bearerToken } from '../admin/auth.ts';
import { publicBase } from '../admin/guest-channels.ts';
import {
  CodeSent,
  EnteredCode,
  GuestPage,
  OpenedLink,
  Review,
  Session,
  SignedOut,
} from './answers.ts';

const tags = ['Guest API v1'];
const security = [{ guestSession: [] }];

declare module 'fastify' {
  interface FastifyRequest {
    guest: GuestPrincipal;
  }
}

const Token = Type.Object(
  { token: Type.String({ pattern: '^[A-Za-z0-9_-]{8,64}$' }) },
  { additionalProperties: false },
);
const Phone = Type.String({ minLength: 10, maxLength: 20, pattern: '^[0-9 +()-]+$' });
const Code = Type.String({ minLength: 4, maxLength: 8, pattern: '^[0-9 ]+$' });
const Body = <T extends Parameters<typeof Type.Object>[0]>(props: T) =>
  Type.Object(props, { additionalProperties: false });

export async function guestApiRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  channels: GuestChannels,
) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const address = (req: FastifyRequest) => req.ip;

  r.get(
    '/links/:token',
    {
      schema: {
        operationId: 'openRegistrationLink',
        tags,
        summary:
          'What the registration page shows: the venue and the consent text with its version',
        params: Token,
        response: { 200: OpenedLink },
      },
    },
    async (req) => {
      const link = await openLink(ctx.db, req.params.token);
      return {
        organization: link.organization,
        restaurant: link.restaurant,
        consent: CONSENT,
      };
    },
  );

  r.post(
    '/links/:token/codes',
    {
      schema: {
        operationId: 'sendGuestCode',
        tags,
        summary: 'Send a one-time code by SMS; the same answer whether or not the phone has a card',
        params: Token,
        body: Body({ phone: Phone }),
        response: { 202: CodeSent },
      },
    },
    async (req, reply) =>
      reply
        .status(202)
        .send(await sendCode(ctx, channels, req.params.token, req.body.phone, address(req))),
  );

  r.post(
    '/links/:token/join',
    {
      schema: {
        operationId: 'joinByCode',
        tags,
        summary:
          'Join with the code, name, birthday and consent; a phone that has a card signs in instead',
        params: Token,
        body: Body({
          phone: Phone,
          code: Code,
          first_name: Type.String({ minLength: 1, maxLength: 100 }),
          birthday: Type.Optional(
            Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()]),
          ),
          consent: Type.Literal(true, { description: 'Consent to processing of personal data' }),
          consent_version: Type.String({ maxLength: 40 }),
        }),
        response: { 200: Session },
      },
    },
    async (req) => {
      const b = req.body;
      return proveCode(
        ctx,
        channels,
        req.params.token,
        {
          phone: b.phone,
          code: b.code,
          profile: {
            first_name: b.first_name,
            birthday: b.birthday ?? null,
            consent_version: b.consent_version,
          },
        },
        address(req),
      );
    },
  );

  r.post(
    '/links/:token/sign-in',
    {
      schema: {
        operationId: 'signInByCode',
        tags,
        summary:
          'Sign in to the guest page with the code; 404 not_a_member when the phone has no card (the code stays good for joining)',
        params: Token,
        body: Body({ phone: Phone, code: Code }),
        response: { 200: Session },
      },
    },
    async (req) => proveCode(ctx, channels, req.params.token, req.body, address(req)),
  );

  await app.register(async (me) => {
    me.decorateRequest('guest', null as unknown as GuestPrincipal);
    me.addHook('onRequest', async (req) => {
      req.guest = await authenticateGuest(ctx, bearerToken(req));
    });
    const m = me.withTypeProvider<TypeBoxTypeProvider>();

    m.get(
      '/me',
      {
        schema: {
          operationId: 'guestPage',
          tags,
          security,
          summary: 'The guest’s card, balances, rank, operations, promotions',
          response: { 200: GuestPage },
        },
      },
      async (req) => guestPage(ctx, req.guest),
    );

    m.post(
      '/me/reviews',
      {
        schema: {
          operationId: 'leaveReview',
          tags,
          security,
          summary: 'A review (rating 1–5 and text) that reaches the organization',
          body: Body({
            rating: Type.Integer({ minimum: 1, maximum: 5 }),
            text: Type.String({ maxLength: REVIEW_MAX }),
          }),
          response: { 201: Review },
        },
      },
      async (req, reply) => reply.status(201).send(await leaveReview(ctx, req.guest, req.body)),
    );

    m.post(
      '/me/promo-codes',
      {
        schema: {
          operationId: 'enterGuestPromoCode',
          tags,
          security,
          summary:
            'Enter a promo code printed on a receipt; orders within its lifetime get the promotion',
          body: Body({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
          response: { 201: EnteredCode },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await enterCodeAsGuest(ctx, req.guest, req.body.code)),
    );

    m.post(
      '/me/wallet/apple',
      {
        schema: {
          operationId: 'addToAppleWallet',
          tags,
          security,
          summary:
            'A link (valid a few minutes) that adds the guest’s card to Wallet when opened on the phone; 404 wallet_not_configured',
          response: {
            201: Type.Object({ url: Type.String({ description: 'Open it: a .pkpass file' }) }),
          },
        },
      },
      async (req, reply) => {
        // Refuses before a pass is made when the organization has no certificate.
        await appleSigner(ctx, req.guest.orgId);
        const d = await issueDownload(ctx, req.guest.orgId, req.guest.guestId);
        return reply
          .status(201)
          .send({ url: `${publicBase(req)}/api/wallet/download/${d.serial}/${d.token}` });
      },
    );

    m.post(
      '/me/wallet/google',
      {
        schema: {
          operationId: 'addToGoogleWallet',
          tags,
          security,
          summary:
            'The «Добавить в Google Wallet» link: Google’s save address with a signed token carrying the guest’s card; 404 wallet_not_configured',
          response: {
            201: Type.Object({
              url: Type.String({ description: 'Open it: https://pay.google.com/gp/v/save/<JWT>' }),
            }),
          },
        },
      },
      async (req, reply) => {
        // Signed at the tap, with the balances of that moment; the queue keeps them live after.
        const origin = new URL(publicBase(req)).origin;
        const url = await googleSaveLink(ctx, req.guest.orgId, req.guest.guestId, origin);
        return reply.status(201).send({ url });
      },
    );

    m.post(
      '/me/sign-out',
      {
        schema: {
          operationId: 'guestSignOut',
          tags,
          security,
          summary: 'End this guest session',
          response: { 204: SignedOut },
        },
      },
      async (req, reply) => {
        await endGuestSession(ctx, req.guest);
        return reply.status(204).send();
      },
    );
  });
}
