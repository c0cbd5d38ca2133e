// Events out, the writing half (the transactional outbox). A use case records what happened in
// the transaction that makes it happen: a rolled-back change leaves no event, a committed one
// cannot lose its event. Nothing is sent from here — the worker in src/events/ reads the rows
// and delivers them after the commit, so the till never waits on a receiver.
import { config } from '../config.ts';
import type { Tx } from './context.ts';

/** Every type an event can have; webhook subscriptions choose among them. */
export const EVENT_TYPES = [
  'order.closed',
  'deposit.debited',
  'deposit.topped_up',
  'bonus.accrued',
  'bonus.spent',
  'bonus.topped_up',
  'bonus.expired',
  'bonus.available',
  'rank.changed',
  'guest.registered',
  'review.left',
  'card.blocked',
  'card.unblocked',
  'security.event',
  'hold.created',
  'hold.committed',
  'hold.cancelled',
  'hold.expired',
  'order.refunded',
  'payment.returned',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export interface NewEvent {
  type: EventType;
  /** Names the fact, unique within its type: the same fact recorded twice is one event. */
  key: string;
  at: Date;
  data: Record<string, unknown>;
}

/**
 * An event of an order the same statement inserts (db/repositories/outbox.ts): its key is
 * written around the order's id, `${key[0]}${id}${key[1]}`, and its data gets the `id`.
 */
export interface OrderEvent extends Omit<NewEvent, 'key'> {
  key: readonly [before: string, after: string];
}

/** In the caller's transaction: one statement for all of `events`, duplicates dropped. */
export async function recordEvents(tx: Tx, orgId: number, events: readonly NewEvent[]) {
  // An installation that delivers nothing may skip writing events (KOPILKA_EVENTS=off).
  if (events.length === 0 || !config.events) return;
  await tx
    .insertInto('outbox_events')
    .values(
      events.map((e) => ({
        org_id: orgId,
        type: e.type,
        dedup_key: `${e.type}:${e.key}`,
        payload: JSON.stringify(e.data),
        occurred_at: e.at,
      })),
    )
    .onConflict((oc) => oc.columns(['org_id', 'dedup_key']).doNothing())
    .execute();
}
