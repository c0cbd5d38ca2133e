// What the report routes answer (docs/reports.md), as the server's OpenAPI document says it:
// generated into ../../api/schema.d.ts by `npm run gen:api`, never written by hand.
import type { Answer as Json } from '../../api/answers.ts';

/** Demand, ranks and promotions: a titled table; amounts in roubles (numbers), not kopecks. */
export type TableAnswer = Json<'reportDemand'>;
export type Cell = TableAnswer['rows'][number][string];

export type SalesAnswer = Json<'reportSales'>;
export type Sale = SalesAnswer['rows'][number];
export type SaleLine = Sale['lines'][number];
export type SalePayment = SaleLine['payments'][number];

export type GuestSpendRow = Json<'reportGuestSpend'>['rows'][number];
export type SegmentRow = Json<'reportGuestSegments'>['rows'][number];

export type LiabilityAnswer = Json<'reportLiability'>;
export type LiabilityRow = LiabilityAnswer['rows'][number];
