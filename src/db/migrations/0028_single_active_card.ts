// "Single active card" in one place: the organization's card rules (organizations.settings),
// which issuing a card has always read. The program's copy was accepted and stored but never
// acted; an organization that turned it on there meant it, so its own row's true is carried
// over. A restaurant's override cannot be: the rule is the organization's, for every venue.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
update organizations o
set settings = o.settings || '{"singleActiveCard": true}'::jsonb
where exists (
  select 1 from loyalty_programs p
  where p.org_id = o.id and p.restaurant_id = 0
    and (p.settings ->> 'singleActiveCard')::boolean);

update loyalty_programs
set settings = settings - 'singleActiveCard'
where settings ->> 'singleActiveCard' is not null;
`.execute(db);
}

/** The program's copy comes back as the organization has it (the organization keeps its own). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
update loyalty_programs p
set settings = p.settings || jsonb_build_object('singleActiveCard',
  coalesce((o.settings ->> 'singleActiveCard')::boolean, false))
from organizations o
where o.id = p.org_id and p.restaurant_id = 0;
`.execute(db);
}
