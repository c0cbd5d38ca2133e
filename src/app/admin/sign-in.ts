// Signing in to the admin API, made hard to guess and cheap to refuse:
// - failures are counted per e-mail address in one upsert (sign_in_failures), so parallel
//   wrong passwords each count, and an unknown address is counted like a known one;
// - a success re-reads the lockout under the row's lock, so a right password hidden in a
//   burst of wrong ones is refused once the burst has locked the address;
// - every refusal is the same 401 invalid_credentials (unknown address, wrong password,
//   locked, disabled) and takes at least SIGN_IN_FLOOR_MS, so neither the answer nor its
//   time tells whether an address has an account (a 429 of the budget below waits as long);
// - scrypt costs CPU the tills need, so sign-ins spend a budget shared by every address (a
//   token bucket, KOPILKA_SIGN_IN_CHECKS_PER_SECOND): a distributed flood is answered
//   429 too_many_sign_ins with Retry-After once the budget is spent — by the HTTP layer, before
//   the body is read (takeSignIn), as the cheapest answer a server can give;
// - within the budget, scrypt runs for one sign-in at a time with a bounded queue, so even a
//   burst costs one core at most.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import { sql } from 'kysely';
import { DomainError, fail } from '../../domain/errors.ts';
import { LOGIN_POLICY, SESSION_HOURS, type AdminRole } from '../../domain/roles.ts';
import { audit } from '../audit.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from '../context.ts';
import { installationAudit } from '../installation/audit.ts';
import { openOperatorSession, operatorActor } from '../installation/operators.ts';
import { TokenBucket } from '../token-bucket.ts';
import { checkPassword, tokenHash } from './users.ts';

/** Every refused sign-in is answered no sooner than this after it arrived. */
export const SIGN_IN_FLOOR_MS = 400;
/** Sign-ins waiting for the password check beyond the one being checked; more are refused. */
export const SIGN_IN_QUEUE = 64;
/** The budget saves up this many seconds of sign-ins, so a morning's sign-ins at once pass
 * (20 at the default rate). */
export const SIGN_IN_BURST_SECONDS = 20;
/** A full queue is some seconds of scrypt on a loaded machine. */
const QUEUE_RETRY_SECONDS = 5;

/** The sign-ins a server may check per second, across all addresses (the tills get the rest). */
export function signInBudget(perSecond: number, clock?: () => number): TokenBucket {
  return new TokenBucket(perSecond, Math.max(1, perSecond * SIGN_IN_BURST_SECONDS), clock);
}

// One process, one budget: the limit is shared by every server the process runs.
const passwordCheck = pLimit(1);
// A hash of the same shape and cost as a real one, checked when there is no real one to check.
const DUMMY_HASH = `scrypt$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`;

function badLogin(): never {
  fail('auth', 'invalid_credentials', {
    ru: 'Неверный e-mail или пароль, либо вход временно заблокирован после неудачных попыток',
    en: 'Wrong e-mail or password, or signing in is locked for a while after failed attempts',
  });
}

/** Why a sign-in is refused for the server's sake, and when to ask again. */
export function tooManySignInsMessage(seconds: number) {
  return {
    ru: `Слишком много попыток входа на сервер: повторите через ${seconds} с`,
    en: `Too many sign-ins on the server: try again in ${seconds} s`,
  };
}

function tooManySignIns(seconds: number): never {
  fail('too_many', 'too_many_sign_ins', tooManySignInsMessage(seconds), {
    retry_after_seconds: seconds,
  });
}

/**
 * Spends one sign-in of the budget and answers 0, or, with the budget spent, answers the
 * seconds until there is one again (the sign-in is to be refused 429 too_many_sign_ins
 * before it costs anything). Every attempt counts, a malformed one too: it is taken before
 * the body is read.
 */
