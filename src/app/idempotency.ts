// Exactly one effect per POS operation id. The id is claimed by inserting a row in the same
// transaction as the effect: a concurrent duplicate waits on that row and then reads the
// first answer; a failed attempt rolls its claim back, so a retry after an error runs again.
import { createHash } from 'node:crypto';
import { sql, type Expression } from 'kysely';
import { fail } from '../domain/errors.ts';
import { claimStatement } from '../db/repositories/requests.ts';
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
  if (claimed.rows.length === 0) return firstAnswer<T>(tx, p, operation, posId, hash);
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
 * `once` with an answer known before the work, whose claim also runs `alongside` — a read the
 * work needs first — in the same statement: one round trip less on a till's critical path. The
 * read's rows go to `run`; on a replay they are not used.
 */
export async function onceAlongside<T, R extends object>(
  tx: Tx,
  p: PosPrincipal,
  operation: string,
  posId: string,
  request: unknown,
  alongside: Expression<R>,
  run: (rows: R[]) => Promise<unknown>,
  answer: T,
): Promise<Once<T>> {
  const hash = requestHash(request);
  // A left join keeps the claim's row when the read finds nothing.
  const rows = await sql<{ kopilka_claimed: number; kopilka_found: boolean } & R>`
    with claim as (${claimStatement(p, operation, posId, hash, answer)} returning 1)
    select (select count(*) from claim)::int as kopilka_claimed, not (a is null) as kopilka_found, a.*
    from (select 1) as one left join lateral (${alongside}) as a on true`.execute(tx);
  if (rows.rows[0]?.kopilka_claimed !== 1) return firstAnswer<T>(tx, p, operation, posId, hash);
  const found = rows.rows.filter((r) => r.kopilka_found);
  await run(found.map(({ kopilka_claimed: _c, kopilka_found: _f, ...row }) => row as unknown as R));
  return { result: answer, replayed: false };
}

/** A duplicate: the first answer, once the first attempt committed; another body is a conflict. */
async function firstAnswer<T>(
  tx: Tx,
  p: PosPrincipal,
  operation: string,
  posId: string,
  hash: string,
): Promise<Once<T>> {
  const first = await tx
    .selectFrom('pos_requests')
    .select(['request_hash', 'response'])
    .where('org_id', '=', p.orgId)
    .where('restaurant_id', '=', p.restaurantId)
    .where('operation', '=', operation)
    .where('pos_id', '=', posId)
    .executeTakeFirstOrThrow();
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
  return { result: first.response as T, replayed: true };
}
