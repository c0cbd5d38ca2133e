// The successful answers of the iikoFront plugin's API (answers.ts builds them), for the
// OpenAPI document the plugin's author reads. Money is integer kopecks; every write's answer
// says whether it was a repeat (`replayed`, also the Idempotent-Replayed header).
import { Type, type TObject, type TProperties, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Kopecks = (description?: string) =>
  Type.Integer({ description: description ? `${description}, kopecks` : 'Kopecks' });

const Messages = {
  messageRu: Type.String({ description: 'What the plugin shows the cashier, in Russian' }),
  messageEn: Type.String(),
};

const Deposit = Nullable(
  Type.Object(
    {
      accountId: Type.Integer(),
      scheme: Nullable(Type.String({ description: 'debit, credit or mixed' })),
      fiscalMode: Nullable(Type.String({ description: 'advance or service' })),
      creditLimit: Kopecks(),
      balance: Kopecks(),
      available: Kopecks('What it can pay now'),
      floor: Kopecks('The lowest balance its scheme allows'),
    },
    { description: "The guest's deposit after the call; null: the guest has none" },
  ),
);

export const Identified = Type.Object({
  card: Type.Object({
    number: Type.String(),
    status: Type.String(),
    flags: Type.Object(
      {
        deleted: Type.Boolean(),
        seize: Type.Boolean(),
        expired: Type.Boolean(),
        notActiveYet: Type.Boolean(),
        needsManager: Type.Boolean(),
        blocked: Type.Boolean(),
        blockReason: Nullable(Type.String()),
      },
      { description: 'What keeps the card from paying, if anything' },
    ),
  }),
  guest: Type.Object({ id: Type.Integer(), name: Type.String() }),
  deposit: Deposit,
  rank: Nullable(
    Type.Object({
      name: Type.String(),
      accrualBp: Type.Integer({ description: '10000 = 100 %' }),
      discountBp: Type.Integer(),
    }),
  ),
  toNextRank: Nullable(Type.Object({ rankName: Type.String(), left: Kopecks('Spend left') })),
  bonusBalance: Type.Integer({ description: 'Hundredths of a point' }),
  receiptFooter: Type.String({ description: 'Lines to print under the receipt' }),
  ...Messages,
});

/** A write's answer: its own fields, the deposit after it, the cashier's message, `replayed`. */
const Written = <P extends TProperties>(props: P): TObject =>
  Type.Object({
    ...props,
    deposit: Deposit,
    ...Messages,
    replayed: Type.Boolean({ description: 'A repeat of a call already done, answered as then' }),
  });

const Entry = (sign: string) =>
  Type.Object({
    id: Type.Integer(),
    sum: Kopecks(sign),
    lineNo: Nullable(Type.Integer()),
    itemName: Nullable(Type.String()),
  });

export const Paid = Written({
  status: Type.Literal('paid'),
  transactionId: Type.String(),
  sum: Kopecks(),
  cardId: Type.Integer(),
  split: Nullable(
    Type.Object(
      { prepaid: Kopecks(), credit: Kopecks() },
      { description: 'A mixed deposit: what was paid from the balance and what went on credit' },
    ),
  ),
  entries: Type.Array(Entry('Taken from the deposit')),
});

export const Returned = Written({
  status: Type.Literal('returned'),
  transactionId: Type.String(),
  returnId: Type.String(),
  sum: Kopecks(),
  leftToReturn: Kopecks('What is left of the payment to return'),
  entries: Type.Array(Entry('Given back to the deposit')),
});

export const ReturnedWithoutOrder = Written({
  status: Type.Literal('returned'),
  returnId: Type.String(),
  sum: Kopecks(),
  entries: Type.Array(Type.Object({ id: Type.Integer(), sum: Kopecks() })),
});

export const Cancelled = Written({
  status: Type.Literal('cancelled'),
  transactionId: Type.String(),
  sum: Kopecks('Given back to the deposit'),
  paymentFound: Type.Boolean({
    description: 'false: the payment never reached Kopilka; its id is now barred',
  }),
});
