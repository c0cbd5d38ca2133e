// Row types of every table, as Kysely sees them. Keep in step with migrations/. Value sets the
// domain owns (card states, schemes, entry types) are the domain's types, not restated here.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { CardStatus } from '../domain/cards.ts';
import type { DepositScheme, FiscalMode } from '../domain/deposit.ts';
import type { EntryType } from '../domain/ledger.ts';

type Id = Generated<number>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export type Integration = 'rkeeper7' | 'rkeeper_lite' | 'iiko' | 'api';
export type { CardStatus } from '../domain/cards.ts';
export type { DepositScheme, FiscalMode } from '../domain/deposit.ts';
export type { EntryType } from '../domain/ledger.ts';
export type AccountKind = 'bonus' | 'deposit';
export type EntrySource = 'pos' | 'admin' | 'promotion' | 'api' | 'system' | 'import';
export type HoldStatus = 'active' | 'committed' | 'cancelled' | 'expired';
export type OrderStatus = 'closed' | 'partially_refunded' | 'refunded';

export interface OrganizationSettings {
  /** Seed 003: binding a new card to a guest deactivates the guest's other cards. */
  singleActiveCard?: boolean;
  /** Default expiry of POS holds, seconds. */
  holdTtlSeconds?: number;
}

export interface OrganizationsTable {
  id: Id;
  name: string;
  settings: Json<OrganizationSettings>;
  created_at: CreatedAt;
}

