// A security event (a payment-code lockout, a refused or notable amount of money) is kept in
// security_events for the admin API and told to the outbox in the same transaction, so
// webhooks (and later e-mail) hear of every one that commits.
import type { Insertable } from 'kysely';
import type { SecurityEventsTable } from '../db/schema-loyalty.ts';
import type { Tx } from './context.ts';
import { recordEvents } from './events.ts';

export async function recordSecurityEvent(tx: Tx, row: Insertable<SecurityEventsTable>) {
  const { id } = await tx
    .insertInto('security_events')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  const at = new Date(row.at);
  await recordEvents(tx, row.org_id, [
    {
      type: 'security.event',
      key: String(id),
      at,
      data: {
        id,
        kind: row.type,
        restaurant_id: row.restaurant_id ?? null,
        terminal_id: row.terminal_id ?? null,
        message_ru: row.message_ru,
        message_en: row.message_en,
      },
    },
  ]);
}
