// Admin API test client: one signed-in user per role in an organization, and a JSON caller.
import type { FastifyInstance } from 'fastify';
import { createUser } from '../../src/app/admin/users.ts';
import type { AppContext } from '../../src/app/context.ts';
import { ROLES, type Role } from '../../src/domain/roles.ts';
import type { OrgFixture } from './fixtures.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export const PASSWORD = 'correct horse battery';

export interface AdminResponse {
  status: number;
  // Tests read whatever the endpoint answers.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export function adminCaller(app: FastifyInstance) {
  return async (
    method: Method,
    url: string,
    token: string | null,
    body?: unknown,
  ): Promise<AdminResponse> => {
    const res = await app.inject({
      method,
      url: `/api/admin/v1${url}`,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined
        ? { payload: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
  };
}

/** Creates a user of every role in `org` and signs each in; tokens and user ids by role. */
export async function signInEveryRole(
  ctx: AppContext,
  app: FastifyInstance,
  org: OrgFixture,
  tag: string,
): Promise<Record<Role, { token: string; userId: number }>> {
  const call = adminCaller(app);
  const out = {} as Record<Role, { token: string; userId: number }>;
  for (const role of ROLES) {
    const email = `${role}.${tag}@example.ru`;
    const user = await createUser(ctx, org.actor, {
      email,
      name: `${role} ${tag}`,
      role,
      password: PASSWORD,
    });
    const login = await call('POST', '/auth/login', null, { email, password: PASSWORD });
    if (login.status !== 200) throw new Error(`login of ${email}: ${JSON.stringify(login.body)}`);
    out[role] = { token: login.body.token, userId: user.id };
  }
  return out;
}
