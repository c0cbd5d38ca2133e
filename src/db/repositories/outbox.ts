// The outbox's rows written by the statement that makes the change they tell about: an event
// of an order is inserted by the order's own statement, so the two commit or vanish together
// even where that statement runs outside a transaction (the FarCards Sale's fast path).
import { sql, type RawBuilder } from 'kysely';

/**
 * An event of the order the same statement inserts (its CTE `o`), whose id is not known before:
 * the dedup key is `${type}:${key[0]}${order id}${key[1]}` and the payload gets the order's `id`.
 */
export interface OrderEventRow {
  type: string;
  key: readonly [before: string, after: string];
  at: Date;
  data: Record<string, unknown>;
}

/** The CTE `ev` inserting `events` for the order of CTE `o`, in the order given. */
export function orderEventsCte(
  orgId: number,
  events: readonly OrderEventRow[],
): RawBuilder<unknown> {
  const rows = events.map((e, n) => ({
    n,
    type: e.type,
    before: e.key[0],
    after: e.key[1],
    at: e.at,
    data: e.data,
  }));
  return sql`ev as (
      insert into outbox_events (org_id, type, dedup_key, payload, occurred_at)
      select ${orgId}, x.type, x.type || ':' || x.before || o.id || x.after,
        x.data || jsonb_build_object('id', o.id), x.at
      from o, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(n int, type text, before text, after text, at timestamptz, data jsonb)
      order by x.n
      on conflict (org_id, dedup_key) do nothing
    )`;
}
