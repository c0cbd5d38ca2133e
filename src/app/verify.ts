// `kopilka verify`: re-derives every balance from the ledger and compares it with the
// projection; also held sums against active holds and bonus balances against their lots.
import { sql } from 'kysely';
import type { Tx } from './context.ts';

export interface Drift {
  org_id: number;
  account_id: number;
  what: 'balance' | 'held' | 'lots';
  stored: number;
  derived: number;
}

export interface VerifyReport {
  accounts: number;
  entries: number;
  drift: Drift[];
}

export async function verifyLedger(tx: Tx): Promise<VerifyReport> {
  const counts = await sql<{ accounts: number; entries: number }>`
    select (select count(*) from accounts)::bigint as accounts,
           (select count(*) from ledger_entries)::bigint as entries`.execute(tx);
  const drift = await sql<Drift>`
    with sums as (
      select org_id, account_id, sum(amount)::bigint as total
      from ledger_entries group by org_id, account_id
    ), held as (
      select org_id, account_id, sum(amount)::bigint as total
      from holds where status = 'active' group by org_id, account_id
    ), lots as (
      select org_id, account_id, sum(remaining)::bigint as total
      from bonus_lots group by org_id, account_id
    )
    select a.org_id, a.id as account_id, 'balance' as what, a.balance as stored, coalesce(s.total, 0) as derived
      from accounts a left join sums s on s.org_id = a.org_id and s.account_id = a.id
      where a.balance <> coalesce(s.total, 0)
    union all
    select a.org_id, a.id, 'held', a.held, coalesce(h.total, 0)
      from accounts a left join held h on h.org_id = a.org_id and h.account_id = a.id
      where a.held <> coalesce(h.total, 0)
    union all
    select a.org_id, a.id, 'lots', a.balance, coalesce(l.total, 0)
      from accounts a left join lots l on l.org_id = a.org_id and l.account_id = a.id
      where a.kind = 'bonus' and a.balance <> coalesce(l.total, 0)
    order by 1, 2, 3`.execute(tx);
  const c = counts.rows[0] ?? { accounts: 0, entries: 0 };
  return { accounts: Number(c.accounts), entries: Number(c.entries), drift: drift.rows };
}
