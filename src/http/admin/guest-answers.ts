// What the guest, card and account routes answer: the profile, its cards with their flags, the
// accounts with what they can pay now, the rank and the bonus lots (C2–C4).
import { Type } from 'typebox';
import { HistoryRow, Instant, ListOf, Nullable } from '../answers.ts';

export const Guest = Type.Object({
  id: Type.Integer(),
  last_name: Nullable(Type.String()),
  first_name: Nullable(Type.String()),
  middle_name: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'Digits, 7XXXXXXXXXX for Russia' })),
  email: Nullable(Type.String()),
  birthday: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
  sex: Nullable(Type.Union([Type.Literal('male'), Type.Literal('female')])),
  consent_marketing: Type.Boolean(),
  consent_at: Nullable(Instant),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  external_id: Nullable(Type.String()),
  created_at: Instant,
  updated_at: Instant,
});

export const CreatedGuest = Type.Object({ ...Guest.properties, org_id: Type.Integer() });

export const CardStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('blocked'),
  Type.Literal('expired'),
  Type.Literal('deleted'),
  Type.Literal('manager_confirmation'),
  Type.Literal('seize'),
]);

export const GuestRow = Type.Object({
  ...Guest.properties,
  cards: Type.Array(
    Type.Object({
      id: Type.Integer(),
      number: Type.String(),
      uid: Nullable(Type.String()),
      status: CardStatus,
    }),
  ),
});

export const Guests = ListOf(GuestRow);

/** The flags a till shows, one to one with FarCards' GetCardInfoEx attributes. */
const CardFlags = Type.Object({
  deleted: Type.Boolean(),
  seize: Type.Boolean(),
  expired: Type.Boolean({ description: 'By status or by its end date' }),
  notActiveYet: Type.Boolean(),
  needsManager: Type.Boolean(),
  blocked: Type.Boolean(),
  blockReason: Nullable(Type.String()),
});

/** A card as stored, with the organization it belongs to. */
export const Card = Type.Object({
  org_id: Type.Integer(),
  id: Type.Integer(),
  guest_id: Type.Integer(),
  number: Type.String(),
  uid: Nullable(Type.String()),
  track: Nullable(Type.String()),
  kind: Nullable(Type.String({ description: 'The kind of the card mask it matched' })),
  status: CardStatus,
  block_reason: Nullable(Type.String()),
  valid_from: Nullable(Instant),
  valid_until: Nullable(Instant),
  payer_card_id: Nullable(Type.Integer()),
  created_at: Instant,
});

const Scheme = Nullable(
  Type.Union([Type.Literal('debit'), Type.Literal('credit'), Type.Literal('mixed')], {
    description: 'Deposit scheme (seed 001); null for bonus points',
  }),
);
const FiscalMode = Nullable(Type.Union([Type.Literal('advance'), Type.Literal('service')]));
const Kind = Type.Union([Type.Literal('deposit'), Type.Literal('bonus')]);

/** An account with what it can pay now; amounts in kopecks (points: hundredths). */
export const AccountView = Type.Object({
  id: Type.Integer(),
  kind: Kind,
  name: Type.String(),
  scheme: Scheme,
  fiscal_mode: FiscalMode,
  credit_limit: Type.Integer(),
  balance: Type.Integer(),
  held: Type.Integer({ description: 'Reserved by active holds' }),
  available: Type.Integer({ description: 'What it can pay now' }),
  floor: Type.Integer({ description: 'The lowest balance the scheme allows' }),
});

export const Deposit = Type.Object({
  org_id: Type.Integer(),
  id: Type.Integer(),
  guest_id: Type.Integer(),
  kind: Kind,
  name: Type.String(),
  scheme: Scheme,
  credit_limit: Type.Integer(),
  fiscal_mode: FiscalMode,
  balance: Type.Integer(),
  held: Type.Integer(),
  created_at: Instant,
});

export const TopUp = Type.Object({
  entry_id: Type.Integer(),
  amount: Type.Integer({ description: 'Kopecks' }),
  account: AccountView,
});

const RankRef = Type.Object({
  id: Type.String(),
  name: Type.String(),
  threshold: Type.Integer({ description: 'Spend over the rank period, kopecks' }),
});

export const GuestDetail = Type.Object({
  ...Guest.properties,
  cards: Type.Array(Type.Object({ ...Type.Omit(Card, ['org_id']).properties, flags: CardFlags })),
  accounts: Type.Array(AccountView),
  rank: Nullable(
    Type.Object(
      {
        current: Nullable(RankRef),
        next: Nullable(Type.Object({ ...RankRef.properties, left: Type.Integer() })),
        spend_current_period: Type.Integer(),
        spend_previous_period: Type.Integer(),
      },
      { description: 'null while the organization has no restaurant' },
    ),
  ),
  bonus_lots: Type.Array(
    Type.Object({
      id: Type.Integer(),
      account_id: Type.Integer(),
      amount: Type.Integer(),
      remaining: Type.Integer(),
      available_from: Instant,
      expires_at: Nullable(Instant),
      state: Type.Union([
        Type.Literal('pending'),
        Type.Literal('available'),
        Type.Literal('expired'),
      ]),
    }),
    { description: 'The newest lots with points left, at most 100' },
  ),
});

/** Card info as a till and the cabinet read it: the card, its holder, the paying accounts. */
export const CardInfo = Type.Object({
  card: Type.Object({
    id: Type.Integer(),
    number: Type.String(),
    uid: Nullable(Type.String()),
    kind: Nullable(Type.String()),
    status: CardStatus,
    valid_from: Nullable(Instant),
    valid_until: Nullable(Instant),
    flags: CardFlags,
    payer_card_id: Nullable(Type.Integer()),
  }),
  guest: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    birthday: Nullable(Type.String({ description: 'YYYY-MM-DD' })),
  }),
  accounts: Type.Array(AccountView, {
    description: "The paying card's accounts: the payer's when the card is linked to one",
  }),
});

/** The operation history (C6) of a guest or a card, newest first. */
export const History = ListOf(HistoryRow);
