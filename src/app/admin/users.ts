// Users of the admin API: passwords hashed with scrypt, sessions as random bearer tokens of
// which only a hash is stored, expiring after hours. Signing in is in sign-in.ts.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { fail } from '../../domain/errors.ts';
import { ROLES, type AdminRole, type Role } from '../../domain/roles.ts';
import { audit } from '../audit.ts';
import { validatePassword } from './password-policy.ts';
import { inTransaction, type Actor, type AppContext } from '../context.ts';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [, salt, key] = stored.split('$');
  if (!salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const got = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length);
  return timingSafeEqual(expected, got);
}

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  /** None: the user sets it through a one-time set-up link (installation/password-setup.ts). */
  password?: string | undefined;
}

export async function createUser(ctx: AppContext, actor: Actor, input: UserInput) {
  if (!ROLES.includes(input.role))
    fail(
      'validation',
      'invalid_role',
      { ru: 'Неизвестная роль', en: 'Unknown role' },
      { allowed: ROLES },
    );
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email))
    fail('validation', 'invalid_email', {
      ru: 'Неверный адрес e-mail',
      en: 'Invalid e-mail address',
    });
  // Without a password, the hash of a random one nobody knows: signing in checks it as any other.
  const password = input.password ?? randomBytes(32).toString('base64url');
  if (input.password !== undefined) await validatePassword(password, [input.email, input.name]);
  const passwordHash = await hashPassword(password);
  return inTransaction(ctx, async (tx) => {
    const taken = await tx
      .selectFrom('users')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
      .executeTakeFirst();
    // Only this organization's users are looked at: another organization's are none of its business.
    if (taken)
      fail('conflict', 'email_taken', {
        ru: 'В организации уже есть пользователь с таким e-mail',
        en: 'The organization already has a user with this e-mail',
      });
    const user = await tx
      .insertInto('users')
      .values({
        org_id: actor.orgId,
        email: input.email,
        name: input.name,
        role: input.role,
        password_hash: passwordHash,
        disabled_at: null,
      })
      .returning(['id', 'org_id', 'email', 'name', 'role', 'created_at'])
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'create', 'user', user.id, null, user);
    return user;
  });
}

export interface AdminPrincipal {
  /** Staff of one organization, or the installation's operator (orgId 0: in no organization). */
  scope: 'organization' | 'installation';
  orgId: number;
  /** The user's id, or the operator's. */
  userId: number;
  role: AdminRole;
  name: string;
  sessionId: number;
}

const TOKEN = /^ks_(\d{1,15})_(\d{1,15})_([A-Za-z0-9_-]{43})$/;
export const tokenHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function authenticateUser(
  ctx: AppContext,
  token: string | undefined,
): Promise<AdminPrincipal> {
  const m = token ? TOKEN.exec(token) : null;
  if (!m)
    fail('auth', 'login_required', {
      ru: 'Войдите: нужен токен Authorization: Bearer ks_…',
      en: 'Sign in: a token is required, Authorization: Bearer ks_…',
    });
  const [orgId, sessionId, secret] = [Number(m[1]), Number(m[2]), m[3] as string];
  const row = await ctx.db
    .selectFrom('user_sessions as s')
    .innerJoin('users as u', (j) =>
      j.onRef('u.org_id', '=', 's.org_id').onRef('u.id', '=', 's.user_id'),
    )
    .select([
      's.token_hash',
      's.expires_at',
      's.revoked_at',
      'u.id as user_id',
      'u.role',
      'u.name',
      'u.disabled_at',
    ])
    .where('s.org_id', '=', orgId)
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  const ok =
    row &&
    timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(tokenHash(secret), 'hex'));
  if (!row || !ok || row.revoked_at || row.disabled_at || row.expires_at <= ctx.now()) {
    fail('auth', 'session_invalid', {
      ru: 'Сессия истекла или недействительна: войдите снова',
      en: 'The session has expired or is invalid: sign in again',
    });
  }
  return {
    scope: 'organization',
    orgId,
    userId: row.user_id,
    role: row.role,
    name: row.name,
    sessionId,
  };
}

export async function logout(ctx: AppContext, p: AdminPrincipal) {
  await inTransaction(ctx, async (tx) => {
    await tx
      .updateTable('user_sessions')
      .set({ revoked_at: ctx.now() })
      .where('org_id', '=', p.orgId)
      .where('id', '=', p.sessionId)
      .execute();
    await audit(
      tx,
      { orgId: p.orgId, type: 'user', id: String(p.userId), name: p.name },
      'logout',
      'user',
      p.userId,
      null,
      null,
    );
  });
}
