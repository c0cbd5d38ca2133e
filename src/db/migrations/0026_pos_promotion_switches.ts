// L12 as the seed has it: three separate switches for orders with a POS promotion instead of
// one choice among them. The stored choice (in the organization's settings and in every
// restaurant's override that set it) becomes the switch it named; 'per_line' sets none. An
// override that chose sets all three, since the choice replaced the organization's whole.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
update loyalty_programs
set settings = (settings - 'posPromotionMode') || jsonb_build_object(
  'posPromotionNoBonusPayment', settings ->> 'posPromotionMode' = 'no_bonus_payment',
  'posPromotionNoAccrual', settings ->> 'posPromotionMode' = 'no_accrual',
  'posPromotionNoPromotions', settings ->> 'posPromotionMode' = 'no_promotions')
where settings ->> 'posPromotionMode' is not null;
`.execute(db);
}

/** Back to one choice: when several switches are on, the one banning most wins. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
update loyalty_programs
set settings = (settings - 'posPromotionNoBonusPayment' - 'posPromotionNoAccrual'
    - 'posPromotionNoPromotions') || jsonb_build_object('posPromotionMode', case
  when (settings ->> 'posPromotionNoPromotions')::boolean then 'no_promotions'
  when (settings ->> 'posPromotionNoAccrual')::boolean then 'no_accrual'
  when (settings ->> 'posPromotionNoBonusPayment')::boolean then 'no_bonus_payment'
  else 'per_line' end)
where settings ->> 'posPromotionNoBonusPayment' is not null
   or settings ->> 'posPromotionNoAccrual' is not null
   or settings ->> 'posPromotionNoPromotions' is not null;
`.execute(db);
}
