// POS dictionaries stored per organization: replaced wholesale on every import so that a
// refresh drops what the POS deleted.
import type { PosDictionaryTable } from '../../db/schema.ts';
import { audit } from '../audit.ts';
import { inTransaction, type Actor, type AppContext } from '../context.ts';
import { announce, invalidate, onInvalidate } from '../invalidation.ts';

export interface DictionaryItem {
  ident: string;
  code?: string | null;
  name: string;
  parent_ident?: string | null;
  status?: string;
  attributes?: Record<string, unknown>;
}

let changes = 0;
onInvalidate('pos-dictionary', () => changes++);

/** Counts replacements seen by this process, so that caches of what depends on them can tell. */
export function dictionaryChanges(): number {
  return changes;
}

export async function replaceDictionary(
  ctx: AppContext,
  actor: Actor,
  source: PosDictionaryTable['source'],
  refName: string,
  items: readonly DictionaryItem[],
) {
  const saved = await inTransaction(ctx, async (tx) => {
    const deleted = await tx
      .deleteFrom('pos_dictionary')
      .where('org_id', '=', actor.orgId)
      .where('source', '=', source)
      .where('ref_name', '=', refName)
      .executeTakeFirst();
    for (let i = 0; i < items.length; i += 500) {
      await tx
        .insertInto('pos_dictionary')
        .values(
          items.slice(i, i + 500).map((it) => ({
            org_id: actor.orgId,
            source,
            ref_name: refName,
            ident: it.ident,
            code: it.code ?? null,
            name: it.name,
            parent_ident: it.parent_ident ?? null,
            status: it.status ?? 'active',
            attributes: JSON.stringify(it.attributes ?? {}),
          })),
        )
        .execute();
    }
    await audit(
      tx,
      actor,
      'import',
      'pos_dictionary',
      `${source}:${refName}`,
      { count: Number(deleted.numDeletedRows) },
      { count: items.length },
    );
    await announce(tx, 'pos-dictionary');
    return { source, ref_name: refName, count: items.length };
  });
  invalidate('pos-dictionary');
  return saved;
}

export async function listDictionary(
  ctx: AppContext,
  orgId: number,
  source: PosDictionaryTable['source'],
  refName: string,
) {
  return ctx.db
    .selectFrom('pos_dictionary')
    .select(['ident', 'code', 'name', 'parent_ident', 'status', 'attributes'])
    .where('org_id', '=', orgId)
    .where('source', '=', source)
    .where('ref_name', '=', refName)
    .orderBy('name')
    .execute();
}
