// Admin API authentication and authorization. Every admin route declares the permission it
// needs; the role × permission table lives in src/domain/roles.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, AppContext } from '../../app/context.ts';
import { authenticateUser, type AdminPrincipal } from '../../app/admin/users.ts';
import { fail } from '../../domain/errors.ts';
import { can, type Permission } from '../../domain/roles.ts';

declare module 'fastify' {
  interface FastifyRequest {
    admin: AdminPrincipal;
  }
}

export function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

/** Authenticates every request of the plugin it is added to (all but /auth/login). */
export function adminAuthentication(
  app: FastifyInstance,
  ctx: AppContext,
  open: readonly string[] = [],
) {
  app.decorateRequest('admin', null as unknown as AdminPrincipal);
  app.addHook('onRequest', async (req) => {
    if (open.includes(req.routeOptions.url ?? '')) return;
    req.admin = await authenticateUser(ctx, bearerToken(req));
  });
}

/** A preHandler that lets the request through only when the user's role has `permission`. */
export function requirePermission(permission: Permission) {
  return async (req: FastifyRequest) => {
    if (!can(req.admin.role, permission)) {
      fail(
        'forbidden',
        'permission_denied',
        {
          ru: `Роли «${req.admin.role}» это действие недоступно (нужно право ${permission})`,
          en: `The ${req.admin.role} role may not do this (needs ${permission})`,
        },
        { role: req.admin.role, permission },
      );
    }
  };
}

/** The audit log's "who" for an admin request. */
export function actorOf(req: FastifyRequest): Actor {
  return {
    orgId: req.admin.orgId,
    type: 'user',
    id: String(req.admin.userId),
    name: req.admin.name,
  };
}
