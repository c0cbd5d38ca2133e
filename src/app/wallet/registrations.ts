// The devices that keep a pass live (Apple's web service for pass updates): a phone registers
// its push token for a pass, is pushed when the pass changes, asks which of its passes changed
// since the tag it last saw, and fetches them. The tag is the pass's change time in
// milliseconds.
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import type { PassRow } from './passes.ts';

/** 'created' the first time this device registers this pass, else 'exists' (token refreshed). */
export async function registerDevice(
  ctx: AppContext,
  pass: PassRow,
  deviceId: string,
  pushToken: string,
): Promise<'created' | 'exists'> {
  const row = await ctx.db
    .insertInto('wallet_registrations')
    .values({
      org_id: pass.orgId,
      device_id: deviceId,
      serial: pass.serial,
      push_token: pushToken,
      created_at: ctx.now(),
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'device_id', 'serial']).doUpdateSet({ push_token: pushToken }),
    )
    // xmax is 0 for a row this statement inserted, not for one it updated.
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .executeTakeFirstOrThrow();
  return row.inserted ? 'created' : 'exists';
}

/** True when the device had registered the pass. */
export async function unregisterDevice(
  ctx: AppContext,
  pass: PassRow,
  deviceId: string,
): Promise<boolean> {
  const r = await ctx.db
    .deleteFrom('wallet_registrations')
    .where('org_id', '=', pass.orgId)
    .where('serial', '=', pass.serial)
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** The device's passes of this type changed after `since` (a tag); null when none. */
export async function updatedSerials(
  ctx: AppContext,
  deviceId: string,
  passTypeId: string,
  since: string | undefined,
): Promise<{ serialNumbers: string[]; lastUpdated: string } | null> {
  let q = ctx.db
    .selectFrom('wallet_registrations as r')
    .innerJoin('wallet_passes as p', (j) =>
      j.onRef('p.org_id', '=', 'r.org_id').onRef('p.serial', '=', 'r.serial'),
    )
    .innerJoin('wallet_apple_settings as s', 's.org_id', 'r.org_id')
    .select(['p.serial', 'p.updated_at'])
    .where('r.device_id', '=', deviceId)
    .where('s.pass_type_id', '=', passTypeId);
  const after = since !== undefined && /^\d{1,15}$/.test(since) ? new Date(Number(since)) : null;
  if (after) q = q.where('p.updated_at', '>', after);
  const rows = await q.orderBy('p.serial').execute();
  if (rows.length === 0) return null;
  const last = Math.max(...rows.map((r) => r.updated_at.getTime()));
  return { serialNumbers: rows.map((r) => r.serial), lastUpdated: String(last) };
}