export interface RestaurantsTable {
  org_id: number;
  id: Id;
  name: string;
  code: string;
  time_zone: string;
  integration: Integration;
  test_mode: boolean;
  test_mode_lifted_at: Date | null;
  settings: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface TerminalsTable {
  org_id: number;
  id: Id;
  restaurant_id: number;
  name: string;
  key_hash: string;
  key_hint: string;
  revoked_at: Date | null;
  created_at: CreatedAt;
}

export interface CardMasksTable {
  org_id: number;
  id: Id;
  name: string;
  pattern: string;
  kind: string;
  created_at: CreatedAt;
}

export interface GuestsTable {
  org_id: number;
  id: Id;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  phone: string | null;
  email: string | null;
  birthday: ColumnType<string | null, string | null | undefined, string | null>;
  sex: 'male' | 'female' | null;
  consent_marketing: Generated<boolean>;
  consent_at: Date | null;
  attributes: Json<Record<string, unknown>>;
  external_id: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date>;
}

export interface CardsTable {
  org_id: number;
  id: Id;
  guest_id: number;
  number: string;
  uid: string | null;
  track: string | null;
  kind: string | null;
  status: Generated<CardStatus>;
  block_reason: string | null;
  valid_from: Date | null;
  valid_until: Date | null;
  payer_card_id: number | null;
  created_at: CreatedAt;
}

export interface AccountsTable {
  org_id: number;
  id: Id;
  guest_id: number;
  kind: AccountKind;
  name: string;
  scheme: DepositScheme | null;
  credit_limit: Generated<number>;
  fiscal_mode: FiscalMode | null;
  balance: Generated<number>;
  held: Generated<number>;
  created_at: CreatedAt;
}

export interface HoldsTable {
  org_id: number;
  id: Id;
  restaurant_id: number;
  pos_hold_id: string;
  account_id: number;
  card_id: number;
  amount: number;
  status: HoldStatus;
  committed_amount: Generated<number>;
  expires_at: Date;
  created_at: CreatedAt;
  closed_at: Date | null;
}

export interface OrderPaymentRecord {
  kind: 'deposit' | 'bonus' | 'cash' | 'card' | 'other';
  amount: number;
  name?: string;
  account_id?: number;
  card_id?: number;
  hold_id?: number;
  /** Per line: the part of this payment allocated to the line (deposit and bonus only). */
  allocation?: number[];
}

export interface OrdersTable {
  org_id: number;
  id: Id;
  restaurant_id: number;
  terminal_id: number | null;
  pos_order_id: string;
  check_number: string | null;
  card_id: number | null;
  guest_id: number | null;
  opened_at: Date | null;
  closed_at: Date;
  total: number;
  /** The lines' amounts net of refunds: what the order counts for the guest's rank. */
  net_total: number;
  status: OrderStatus;
  soft_offline: Generated<boolean>;
  operator: string | null;
  payments: Json<OrderPaymentRecord[]>;
  loyalty: Json<unknown> | null;
  created_at: CreatedAt;
}

export interface OrderLinesTable {
  org_id: number;
  order_id: number;
  line_no: number;
  item_code: string;
  item_name: string;
  category_code: string | null;
  category_name: string | null;
  base_price: number;
  price: number;
  quantity_milli: number;
  amount: number;
  refunded_quantity_milli: Generated<number>;
  /** Paid for this line from the deposit and with bonus points at the close (gross). */
  deposit_paid: Generated<number>;
  bonus_paid: Generated<number>;
}

export interface LedgerEntriesTable {
  org_id: number;
  id: Id;
  account_id: number;
  guest_id: number;
  type: EntryType;
  amount: number;
  occurred_at: Date;
  recorded_at: CreatedAt;
  restaurant_id: number | null;
  terminal_id: number | null;
  order_id: number | null;
  line_no: number | null;
  item_code: string | null;
  item_name: string | null;
  payment_amount: Generated<number>;
  operator: string | null;
  card_id: number | null;
  payer_guest_id: number | null;
  payer_card_id: number | null;
  recipient_guest_id: number | null;
  recipient_card_id: number | null;
  soft_offline: Generated<boolean>;
  source: EntrySource;
  pos_check_id: string | null;
  pos_txn_id: string | null;
  hold_id: number | null;
  reverses_entry_id: number | null;
  fiscal_mode: FiscalMode | null;
  comment: string | null;
}

export interface BonusLotsTable {
  org_id: number;
  id: Id;
  account_id: number;
  entry_id: number;
  amount: number;
  remaining: number;
  available_from: Date;
  expires_at: Date | null;
}

export interface LotDrawsTable {
  org_id: number;
  entry_id: number;
  lot_id: number;
  amount: number;
}

export interface PosRequestsTable {
  org_id: number;
  restaurant_id: number;
  operation: string;
  pos_id: string;
  request_hash: string;
  response: Json<unknown> | null;
  created_at: CreatedAt;
}

export interface PosDictionaryTable {
  org_id: number;
  source: 'rkeeper' | 'iiko' | 'manual';
  ref_name: string;
  ident: string;
  code: string | null;
  name: string;
  parent_ident: string | null;
  status: Generated<string>;
  attributes: Json<Record<string, unknown>>;
  updated_at: CreatedAt;
}

export interface AuditLogTable {
  org_id: number;
  id: Id;
  at: CreatedAt;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
}

export interface UsersTable {
  org_id: number;
  id: Id;
  email: string;
  name: string;
  role: 'owner' | 'manager' | 'marketer' | 'analyst' | 'integrator' | 'support';
  password_hash: string;
  disabled_at: Date | null;
  created_at: CreatedAt;
}

/** Failed sign-ins per lower-cased e-mail address, whether or not a user has it. */
export interface SignInFailuresTable {
  email: string;
  failures: number;
  locked_until: Date | null;
  last_failed_at: Date;
}

export interface UserSessionsTable {
  org_id: number;
  id: Id;
  user_id: number;
  token_hash: string;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: CreatedAt;
}

/**
 * Every table Kysely knows. Adapters that add tables in their own migrations extend this
 * interface from their own schema file (declaration merging), so this file stays the core's.
 */
export interface DB {
  organizations: OrganizationsTable;
  restaurants: RestaurantsTable;
  terminals: TerminalsTable;
  card_masks: CardMasksTable;
  guests: GuestsTable;
  cards: CardsTable;
  accounts: AccountsTable;
  holds: HoldsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  ledger_entries: LedgerEntriesTable;
  bonus_lots: BonusLotsTable;
  lot_draws: LotDrawsTable;
  pos_requests: PosRequestsTable;
  pos_dictionary: PosDictionaryTable;
  audit_log: AuditLogTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  sign_in_failures: SignInFailuresTable;
}

export type Restaurant = Selectable<RestaurantsTable>;
export type Terminal = Selectable<TerminalsTable>;
export type Guest = Selectable<GuestsTable>;
export type Card = Selectable<CardsTable>;
export type Account = Selectable<AccountsTable>;
export type Hold = Selectable<HoldsTable>;
export type Order = Selectable<OrdersTable>;
export type OrderLine = Selectable<OrderLinesTable>;
export type LedgerEntry = Selectable<LedgerEntriesTable>;
export type NewLedgerEntry = Insertable<LedgerEntriesTable>;
export type BonusLot = Selectable<BonusLotsTable>;
