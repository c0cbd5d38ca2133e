// The POS operations claimed once each (pos_requests): the claim is an insert that inserts
// nothing when the operation was claimed before, so it can ride inside a bigger statement.
import { sql } from 'kysely';

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
