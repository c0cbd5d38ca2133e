// Admin API of the installation's operator (permission installation.manage, which no
// organization role has): organizations with their first owner and restaurants, the
// installation's audit log, operators. And the public routes of a one-time password set-up
// link, which both a first operator and an organization's first owner open.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import { queryInstallationAudit } from '../../app/installation/audit.ts';
import { listOperators } from '../../app/installation/operators.ts';
import {
  createOrganizationWithOwner,
  createRestaurantFor,
  listOrganizations,
  reissueOwnerSetup,
} from '../../app/installation/organizations.ts';
import { describeSetup, redeemSetup } from '../../app/installation/password-setup.ts';
import { listAnnouncements, sendAnnouncement } from '../../events/email/announcements.ts';
import { perMinute, SIGN_IN_PER_MINUTE } from '../rate-limits.ts';
import { operatorOf } from './auth.ts';
import {
  CreatedOrganization,
  InstallationAudit,
  Operators,
  Organizations,
  SetupDescription,
  SetupDone,
  SetupLink,
} from './installation-answers.ts';
import { CreatedRestaurant } from './organization-answers.ts';
import { RestaurantBody } from './organization.ts';
import {
  adminSecurity as security,
  IdParam,
  pageLimit,
  PageQuery,
  Strict,
  tags,
  Text,
} from './schemas.ts';

const tag = tags('installation operator');
const setupTag = tags('password set-up');
const Token = Type.String({ minLength: 10, maxLength: 100, description: 'kps_… from the link' });
const OrgUserParams = Strict({
  id: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }),
  userId: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }),
});

