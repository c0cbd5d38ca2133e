// One-time password set-up links: nobody but the person who will sign in ever knows the
// password. The first operator's is made at a production server's first start and printed on
// its console (no default password exists); an organization's first owner's is made by the
// operator who creates the organization and handed over by them. A link is a random token of
// which only a hash is kept; it works once, until it expires, and only for what it was made for.
import { createHash, randomBytes } from 'node:crypto';
import { fail } from '../../domain/errors.ts';
import type { SetupPurpose } from '../../db/schema-installation.ts';
import { audit } from '../audit.ts';
import { inTransaction, type AppContext, type Tx } from '../context.ts';
import { validatePassword } from '../admin/password-policy.ts';
import { hashPassword } from '../admin/users.ts';
import { assertEmail, insertOperator } from './operators.ts';

/** How long a link works: a day at first start (the console is read at once), three for an owner. */
export const SETUP_HOURS: Record<SetupPurpose, number> = { first_operator: 24, user: 72 };

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** Makes a link; the token is returned once and kept only as a hash. */
export async function issueSetup(
  tx: Tx,
  now: Date,
  purpose: SetupPurpose,
  user?: { orgId: number; userId: number },
) {
  const token = `kps_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + SETUP_HOURS[purpose] * 3_600_000);
  await tx
    .insertInto('password_setups')
    .values({
      token_hash: digest(token),
      purpose,
      org_id: user?.orgId ?? null,
      user_id: user?.userId ?? null,
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return { token, path: `/setup#${token}`, expires_at: expiresAt.toISOString() };
}

/** At a production server's start: a first-operator link while the installation has no operator. */
export async function firstOperatorSetup(ctx: AppContext) {
  return inTransaction(ctx, async (tx) => {
    const any = await tx.selectFrom('operators').select('id').limit(1).executeTakeFirst();
    if (any) return null;
    // One link works at a time: the one on the console of the latest start.
    await tx
      .updateTable('password_setups')
      .set({ used_at: ctx.now() })
      .where('purpose', '=', 'first_operator')
      .where('used_at', 'is', null)
      .execute();
    return issueSetup(tx, ctx.now(), 'first_operator');
  });
}

function invalidLink(): never {
  fail('not_found', 'setup_link_invalid', {
    ru: 'Ссылка для установки пароля недействительна, уже использована или устарела: попросите новую',
    en: 'The password set-up link is invalid, already used or expired: ask for a new one',
  });
}

async function findSetup(db: Tx | AppContext['db'], token: string, now: Date, lock: boolean) {
  const row = await db
    .selectFrom('password_setups as s')
    .leftJoin('users as u', (j) =>
      j.onRef('u.org_id', '=', 's.org_id').onRef('u.id', '=', 's.user_id'),
    )
    .leftJoin('organizations as o', 'o.id', 's.org_id')
    .select([
      's.id',
      's.purpose',
      's.org_id',
      's.user_id',
      's.expires_at',
      's.used_at',
      'u.email',
      'u.name',
      'u.disabled_at',
      'o.name as org_name',
    ])
    .where('s.token_hash', '=', digest(token))
    .$if(lock, (q) => q.forUpdate('s'))
    .executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= now || row.disabled_at) invalidLink();
  return row;
}

/** What a link is for, so the page can say it before the person types a password. */
export async function describeSetup(ctx: AppContext, token: string) {
  const s = await findSetup(ctx.db, token, ctx.now(), false);
  return {
    purpose: s.purpose,
    email: s.email,
    name: s.name,
    organization: s.org_name,
    expires_at: s.expires_at.toISOString(),
  };
}

export interface SetupInput {
  token: string;
  password: string;
  /** The first operator's e-mail and name; a user's are already known. */
  email?: string | undefined;
  name?: string | undefined;
}

/** Sets the password (and, for the first operator, creates the account); the link is spent. */
export async function redeemSetup(ctx: AppContext, input: SetupInput) {
  const seen = await findSetup(ctx.db, input.token, ctx.now(), false);
  const email = seen.purpose === 'user' ? (seen.email as string) : (input.email ?? '');
  const name = seen.purpose === 'user' ? (seen.name as string) : (input.name ?? '');
  if (seen.purpose === 'first_operator') {
    assertEmail(email);
    if (!name.trim()) fail('validation', 'name_required', { ru: 'Укажите имя', en: 'Give a name' });
  }
  await validatePassword(input.password, [email, name]);
  const hash = await hashPassword(input.password);
  return inTransaction(ctx, async (tx) => {
    const s = await findSetup(tx, input.token, ctx.now(), true);
    await tx
      .updateTable('password_setups')
      .set({ used_at: ctx.now() })
      .where('id', '=', s.id)
      .execute();
    if (s.purpose === 'first_operator') {
      // A link of the first start makes the first operator only, whichever way that one came.
      const any = await tx.selectFrom('operators').select('id').limit(1).executeTakeFirst();
      if (any) invalidLink();
      const actor = { type: 'system' as const, id: null, name: 'first start' };
      const op = await insertOperator(tx, actor, email, name.trim(), hash);
      return { email: op.email, scope: 'installation' as const };
    }
    const orgId = s.org_id as number;
    const userId = s.user_id as number;
    await tx
      .updateTable('users')
      .set({ password_hash: hash })
      .where('org_id', '=', orgId)
      .where('id', '=', userId)
      .execute();
    const actor = { orgId, type: 'user' as const, id: String(userId), name: email };
    await audit(tx, actor, 'set_password', 'user', userId, null, { by: 'setup_link' });
    return { email, scope: 'organization' as const };
  });
}
