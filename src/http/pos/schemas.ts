// Request schemas of the POS API. They validate strictly (no type coercion, no unknown
// fields) and feed the OpenAPI document at /docs.
import { Type, type Static, type TSchema } from 'typebox';
import { MAX_AMOUNT, MAX_QUANTITY_MILLI } from '../../domain/money.ts';

const PosId = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7E]+$', description });
const Text = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });
export const Amount = Type.Integer({
  minimum: 1,
  maximum: MAX_AMOUNT,
  description: 'Kopecks (bonus points: hundredths of a point)',
});
const Price = Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, description: 'Kopecks' });
const Time = Type.String({ format: 'date-time', description: 'ISO 8601 with offset' });
const Strict = <T extends Record<string, TSchema>>(props: T, description?: string) =>
  Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });

export const CardRef = Type.Union(
  [
    Strict({ card_id: Type.Integer({ minimum: 1 }) }),
    Strict({ number: Text(64, 'Card number') }),
    Strict({ uid: Text(64, 'Card UID') }),
    Strict({ track: Text(128, 'Magnetic track') }),
    Strict({ phone: Text(32, "Guest's phone") }),
  ],
  { description: 'Exactly one way to find the card' },
);

const Common = {
  occurred_at: Type.Optional(Time),
  soft_offline: Type.Optional(
    Type.Boolean({ description: 'Posted late after an outage ("мягкий оффлайн")' }),
  ),
  operator: Type.Optional(Text(100, 'Cashier or waiter')),
  check_number: Type.Optional(Text(64, "The POS's check number")),
};

export const Line = Strict({
  line_no: Type.Integer({ minimum: 0, maximum: 100000 }),
  item_code: Text(64),
  item_name: Text(200),
  category_code: Type.Optional(Text(64)),
  category_name: Type.Optional(Text(200)),
  base_price: Type.Optional(Price),
  price: Price,
  quantity_milli: Type.Integer({
    minimum: 1,
    maximum: MAX_QUANTITY_MILLI,
    description: 'Thousandths of a unit: 1000 = 1',
  }),
  amount: Type.Optional(
    Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, description: 'Line sum after POS discounts' }),
  ),
  pos_promotions: Type.Optional(
    Type.Array(Text(64), {
      maxItems: 20,
      description: 'L12: ids of POS promotions or discounts applied to the line',
    }),
  ),
});

const Lines = Type.Array(Line, { minItems: 1, maxItems: 1000 });
export const PromoCodes = Type.Array(Text(64), {
  maxItems: 10,
  description: 'L14: promo codes typed at the till',
});
const AccountKind = Type.Union([Type.Literal('deposit'), Type.Literal('bonus')]);

export const IdentifyBody = Type.Union(
  [
    CardRef,
    Strict({
      payment_code: Type.String({
        minLength: 1,
        maxLength: 16,
        description: 'L14: the one-time 4-character code from the receipt or the guest app',
      }),
    }),
  ],
  { description: 'A card reference, or a payment code' },
);

export const CalculateBody = Strict({
  card: Type.Optional(CardRef),
  lines: Lines,
  promo_codes: Type.Optional(PromoCodes),
  occurred_at: Type.Optional(Time),
  explain: Type.Optional(
    Type.Boolean({ description: 'Include the explanation of every rule (default true)' }),
  ),
  operator: Type.Optional(
    Text(100, "The check's waiter or cashier: the receipt's e-tips link goes to their page"),
  ),
});

export const PaymentBody = Strict({
  payment_id: PosId("The POS's id of this payment: repeats are answered, not re-done"),
  card: CardRef,
  account_kind: Type.Optional(AccountKind),
  account_id: Type.Optional(Type.Integer({ minimum: 1 })),
  amount: Amount,
  order_id: Type.Optional(PosId("The POS's order id")),
  lines: Type.Optional(Lines),
  manager_confirmed: Type.Optional(Type.Boolean()),
  ...Common,
});

export const ReverseBody = Strict({
  reversal_id: Type.Optional(PosId('Id of this reversal')),
  ...Common,
});

export const HoldBody = Strict({
  hold_id: PosId("The POS's id of this hold"),
  card: CardRef,
  account_kind: Type.Optional(AccountKind),
  account_id: Type.Optional(Type.Integer({ minimum: 1 })),
  amount: Amount,
  ttl_seconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 86400 })),
  manager_confirmed: Type.Optional(Type.Boolean()),
  ...Common,
});

export const CommitBody = Strict({
  amount: Type.Optional(Amount),
  lines: Type.Optional(Lines),
  order_id: Type.Optional(PosId("The POS's order id")),
  ...Common,
});

export const CancelBody = Strict({ ...Common });

export const PaymentLine = Type.Union([
  Strict({
    kind: AccountKind,
    amount: Amount,
    card: Type.Optional(CardRef),
    account_id: Type.Optional(Type.Integer({ minimum: 1 })),
    hold_id: Type.Optional(PosId('A hold to commit with this payment')),
  }),
  Strict({
    kind: Type.Union([Type.Literal('cash'), Type.Literal('card'), Type.Literal('other')]),
    amount: Amount,
    name: Type.Optional(Text(100)),
  }),
]);

export const CloseOrderBody = Strict({
  order_id: PosId("The POS's order id: closing twice is answered, not re-done"),
  card: Type.Optional(CardRef),
  opened_at: Type.Optional(Time),
  lines: Lines,
  payments: Type.Array(PaymentLine, { maxItems: 50 }),
  manager_confirmed: Type.Optional(Type.Boolean()),
  promo_codes: Type.Optional(PromoCodes),
  change_to_wallet: Type.Optional(
    Type.Boolean({ description: 'L7: payments over the total go to the bonus wallet' }),
  ),
  ...Common,
});

export const RefundBody = Strict({
  refund_id: PosId("The POS's id of this refund"),
  lines: Type.Optional(
    Type.Array(
      Strict({
        line_no: Type.Integer({ minimum: 0 }),
        quantity_milli: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY_MILLI }),
      }),
      { minItems: 1, maxItems: 1000 },
    ),
  ),
  ...Common,
});

export const TopUpBody = Strict({
  topup_id: PosId("The POS's id of this top-up"),
  card: CardRef,
  account_kind: Type.Optional(AccountKind),
  account_id: Type.Optional(Type.Integer({ minimum: 1 })),
  amount: Amount,
  fiscal_mode: Type.Optional(Type.Union([Type.Literal('advance'), Type.Literal('service')])),
  ...Common,
});

export const IdParam = Strict({ id: Type.String({ pattern: '^[1-9][0-9]{0,14}$' }) });
export const PosIdParam = Strict({ pos_id: PosId('POS id') });

export const HistoryQuery = Strict({
  limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–500' })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Time),
  to: Type.Optional(Time),
});

export type PaymentBodyT = Static<typeof PaymentBody>;