export async function installationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/installation/organizations',
    {
      config: { permission: 'installation.manage' },
      schema: {
        operationId: 'listInstallationOrganizations',
        tags: tag,
        security,
        summary: 'Every organization with its restaurants and owners (no guests, no operations)',
        response: { 200: Organizations },
      },
    },
    async () => listOrganizations(ctx),
  );

  r.post(
    '/installation/organizations',
    {
      config: { permission: 'installation.manage' },
      schema: {
        operationId: 'createInstallationOrganization',
        tags: tag,
        security,
        summary:
          'Create an organization and its first owner; answers the owner’s one-time password set-up link (shown once)',
        body: Strict({
          name: Text(200),
          owner: Strict({ email: Text(200), name: Text(200) }),
        }),
        response: { 201: CreatedOrganization },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createOrganizationWithOwner(ctx, operatorOf(req), req.body)),
  );

  r.post(
    '/installation/organizations/:id/restaurants',
    {
      config: { permission: 'installation.manage' },
      schema: {
        operationId: 'createInstallationRestaurant',
        tags: tag,
        security,
        summary: 'Create a restaurant of an organization; its unique code is assigned',
        params: IdParam,
        body: RestaurantBody,
        response: { 201: CreatedRestaurant },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await createRestaurantFor(ctx, operatorOf(req), Number(req.params.id), req.body)),
  );

  r.post(
    '/installation/organizations/:id/owners/:userId/setup-link',
    {
      config: { permission: 'installation.manage' },
      schema: {
        operationId: 'reissueOwnerSetupLink',
        tags: tag,
        security,
        summary:
          'A new set-up link for an owner who has not set a password yet; the previous link stops working',
        params: OrgUserParams,
        response: { 201: SetupLink },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await reissueOwnerSetup(
            ctx,
            operatorOf(req),
            Number(req.params.id),
            Number(req.params.userId),
          ),
        ),
  );

  r.get(
    '/installation/operators',
    {
      config: { permission: 'installation.manage' },
      schema: {
        operationId: 'listOperators',
        tags: tag,
        security,
        summary: 'The installation’s operators',
        response: { 200: Operators },
      },
    },
    async () => listOperators(ctx),
  );

  r.get(
    '/installation/audit',
    {
      config: { permission: 'installation.manage' },
      schema: {
        operationId: 'listInstallationAudit',
        tags: tag,
        security,
        summary: 'The installation’s audit log: what operators did, newest first',
        querystring: Strict({
          organization_id: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,14}$' })),
          ...PageQuery,
        }),
        response: { 200: InstallationAudit },
      },
    },
    async (req) =>
      queryInstallationAudit(ctx, {
        limit: pageLimit(req.query.limit),
        cursor: req.query.cursor,
        org_id: req.query.organization_id ? Number(req.query.organization_id) : undefined,
      }),
  );

  const Words = {
    subject: Text(200, 'one line'),
    text: Type.String({
      minLength: 1,
      maxLength: 100_000,
      description: 'blank lines separate paragraphs',
    }),
    html: Type.Optional(
      Type.Union([Type.String({ maxLength: 500_000 }), Type.Null()], {
        description: 'the operator’s own HTML for the body (not escaped); default: from the text',
      }),
    ),
  };
  const AnnouncementType = Type.Union([Type.Literal('news'), Type.Literal('maintenance')]);
  const Announcement = Type.Object({
    id: Type.Integer(),
    type: AnnouncementType,
    created: Type.Boolean({
      description: 'false: this very announcement was sent before; nothing new queued',
    }),
    organizations: Type.Integer(),
    letters: Type.Integer(),
    created_at: Type.String({ format: 'date-time' }),
  });

  r.post(
    '/installation/announcements',
    {
      config: { permission: 'installation.manage' },
      schema: {
        operationId: 'sendAnnouncement',
        tags: tag,
        security,
        summary:
          'Send news or a planned-maintenance notice to every organization’s recipients of that type (queued; the worker sends them). The same announcement again queues nothing',
        body: Strict({
          type: AnnouncementType,
          ...Words,
          en: Type.Optional(Type.Union([Strict(Words, 'the English version'), Type.Null()])),
        }),
        response: { 201: Announcement, 200: Announcement },
      },
    },
    async (req, reply) => {
      const r = await sendAnnouncement(ctx, operatorOf(req), req.body);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );

  r.get(
    '/installation/announcements',
    {
      config: { permission: 'installation.manage' },
      schema: {
        operationId: 'listAnnouncements',
        tags: tag,
        security,
        summary:
          'The news and maintenance notices sent, newest first (their letters are in each organization’s log)',
        response: {
          200: Strict({
            next_cursor: Type.Null(),
            rows: Type.Array(
              Type.Object({
                id: Type.Integer(),
                type: AnnouncementType,
                subject: Type.String(),
                created_by: Type.String(),
                organizations: Type.Integer(),
                letters: Type.Integer(),
                created_at: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ rows: await listAnnouncements(ctx), next_cursor: null }),
  );

  r.post(
    '/auth/password-setup/check',
    {
      config: { permission: 'public', ...perMinute(SIGN_IN_PER_MINUTE) },
      schema: {
        operationId: 'describePasswordSetup',
        tags: setupTag,
        summary: 'What a one-time password set-up link is for (404 when invalid, used or expired)',
        body: Strict({ token: Token }),
        response: { 200: SetupDescription },
      },
    },
    async (req) => describeSetup(ctx, req.body.token),
  );

  r.post(
    '/auth/password-setup',
    {
      config: { permission: 'public', ...perMinute(SIGN_IN_PER_MINUTE) },
      schema: {
        operationId: 'completePasswordSetup',
        tags: setupTag,
        summary:
          'Set the password of a one-time link (the first operator gives e-mail and name too); then sign in',
        body: Strict({
          token: Token,
          password: Type.String({
            minLength: 1,
            maxLength: 200,
            description: '10 to 200 characters',
          }),
          email: Type.Optional(Text(200)),
          name: Type.Optional(Text(200)),
        }),
        response: { 200: SetupDone },
      },
    },
    async (req) => redeemSetup(ctx, req.body),
  );
}
