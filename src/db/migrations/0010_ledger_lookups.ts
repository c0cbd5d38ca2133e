// The ledger's two lookups by POS id, each on the entries it serves. Entries of a closed order
// are found by the order (refunds, the reports); only payments, top-ups and their reversals
// outside an order are found by the till's transaction id (iiko returns, payment reversals).
// Before, every per-item entry of a close paid for a pos_txn index it never used, while a
// refund's accruals had no index at all and were found by scanning the organization's ledger.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index ledger_pos_txn;
create index ledger_pos_txn on ledger_entries (org_id, restaurant_id, pos_txn_id)
  where pos_txn_id is not null and order_id is null;
drop index ledger_order_line;
create index ledger_order_line on ledger_entries (org_id, order_id, line_no) include (type, amount, account_id, card_id)
  where order_id is not null and type in ('payment', 'bonus_payment', 'bonus_accrual');
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index ledger_pos_txn;
create index ledger_pos_txn on ledger_entries (org_id, restaurant_id, pos_txn_id)
  where pos_txn_id is not null;
drop index ledger_order_line;
create index ledger_order_line on ledger_entries (org_id, order_id, line_no) include (type, amount, account_id, card_id)
  where order_id is not null and type in ('payment', 'bonus_payment');
`.execute(db);
}
