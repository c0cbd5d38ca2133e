// POS connections (M4): terminals and their keys, and card masks. A key is shown once, when it
// is issued or rotated; only its hash and last four characters are kept, and neither goes
// into the audit log beyond the hint.
import { validateMaskPattern } from '../../domain/cards.ts';
import { fail } from '../../domain/errors.ts';
import { audit } from '../audit.ts';
import { inTransaction, type Actor, type AppContext } from '../context.ts';
import { announce } from '../invalidation.ts';
import { forgetCachedKeys, issueKey } from '../terminal-keys.ts';

const TERMINAL_COLUMNS = [
  'id',
  'restaurant_id',
  'name',
  'key_hint',
  'revoked_at',
  'created_at',
] as const;

export async function listTerminals(ctx: AppContext, orgId: number, restaurantId?: number) {
  let q = ctx.db.selectFrom('terminals').select(TERMINAL_COLUMNS).where('org_id', '=', orgId);
  if (restaurantId !== undefined) q = q.where('restaurant_id', '=', restaurantId);
  return q.orderBy('id').execute();
}

/** A new key for a terminal; the old one stops working at once. A revoked terminal stays revoked. */
export async function rotateTerminalKey(ctx: AppContext, actor: Actor, terminalId: number) {
  const result = await inTransaction(ctx, async (tx) => {
    const before = await tx
      .selectFrom('terminals')
      .select(TERMINAL_COLUMNS)
      .where('org_id', '=', actor.orgId)
      .where('id', '=', terminalId)
      .forUpdate()
      .executeTakeFirst();
    if (!before)
      fail(
        'not_found',
        'terminal_not_found',
        { ru: 'Касса не найдена', en: 'Terminal not found' },
        { terminal_id: terminalId },
      );
    if (before.revoked_at)
      fail('rejected', 'terminal_revoked', {
        ru: 'Ключ кассы отозван: создайте новую кассу',
        en: 'The terminal is revoked: create a new one',
      });
    const key = issueKey(actor.orgId, terminalId);
    const after = await tx
      .updateTable('terminals')
      .set({ key_hash: key.hash, key_hint: key.hint })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', terminalId)
      .returning(TERMINAL_COLUMNS)
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'rotate_key', 'terminal', terminalId, before, after);
    await announce(tx, 'terminal-keys');
    return { terminal: after, key: key.key };
  });
  forgetCachedKeys();
  return result;
}

export async function listCardMasks(ctx: AppContext, orgId: number) {
  return ctx.db
    .selectFrom('card_masks')
    .select(['id', 'name', 'pattern', 'kind', 'created_at'])
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

function maskNotFound(id: number): never {
  fail(
    'not_found',
    'card_mask_not_found',
    { ru: 'Маска карт не найдена', en: 'Card mask not found' },
    { card_mask_id: id },
  );
}

export async function updateCardMask(
  ctx: AppContext,
  actor: Actor,
  id: number,
  patch: { name?: string; pattern?: string; kind?: string },
) {
  if (patch.pattern !== undefined) validateMaskPattern(patch.pattern);
  return inTransaction(ctx, async (tx) => {
    const before =
      (await tx
        .selectFrom('card_masks')
        .selectAll()
        .where('org_id', '=', actor.orgId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()) ?? maskNotFound(id);
    const after = await tx
      .updateTable('card_masks')
      .set({
        name: patch.name ?? before.name,
        pattern: patch.pattern ?? before.pattern,
        kind: patch.kind ?? before.kind,
      })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'update', 'card_mask', id, before, after);
    return after;
  });
}

/** Cards keep the kind their mask gave them; removing a mask only stops it classifying new ones. */
export async function deleteCardMask(ctx: AppContext, actor: Actor, id: number) {
  return inTransaction(ctx, async (tx) => {
    const before =
      (await tx
        .deleteFrom('card_masks')
        .where('org_id', '=', actor.orgId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst()) ?? maskNotFound(id);
    await audit(tx, actor, 'delete', 'card_mask', id, before, null);
    return { id, status: 'deleted' as const };
  });
}
