// What the people routes answer: users with their sign-in state, a session, who I am, and the
// audit log (the installation's log shares its rows).
import { Type } from 'typebox';
import { Instant, ListOf, Nullable } from '../answers.ts';

export const Role = Type.Union(
  [
    Type.Literal('owner'),
    Type.Literal('manager'),
    Type.Literal('marketer'),
    Type.Literal('analyst'),
    Type.Literal('integrator'),
    Type.Literal('support'),
  ],
  { description: 'See the roles table in docs/api.md' },
);

/** A role of an organization, or the installation's operator, who is in none. */
const AdminRole = Type.Union([Role, Type.Literal('operator')]);

export const User = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Role,
  disabled_at: Nullable(Instant),
  created_at: Instant,
  failed_logins: Type.Integer({ description: 'Failed sign-ins since the last success or lockout' }),
  locked_until: Nullable(Instant),
});

export const Users = ListOf(User);

export const CreatedUser = Type.Object({
  id: Type.Integer(),
  org_id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  role: Role,
  created_at: Instant,
});

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Instant,
  actor: Type.Object({
    type: Type.String({ description: 'user, operator, terminal, system …' }),
    id: Nullable(Type.String()),
    name: Nullable(Type.String()),
  }),
  action: Type.String(),
  entity: Type.String(),
  entity_id: Nullable(Type.String()),
  before: Type.Unknown({ description: 'The entity before the change; null when created' }),
  after: Type.Unknown({ description: 'The entity after the change; null when deleted' }),
});

export const Audit = ListOf(AuditEntry);

export const Session = Type.Object({
  token: Type.String({ description: 'Send as Authorization: Bearer …' }),
  expires_at: Instant,
  user: Type.Object({
    id: Type.Integer(),
    email: Type.String(),
    name: Type.String(),
    role: AdminRole,
    org_id: Nullable(Type.Integer({ description: 'null: the installation operator' })),
  }),
});

export const SignedOut = Type.Object({ status: Type.Literal('signed_out') });

export const Me = Type.Object({
  user_id: Type.Integer(),
  org_id: Nullable(Type.Integer({ description: 'null: the installation operator' })),
  scope: Type.Union([Type.Literal('organization'), Type.Literal('installation')]),
  name: Type.String(),
  role: AdminRole,
  permissions: Type.Array(Type.String()),
});
