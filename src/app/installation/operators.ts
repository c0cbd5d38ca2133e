// The installation's operators: whoever hosts Kopilka for many organizations. They sign in on
// the same page and through the same route as staff (sign-in.ts: the same budget, lockout and
// refusal), their passwords follow the staff policy and their sessions the staff rules; only
// their rows live apart, in no organization. A session token names its kind: ko_<session>_<secret>.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { fail } from '../../domain/errors.ts';
import { SESSION_HOURS } from '../../domain/roles.ts';
import { inTransaction, type AppContext, type Tx } from '../context.ts';
import { validatePassword } from '../admin/password-policy.ts';
import { hashPassword, tokenHash, type AdminPrincipal } from '../admin/users.ts';
import { installationAudit, type InstallationActor } from './audit.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function assertEmail(email: string): void {
  if (!EMAIL.test(email))
    fail('validation', 'invalid_email', {
      ru: 'Неверный адрес e-mail',
      en: 'Invalid e-mail address',
    });
}

export interface OperatorInput {
  email: string;
  name: string;
  password: string;
}

/** A new operator; the password is checked by the staff policy. */
export async function createOperator(
  ctx: AppContext,
  actor: InstallationActor,
  input: OperatorInput,
) {
  assertEmail(input.email);
  await validatePassword(input.password, [input.email, input.name]);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(ctx, (tx) =>
    insertOperator(tx, actor, input.email, input.name, passwordHash),
  );
}

export async function insertOperator(
  tx: Tx,
  actor: InstallationActor,
  email: string,
  name: string,
  passwordHash: string,
) {
  const taken = await tx
    .selectFrom('operators')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  if (taken)
    fail('conflict', 'email_taken', {
      ru: 'Оператор с таким e-mail уже есть',
      en: 'An operator with this e-mail already exists',
    });
  const op = await tx
    .insertInto('operators')
    .values({ email, name, password_hash: passwordHash, disabled_at: null })
    .returning(['id', 'email', 'name', 'created_at'])
    .executeTakeFirstOrThrow();
  await installationAudit(tx, actor, 'create', 'operator', op.id, null, null, op);
  return op;
}

export async function listOperators(ctx: AppContext) {
  const rows = await ctx.db
    .selectFrom('operators')
    .select(['id', 'email', 'name', 'disabled_at', 'created_at'])
    .orderBy('id')
    .execute();
  return { rows, next_cursor: null };
}

export async function hasOperator(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db.selectFrom('operators').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Opens a session for an operator whose password was just checked; the token is shown once. */
export async function openOperatorSession(
  tx: Tx,
  op: { id: number; email: string; name: string },
  now: Date,
) {
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  const s = await tx
    .insertInto('operator_sessions')
    .values({
      operator_id: op.id,
      token_hash: tokenHash(secret),
      expires_at: expiresAt,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await installationAudit(
    tx,
    operatorActor(op.id, op.email),
    'login',
    'operator',
    op.id,
    null,
    null,
    {
      session: s.id,
    },
  );
  return { token: `ko_${s.id}_${secret}`, expiresAt };
}

export const operatorActor = (id: number, name: string): InstallationActor => ({
  type: 'operator',
  id: String(id),
  name,
});

const TOKEN = /^ko_(\d{1,15})_([A-Za-z0-9_-]{43})$/;

export const isOperatorToken = (token: string) => token.startsWith('ko_');

/** The operator a bearer token belongs to, or 401 session_invalid as for staff. */
export async function authenticateOperator(
  ctx: AppContext,
  token: string,
): Promise<AdminPrincipal> {
  const m = TOKEN.exec(token);
  const row = m
    ? await ctx.db
        .selectFrom('operator_sessions as s')
        .innerJoin('operators as o', 'o.id', 's.operator_id')
        .select([
          's.token_hash',
          's.expires_at',
          's.revoked_at',
          'o.id as operator_id',
          'o.name',
          'o.disabled_at',
        ])
        .where('s.id', '=', Number(m[1]))
        .executeTakeFirst()
    : undefined;
  const ok =
    m &&
    row &&
    timingSafeEqual(
      Buffer.from(row.token_hash, 'hex'),
      Buffer.from(tokenHash(m[2] as string), 'hex'),
    );
  if (!m || !row || !ok || row.revoked_at || row.disabled_at || row.expires_at <= ctx.now()) {
    fail('auth', 'session_invalid', {
      ru: 'Сессия истекла или недействительна: войдите снова',
      en: 'The session has expired or is invalid: sign in again',
    });
  }
  return {
    scope: 'installation',
    orgId: 0,
    userId: row.operator_id,
    role: 'operator',
    name: row.name,
    sessionId: Number(m[1]),
  };
}

export async function logoutOperator(ctx: AppContext, p: AdminPrincipal) {
  await inTransaction(ctx, async (tx) => {
    await tx
      .updateTable('operator_sessions')
      .set({ revoked_at: ctx.now() })
      .where('id', '=', p.sessionId)
      .execute();
    await installationAudit(
      tx,
      operatorActor(p.userId, p.name),
      'logout',
      'operator',
      p.userId,
      null,
      null,
      null,
    );
  });
}
