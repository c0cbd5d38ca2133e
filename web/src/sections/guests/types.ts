// The guest API's answers as the cabinet reads them.
export interface CardRow {
  id: number;
  number: string;
  uid: string | null;
  status: string;
  kind?: string | null;
  block_reason?: string | null;
  valid_from?: string | null;
  valid_until?: string | null;
  payer_card_id?: number | null;
}

export interface GuestRow {
  id: number;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  phone: string | null;
  email: string | null;
  cards: CardRow[];
}

export interface Account {
  id: number;
  kind: 'bonus' | 'deposit';
  name: string;
  scheme: string | null;
  fiscal_mode: string | null;
  credit_limit: number;
  balance: number;
  held: number;
  available: number;
}

export interface Guest extends GuestRow {
  birthday: string | null;
  sex: 'male' | 'female' | null;
  consent_marketing: boolean;
  external_id: string | null;
  created_at: string;
  accounts: Account[];
}

export interface HistoryRow {
  id: number;
  type: string;
  type_code: string;
  type_name: { ru: string; en: string };
  occurred_at: string;
  account: string;
  amount: number;
  item: string | null;
  payment: number | null;
  point_of_service: string | null;
  operator: string | null;
  payer: string | null;
  payer_card: string | null;
  recipient: string | null;
  recipient_card: string | null;
  soft_offline: boolean;
}

export interface Page<T> {
  rows: T[];
  next_cursor: string | null;
}

export const fullName = (g: Pick<GuestRow, 'last_name' | 'first_name' | 'middle_name'>) =>
  [g.last_name, g.first_name, g.middle_name].filter(Boolean).join(' ');
