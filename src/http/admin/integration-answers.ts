// What the r_keeper and iiko settings routes answer: connection settings (never a password),
// connection checks, dictionary imports and lists, the FarCards endpoint, and the iiko payment
// type chosen for each deposit scheme × fiscal mode (seed 001).
import { Type, type TSchema } from 'typebox';
import { OfflineLimitsSchema } from '../../integrations/rkeeper/config.ts';
import { Bilingual, Instant, Nullable } from '../answers.ts';

const DictionaryRow = Type.Object({
  ident: Type.String(),
  code: Nullable(Type.String()),
  name: Type.String(),
  parent_ident: Nullable(Type.String()),
  status: Type.String(),
  attributes: Type.Record(Type.String(), Type.Unknown()),
});

/** An imported dictionary, by name, whole (the list shape with no next page). */
export const Dictionary = <R extends TSchema>(refName: R) =>
  Type.Object({
    ref_name: refName,
    rows: Type.Array(DictionaryRow),
    next_cursor: Type.Null(),
  });

const Failure = { ok: Type.Literal(false), code: Type.String() };

export const XmlSettings = Type.Object({
  kind: Type.Union([Type.Literal('mid'), Type.Literal('ref')]),
  host: Type.String(),
  port: Type.Integer(),
  user: Type.String(),
  has_password: Type.Boolean({
    description: 'False only after an upgrade dropped the password, until it is entered again',
  }),
  allow_self_signed: Type.Boolean(),
  updated_at: Instant,
});

export const XmlCheck = Type.Union([
  Type.Object({
    ok: Type.Literal(true),
    server_version: Type.String(),
    net_name: Nullable(Type.String()),
  }),
  Type.Object({
    ...Failure,
    reason: Type.String({
      description: 'Russian; the owner hears the cause, others a generic one',
    }),
    reason_en: Type.String(),
  }),
]);

export const XmlImport = Type.Object({
  imported: Type.Array(Type.Object({ ref_name: Type.String(), count: Type.Integer() })),
});

export const FarCardsEndpoint = Type.Object({
  restaurant_id: Type.Integer(),
  key_hint: Type.String(),
  offline_limits: OfflineLimitsSchema,
  created_at: Instant,
  rotated_at: Instant,
  license_notice: Nullable(
    Type.Object(
      { text: Type.String(), received_at: Nullable(Instant) },
      { description: 'What r_keeper last said about the licence' },
    ),
  ),
});

export const IssuedFarCardsAddress = Type.Object({
  restaurant_id: Type.Integer(),
  created: Type.Boolean({ description: 'false: the address was rotated or already existed' }),
  ini: Type.String({ description: 'ExtDllHttp.ini with the secret address: shown once' }),
});

export const IikoServer = Type.Object({
  settings: Nullable(
    Type.Object({
      serverName: Type.String(),
      protocol: Type.Union([Type.Literal('http'), Type.Literal('https')]),
      address: Type.String(),
      port: Type.Integer(),
      login: Type.String(),
      passwordSet: Type.Boolean(),
      timeoutMs: Type.Integer(),
      tlsCa: Nullable(Type.String()),
      updatedAt: Instant,
    }),
  ),
});

export const IikoCheck = Type.Union([
  Type.Object({ ok: Type.Literal(true), baseUrl: Type.String() }),
  Type.Object({
    ...Failure,
    baseUrl: Type.String(),
    message: Bilingual,
    details: Type.Record(Type.String(), Type.Unknown()),
  }),
]);

export const IikoImport = Type.Object({
  imported: Type.Record(Type.String(), Type.Integer(), {
    description: 'Rows imported, by dictionary name',
  }),
});

const Requirement = Nullable(
  Type.Union(
    [
      Type.Object({ fiscal: Type.Literal(false) }),
      Type.Object({ fiscal: Type.Literal(true), paymentMethod: Type.Literal('prepayment') }),
    ],
    { description: 'What seed 001 requires of the payment type; null: the combination is refused' },
  ),
);

const Setting = {
  scheme: Type.Union([Type.Literal('credit'), Type.Literal('debit'), Type.Literal('mixed')]),
  fiscal_mode: Type.Union([Type.Literal('advance'), Type.Literal('service')]),
  confirmed_fiscal: Nullable(Type.Boolean()),
  confirmed_payment_method: Nullable(
    Type.Union([Type.Literal('prepayment'), Type.Literal('other')]),
  ),
};

export const DepositPaymentTypes = Type.Object({
  rows: Type.Array(
    Type.Object({
      ...Setting,
      allowed: Type.Boolean(),
      requirement: Requirement,
      payment_type_id: Nullable(Type.String()),
      payment_type_name: Nullable(Type.String()),
      check: Nullable(
        Type.Union([
          Type.Object({ ok: Type.Literal(true) }),
          Type.Object({ ...Failure, message: Bilingual }),
        ]),
      ),
    }),
  ),
  next_cursor: Type.Null(),
});

export const SavedDepositPaymentType = Type.Object({
  ...Setting,
  payment_type_id: Type.String(),
  payment_type_name: Type.String(),
  requirement: Requirement,
});
