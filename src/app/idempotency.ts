// Exactly one effect per POS operation id. The id is claimed by inserting a row in the same
// transaction as the effect: a concurrent duplicate waits on that row and then reads the
// first answer; a failed attempt rolls its claim back, so a retry after an error runs again.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { fail } from '../domain/errors.ts';
import { claimOf, claimStatement, renderAnswer } from '../db/repositories/requests.ts';
import type { PosPrincipal, Tx } from './context.ts';

export interface Once<T> {
  result: T;
  replayed: boolean;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestHash(request: unknown): string {
  return createHash('sha256').update(stableJson(request)).digest('base64url');
}

/**
 * Claims the operation first, then runs it and stores its answer: for operations that write no
 * order. A close (a check, a payment, a hold committed, a FarCards Sale) claims inside its one
 * write instead (app/close-command.ts); both answer a duplicate with `replayOf`.
 */
export async function once<T>(
  tx: Tx,
  p: PosPrincipal,
  operation: string,
  posId: string,
  request: unknown,
  run: () => Promise<T>,
): Promise<Once<T>> {
  const hash = requestHash(request);
  const claimed = await sql<{ ok: number }>`${claimStatement(p, operation, posId, hash, undefined)}
    returning 1 as ok`.execute(tx);
  if (claimed.rows.length === 0) {
    const replay = replayOf<T>(await claimOf(tx, p, operation, posId), operation, posId, hash);
    if (!replay) throw new Error(`the claim of ${operation} ${posId} conflicted but is not there`);
    return replay;
  }
  const result = await run();
  await tx
    .updateTable('pos_requests')
    .set({ response: JSON.stringify(result) })
    .where('org_id', '=', p.orgId)
    .where('restaurant_id', '=', p.restaurantId)
    .where('operation', '=', operation)
    .where('pos_id', '=', posId)
    .execute();
  return { result, replayed: false };
}

/**
 * The one duplicate check: the first answer of an operation claimed before (null when it was
 * not); the same id with another body is a conflict.
 */
export function replayOf<T>(
  first: { request_hash: string; response: unknown } | undefined,
  operation: string,
  posId: string,
  hash: string,
): Once<T> | null {
  if (!first) return null;
  if (first.request_hash !== hash) {
    fail(
      'conflict',
      'idempotency_key_reused',
      {
        ru: `Идентификатор операции ${posId} уже использован для другого запроса`,
        en: `Operation id ${posId} was already used for a different request`,
      },
      { operation, pos_id: posId },
    );
  }
  return { result: renderAnswer(first.response) as T, replayed: true };
}
