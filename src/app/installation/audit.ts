// The installation's audit log: what operators (and the command line, and the first start)
// did above the organizations. Written in the same transaction as the change, like an
// organization's log; read only by operators. An action that changes an organization (its
// creation, its owner, a restaurant) is written in that organization's log too, so its owner
// sees who did it.
import type { Tx, AppContext } from '../context.ts';
import { decodeIdCursor, pageOf, pageSize } from '../admin/paging.ts';
import { auditEntryOut } from '../admin/audit-query.ts';

/** Who acts on the installation: an operator, the command line or the server itself. */
export interface InstallationActor {
  type: 'operator' | 'cli' | 'system';
  id: string | null;
  name: string;
}

export async function installationAudit(
  tx: Tx,
  actor: InstallationActor,
  action: string,
  entity: string,
  entityId: number | string | null,
  orgId: number | null,
  before: unknown,
  after: unknown,
): Promise<void> {
  await tx
    .insertInto('installation_audit')
    .values({
      actor_type: actor.type,
      actor_id: actor.id,
      actor_name: actor.name,
      action,
      entity,
      entity_id: entityId === null ? null : String(entityId),
      org_id: orgId,
      before: before === null || before === undefined ? null : JSON.stringify(before),
      after: after === null || after === undefined ? null : JSON.stringify(after),
    })
    .execute();
}

export async function queryInstallationAudit(
  ctx: AppContext,
  query: { limit?: number | undefined; cursor?: string | undefined; org_id?: number | undefined },
) {
  const limit = pageSize(query.limit);
  let q = ctx.db.selectFrom('installation_audit').selectAll();
  if (query.org_id !== undefined) q = q.where('org_id', '=', query.org_id);
  if (query.cursor) q = q.where('id', '<', decodeIdCursor(query.cursor));
  const rows = await q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = pageOf(rows, limit);
  return {
    rows: page.rows.map((r) => ({ ...auditEntryOut(r), org_id: r.org_id })),
    next_cursor: page.next_cursor,
  };
}