export function takeSignIn(budget: TokenBucket): number {
  const waitMs = budget.take();
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

async function checkInTurn(password: string, hash: string): Promise<boolean> {
  // The budget may admit more than a slow machine checks: the queue stays bounded all the same.
  if (passwordCheck.pendingCount >= SIGN_IN_QUEUE) tooManySignIns(QUEUE_RETRY_SECONDS);
  return passwordCheck(() => checkPassword(password, hash));
}

/** Writes a failed sign-in of a known account in the log its owner reads. */
type FailureAudit = (tx: Tx, lockedNow: boolean, failures: number) => Promise<void>;

async function countFailure(ctx: AppContext, email: string, now: Date, log: FailureAudit | null) {
  const lockUntil = new Date(now.getTime() + LOGIN_POLICY.lockMinutes * 60_000);
  const max = LOGIN_POLICY.maxFailures;
  await inTransaction(ctx, async (tx) => {
    // Reaching the limit locks the address and starts the count again, as the lock's own
    // count: failures while locked extend the lock once they reach the limit again.
    const row = await sql<{ failures: number; locked_until: Date | null }>`
      insert into sign_in_failures as f (email, failures, locked_until, last_failed_at)
      values (${email}, 1, null, ${now})
      on conflict (email) do update set
        failures = case when f.failures + 1 >= ${max} then 0 else f.failures + 1 end,
        locked_until = case when f.failures + 1 >= ${max} then ${lockUntil} else f.locked_until end,
        last_failed_at = ${now}
      returning failures, locked_until`.execute(tx);
    const after = row.rows[0];
    if (!log || !after) return;
    const lockedNow = after.failures === 0;
    await log(tx, lockedNow, lockedNow ? max : after.failures);
  });
}

const REFUSALS_WITH_FLOOR = new Set(['invalid_credentials', 'too_many_sign_ins']);

/** Accounts one e-mail address may have across organizations that a sign-in looks at. */
const MAX_ACCOUNTS = 5;

/**
 * Signs in with e-mail and password, once the sign-in has been let through by the server's
 * budget (takeSignIn): one sign-in takes one token, whatever the address has (an address with
 * accounts in several organizations costs a check per account, up to MAX_ACCOUNTS).
 * `started` is when the request arrived (performance.now()), which the refusal's floor counts from.
 */
export async function login(
  ctx: AppContext,
  email: string,
  password: string,
  organizationId?: number,
  started = performance.now(),
) {
  try {
    return await signIn(ctx, email.toLowerCase(), password, organizationId);
  } catch (e) {
    // A refusal's floor is a timer, not work: it also keeps a refused client from asking again
    // at once, so refusing a flood costs the tills little.
    if (e instanceof DomainError && REFUSALS_WITH_FLOOR.has(e.code)) {
      const wait = started + SIGN_IN_FLOOR_MS - performance.now();
      if (wait > 0) await sleep(wait);
    }
    throw e;
  }
}

/** An account an address may sign in to: a user of an organization, or an operator (org_id null). */
interface Account {
  id: number;
  org_id: number | null;
  email: string;
  name: string;
  role: AdminRole;
  password_hash: string;
  org_name: string;
}

/** The address's active accounts; organizationId 0 picks the operator's, another one an organization's. */
async function accountsOf(ctx: AppContext, email: string, organizationId?: number) {
  const users: Account[] =
    organizationId === 0
      ? []
      : await ctx.db
          .selectFrom('users as u')
          .innerJoin('organizations as o', 'o.id', 'u.org_id')
          .select([
            'u.id',
            'u.org_id',
            'u.email',
            'u.name',
            'u.role',
            'u.password_hash',
            'o.name as org_name',
          ])
          .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email))
          .where('u.disabled_at', 'is', null)
          .$if(organizationId !== undefined, (q) =>
            q.where('u.org_id', '=', organizationId as number),
          )
          .orderBy('u.org_id')
          .limit(MAX_ACCOUNTS)
          .execute();
  if (organizationId !== undefined && organizationId !== 0) return users;
  const operator = await ctx.db
    .selectFrom('operators')
    .select(['id', 'email', 'name', 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email))
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (!operator) return users;
  const account: Account = {
    ...operator,
    org_id: null,
    role: 'operator',
    org_name: INSTALLATION_NAME,
  };
  return [account, ...users].slice(0, MAX_ACCOUNTS);
}

