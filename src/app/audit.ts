// The audit log: who changed what, with the row before and after. Written in the same
// transaction as the change, so a change without its audit record cannot exist.
import type { Actor, Tx } from './context.ts';

export async function audit(
  tx: Tx,
  actor: Actor,
  action: string,
  entity: string,
  entityId: number | string | null,
  before: unknown,
  after: unknown,
): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      org_id: actor.orgId,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_name: actor.name,
      action,
      entity,
      entity_id: entityId === null ? null : String(entityId),
      before: before === null || before === undefined ? null : JSON.stringify(before),
      after: after === null || after === undefined ? null : JSON.stringify(after),
    })
    .execute();
}
