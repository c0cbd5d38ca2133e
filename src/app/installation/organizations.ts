// What the installation's operator does with organizations: lists them, creates one with its
// first owner (who sets a password through a one-time link), and adds restaurants to one.
// The operator sees organizations, their restaurants and their owners' e-mails — what it
// made — and nothing of their guests, operations or reports. Each action is written in the
// installation's audit log and in the organization's own, where its owner sees who did it.
import { fail } from '../../domain/errors.ts';
import type { Actor, AppContext } from '../context.ts';
import { inTransaction } from '../context.ts';
import { createOrganization, createRestaurant, type RestaurantInput } from '../admin/tenancy.ts';
import { createUser } from '../admin/users.ts';
import { installationAudit, type InstallationActor } from './audit.ts';
import { issueSetup } from './password-setup.ts';

export async function listOrganizations(ctx: AppContext) {
  const [orgs, restaurants, owners] = await Promise.all([
    ctx.db.selectFrom('organizations').select(['id', 'name', 'created_at']).orderBy('id').execute(),
    ctx.db
      .selectFrom('restaurants')
      .select(['org_id', 'id', 'name', 'code', 'integration', 'time_zone', 'test_mode'])
      .orderBy('org_id')
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('users')
      .select(['org_id', 'id', 'email', 'name'])
      .where('role', '=', 'owner')
      .where('disabled_at', 'is', null)
      .orderBy('org_id')
      .orderBy('id')
      .execute(),
  ]);
  const pending = await ctx.db
    .selectFrom('password_setups')
    .select(['org_id', 'user_id'])
    .where('purpose', '=', 'user')
    .where('used_at', 'is', null)
    .execute();
  const waiting = new Set(pending.map((p) => `${p.org_id}:${p.user_id}`));
  const of = <T extends { org_id: number }>(rows: T[], id: number) =>
    rows.filter((r) => r.org_id === id).map(({ org_id: _, ...rest }) => rest);
  return {
    rows: orgs.map((o) => ({
      id: o.id,
      name: o.name,
      created_at: o.created_at.toISOString(),
      restaurants: of(restaurants, o.id),
      owners: of(owners, o.id).map((u) => ({
        ...u,
        // The owner has not yet used the set-up link (the password is one nobody knows).
        awaiting_setup: waiting.has(`${o.id}:${u.id}`),
      })),
    })),
    next_cursor: null,
  };
}

export interface NewOrganization {
  name: string;
  owner: { email: string; name: string };
}

const asOrgActor = (by: InstallationActor, orgId: number): Actor => ({
  orgId,
  type: by.type,
  id: by.id,
  name: by.name,
});

/** The organization, its owner without a password, and the owner's set-up link (shown once). */
export async function createOrganizationWithOwner(
  ctx: AppContext,
  by: InstallationActor,
  input: NewOrganization,
) {
  return inTransaction(ctx, async (tx) => {
    const inTx = { ...ctx, db: tx };
    const org = await createOrganization(inTx, { name: input.name }, by);
    const owner = await createUser(inTx, asOrgActor(by, org.id), {
      email: input.owner.email,
      name: input.owner.name,
      role: 'owner',
    });
    const setup = await issueSetup(tx, ctx.now(), 'user', { orgId: org.id, userId: owner.id });
    await installationAudit(tx, by, 'create', 'organization', org.id, org.id, null, {
      name: org.name,
      owner: { id: owner.id, email: owner.email, name: owner.name },
    });
    return {
      organization: org,
      owner: { id: owner.id, email: owner.email, name: owner.name },
      setup,
    };
  });
}

async function assertOrganization(ctx: AppContext, orgId: number) {
  const org = await ctx.db
    .selectFrom('organizations')
    .select(['id', 'name'])
    .where('id', '=', orgId)
    .executeTakeFirst();
  if (!org)
    fail(
      'not_found',
      'organization_not_found',
      { ru: 'Организация не найдена', en: 'Organization not found' },
      { organization_id: orgId },
    );
  return org;
}

export async function createRestaurantFor(
  ctx: AppContext,
  by: InstallationActor,
  orgId: number,
  input: RestaurantInput,
) {
  await assertOrganization(ctx, orgId);
  return inTransaction(ctx, async (tx) => {
    const row = await createRestaurant({ ...ctx, db: tx }, asOrgActor(by, orgId), input);
    await installationAudit(tx, by, 'create', 'restaurant', row.id, orgId, null, {
      name: row.name,
      code: row.code,
      integration: row.integration,
      time_zone: row.time_zone,
    });
    return row;
  });
}

/** A new set-up link for an owner who has not set a password yet (the old link stops working). */
export async function reissueOwnerSetup(
  ctx: AppContext,
  by: InstallationActor,
  orgId: number,
  userId: number,
) {
  return inTransaction(ctx, async (tx) => {
    const open = await tx
      .selectFrom('password_setups')
      .select('id')
      .where('purpose', '=', 'user')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .forUpdate()
      .execute();
    // Only an owner who never set a password: the operator cannot take over a used account.
    if (open.length === 0)
      fail('not_found', 'owner_setup_not_pending', {
        ru: 'Этот владелец уже установил пароль (или не найден): новый пароль ему задаёт владелец организации',
        en: "This owner has set a password already (or is not found): the organization's owners reset it",
      });
    await tx
      .updateTable('password_setups')
      .set({ used_at: ctx.now() })
      .where(
        'id',
        'in',
        open.map((o) => o.id),
      )
      .execute();
    const setup = await issueSetup(tx, ctx.now(), 'user', { orgId, userId });
    await installationAudit(tx, by, 'reissue_setup', 'user', userId, orgId, null, {
      expires_at: setup.expires_at,
    });
    return setup;
  });
}
