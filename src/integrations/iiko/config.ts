// What an integrator configures for iiko, as the schemas that validate it: the iiko Server
// connection and which imported payment type pays each deposit scheme × fiscalization mode.
// The admin API checks request bodies against them, and the use cases take the types they
// describe; server-settings.ts then normalizes the connection (trimmed text, a bare host, PEM).
import { Type, type Static, type TSchema } from 'typebox';

const Strict = <T extends Record<string, TSchema>>(props: T) =>
  Type.Object(props, { additionalProperties: false });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const ServerSettingsSchema = Strict({
  serverName: Type.Optional(Type.String({ maxLength: 200 })),
  protocol: Type.Union([Type.Literal('http'), Type.Literal('https')]),
  address: Text(255),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  login: Text(100),
  password: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'Omit to keep the stored one (only while protocol, address and port stay the same); Kopilka keeps only its SHA-1 digest, sealed, and never shows it',
    }),
  ),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000 })),
  tlsCa: Type.Optional(Type.String({ maxLength: 20_000 })),
});

export const DepositPaymentTypeSchema = Strict({
  scheme: Type.Union([Type.Literal('credit'), Type.Literal('debit'), Type.Literal('mixed')]),
  fiscal_mode: Type.Union([Type.Literal('advance'), Type.Literal('service')]),
  payment_type_id: Text(64),
  confirmed_fiscal: Type.Optional(
    Type.Union([Type.Boolean(), Type.Null()], {
      description: 'Fiscal flag as seen in iikoOffice; used while iiko Server does not report it',
    }),
  ),
  confirmed_payment_method: Type.Optional(
    Type.Union([Type.Literal('prepayment'), Type.Literal('other'), Type.Null()], {
      description: 'Payment method of a fiscal type as seen in iikoOffice («Предоплата»)',
    }),
  ),
});

/** Which imported payment type pays a deposit scheme × fiscalization mode, as chosen. */
export type DepositPaymentTypeInput = Static<typeof DepositPaymentTypeSchema>;
