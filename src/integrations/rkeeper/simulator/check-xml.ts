// Builds the check XML a r_keeper cash server puts into INPBUF, from a plain order model.
// Money is written as roubles with two decimals and quantities as units, the shape the parser
// reads by default (see CheckUnits in farcards/check.ts).
import { formatRoubles, lineAmount } from '../../../domain/money.ts';
import type { CheckModeName } from '../farcards/check.ts';
import { CheckMode } from '../farcards/check.ts';
import { element } from '../farcards/xml-write.ts';

export interface TillLine {
  code: string;
  name: string;
  /** Kopecks per unit. */
  price: number;
  /** Thousandths of a unit. */
  quantityMilli: number;
  category?: string;
}

export interface TillPayment {
  code: string;
  name: string;
  /** Kopecks. */
  sum: number;
  /** Card code for a payment through the card interface (FarCards), e.g. a deposit. */
  cardCode?: string;
  interfaceId?: number;
  payType?: 1 | 2 | 3;
}

export interface TillOrder {
  orderNum: string;
  orderGuid: string;
  checkNum: number;
  tableName: string;
  guests: number;
  waiter: { id: string; name: string };
  lines: readonly TillLine[];
  payments: readonly TillPayment[];
  /** "YYYY-MM-DDTHH:MM:SS", restaurant local time. */
  openedAt: string;
  closedAt: string;
}

export interface TillStation {
  stationCode: number;
  restaurantCode: string;
  cashServerName: string;
  /** "YYYY-MM-DD". */
  shiftDate: string;
  shiftNum: number;
  /** Interface id of Kopilka's FarCards card system in r_keeper. */
  interfaceId: number;
}

export function formatQuantity(milli: number): string {
  const whole = Math.trunc(milli / 1000);
  const frac = String(Math.abs(milli % 1000)).padStart(3, '0').replace(/0+$/, '');
  return frac === '' ? String(whole) : `${whole}.${frac}`;
}

export function lineSum(line: TillLine): number {
  return lineAmount(line.price, line.quantityMilli);
}

function extInfo(station: TillStation, cardCode: string): string {
  return element(
    'EXTINFO', {},
    element('INTERFACES', {}, element('INTERFACE', { type: 'PDS', id: station.interfaceId, mode: 0 },
      element('HOLDERS', {}, element('ITEM', { cardcode: cardCode })))),
  );
}

/** The short CHECK sent when a card is swiped outside an order (chmode 0 or 8). */
export function buildShortCheck(station: TillStation, cardCode: string, generatedAt: string, mode: CheckModeName = 'NotCheck'): string {
  return element('CHECK', {
    stationcode: station.stationCode, restaurantcode: station.restaurantCode,
    cashservername: station.cashServerName, generateddatetime: generatedAt, chmode: CheckMode[mode],
  }, extInfo(station, cardCode));
}

export function buildCheckXml(station: TillStation, order: TillOrder, mode: CheckModeName, cardCode: string): string {
  const lines = order.lines.map((l, i) =>
    element('LINE', {
      id: 1000 + i, uni: i + 1, type: 'dish', code: l.code, name: l.name,
      quantity: formatQuantity(l.quantityMilli), price: formatRoubles(l.price), sum: formatRoubles(lineSum(l)),
      categ: l.category,
    }),
  );
  const payments = order.payments.map((p, i) =>
    element('PAYMENT', {
      code: p.code, name: p.name, sum: formatRoubles(p.sum), bsum: formatRoubles(p.sum),
      interface: p.interfaceId, cardcode: p.cardCode, uni: order.lines.length + i + 1, paytype: p.payType ?? 3,
    }),
  );
  const data = element('CHECKDATA', {
    ordernum: order.orderNum, orderguid: order.orderGuid, guests: order.guests, checknum: order.checkNum,
    tablename: order.tableName, startservice: order.openedAt, closedatetime: order.closedAt,
  }, [
    element('CHECKPERSONS', { count: 1 }, element('PERSON', { id: order.waiter.id, name: order.waiter.name, role: 'waiter' })),
    element('CHECKLINES', { count: lines.length }, lines.join('')),
    element('CHECKPAYMENTS', { count: payments.length }, payments.join('')),
  ].join(''));
  return element('CHECK', {
    stationcode: station.stationCode, restaurantcode: station.restaurantCode,
    cashservername: station.cashServerName, generateddatetime: order.closedAt, chmode: CheckMode[mode],
    locale: 1049, shiftdate: station.shiftDate, shiftnum: station.shiftNum, protocolversion: 30,
  }, extInfo(station, cardCode) + data);
}
