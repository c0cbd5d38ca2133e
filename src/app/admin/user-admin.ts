// Managing the people of an organization (M3): list, change role, disable and enable, reset a
// password. An organization always keeps an active owner: the last one can be neither demoted
// nor disabled. Disabling a user or resetting a password ends their sessions at once.
import { fail } from '../../domain/errors.ts';
import type { Role } from '../../domain/roles.ts';
import { audit } from '../audit.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from '../context.ts';
import { validatePassword } from './password-policy.ts';
import { hashPassword } from './users.ts';

const USER_COLUMNS = ['id', 'email', 'name', 'role', 'disabled_at', 'created_at'] as const;

/** Users with their sign-in state: failures since the last success or lockout, and the lock. */
async function withSignInState<T extends { email: string }>(db: Tx, users: T[]) {
  const emails = users.map((u) => u.email.toLowerCase());
  const failures = emails.length
    ? await db
        .selectFrom('sign_in_failures')
        .select(['email', 'failures', 'locked_until'])
        .where('email', 'in', emails)
        .execute()
    : [];
  const byEmail = new Map(failures.map((f) => [f.email, f]));
  return users.map((u) => {
    const f = byEmail.get(u.email.toLowerCase());
    return { ...u, failed_logins: f?.failures ?? 0, locked_until: f?.locked_until ?? null };
  });
}

export async function listUsers(ctx: AppContext, orgId: number) {
  const users = await ctx.db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
  return withSignInState(ctx.db, users);
}

async function lockUser(tx: Tx, orgId: number, id: number) {
  const user = await tx
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!user)
    fail(
      'not_found',
      'user_not_found',
      { ru: 'Пользователь не найден', en: 'User not found' },
      { user_id: id },
    );
  return user;
}

/** Owners are locked in id order, so two demotions at once cannot both see "another owner". */
async function assertAnotherOwner(tx: Tx, orgId: number, userId: number) {
  const owners = await tx
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'owner')
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  if (!owners.some((o) => o.id !== userId)) {
    fail('conflict', 'last_owner', {
      ru: 'Это последний владелец организации: сначала назначьте другого владельца',
      en: "This is the organization's last owner: make someone else an owner first",
    });
  }
}

async function endSessions(tx: Tx, orgId: number, userId: number, now: Date): Promise<number> {
  const r = await tx
    .updateTable('user_sessions')
    .set({ revoked_at: now })
    .where('org_id', '=', orgId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function updateUser(
  ctx: AppContext,
  actor: Actor,
  id: number,
  patch: { name?: string; role?: Role },
) {
  return inTransaction(ctx, async (tx) => {
    const before = await lockUser(tx, actor.orgId, id);
    if (before.role === 'owner' && patch.role !== undefined && patch.role !== 'owner')
      await assertAnotherOwner(tx, actor.orgId, id);
    const after = await tx
      .updateTable('users')
      .set({ name: patch.name ?? before.name, role: patch.role ?? before.role })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'update', 'user', id, before, after);
    return (await withSignInState(tx, [after]))[0];
  });
}

export async function setUserDisabled(
  ctx: AppContext,
  actor: Actor,
  id: number,
  disabled: boolean,
) {
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const before = await lockUser(tx, actor.orgId, id);
    if (disabled && before.role === 'owner') await assertAnotherOwner(tx, actor.orgId, id);
    const after = await tx
      .updateTable('users')
      .set({ disabled_at: disabled ? (before.disabled_at ?? now) : null })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
    const ended = disabled ? await endSessions(tx, actor.orgId, id, now) : 0;
    await audit(tx, actor, disabled ? 'disable' : 'enable', 'user', id, before, {
      ...after,
      sessions_ended: ended,
    });
    return (await withSignInState(tx, [after]))[0];
  });
}

/** Sets a new password given by an owner; the lockout is lifted and old sessions end. */
export async function resetPassword(ctx: AppContext, actor: Actor, id: number, password: string) {
  const user = await ctx.db
    .selectFrom('users')
    .select(['email', 'name'])
    .where('org_id', '=', actor.orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  await validatePassword(password, user ? [user.email, user.name] : []);
  const hash = await hashPassword(password);
  const now = ctx.now();
  return inTransaction(ctx, async (tx) => {
    const before = await lockUser(tx, actor.orgId, id);
    const after = await tx
      .updateTable('users')
      .set({ password_hash: hash })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
    await tx
      .deleteFrom('sign_in_failures')
      .where('email', '=', after.email.toLowerCase())
      .execute();
    const ended = await endSessions(tx, actor.orgId, id, now);
    await audit(tx, actor, 'reset_password', 'user', id, before, {
      ...after,
      password_changed: true,
      sessions_ended: ended,
    });
    return (await withSignInState(tx, [after]))[0];
  });
}
