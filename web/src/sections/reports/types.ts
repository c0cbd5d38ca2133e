// What the report routes answer (docs/reports.md). The routes carry no response schemas yet,
// so the shapes the screens read are written here, next to the screens that read them.
export type Cell = string | number | boolean | null;

/** Demand, ranks and promotions: a titled table; amounts in roubles (numbers), not kopecks. */
export interface TableAnswer {
  title: { ru: string; en: string };
  heading: string[];
  columns: { key: string; ru: string; en: string }[];
  rows: Record<string, Cell>[];
}

export interface SalePayment {
  account: string;
  kind: string;
  amount: number;
  card_uid: string | null;
  text: string;
}

export interface SaleLine {
  line_no: number;
  item_code: string | null;
  item: string;
  base_price: number;
  price: number;
  units: number;
  amount: number;
  refunded_units: number;
  payments: SalePayment[];
}

export interface Sale {
  id: number;
  number: string;
  card: string | null;
  closed_at_local: string;
  cash_register: string | null;
  total: number;
  status: string;
  lines: SaleLine[];
}

export interface SalesAnswer {
  title: string;
  heading: string[];
  sales: Sale[];
  next_cursor: string | null;
}

export interface GuestSpendRow {
  guest_id: number;
  guest: string;
  card: string | null;
  visits: number;
  average_check: number;
  total: number;
  last_visit: string;
  recency_days: number;
  rfm: string;
  segment: string;
}

export interface SegmentRow {
  segment: string;
  name: { ru: string; en: string };
  guests: number;
  visits: number;
  total: number;
}

export interface LiabilityRow {
  kind: 'deposit' | 'bonus';
  account: string;
  accounts: number;
  positive: number;
  negative: number;
  net: number;
  pending: number | null;
  expired_unposted: number | null;
  available: number | null;
}

export interface LiabilityAnswer {
  as_of_local: string;
  time_zone: string;
  rows: LiabilityRow[];
}
