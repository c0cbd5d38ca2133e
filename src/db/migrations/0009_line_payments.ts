// What each order line was paid from the guest's deposit and bonus points, kept on the line
// itself: the close knows it (the per-item split of seed 000) when it inserts the lines, so it
// costs the till nothing, and the demand report (A2) reads it without joining a month of
// per-line ledger entries. Gross, as the entries are: a refund's reversal does not change it.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table order_lines
  add column deposit_paid bigint not null default 0,
  add column bonus_paid bigint not null default 0;
update order_lines l
   set deposit_paid = p.deposit, bonus_paid = p.bonus
  from (select org_id, order_id, line_no,
               coalesce(-sum(amount) filter (where type = 'payment'), 0) as deposit,
               coalesce(-sum(amount) filter (where type = 'bonus_payment'), 0) as bonus
          from ledger_entries
         where order_id is not null and line_no is not null and type in ('payment', 'bonus_payment')
         group by org_id, order_id, line_no) p
 where l.org_id = p.org_id and l.order_id = p.order_id and l.line_no = p.line_no;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table order_lines drop column deposit_paid, drop column bonus_paid`.execute(db);
}
