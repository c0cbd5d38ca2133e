// Events into letters, in the worker's dispatch transaction: the letters of an event are
// written together with the mark that the event was dispatched, so a crash before the commit
// leaves both undone (the next worker does it again) and a commit writes them once (the
// letters' dedup keys drop a second write).
// - order.closed → the guest's e-mail receipt, when L9 is on for the restaurant and the guest
//   has an address and agreed to receive messages;
// - review.left → the venue's review recipients; security.event → its security recipients;
// - deposit.debited → an "unusual deposit spending" security event when the venue watches it.
import { sql } from 'kysely';
import type { Tx } from '../../app/context.ts';
import { recordSecurityEvent } from '../../app/security-events.ts';
import type { ProgramSettings, SettingsOverride } from '../../domain/loyalty/types.ts';
import { DEFAULT_SETTINGS, mergeSettings } from '../../domain/loyalty/settings.ts';
import { getNotificationSettings, type NotificationSettings } from './settings.ts';
import type { SecretBox } from '../../app/stored-secrets.ts';
import {
  money,
  receiptLetter,
  reviewLetter,
  securityLetter,
  type LetterContent,
} from './templates.ts';
import { queueLetters } from './queue.ts';

export interface DispatchedEvent {
  org_id: number;
  id: number;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

const MAILED = new Set(['order.closed', 'review.left', 'security.event', 'deposit.debited']);

type Payload = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' ? v : null);
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** Per dispatch round: each organization's settings read once. */
class Lookups {
  readonly #settings = new Map<number, Promise<NotificationSettings>>();
  readonly #programs = new Map<
    number,
    Promise<{ org: ProgramSettings; overrides: Map<number, SettingsOverride> }>
  >();
  constructor(
    readonly tx: Tx,
    readonly secrets: SecretBox,
  ) {}

  settings(orgId: number) {
    let s = this.#settings.get(orgId);
    if (!s) this.#settings.set(orgId, (s = getNotificationSettings(this.tx, orgId)));
    return s;
  }

