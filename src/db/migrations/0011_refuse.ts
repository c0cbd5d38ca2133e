// A statement that finds what it was planned on has changed raises this error, so that all it
// wrote is undone: the optimistic write of a FarCards check (app/close-order.ts) checks in one
// statement that it claimed the packet, inserted the order and moved every account as read.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function kopilka_refuse(reason text) returns boolean language plpgsql volatile as $$
begin
  raise exception 'kopilka: %', reason using errcode = 'KP409';
end $$;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function kopilka_refuse(text);`.execute(db);
}
