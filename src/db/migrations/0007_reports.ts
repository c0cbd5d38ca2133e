// Indexes of the reports (docs/reports.md): the per-line deposit and bonus payments of a set of
// checks (item demand, the detailed sales report) are read from this index alone.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create index ledger_order_line on ledger_entries (org_id, order_id, line_no) include (type, amount, account_id, card_id)
  where order_id is not null and type in ('payment', 'bonus_payment');
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index ledger_order_line;`.execute(db);
}