  async program(orgId: number, restaurantId: number): Promise<ProgramSettings> {
    let p = this.#programs.get(orgId);
    if (!p) {
      p = this.tx
        .selectFrom('loyalty_programs')
        .select(['restaurant_id', 'settings'])
        .where('org_id', '=', orgId)
        .execute()
        .then((rows) => ({
          org: mergeSettings(
            DEFAULT_SETTINGS,
            rows.find((r) => r.restaurant_id === 0)?.settings as SettingsOverride | undefined,
          ),
          overrides: new Map(
            rows
              .filter((r) => r.restaurant_id !== 0)
              .map((r) => [r.restaurant_id, r.settings as SettingsOverride]),
          ),
        }));
      this.#programs.set(orgId, p);
    }
    const { org, overrides } = await p;
    return mergeSettings(org, overrides.get(restaurantId));
  }
}

/** Writes the letters (and derived security events) of a batch of events being dispatched. */
export async function mailEvents(tx: Tx, secrets: SecretBox, events: readonly DispatchedEvent[]) {
  const mailed = events.filter((e) => MAILED.has(e.type));
  if (mailed.length === 0) return;
  const look = new Lookups(tx, secrets);
  for (const e of mailed) {
    const p = e.payload as Payload;
    if (e.type === 'order.closed') await receipt(look, e, p);
    else if (e.type === 'review.left')
      await toStaff(look, e, 'reviews', await reviewContent(look, e, p));
    else if (e.type === 'security.event')
      await toStaff(look, e, 'security', await securityContent(look, e, p));
    else await watchDeposit(look, e, p);
  }
}

async function toStaff(
  look: Lookups,
  e: DispatchedEvent,
  type: 'reviews' | 'security',
  content: (locale: 'ru' | 'en') => LetterContent,
) {
  const s = await look.settings(e.org_id);
  const letter = content(s.locale);
  await queueLetters(
    look.tx,
    look.secrets,
    e.org_id,
    type,
    s.locale,
    s.recipients[type].map((to) => ({ key: `${type}:${e.id}:${to}`, to, content: letter })),
    e.occurred_at,
  );
}

async function restaurantOf(look: Lookups, orgId: number, id: number | null) {
  if (id === null) return null;
  return (
    (await look.tx
      .selectFrom('restaurants')
      .select(['name', 'time_zone'])
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst()) ?? null
  );
}

const fullName = (g: { first_name: string | null; last_name: string | null }) =>
  [g.first_name, g.last_name].filter(Boolean).join(' ') || null;

async function reviewContent(look: Lookups, e: DispatchedEvent, p: Payload) {
  const guest = await look.tx
    .selectFrom('guests')
    .select(['first_name', 'last_name', 'phone'])
    .where('org_id', '=', e.org_id)
    .where('id', '=', num(p.guest_id) ?? 0)
    .executeTakeFirst();
  const who = guest ? [fullName(guest), guest.phone].filter(Boolean).join(', ') : '—';
  return (locale: 'ru' | 'en') =>
    reviewLetter(locale, {
      guest: who || `#${String(p.guest_id)}`,
      rating: num(p.rating),
      text: str(p.text) ?? '',
      at: e.occurred_at,
    });
}

async function securityContent(look: Lookups, e: DispatchedEvent, p: Payload) {
  const r = await restaurantOf(look, e.org_id, num(p.restaurant_id));
  return (locale: 'ru' | 'en') =>
    securityLetter(locale, {
      kind: str(p.kind) ?? 'security',
      message: { ru: str(p.message_ru) ?? '', en: str(p.message_en) ?? '' },
      restaurant: r?.name ?? null,
      at: e.occurred_at,
    });
}

async function receipt(look: Lookups, e: DispatchedEvent, p: Payload) {
  // A payment's own order (one-shot, iikoFront, a hold) is a part of a check the till closes
  // elsewhere: a receipt of it alone would tell the guest a wrong total.
  if (p.paid_by) return;
  const guestId = num(p.guest_id);
  const restaurantId = num(p.restaurant_id);
  if (guestId === null || restaurantId === null) return;
  if (!(await look.program(e.org_id, restaurantId)).emailReceipt) return;
  const guest = await look.tx
    .selectFrom('guests')
    .select(['email', 'consent_marketing', 'first_name', 'last_name'])
    .where('org_id', '=', e.org_id)
    .where('id', '=', guestId)
    .executeTakeFirst();
  if (!guest?.email || !guest.consent_marketing) return;
  const [r, accrued, s] = await Promise.all([
    restaurantOf(look, e.org_id, restaurantId),
    look.tx
      .selectFrom('outbox_events')
      .select('payload')
      .where('org_id', '=', e.org_id)
      .where('dedup_key', '=', `bonus.accrued:${String(p.id)}`)
      .executeTakeFirst(),
    look.settings(e.org_id),
  ]);
  const letter = receiptLetter(s.locale, {
    restaurantName: r?.name ?? '',
    guestName: guest.first_name,
    orderId: str(p.order_id) ?? String(p.id),
    closedAt: e.occurred_at,
    timeZone: r?.time_zone ?? 'Europe/Moscow',
    total: num(p.total) ?? 0,
    discount: num(p.discount) ?? 0,
    payments: Array.isArray(p.payments) ? (p.payments as { kind: string; amount: number }[]) : [],
    accrued: num((accrued?.payload as Payload | undefined)?.amount) ?? 0,
  });
  await queueLetters(
    look.tx,
    look.secrets,
    e.org_id,
    'receipt',
    s.locale,
    [{ key: `receipt:${e.id}`, to: guest.email, content: letter }],
    e.occurred_at,
  );
}

const DAY_MS = 86_400_000;

/**
 * "Unusual deposit spending": one debit at or above the venue's `unusual_deposit_debit`, or a
 * deposit's debits over the last 24 hours crossing `unusual_deposit_day` with this debit (told
 * once per crossing, not again for every debit after it).
 */
async function watchDeposit(look: Lookups, e: DispatchedEvent, p: Payload) {
  const s = await look.settings(e.org_id);
  const amount = num(p.amount) ?? 0;
  const accountId = num(p.account_id);
  let reason: { ru: string; en: string } | null = null;
  if (s.unusual_deposit_debit !== null && amount >= s.unusual_deposit_debit) {
    reason = {
      ru: `С депозита списано ${money('ru', amount)} одной оплатой (порог ${money('ru', s.unusual_deposit_debit)})`,
      en: `${money('en', amount)} debited from a deposit in one payment (threshold ${money('en', s.unusual_deposit_debit)})`,
    };
  } else if (s.unusual_deposit_day !== null && accountId !== null) {
    const r = await sql<{ total: number | string | null }>`
      select sum((payload->>'amount')::bigint) as total from outbox_events
      where org_id = ${e.org_id} and type = 'deposit.debited' and id <= ${e.id}
        and occurred_at > ${new Date(e.occurred_at.getTime() - DAY_MS)}
        and (payload->>'account_id')::bigint = ${accountId}`.execute(look.tx);
    const day = Number(r.rows[0]?.total ?? 0);
    if (day >= s.unusual_deposit_day && day - amount < s.unusual_deposit_day) {
      reason = {
        ru: `С депозита за сутки списано ${money('ru', day)} (порог ${money('ru', s.unusual_deposit_day)})`,
        en: `${money('en', day)} debited from a deposit within 24 hours (threshold ${money('en', s.unusual_deposit_day)})`,
      };
    }
  }
  if (!reason) return;
  await recordSecurityEvent(look.tx, {
    org_id: e.org_id,
    at: e.occurred_at,
    type: 'unusual_deposit_spending',
    restaurant_id: num(p.restaurant_id),
    terminal_id: num(p.terminal_id),
    scope: accountId === null ? null : `account:${accountId}`,
    failures: 0,
    locked_until: null,
    message_ru: `${reason.ru}; заказ ${String(p.order_id)}`,
    message_en: `${reason.en}; order ${String(p.order_id)}`,
  });
}
