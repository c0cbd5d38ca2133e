// The HTTP contract of the iikoFront external-payment plugin (docs/integrations/iiko.md).
// Names follow iiko's Front API (transactionId, orderId, paymentTypeId, pointOfSale) so the
// C# plugin maps its arguments one to one. Money is integer kopecks: the plugin converts
// iiko's decimal roubles with decimal arithmetic (sum * 100m), never through double.
import { Type, type Static, type TSchema } from 'typebox';
import { MAX_AMOUNT, MAX_QUANTITY_MILLI } from '../../../domain/money.ts';

const Strict = <T extends Record<string, TSchema>>(props: T, description?: string) =>
  Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
const Text = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
const IikoId = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7E]+$', description });
const Sum = Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, description: 'Kopecks' });
const Price = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, description: 'Kopecks' });

export const Card = Type.Union(
  [
    Strict({ number: Text(64, 'Card number') }),
    Strict({ track: Text(128, 'Magnetic track or QR contents') }),
    Strict({ uid: Text(64, 'Card UID (RFID)') }),
    Strict({ phone: Text(32, "Guest's phone") }),
  ],
  { description: 'Exactly one way to find the guest' },
);

const PointOfSale = Strict(
  { id: IikoId('IPointOfSale.Id'), name: Type.Optional(Text(200)) },
  'The iiko point of sale (cash register) the till belongs to',
);
const Cashier = Strict(
  { id: Type.Optional(IikoId('IUser.Id')), name: Text(100, 'IUser.Name') },
  'The cashier who pressed the button',
);

const Item = Strict({
  productId: IikoId('IProduct.Id'),
  productCode: Type.Optional(Text(64, 'IProduct.Number (article), shown in reports')),
  name: Text(200),
  categoryId: Type.Optional(IikoId('Product category id')),
  categoryName: Type.Optional(Text(200)),
  price: Price,
  quantityMilli: Type.Integer({
    minimum: 1,
    maximum: MAX_QUANTITY_MILLI,
    description: 'Thousandths of a unit: 1000 = 1',
  }),
  sum: Type.Optional(
    Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, description: 'Line sum after discounts' }),
  ),
});

const Common = {
  paymentTypeId: IikoId('IPaymentType.Id of the external payment type'),
  pointOfSale: PointOfSale,
  cashier: Cashier,
  occurredAt: Type.Optional(
    Type.String({ format: 'date-time', description: 'When it happened at the till' }),
  ),
};

/** iikoFront passes `Guid? orderId`: null when the payment has no order (e.g. a prepayment). */
const OrderId = Type.Optional(Type.Union([IikoId('IOrder.Id'), Type.Null()]));

export const IdentifyBody = Strict({ card: Card });

export const PayBody = Strict({
  transactionId: IikoId('The payment transaction id: a repeat is answered, not re-done'),
  orderId: OrderId,
  orderNumber: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_000_000_000 })),
  orderSum: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_AMOUNT,
      description:
        'IOrder.ResultSum in kopecks: what the whole order costs; the payment may not exceed it',
    }),
  ),
  sum: Sum,
  card: Card,
  items: Type.Optional(Type.Array(Item, { minItems: 1, maxItems: 1000 })),
  ...Common,
});

export const ReturnBody = Strict({
  transactionId: IikoId('The transactionId of the payment being returned'),
  returnId: IikoId(
    'Id of this return, made by the plugin per ReturnPayment call and reused on its own retries',
  ),
  orderId: OrderId,
  sum: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_AMOUNT,
      description: 'Kopecks; all that is left of the payment when omitted',
    }),
  ),
  ...Common,
});

export const ReturnWithoutOrderBody = Strict({
  returnId: IikoId(
    'Id of this return, made by the plugin per ReturnPaymentWithoutOrder call and reused on its own retries',
  ),
  orderId: OrderId,
  sum: Sum,
  card: Card,
  ...Common,
});

export const CancelBody = Strict({
  transactionId: IikoId('The transactionId of the payment to cancel'),
  orderId: OrderId,
  sum: Type.Optional(Sum),
  ...Common,
});

export type CardT = Static<typeof Card>;
export type PayBodyT = Static<typeof PayBody>;
export type ReturnBodyT = Static<typeof ReturnBody>;
export type ReturnWithoutOrderBodyT = Static<typeof ReturnWithoutOrderBody>;
export type CancelBodyT = Static<typeof CancelBody>;
