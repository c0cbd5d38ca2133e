// The POS operations claimed once each (pos_requests): the claim is an insert that inserts
// nothing when the operation was claimed before, so it can ride inside a bigger statement.
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../connect.ts';

/** Who claims: the till's organization and restaurant. */
export interface ClaimScope {
  orgId: number;
  restaurantId: number;
}

/** The claim's insert; it inserts nothing when the operation was claimed before. */
export function claimStatement(
  p: ClaimScope,
  operation: string,
  posId: string,
  hash: string,
  answer: unknown,
) {
  return sql`insert into pos_requests (org_id, restaurant_id, operation, pos_id, request_hash, response)
    values (${p.orgId}, ${p.restaurantId}, ${operation}, ${posId}, ${hash},
      ${answer === undefined ? null : JSON.stringify(answer)})
    on conflict do nothing`;
}

/** A claim made by the statement that writes the effect, after it: its answer may hold ids. */
export interface WriteClaim {
  operation: string;
  posId: string;
  hash: string;
  /** The answer; ids the statement makes appear in it as `{ kopilka_id: k }` (see `ids`). */
  answer: unknown;
  /** Whether the answer names ids the statement makes: they are stored beside it. */
  withIds: boolean;
}

/**
 * The CTE `claim`, last of a statement that wrote its effect in CTEs before it: it claims only
 * when `written` holds, and stores the answer as given or, `withIds`, with `ids` (SQL, a
 * bigint array: the ids the answer's placeholders index) beside it, for `renderAnswer`.
 */
export function claimCte(
  p: ClaimScope,
  c: WriteClaim,
  written: RawBuilder<boolean>,
  ids: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const answer = JSON.stringify(c.answer);
  const response = c.withIds
    ? sql`jsonb_build_object('kopilka_answer', ${answer}::jsonb, 'kopilka_ids', to_jsonb(${ids}))`
    : sql`${answer}::jsonb`;
  return sql`claim as (
      insert into pos_requests (org_id, restaurant_id, operation, pos_id, request_hash, response)
      select ${p.orgId}, ${p.restaurantId}, ${c.operation}, ${c.posId}, ${c.hash}, ${response}
      where ${written}
      on conflict do nothing
      returning 1
    )`;
}

/** The stored claim of an operation, if it was made (and committed, or made by this transaction). */
export async function claimOf(
  db: Tx,
  p: ClaimScope,
  operation: string,
  posId: string,
): Promise<{ request_hash: string; response: unknown } | undefined> {
  return db
    .selectFrom('pos_requests')
    .select(['request_hash', 'response'])
    .where('org_id', '=', p.orgId)
    .where('restaurant_id', '=', p.restaurantId)
    .where('operation', '=', operation)
    .where('pos_id', '=', posId)
    .executeTakeFirst();
}

/** A placeholder of the answer for the `k`-th id the statement makes. */
export const idSlot = (k: number) => ({ kopilka_id: k });

const isSlot = (v: unknown): v is { kopilka_id: number } =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length === 1 &&
  typeof (v as { kopilka_id?: unknown }).kopilka_id === 'number';

/** The answer with its placeholders replaced by `ids`. */
export function fillIds(answer: unknown, ids: readonly number[]): unknown {
  if (isSlot(answer)) return ids[answer.kopilka_id] ?? null;
  if (Array.isArray(answer)) return answer.map((v) => fillIds(v, ids));
  if (answer && typeof answer === 'object' && !(answer instanceof Date)) {
    return Object.fromEntries(Object.entries(answer).map(([k, v]) => [k, fillIds(v, ids)]));
  }
  return answer;
}

/** A stored response as the till is answered: with its ids filled in when stored beside it. */
export function renderAnswer(response: unknown): unknown {
  if (
    response &&
    typeof response === 'object' &&
    'kopilka_answer' in response &&
    'kopilka_ids' in response
  ) {
    const r = response as { kopilka_answer: unknown; kopilka_ids: (number | string)[] };
    return fillIds(r.kopilka_answer, r.kopilka_ids.map(Number));
  }
  return response;
}
