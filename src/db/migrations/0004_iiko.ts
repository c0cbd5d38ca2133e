// iiko: the connection to the organization's iiko Server and which iiko payment type pays a
// deposit of each scheme × fiscalization mode (seed 001). The payment types themselves live in
// pos_dictionary (source 'iiko'), imported from iiko Server.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- Only the SHA-1 digest of the password is kept: it is all iiko's /auth needs, and the
-- plain password (which a person may reuse elsewhere) is then never stored anywhere.
create table iiko_server_settings (
  org_id bigint not null references organizations(id),
  server_name text not null default '',
  protocol text not null check (protocol in ('http', 'https')),
  address text not null,
  port integer not null check (port between 1 and 65535),
  login text not null,
  password_sha1 text not null check (password_sha1 ~ '^[0-9a-f]{40}$'),
  timeout_ms integer not null,
  tls_ca text,
  updated_at timestamptz not null default now(),
  primary key (org_id)
);

-- One iiko payment type per deposit scheme × fiscalization mode in use. iiko Server cannot say
-- whether a type is fiscal until it has been used in a sale, nor its payment method ever, so
-- the integrator's confirmations from iikoOffice are kept beside the choice.
create table iiko_deposit_payment_types (
  org_id bigint not null references organizations(id),
  scheme text not null check (scheme in ('debit', 'credit', 'mixed')),
  fiscal_mode text not null check (fiscal_mode in ('advance', 'service')),
  payment_type_id text not null,
  confirmed_fiscal boolean,
  confirmed_payment_method text check (confirmed_payment_method in ('prepayment', 'other')),
  updated_at timestamptz not null default now(),
  primary key (org_id, scheme, fiscal_mode),
  check (not (scheme = 'mixed' and fiscal_mode = 'advance'))
);

-- iiko returns and emergency cancels find a payment by the till's transaction id.
create index ledger_pos_txn on ledger_entries (org_id, restaurant_id, pos_txn_id)
  where pos_txn_id is not null;
`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index ledger_pos_txn;
drop table iiko_deposit_payment_types, iiko_server_settings;
`.execute(db);
}
