// Admin API: the people of the organization (M3) and the audit log (who, when, what, before
// and after).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { queryAudit } from '../../app/admin/audit-query.ts';
import {
  listUsers,
  resetPassword,
  setUserDisabled,
  updateUser,
} from '../../app/admin/user-admin.ts';
import { createUser } from '../../app/admin/users.ts';
import type { AppContext } from '../../app/context.ts';
import { actorOf } from './auth.ts';
import { Audit, CreatedUser, Role, User, Users } from './user-answers.ts';
import {
  adminSecurity as security,
  IdParam,
  pageLimit,
  PageQuery,
  PeriodQuery,
  Strict,
  tags,
  Text,
} from './schemas.ts';

const tag = tags('users and audit');
const Password = Type.String({ minLength: 1, maxLength: 200, description: '10 to 200 characters' });

export async function userRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        operationId: 'listUsers',
        tags: tag,
        security,
        summary: 'Users of the organization',
        response: { 200: Users },
      },
    },
    async (req) => ({ rows: await listUsers(ctx, req.admin.orgId), next_cursor: null }),
  );

  r.post(
    '/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        operationId: 'createUser',
        tags: tag,
        security,
        summary: 'Create a user with a role and a first password',
        body: Strict({ email: Text(200), name: Text(200), role: Role, password: Password }),
        response: { 201: CreatedUser },
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(ctx, actorOf(req), req.body)),
  );

  r.patch(
    '/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        operationId: 'updateUser',
        tags: tag,
        security,
        summary: 'Rename a user or change the role; the last owner stays an owner',
        params: IdParam,
        body: Strict({ name: Type.Optional(Text(200)), role: Type.Optional(Role) }),
        response: { 200: User },
      },
    },
    async (req) => updateUser(ctx, actorOf(req), Number(req.params.id), req.body),
  );

  r.post(
    '/users/:id/disable',
    {
      config: { permission: 'users.manage' },
      schema: {
        operationId: 'disableUser',
        tags: tag,
        security,
        summary: 'Disable a user and end their sessions; the last owner cannot be disabled',
        params: IdParam,
        response: { 200: User },
      },
    },
    async (req) => setUserDisabled(ctx, actorOf(req), Number(req.params.id), true),
  );

  r.post(
    '/users/:id/enable',
    {
      config: { permission: 'users.manage' },
      schema: {
        operationId: 'enableUser',
        tags: tag,
        security,
        summary: 'Enable a disabled user',
        params: IdParam,
        response: { 200: User },
      },
    },
    async (req) => setUserDisabled(ctx, actorOf(req), Number(req.params.id), false),
  );

  r.post(
    '/users/:id/password',
    {
      config: { permission: 'users.manage' },
      schema: {
        operationId: 'setUserPassword',
        tags: tag,
        security,
        summary: 'Set a new password; lifts a lockout and ends the old sessions',
        params: IdParam,
        body: Strict({ password: Password }),
        response: { 200: User },
      },
    },
    async (req) => resetPassword(ctx, actorOf(req), Number(req.params.id), req.body.password),
  );

  r.get(
    '/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        operationId: 'listAudit',
        tags: tag,
        security,
        summary: 'The audit log, newest first, with before and after of every change',
        querystring: Strict({
          entity: Type.Optional(Text(50, 'guest, card, account, user, terminal, …')),
          entity_id: Type.Optional(Text(100)),
          actor_id: Type.Optional(Text(100, 'A user id')),
          action: Type.Optional(Text(50, 'create, update, set_status, adjust, …')),
          ...PeriodQuery,
          ...PageQuery,
        }),
        response: { 200: Audit },
      },
    },
    async (req) =>
      queryAudit(ctx, req.admin.orgId, { ...req.query, limit: pageLimit(req.query.limit) }),
  );
}
