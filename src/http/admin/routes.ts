// Admin API v1: sign-in, and the route groups for managers, marketers, integrators and
// analysts. Each group lives in its own file and registers here.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import { logout } from '../../app/admin/users.ts';
import { logoutOperator } from '../../app/installation/operators.ts';
import { login } from '../../app/admin/sign-in.ts';
import type { TokenBucket } from '../../app/token-bucket.ts';
import { refuseBeyondBudget } from './sign-in-budget.ts';
import { reportSource, type ReportDatabase } from '../../db/replica.ts';
import { ROLE_PERMISSIONS } from '../../domain/roles.ts';
import { perAddressLimits, perMinute, SIGN_IN_PER_MINUTE } from '../rate-limits.ts';
import { adminAuthentication } from './auth.ts';
import { cardRoutes } from './cards.ts';
import { dashboardRoutes } from './dashboard.ts';
import { etipsRoutes } from './etips.ts';
import { guestChannelRoutes } from './guest-channels.ts';
import { guestRoutes } from './guests.ts';
import { installationRoutes } from './installation.ts';
import { walletRoutes } from './wallet.ts';
import { moneyLimitRoutes } from './money-limits.ts';
import { organizationRoutes } from './organization.ts';
import { posConnectionRoutes } from './pos-connections.ts';
import { programRoutes } from './program.ts';
import { userRoutes } from './users.ts';
import { iikoAdminRoutes } from './iiko.ts';
import { reportRoutes } from './reports.ts';
import { rkeeperAdminRoutes } from './rkeeper.ts';
import { scheduledJobRoutes } from './scheduled-jobs.ts';
import type { EmailOptions } from '../../events/email/smtp.ts';
import { notificationRoutes } from './notifications.ts';
import { webhookRoutes } from './webhooks.ts';
import { Me, Session, SignedOut } from './user-answers.ts';

const tags = ['Admin API v1'];
export const adminSecurity = [{ adminSession: [] }];

export async function adminRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: {
    signInBudget: TokenBucket;
    signInPerMinute?: number | undefined;
    /** The read replica reports and the dashboard read from (DATABASE_REPLICA_URL); none, the primary. */
    reports?: ReportDatabase | undefined;
    email: EmailOptions;
    /** KOPILKA_WEBHOOKS_ALLOW_PRIVATE, unless the server was given another. */
    webhooksAllowPrivate: boolean;
  },
) {
  const { signInBudget, signInPerMinute = SIGN_IN_PER_MINUTE } = options;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  await perAddressLimits(app);
  adminAuthentication(app, ctx);
  await organizationRoutes(app, ctx);
  await guestRoutes(app, ctx);
  await guestChannelRoutes(app, ctx);
  await walletRoutes(app, ctx);
  await cardRoutes(app, ctx);
  await moneyLimitRoutes(app, ctx);
  await posConnectionRoutes(app, ctx);
  await programRoutes(app, ctx);
  await userRoutes(app, ctx);
  await iikoAdminRoutes(app, ctx);
  const reports = reportSource(ctx.db, options.reports);
  reportRoutes(app, reports);
  dashboardRoutes(app, ctx, reports);
  await rkeeperAdminRoutes(app, ctx);
  await webhookRoutes(app, ctx, options.webhooksAllowPrivate);
  await scheduledJobRoutes(app, ctx);
  await etipsRoutes(app, ctx);
  await notificationRoutes(app, ctx, options.email);
  await installationRoutes(app, ctx);

  r.post(
    '/auth/login',
    {
      config: { permission: 'public', ...perMinute(signInPerMinute) },
      preParsing: refuseBeyondBudget(signInBudget),
      schema: {
        operationId: 'login',
        tags,
        summary: 'Sign in with e-mail and password; returns a bearer token',
        body: Type.Object(
          {
            email: Type.String({ minLength: 3, maxLength: 200 }),
            password: Type.String({ minLength: 1, maxLength: 200 }),
            organization_id: Type.Optional(
              Type.Integer({
                minimum: 0,
                description:
                  'Needed only when the e-mail and password match accounts in several organizations (409 organization_required); 0 is the installation operator’s account',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Session },
      },
    },
    async (req, reply) =>
      login(
        ctx,
        req.body.email,
        req.body.password,
        req.body.organization_id,
        performance.now() - reply.elapsedTime,
      ),
  );

  r.post(
    '/auth/logout',
    {
      config: { permission: 'signed-in', operator: true },
      schema: {
        operationId: 'logout',
        tags,
        security: adminSecurity,
        summary: 'End this session',
        response: { 200: SignedOut },
      },
    },
    async (req) => {
      if (req.admin.scope === 'installation') await logoutOperator(ctx, req.admin);
      else await logout(ctx, req.admin);
      return { status: 'signed_out' as const };
    },
  );

  r.get(
    '/me',
    {
      config: { permission: 'signed-in', operator: true },
      schema: {
        operationId: 'getMe',
        tags,
        security: adminSecurity,
        summary: 'Who I am and what I may do',
        response: { 200: Me },
      },
    },
    async (req) => ({
      user_id: req.admin.userId,
      // The installation's operator is in no organization.
      org_id: req.admin.scope === 'installation' ? null : req.admin.orgId,
      scope: req.admin.scope,
      name: req.admin.name,
      role: req.admin.role,
      permissions: [...ROLE_PERMISSIONS[req.admin.role]],
    }),
  );
}
