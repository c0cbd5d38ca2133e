// What the webhook and scheduled-job routes answer (docs/events.md), from the generated
// OpenAPI types, and the event types a webhook can subscribe to in the order the form lists them.
import type { Answer } from '../../api/answers.ts';
import type { operations } from '../../api/schema';
import type { MessageKey } from '../../i18n/index.tsx';

export type Webhook = Answer<'listWebhooks'>['rows'][number];
export type WebhookWithSecret = Answer<'createWebhook', 201>;
export type Delivery = Answer<'listWebhookDeliveries'>['rows'][number];
export type Attempt = Answer<'listWebhookAttempts'>['rows'][number];
export type Job = Answer<'listScheduledJobs'>['rows'][number];

type Subscribable =
  operations['createWebhook']['requestBody']['content']['application/json']['event_types'][number];
export type EventType = Exclude<Subscribable, '*'>;

// Every type, in the order the form lists them: a type the server adds and this record lacks
// fails the type check (after gen:api), as does one it drops.
const LISTED: Record<EventType, true> = {
  'order.closed': true,
  'order.refunded': true,
  'payment.returned': true,
  'deposit.debited': true,
  'deposit.topped_up': true,
  'bonus.accrued': true,
  'bonus.spent': true,
  'bonus.topped_up': true,
  'bonus.expired': true,
  'bonus.available': true,
  'hold.created': true,
  'hold.committed': true,
  'hold.cancelled': true,
  'hold.expired': true,
  'rank.changed': true,
  'guest.registered': true,
  'review.left': true,
  'card.blocked': true,
  'card.unblocked': true,
  'security.event': true,
};
export const EVENT_TYPES = Object.keys(LISTED) as EventType[];

/** An event type in words; one the cabinet does not know yet by its code. */
export function eventLabel(t: (key: MessageKey) => string, type: string): string {
  const key = `hooks.event.${type}` as MessageKey;
  const text = t(key);
  return text === key ? type : text;
}
