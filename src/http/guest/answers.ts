// What the guest API answers (the registration page and the guest's own page, web/guest/).
// Amounts are kopecks, bonus points hundredths of a point.
import { Type } from 'typebox';
import { Bilingual, Instant, Nullable } from '../answers.ts';

export const OpenedLink = Type.Object({
  organization: Type.String(),
  restaurant: Nullable(Type.String({ description: 'null: a link of the whole organization' })),
  consent: Type.Object(
    { version: Type.String(), ru: Type.String(), en: Type.String() },
    { description: 'The consent text the join sends back the version of' },
  ),
});

export const CodeSent = Type.Object({
  expires_in_seconds: Type.Integer({ description: 'How long the code is good for' }),
});

export const Session = Type.Object({
  token: Type.String({ description: 'Guest session: Authorization: Bearer kg_…' }),
  expires_at: Type.String({ format: 'date-time' }),
  joined: Type.Boolean({ description: 'A new guest was made; false: the phone’s guest signed in' }),
});

const Svg = Type.String({ description: 'An SVG image of the QR code' });

export const GuestPage = Type.Object({
  organization: Type.String(),
  guest: Type.Object({ first_name: Nullable(Type.String()), phone: Nullable(Type.String()) }),
  card: Nullable(
    Type.Object(
      { number: Type.String(), qr_svg: Svg },
      { description: 'The newest active card, to show at the till; null: none active' },
    ),
  ),
  balances: Type.Object({
    bonus: Type.Integer({ description: 'Hundredths of a point' }),
    deposit: Type.Integer({ description: 'Kopecks' }),
  }),
  rank: Nullable(
    Type.Object({
      name: Nullable(Type.String({ description: 'null: below the first rank' })),
      next: Nullable(Type.Object({ name: Type.String(), left: Type.Integer() })),
    }),
  ),
  wallet: Type.Object({
    apple: Type.Boolean({ description: 'The organization can issue Apple Wallet passes' }),
    google: Type.Boolean({ description: 'The organization can issue Google Wallet passes' }),
  }),
  operations: Type.Array(
    Type.Object({
      id: Type.Integer(),
      type_code: Type.String(),
      type_name: Bilingual,
      occurred_at: Instant,
      account: Type.String(),
      amount: Type.Integer({ description: '+ credit, − debit' }),
      item: Nullable(Type.String()),
    }),
    { description: 'The latest operations, newest first' },
  ),
  promotions: Type.Array(
    Type.Object({ id: Type.Integer(), name: Type.String(), date_to: Nullable(Type.String()) }),
    { description: 'Active promotions not over yet' },
  ),
  tips: Nullable(
    Type.Object(
      { service_name: Type.String(), url: Type.String(), qr_svg: Svg },
      { description: 'E-tips of the venue of the last check' },
    ),
  ),
  promo_code_lifetime_minutes: Type.Integer(),
  promo_codes: Type.Array(
    Type.Object({
      code: Type.String(),
      entered_at: Instant,
      valid_until: Instant,
      active: Type.Boolean(),
    }),
  ),
});

export const Review = Type.Object({
  id: Type.Integer(),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  text: Type.String(),
  created_at: Instant,
});

export const EnteredCode = Type.Object({
  guest_id: Type.Integer(),
  code: Type.String({ description: 'As the promotion spells it' }),
  entered_at: Instant,
});

export const SignedOut = Type.Unsafe<void>({ type: 'null', description: 'Signed out' });
