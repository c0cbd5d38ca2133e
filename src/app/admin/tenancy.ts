// Organizations, restaurants and their terminals (C1). Every mutation is audited.
import { randomInt } from 'node:crypto';
import { fail } from '../../domain/errors.ts';
import type { Integration, OrganizationSettings } from '../../db/schema.ts';
import { audit } from '../audit.ts';
import { inTransaction, type Actor, type AppContext } from '../context.ts';
import { announce } from '../invalidation.ts';
import { forgetCachedKeys, issueKey } from '../terminal-keys.ts';

/** A new organization; `by` is who made it (an operator, or a name for the command line's entry). */
export async function createOrganization(
  ctx: AppContext,
  input: { name: string; settings?: OrganizationSettings },
  by: string | Omit<Actor, 'orgId'> = 'cli',
) {
  return inTransaction(ctx, async (tx) => {
    const org = await tx
      .insertInto('organizations')
      .values({ name: input.name, settings: JSON.stringify(input.settings ?? {}) })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    await audit(
      tx,
      typeof by === 'string'
        ? { orgId: org.id, type: 'cli', id: null, name: by }
        : { ...by, orgId: org.id },
      'create',
      'organization',
      org.id,
      null,
      input,
    );
    return org;
  });
}

export async function updateOrganizationSettings(
  ctx: AppContext,
  actor: Actor,
  settings: OrganizationSettings,
) {
  return inTransaction(ctx, async (tx) => {
    const before = await tx
      .selectFrom('organizations')
      .select('settings')
      .where('id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const after = { ...before.settings, ...settings };
    await tx
      .updateTable('organizations')
      .set({ settings: JSON.stringify(after) })
      .where('id', '=', actor.orgId)
      .execute();
    await audit(tx, actor, 'update', 'organization_settings', actor.orgId, before.settings, after);
    return after;
  });
}

// Codes are read aloud to support: no 0/O or 1/I to confuse.
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function restaurantCode(): string {
  const pick = () =>
    Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `${pick()}-${pick()}`;
}

export function assertTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('ru-RU', { timeZone: zone });
  } catch {
    fail(
      'validation',
      'invalid_time_zone',
      {
        ru: `Неизвестный часовой пояс «${zone}»: укажите зону IANA, например Europe/Moscow`,
        en: `Unknown time zone "${zone}": give an IANA zone such as Europe/Moscow`,
      },
      { time_zone: zone },
    );
  }
}

export interface RestaurantInput {
  name: string;
  time_zone: string;
  integration: Integration;
}

/** New restaurants for r_keeper 7 and partner integrations start in test mode; r_keeper Lite does not (seed 003). */
export async function createRestaurant(ctx: AppContext, actor: Actor, input: RestaurantInput) {
  assertTimeZone(input.time_zone);
  return inTransaction(ctx, async (tx) => {
    const row = await tx
      .insertInto('restaurants')
      .values({
        org_id: actor.orgId,
        name: input.name,
        code: restaurantCode(),
        time_zone: input.time_zone,
        integration: input.integration,
        test_mode: input.integration !== 'rkeeper_lite',
        test_mode_lifted_at: null,
        settings: '{}',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'create', 'restaurant', row.id, null, row);
    return row;
  });
}

export async function createTerminal(
  ctx: AppContext,
  actor: Actor,
  input: { restaurant_id: number; name: string },
) {
  return inTransaction(ctx, async (tx) => {
    const restaurant = await tx
      .selectFrom('restaurants')
      .select('id')
      .where('org_id', '=', actor.orgId)
      .where('id', '=', input.restaurant_id)
      .executeTakeFirst();
    if (!restaurant)
      fail('not_found', 'restaurant_not_found', {
        ru: 'Ресторан не найден',
        en: 'Restaurant not found',
      });
    const row = await tx
      .insertInto('terminals')
      .values({
        org_id: actor.orgId,
        restaurant_id: input.restaurant_id,
        name: input.name,
        key_hash: '',
        key_hint: '',
        revoked_at: null,
      })
      .returning(['id', 'name', 'restaurant_id'])
      .executeTakeFirstOrThrow();
    const key = issueKey(actor.orgId, row.id);
    await tx
      .updateTable('terminals')
      .set({ key_hash: key.hash, key_hint: key.hint })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', row.id)
      .execute();
    await audit(tx, actor, 'create', 'terminal', row.id, null, { ...row, key_hint: key.hint });
    return { terminal: row, key: key.key };
  });
}

export async function revokeTerminal(ctx: AppContext, actor: Actor, terminalId: number) {
  const result = await inTransaction(ctx, async (tx) => {
    const before = await tx
      .selectFrom('terminals')
      .select(['id', 'name', 'revoked_at'])
      .where('org_id', '=', actor.orgId)
      .where('id', '=', terminalId)
      .forUpdate()
      .executeTakeFirst();
    if (!before)
      fail('not_found', 'terminal_not_found', { ru: 'Касса не найдена', en: 'Terminal not found' });
    if (before.revoked_at) return before;
    const after = await tx
      .updateTable('terminals')
      .set({ revoked_at: ctx.now() })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', terminalId)
      .returning(['id', 'name', 'revoked_at'])
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'revoke', 'terminal', terminalId, before, after);
    await announce(tx, 'terminal-keys');
    return after;
  });
  forgetCachedKeys();
  return result;
}
