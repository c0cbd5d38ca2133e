// The core schema. Rules (docs/architecture.md): org_id leads every primary key and index;
// money and points are bigint kopecks / hundredths; times are timestamptz; the ledger is
// append-only and balances are a projection kept in the same transaction.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table organizations (
  id bigint generated always as identity primary key,
  name text not null,
  settings jsonb not null default '{}',
  created_at timestamptz not null default now()
);

create table restaurants (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  name text not null,
  -- The immutable "unique organization code" of seed 003; routes FarCards and support requests.
  code text not null,
  time_zone text not null,
  integration text not null check (integration in ('rkeeper7', 'rkeeper_lite', 'iiko', 'api')),
  test_mode boolean not null,
  test_mode_lifted_at timestamptz,
  settings jsonb not null default '{}',
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);
-- The one index not led by org_id: a code is looked up before the organization is known.
create unique index restaurants_code on restaurants (code);

create table terminals (
  org_id bigint not null,
  id bigint generated always as identity,
  restaurant_id bigint not null,
  name text not null,
  key_hash text not null,
  key_hint text not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, restaurant_id) references restaurants (org_id, id)
);

create table card_masks (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  name text not null,
  pattern text not null,
  kind text not null,
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);

create table guests (
  org_id bigint not null references organizations(id),
  id bigint generated always as identity,
  last_name text,
  first_name text,
  middle_name text,
  phone text,
  email text,
  birthday date,
  sex text check (sex in ('male', 'female')),
  consent_marketing boolean not null default false,
  consent_at timestamptz,
  attributes jsonb not null default '{}',
  external_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);
create index guests_phone on guests (org_id, phone) where phone is not null;
create unique index guests_external_id on guests (org_id, external_id) where external_id is not null;

create table cards (
  org_id bigint not null,
  id bigint generated always as identity,
  guest_id bigint not null,
  number text not null,
  uid text,
  track text,
  kind text,
  status text not null default 'active'
    check (status in ('active', 'blocked', 'expired', 'deleted', 'manager_confirmation', 'seize')),
  block_reason text,
  valid_from timestamptz,
  valid_until timestamptz,
  -- Linked guests: payments with this card are charged to the payer card's guest.
  payer_card_id bigint,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, guest_id) references guests (org_id, id),
  foreign key (org_id, payer_card_id) references cards (org_id, id)
);
create unique index cards_number on cards (org_id, number);
create unique index cards_uid on cards (org_id, uid) where uid is not null;
create unique index cards_track on cards (org_id, track) where track is not null;
create index cards_guest on cards (org_id, guest_id);

create table accounts (
  org_id bigint not null,
  id bigint generated always as identity,
  guest_id bigint not null,
  kind text not null check (kind in ('bonus', 'deposit')),
  name text not null,
  scheme text check (scheme in ('debit', 'credit', 'mixed')),
  credit_limit bigint not null default 0 check (credit_limit >= 0),
  fiscal_mode text check (fiscal_mode in ('advance', 'service')),
  balance bigint not null default 0,
  held bigint not null default 0 check (held >= 0),
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, guest_id) references guests (org_id, id),
  check ((kind = 'deposit') = (scheme is not null and fiscal_mode is not null))
);
create index accounts_guest on accounts (org_id, guest_id);

create table holds (
  org_id bigint not null,
  id bigint generated always as identity,
  restaurant_id bigint not null,
  pos_hold_id text not null,
  account_id bigint not null,
  card_id bigint not null,
  amount bigint not null check (amount > 0),
  status text not null check (status in ('active', 'committed', 'cancelled', 'expired')),
  committed_amount bigint not null default 0,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  primary key (org_id, id),
  foreign key (org_id, account_id) references accounts (org_id, id)
);
create unique index holds_pos_id on holds (org_id, restaurant_id, pos_hold_id);
create index holds_active on holds (org_id, account_id) where status = 'active';

create table orders (
  org_id bigint not null,
  id bigint generated always as identity,
  restaurant_id bigint not null,
  terminal_id bigint,
  pos_order_id text not null,
  check_number text,
  card_id bigint,
  guest_id bigint,
  opened_at timestamptz,
  closed_at timestamptz not null,
  total bigint not null,
  status text not null check (status in ('closed', 'partially_refunded', 'refunded')),
  soft_offline boolean not null default false,
  operator text,
  payments jsonb not null default '[]',
  loyalty jsonb,
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);
create unique index orders_pos_id on orders (org_id, restaurant_id, pos_order_id);
create index orders_closed on orders (org_id, restaurant_id, closed_at);
create index orders_guest on orders (org_id, guest_id, closed_at) where guest_id is not null;

