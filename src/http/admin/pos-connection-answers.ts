// What the POS-connection routes answer: terminals (a key only in the answer that issues it),
// card masks and the POS-side settings of the organization.
import { Type } from 'typebox';
import { Instant, ListOf, Nullable } from '../answers.ts';

const Terminal = Type.Object({
  id: Type.Integer(),
  restaurant_id: Type.Integer(),
  name: Type.String(),
  key_hint: Type.String({ description: 'The last four characters of the key' }),
  revoked_at: Nullable(Instant),
  created_at: Instant,
});

export const Terminals = ListOf(Terminal);

const Key = Type.String({ description: 'Shown once, in this answer only' });

export const CreatedTerminal = Type.Object({
  terminal: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    restaurant_id: Type.Integer(),
  }),
  key: Key,
});

export const RotatedKey = Type.Object({ terminal: Terminal, key: Key });

export const RevokedTerminal = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  revoked_at: Nullable(Instant),
});

const CardMask = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  pattern: Type.String(),
  kind: Type.String(),
  created_at: Instant,
});

export const CardMasks = ListOf(CardMask);

/** A mask as stored, with the organization it belongs to. */
export const SavedCardMask = Type.Object({ ...CardMask.properties, org_id: Type.Integer() });

export const DeletedCardMask = Type.Object({ id: Type.Integer(), status: Type.Literal('deleted') });

export const IntegrationSettings = Type.Object({
  hold_ttl_seconds: Nullable(
    Type.Integer({
      description: 'How long a POS hold lives when the POS does not say; null: the default',
    }),
  ),
});
