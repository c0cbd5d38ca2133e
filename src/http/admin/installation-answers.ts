// What the installation operator's routes and the password set-up link answer.
import { Type } from 'typebox';
import { Instant, ListOf, Nullable } from '../answers.ts';
import { AuditEntry } from './user-answers.ts';

export const Organizations = ListOf(
  Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    created_at: Instant,
    restaurants: Type.Array(
      Type.Object({
        id: Type.Integer(),
        name: Type.String(),
        code: Type.String(),
        integration: Type.String(),
        time_zone: Type.String(),
        test_mode: Type.Boolean(),
      }),
    ),
    owners: Type.Array(
      Type.Object({
        id: Type.Integer(),
        email: Type.String(),
        name: Type.String(),
        awaiting_setup: Type.Boolean({ description: 'Has not used the set-up link yet' }),
      }),
    ),
  }),
);

export const SetupLink = Type.Object(
  {
    token: Type.String(),
    path: Type.String({ description: '/setup#kps_…; append it to the cabinet’s address' }),
    expires_at: Instant,
  },
  { description: 'A one-time password set-up link, shown once' },
);

export const CreatedOrganization = Type.Object({
  organization: Type.Object({ id: Type.Integer(), name: Type.String() }),
  owner: Type.Object({ id: Type.Integer(), email: Type.String(), name: Type.String() }),
  setup: SetupLink,
});

export const Operators = ListOf(
  Type.Object({
    id: Type.Integer(),
    email: Type.String(),
    name: Type.String(),
    disabled_at: Nullable(Instant),
    created_at: Instant,
  }),
);

export const InstallationAudit = ListOf(
  Type.Object({ ...AuditEntry.properties, org_id: Nullable(Type.Integer()) }),
);

export const SetupDescription = Type.Object({
  purpose: Type.Union([Type.Literal('first_operator'), Type.Literal('user')]),
  email: Nullable(Type.String({ description: 'null: the first operator gives it' })),
  name: Nullable(Type.String()),
  organization: Nullable(Type.String()),
  expires_at: Instant,
});

export const SetupDone = Type.Object({
  email: Type.String(),
  scope: Type.Union([Type.Literal('organization'), Type.Literal('installation')]),
});
