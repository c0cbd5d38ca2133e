// A4 bonus liability and deposit balances as of a moment, derived from the ledger alone (the
// truth; the balance columns are only today's projection). Bonus points split into pending
// (lots not yet available), expired but not yet written off (expiry is posted when an
// account is next touched), and available.
import { sql } from 'kysely';
import type { Tx } from '../app/context.ts';
import type { Cell, Column, Lang, ReportTable } from './export.ts';
import { localPeriod, reportTimeZone, roubleNumber } from './period.ts';
import { utcBounds } from './sales.ts';

export interface LiabilityQuery {
  asOf: string;
  timeZone?: string;
}

export interface LiabilityRow {
  kind: 'bonus' | 'deposit';
  account: string;
  accounts: number;
  positive: number;
  negative: number;
  net: number;
  pending: number | null;
  expired_unposted: number | null;
  available: number | null;
}

export const LIABILITY_COLUMNS: readonly Column[] = [
  { key: 'kind', ru: 'Вид счёта', en: 'Account kind' },
  { key: 'account', ru: 'Счёт', en: 'Account' },
  { key: 'accounts', ru: 'Счетов с остатком', en: 'Accounts with a balance' },
  { key: 'positive', ru: 'Остатки гостей', en: 'Guest balances' },
  { key: 'negative', ru: 'Долг гостей (кредит)', en: 'Owed by guests (credit)' },
  { key: 'net', ru: 'Итого', en: 'Net' },
  { key: 'pending', ru: 'Ожидают доступности', en: 'Pending' },
  { key: 'expired_unposted', ru: 'Сгорели, не списаны', en: 'Expired, not yet written off' },
  { key: 'available', ru: 'Доступно', en: 'Available' },
];

const KIND = { bonus: { ru: 'Бонусы', en: 'Bonus' }, deposit: { ru: 'Депозит', en: 'Deposit' } };

export async function liability(tx: Tx, orgId: number, q: LiabilityQuery) {
  const period = localPeriod(q.asOf, q.asOf, 1);
  const timeZone = await reportTimeZone(tx, orgId, q);
  const at = (await utcBounds(tx, period, timeZone)).to;
  const rows = await liabilityAt(tx, orgId, at);
  return { as_of: at.toISOString(), as_of_local: period.toText, time_zone: timeZone, rows };
}

/** Balances per account name at an instant, from the ledger; bonus points split by lot state. */
export async function liabilityAt(tx: Tx, orgId: number, at: Date): Promise<LiabilityRow[]> {
  const balances = await sql<Omit<LiabilityRow, 'pending' | 'expired_unposted' | 'available'>>`
    select a.kind, a.name as account,
           count(*) filter (where b.balance <> 0) as accounts,
           coalesce(sum(b.balance) filter (where b.balance > 0), 0)::bigint as positive,
           coalesce(sum(b.balance) filter (where b.balance < 0), 0)::bigint as negative,
           sum(b.balance)::bigint as net
    from (select account_id, sum(amount) as balance from ledger_entries
          where org_id = ${orgId} and occurred_at < ${at} group by account_id) b
    join accounts a on a.org_id = ${orgId} and a.id = b.account_id
    group by a.kind, a.name
    order by a.kind desc, a.name`.execute(tx);
  // What is left at `at` of each lot credited before it that is pending or already expired.
  const lots = await sql<{ account: string; pending: number; expired: number }>`
    with l as (
      select l.id, l.amount, l.available_from, l.expires_at, a.name as account
      from bonus_lots l
      join ledger_entries e on e.org_id = l.org_id and e.id = l.entry_id
      join accounts a on a.org_id = l.org_id and a.id = l.account_id
      where l.org_id = ${orgId} and l.amount > 0 and e.occurred_at < ${at}
        and (l.available_from >= ${at} or l.expires_at <= ${at})
    ), d as (
      select ld.lot_id, sum(ld.amount) as drawn
      from lot_draws ld
      join ledger_entries de on de.org_id = ld.org_id and de.id = ld.entry_id
      where ld.org_id = ${orgId} and de.occurred_at < ${at} and ld.lot_id in (select id from l)
      group by ld.lot_id
    )
    select l.account,
      coalesce(sum(l.amount - coalesce(d.drawn, 0)) filter (where l.available_from >= ${at}), 0)::bigint as pending,
      coalesce(sum(l.amount - coalesce(d.drawn, 0)) filter (where l.available_from < ${at}), 0)::bigint as expired
    from l left join d on d.lot_id = l.id
    group by l.account`.execute(tx);
  return balances.rows.map((b) => {
    if (b.kind !== 'bonus') return { ...b, pending: null, expired_unposted: null, available: null };
    const l = lots.rows.find((x) => x.account === b.account);
    const pending = l?.pending ?? 0;
    const expired = l?.expired ?? 0;
    return { ...b, pending, expired_unposted: expired, available: b.net - pending - expired };
  });
}

export function liabilityTable(
  result: Awaited<ReturnType<typeof liability>>,
  lang: Lang,
): ReportTable {
  const money = (v: number | null) => (v === null ? null : roubleNumber(v));
  const cells: Cell[][] = result.rows.map((r) => [
    KIND[r.kind][lang],
    r.account,
    r.accounts,
    money(r.positive),
    money(r.negative),
    money(r.net),
    money(r.pending),
    money(r.expired_unposted),
    money(r.available),
  ]);
  return {
    title: { ru: 'Обязательства по счетам', en: 'Balances and liability' },
    heading: [`${lang === 'ru' ? 'На' : 'As of'} ${result.as_of_local} (${result.time_zone})`],
    columns: LIABILITY_COLUMNS,
    pages: (async function* () {
      yield cells;
    })(),
  };
}
