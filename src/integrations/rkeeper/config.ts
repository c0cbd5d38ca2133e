// What an integrator configures for r_keeper, as the schemas that validate it: the XML
// interface's connection and a restaurant's soft-offline limits for FarCards. The admin API
// checks request bodies against them, and the use cases take the types they describe, so the
// configuration is written down once.
import { Type, type Static } from 'typebox';
import { MAX_AMOUNT } from '../../domain/money.ts';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Kopecks = Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT }));

export const XmlSettingsSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('mid'), Type.Literal('ref')], {
      description: 'Cash server (mid) or reference server (ref)',
    }),
    host: Text(255),
    port: Type.Integer({ minimum: 1, maximum: 65535 }),
    user: Text(100),
    password: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'Omit to keep the stored one (only while host and port stay the same); never returned',
      }),
    ),
    allow_self_signed: Type.Optional(
      Type.Boolean({ description: "Accept r_keeper's self-signed certificate" }),
    ),
  },
  { additionalProperties: false },
);

/** The XML interface's connection as an integrator enters it. */
export type XmlSettingsInput = Static<typeof XmlSettingsSchema>;

/** A restaurant's soft-offline limits (db/schema-rkeeper.ts OfflineLimits): absent is no limit. */
export const OfflineLimitsSchema = Type.Object(
  {
    maxAgeHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 24 * 366 })),
    maxPerCheck: Kopecks,
    maxPerCardPerDay: Kopecks,
  },
  { additionalProperties: false },
);