create table order_lines (
  org_id bigint not null,
  order_id bigint not null,
  line_no integer not null,
  item_code text not null,
  item_name text not null,
  category_code text,
  category_name text,
  base_price bigint not null,
  price bigint not null,
  quantity_milli bigint not null,
  amount bigint not null,
  refunded_quantity_milli bigint not null default 0,
  primary key (org_id, order_id, line_no)
);

create table ledger_entries (
  org_id bigint not null,
  id bigint generated always as identity,
  account_id bigint not null,
  guest_id bigint not null,
  type text not null check (type in
    ('topup', 'payment', 'bonus_accrual', 'bonus_payment', 'bonus_expiry', 'adjustment', 'reversal')),
  amount bigint not null check (amount <> 0),
  occurred_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  restaurant_id bigint,
  terminal_id bigint,
  order_id bigint,
  line_no integer,
  item_code text,
  item_name text,
  payment_amount bigint not null default 0,
  operator text,
  card_id bigint,
  payer_guest_id bigint,
  payer_card_id bigint,
  recipient_guest_id bigint,
  recipient_card_id bigint,
  soft_offline boolean not null default false,
  source text not null check (source in ('pos', 'admin', 'promotion', 'api', 'system', 'import')),
  pos_check_id text,
  pos_txn_id text,
  hold_id bigint,
  reverses_entry_id bigint,
  fiscal_mode text,
  comment text,
  primary key (org_id, id),
  foreign key (org_id, account_id) references accounts (org_id, id)
);
create index ledger_account on ledger_entries (org_id, account_id, id);
create index ledger_card on ledger_entries (org_id, card_id, occurred_at, id) where card_id is not null;
create index ledger_guest on ledger_entries (org_id, guest_id, occurred_at, id);
create index ledger_order on ledger_entries (org_id, order_id) where order_id is not null;
create index ledger_reverses on ledger_entries (org_id, reverses_entry_id) where reverses_entry_id is not null;

-- Bonus lots: each credit of points is a lot with its pending period and expiry; a negative
-- lot records points owed (an accrual reversed after it was spent) and is repaid first.
create table bonus_lots (
  org_id bigint not null,
  id bigint generated always as identity,
  account_id bigint not null,
  entry_id bigint not null,
  amount bigint not null,
  remaining bigint not null,
  available_from timestamptz not null,
  expires_at timestamptz,
  primary key (org_id, id),
  foreign key (org_id, account_id) references accounts (org_id, id)
);
create index bonus_lots_open on bonus_lots (org_id, account_id) where remaining <> 0;

-- Which lots each debit drew from, so that a reversal puts points back where they came from.
create table lot_draws (
  org_id bigint not null,
  entry_id bigint not null,
  lot_id bigint not null,
  amount bigint not null,
  primary key (org_id, entry_id, lot_id)
);

-- Idempotency of POS operations: the first answer to (restaurant, operation, POS id) is kept
-- and returned to every retry; the row is claimed in the same transaction as the effect.
create table pos_requests (
  org_id bigint not null,
  restaurant_id bigint not null,
  operation text not null,
  pos_id text not null,
  request_hash text not null,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (org_id, restaurant_id, operation, pos_id)
);

-- Dictionaries imported from a POS (r_keeper GetRefData, iiko nomenclature) or typed in, so
-- that promotions and settings pick items, categories and payment types by name.
create table pos_dictionary (
  org_id bigint not null references organizations(id),
  source text not null check (source in ('rkeeper', 'iiko', 'manual')),
  ref_name text not null,
  ident text not null,
  code text,
  name text not null,
  parent_ident text,
  status text not null default 'active',
  attributes jsonb not null default '{}',
  updated_at timestamptz not null default now(),
  primary key (org_id, source, ref_name, ident)
);

create table audit_log (
  org_id bigint not null,
  id bigint generated always as identity,
  at timestamptz not null default now(),
  actor_type text not null,
  actor_id text,
  actor_name text,
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  primary key (org_id, id)
);
create index audit_entity on audit_log (org_id, entity, entity_id, id);
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop table audit_log, pos_dictionary, pos_requests, lot_draws, bonus_lots, ledger_entries, order_lines, orders,
  holds, accounts, cards, guests, card_masks, terminals, restaurants, organizations;
`.execute(db);
}
