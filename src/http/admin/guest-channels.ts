// Admin API: the guest channels — registration links (the organization's own, and more per
// restaurant and campaign, each with how many guests joined by it), their QR codes as PNG, SVG
// and a print-ready PDF, and the reviews guests leave on their page.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import { config } from '../../config.ts';
import { createLink, getLink, listLinks } from '../../app/guests/links.ts';
import { listReviews } from '../../app/guests/page.ts';
import { QR_CONTENT_TYPES, qrPdf, qrPng, qrSvg } from '../../app/guests/qr.ts';
import { actorOf } from './auth.ts';
import {
  adminSecurity as security,
  IdParam,
  Nullable,
  PageQuery,
  pageLimit,
  Strict,
  tags,
} from './schemas.ts';

const tag = tags('guest channels');

const Link = Type.Object(
  {
    id: Type.Integer(),
    token: Type.String(),
    path: Type.String({ description: 'The public page, /join/<token>' }),
    url: Type.String({ description: 'The full address to publish and to put in the QR code' }),
    restaurant_id: Nullable(Type.Integer()),
    restaurant_name: Nullable(Type.String()),
    campaign: Nullable(Type.String()),
    guests_joined: Type.Integer({ description: 'Guests who joined by this link' }),
    created_at: Type.String({ format: 'date-time' }),
  },
  { description: 'A registration link' },
);

const Review = Type.Object({
  id: Type.Integer(),
  guest_id: Type.Integer(),
  first_name: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  text: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
});

/** Where guests' phones reach this server: KOPILKA_GUEST_URL, else the address the request came to. */
export function publicBase(req: FastifyRequest): string {
  return (config.guestUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
}

const withUrl =
  (req: FastifyRequest) =>
  <L extends { path: string }>(l: L) => ({
    ...l,
    url: `${publicBase(req)}${l.path}`,
  });

export async function guestChannelRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/registration-links',
    {
      config: { permission: 'org.read' },
      schema: {
        operationId: 'listRegistrationLinks',
        tags: tag,
        security,
        summary:
          'Registration links: the organization’s own first (made on first use), then per restaurant and campaign',
        response: { 200: Type.Object({ rows: Type.Array(Link), next_cursor: Type.Null() }) },
      },
    },
    async (req) => ({
      rows: (await listLinks(ctx, actorOf(req))).map(withUrl(req)),
      next_cursor: null,
    }),
  );

  r.post(
    '/registration-links',
    {
      config: { permission: 'program.write' },
      schema: {
        operationId: 'createRegistrationLink',
        tags: tag,
        security,
        summary:
          'A link for a restaurant and/or a campaign, so joins are attributed to it; audited',
        body: Strict({
          restaurant_id: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
          campaign: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
        }),
        response: { 201: Link },
      },
    },
    async (req, reply) =>
      reply.status(201).send(withUrl(req)(await createLink(ctx, actorOf(req), req.body))),
  );

  r.get(
    '/registration-links/:id/qr',
    {
      config: { permission: 'org.read' },
      schema: {
        operationId: 'getRegistrationLinkQr',
        tags: tag,
        security,
        summary: 'The link’s QR code: PNG, SVG, or an A4 PDF ready to print',
        params: IdParam,
        querystring: Strict({
          format: Type.Union([Type.Literal('png'), Type.Literal('svg'), Type.Literal('pdf')]),
        }),
        response: {
          200: {
            description: 'The image or the PDF',
            content: Object.fromEntries(
              Object.values(QR_CONTENT_TYPES).map((t) => [
                t,
                { schema: { type: 'string', format: 'binary' } },
              ]),
            ),
          },
        },
      },
    },
    async (req, reply) => {
      const link = withUrl(req)(await getLink(ctx, req.admin.orgId, Number(req.params.id)));
      const format = req.query.format;
      const org = await ctx.db
        .selectFrom('organizations')
        .select('name')
        .where('id', '=', req.admin.orgId)
        .executeTakeFirstOrThrow();
      const venue = link.restaurant_name ?? org.name;
      const body =
        format === 'png'
          ? await qrPng(link.url)
          : format === 'svg'
            ? Buffer.from(await qrSvg(link.url))
            : await qrPdf(link.url, venue);
      return reply
        .type(QR_CONTENT_TYPES[format])
        .header(
          'content-disposition',
          `attachment; filename="registration-link-${link.id}.${format}"`,
        )
        .send(body);
    },
  );

  r.get(
    '/reviews',
    {
      config: { permission: 'guests.read' },
      schema: {
        operationId: 'listReviews',
        tags: tag,
        security,
        summary: 'Reviews guests left on their page, newest first',
        querystring: Strict(PageQuery),
        response: {
          200: Type.Object({ rows: Type.Array(Review), next_cursor: Nullable(Type.String()) }),
        },
      },
    },
    async (req) =>
      listReviews(ctx, req.admin.orgId, {
        limit: pageLimit(req.query.limit),
        cursor: req.query.cursor,
      }),
  );
}