/** How the operator's account is named when an address has several accounts. */
const INSTALLATION_NAME = 'Установка (оператор) / Installation (operator)';

function failureAudit(account: Account | undefined): FailureAudit | null {
  if (!account) return null;
  return async (tx, lockedNow, failures) => {
    const action = lockedNow ? 'lockout' : 'login_failed';
    if (account.org_id === null) {
      const actor = operatorActor(account.id, account.email);
      await installationAudit(tx, actor, action, 'operator', account.id, null, null, { failures });
    } else {
      const actor: Actor = {
        orgId: account.org_id,
        type: 'user',
        id: String(account.id),
        name: account.email,
      };
      await audit(tx, actor, action, 'user', account.id, null, { failures });
    }
  };
}

async function signIn(ctx: AppContext, email: string, password: string, organizationId?: number) {
  const now = ctx.now();
  // An address may have an account in several organizations, and an operator's: the password
  // picks the account.
  const accounts = await accountsOf(ctx, email, organizationId);
  const lock = await ctx.db
    .selectFrom('sign_in_failures')
    .select('locked_until')
    .where('email', '=', email)
    .executeTakeFirst();
  const locked = !!lock?.locked_until && lock.locked_until > now;
  // A check runs whatever the case, so the time does not tell the cases apart.
  const matching: Account[] = [];
  if (locked || accounts.length === 0) await checkInTurn(password, DUMMY_HASH);
  else for (const a of accounts) if (await checkInTurn(password, a.password_hash)) matching.push(a);
  if (locked || matching.length === 0) {
    await countFailure(ctx, email, now, failureAudit(accounts[0]));
    badLogin();
  }
  if (matching.length > 1) {
    // Only someone who knows the password of every one of these accounts learns of them.
    fail(
      'conflict',
      'organization_required',
      {
        ru: 'У этого e-mail есть доступ к нескольким организациям: укажите organization_id',
        en: 'This e-mail has access to several organizations: give organization_id',
      },
      { organizations: matching.map((a) => ({ id: a.org_id ?? 0, name: a.org_name })) },
    );
  }
  const account = matching[0] as Account;
  const session = await inTransaction(ctx, async (tx) => {
    // Failures of a parallel burst may have locked the address since it was read above.
    const current = await tx
      .selectFrom('sign_in_failures')
      .select('locked_until')
      .where('email', '=', email)
      .forUpdate()
      .executeTakeFirst();
    if (current?.locked_until && current.locked_until > now) return null;
    await tx.deleteFrom('sign_in_failures').where('email', '=', email).execute();
    return account.org_id === null
      ? openOperatorSession(tx, account, now)
      : openUserSession(tx, { ...account, org_id: account.org_id }, now);
  });
  if (!session) badLogin();
  return {
    token: session.token,
    expires_at: session.expiresAt.toISOString(),
    user: {
      id: account.id,
      email: account.email,
      name: account.name,
      role: account.role,
      org_id: account.org_id,
    },
  };
}

async function openUserSession(
  tx: Tx,
  user: { id: number; org_id: number; email: string },
  now: Date,
) {
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  const s = await tx
    .insertInto('user_sessions')
    .values({
      org_id: user.org_id,
      user_id: user.id,
      token_hash: tokenHash(secret),
      expires_at: expiresAt,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const actor: Actor = { orgId: user.org_id, type: 'user', id: String(user.id), name: user.email };
  await audit(tx, actor, 'login', 'user', user.id, null, { session: s.id });
  return { token: `ks_${user.org_id}_${s.id}_${secret}`, expiresAt };
}
