// Admin API authentication and authorization. Secure by default: every admin route must
// declare `config.permission`, or the server refuses to start; every request is
// authenticated (but 'public' routes) and checked against the role table of
// src/domain/roles.ts before its handler runs.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, AppContext } from '../../app/context.ts';
import { authenticateUser, type AdminPrincipal } from '../../app/admin/users.ts';
import { fail } from '../../domain/errors.ts';
import { can, type Permission } from '../../domain/roles.ts';

declare module 'fastify' {
  interface FastifyRequest {
    admin: AdminPrincipal;
  }
  interface FastifyContextConfig {
    /** The permission an admin route needs; 'signed-in' for any user; 'public' for sign-in. */
    permission?: Permission | 'signed-in' | 'public';
  }
}

export function bearerToken(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

export function adminAuthentication(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('admin', null as unknown as AdminPrincipal);
  app.addHook('onRoute', (route) => {
    if (route.method === 'HEAD') return;
    const permission = (route.config as { permission?: string } | undefined)?.permission;
    if (!permission) {
      throw new Error(
        `admin route ${String(route.method)} ${route.url} declares no config.permission`,
      );
    }
    // The OpenAPI document states each operation's permission, and the role × endpoint test
    // reads it from there, so routes added later are checked without being listed anywhere.
    route.schema = { ...route.schema, 'x-permission': permission } as typeof route.schema;
  });
  app.addHook('onRequest', async (req) => {
    const permission = req.routeOptions.config.permission;
    if (permission === 'public') return;
    req.admin = await authenticateUser(ctx, bearerToken(req));
    if (permission && permission !== 'signed-in') assertPermission(req, permission);
  });
}

/** Throws unless the signed-in user's role has `permission`. */
export function assertPermission(req: FastifyRequest, permission: Permission): void {
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
