// The loyalty program (seed 003, L1–L16): settings per organization with per-restaurant
// overrides, ranks, promotions, what each closed order took from promotion budgets, promo-code
// entries, one-time payment codes, and the security events of code guessing.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- restaurant_id 0 is the organization's own row with full settings; a restaurant's row holds
-- only what it overrides. version grows with every program change so that every server
-- process notices a change and recompiles its cached promotions.
create table loyalty_programs (
  org_id bigint not null references organizations(id),
  restaurant_id bigint not null default 0,
  settings jsonb not null,
  footer jsonb,
  version bigint not null default 1,
  updated_at timestamptz not null default now(),
  primary key (org_id, restaurant_id)
);

create table loyalty_ranks (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  name text not null,
  threshold bigint not null check (threshold >= 0),
  accrual_bp integer not null check (accrual_bp between 0 and 10000),
  discount_bp integer not null check (discount_bp between 0 and 10000),
  primary key (org_id, id)
);

create table loyalty_promotions (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  name text not null,
  kind text not null check (kind in ('regular', 'registration_bonus')),
  active boolean not null,
  conditions jsonb not null,
  privileges jsonb not null,
  budget jsonb,
  priority integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);

-- Budget use per promotion and scope: 'total' (key ''), 'day' (key = local date), 'guest'
-- (key = guest id). A close locks the rows it charges, so concurrent closes never overspend.
create table loyalty_budget_usage (
  org_id bigint not null,
  promotion_id bigint not null,
  scope text not null check (scope in ('total', 'day', 'guest')),
  key text not null,
  used bigint not null default 0 check (used >= 0),
  uses integer not null default 0 check (uses >= 0),
  primary key (org_id, promotion_id, scope, key)
);

-- What a closed order took from each promotion budget, so that refunds give it back.
create table loyalty_orders (
  org_id bigint not null,
  order_id bigint not null,
  guest_id bigint,
  day text not null,
  discount bigint not null,
  accrual bigint not null,
  spend jsonb not null,
  primary key (org_id, order_id)
);

-- Promo codes a guest entered (app, support) and when: each lives promoCodeLifetimeMinutes.
create table loyalty_promo_code_entries (
  org_id bigint not null,
  guest_id bigint not null,
  code text not null,
  entered_at timestamptz not null,
  primary key (org_id, guest_id, code)
);

create table loyalty_payment_codes (
  org_id bigint not null,
  id bigint generated always as identity,
  guest_id bigint not null,
  code text not null,
  status text not null check (status in ('active', 'used', 'replaced', 'expired')),
  issued_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  used_terminal_id bigint,
  primary key (org_id, id),
  foreign key (org_id, guest_id) references guests (org_id, id)
);
create unique index loyalty_payment_codes_active on loyalty_payment_codes (org_id, code)
  where status = 'active';
create index loyalty_payment_codes_guest on loyalty_payment_codes (org_id, guest_id)
  where status = 'active';

-- Violations of security rules (code guessing now; more kinds later), for the notifications
-- of seed 003 "нарушение гостями правил системы безопасности".
create table security_events (
  org_id bigint not null,
  id bigint generated always as identity,
  at timestamptz not null,
  type text not null,
  restaurant_id bigint,
  terminal_id bigint,
  scope text,
  failures integer not null default 0,
  locked_until timestamptz,
  message_ru text not null,
  message_en text not null,
  primary key (org_id, id)
);
create index security_events_type on security_events (org_id, type, at);
create index security_events_terminal on security_events (org_id, terminal_id, at);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop table security_events, loyalty_payment_codes, loyalty_promo_code_entries, loyalty_orders,
  loyalty_budget_usage, loyalty_promotions, loyalty_ranks, loyalty_programs;
`.execute(db);
}
