// Admin API authentication and authorization. Secure by default: every admin route must
// declare `config.permission`, or the server refuses to start; every request is
// authenticated (but 'public' routes) and checked against the role table of
// src/domain/roles.ts before its handler runs.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, AppContext } from '../../app/context.ts';
import { authenticateUser, type AdminPrincipal } from '../../app/admin/users.ts';
import {
  authenticateOperator,
  isOperatorToken,
  operatorActor,
} from '../../app/installation/operators.ts';
import type { InstallationActor } from '../../app/installation/audit.ts';
import { fail } from '../../domain/errors.ts';
import { can, type Permission } from '../../domain/roles.ts';

declare module 'fastify' {
  interface FastifyRequest {
    admin: AdminPrincipal;
  }
  interface FastifyContextConfig {
    /** The permission an admin route needs; 'signed-in' for any user; 'public' for sign-in. */
    permission?: Permission | 'signed-in' | 'public';
    /**
     * A 'signed-in' route the installation's operator may call too (who am I, sign out). Any
     * other route refuses the operator: routes with a permission by the role table (the
     * operator has none of an organization's), 'signed-in' ones here, before the handler.
     */
    operator?: boolean;
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
    const token = bearerToken(req);
    req.admin =
      token && isOperatorToken(token)
        ? await authenticateOperator(ctx, token)
        : await authenticateUser(ctx, token);
    if (permission && permission !== 'signed-in') assertPermission(req, permission);
    else if (req.admin.scope === 'installation' && !req.routeOptions.config.operator)
      refuseOperator();
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

function refuseOperator(): never {
  fail(
    'forbidden',
    'permission_denied',
    {
      ru: 'Оператору установки это недоступно: данные организаций видят только их сотрудники',
      en: "The installation's operator may not do this: only an organization's staff see its data",
    },
    { role: 'operator' },
  );
}

/** The audit log's "who" for an admin request. */
export function actorOf(req: FastifyRequest): Actor {
  // Unreachable by the hook above; a guard all the same, as org 0 would be nobody's log.
  if (req.admin.scope !== 'organization') refuseOperator();
  return {
    orgId: req.admin.orgId,
    type: 'user',
    id: String(req.admin.userId),
    name: req.admin.name,
  };
}

/** The installation audit's "who" for an operator's request. */
export function operatorOf(req: FastifyRequest): InstallationActor {
  return operatorActor(req.admin.userId, req.admin.name);
}
