// Every per-item ledger entry pays for each index on the table, and the close of an order
// writes one per item. Two earned nothing: ledger_order is covered by ledger_order_line
// (org_id, order_id, line_no), and nothing reads entries by account in id order (history goes
// by card or guest, verify and the liability report scan by organization).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index ledger_order; drop index ledger_account;`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
create index ledger_account on ledger_entries (org_id, account_id, id);
create index ledger_order on ledger_entries (org_id, order_id) where order_id is not null;
`.execute(db);
}
