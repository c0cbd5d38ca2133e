// The audit log, queryable (issue 6 point 4): by entity and its id, by actor, by action and
// by period, newest first, a keyset page at a time. Only the caller's organization is read.
import type { AppContext } from '../context.ts';
import { decodeIdCursor, pageOf, pageSize, parsePeriod } from './paging.ts';

export interface AuditQuery {
  entity?: string;
  entity_id?: string;
  actor_id?: string;
  action?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** An audit row as the API answers it; the installation's log shares the shape. */
export function auditEntryOut<
  R extends {
    id: number;
    at: Date;
    actor_type: string;
    actor_id: string | null;
    actor_name: string | null;
    action: string;
    entity: string;
    entity_id: string | null;
    before: unknown;
    after: unknown;
  },
>(r: R) {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor: { type: r.actor_type, id: r.actor_id, name: r.actor_name },
    action: r.action,
    entity: r.entity,
    entity_id: r.entity_id,
    before: r.before,
    after: r.after,
  };
}

export async function queryAudit(ctx: AppContext, orgId: number, query: AuditQuery) {
  const period = parsePeriod(query.from, query.to);
  const limit = pageSize(query.limit);
  let q = ctx.db
    .selectFrom('audit_log')
    .select([
      'id',
      'at',
      'actor_type',
      'actor_id',
      'actor_name',
      'action',
      'entity',
      'entity_id',
      'before',
      'after',
    ])
    .where('org_id', '=', orgId);
  if (query.entity) q = q.where('entity', '=', query.entity);
  if (query.entity_id) q = q.where('entity_id', '=', query.entity_id);
  if (query.actor_id) q = q.where('actor_id', '=', query.actor_id);
  if (query.action) q = q.where('action', '=', query.action);
  if (period.from) q = q.where('at', '>=', period.from);
  if (period.to) q = q.where('at', '<', period.to);
  if (query.cursor) q = q.where('id', '<', decodeIdCursor(query.cursor));
  const rows = await q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = pageOf(rows, limit);
  return {
    rows: page.rows.map(auditEntryOut),
    next_cursor: page.next_cursor,
  };
}
