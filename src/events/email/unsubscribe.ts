// The unsubscribe link of letters that are not transactional: news, maintenance notices, the
// birthday list and the guest's e-mail receipt (sent only on marketing consent). Each letter
// carries a link signed with a key derived from the installation's key, naming the
// organization, the kind of letter and the address; following it (GET) shows a page with a
// button, and a POST — the button, or a mail client's one-click RFC 8058 request — stops that
// kind of letter to that address from that organization. Security alerts, reviews and the SMTP
// test letter have no link: they are service letters the venue set up for its own staff, and
// an alarm one click can silence would be a weakness; they are changed in the settings.
import { timingSafeEqual } from 'node:crypto';
import { audit } from '../../app/audit.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from '../../app/context.ts';
import type { SecretBox } from '../../app/stored-secrets.ts';
import { config } from '../../config.ts';
import { fail } from '../../domain/errors.ts';
import { removeRecipient, type NotificationType } from './settings.ts';
import type { Locale } from './templates.ts';

/** Letters that carry the link; a letter of any other kind is a service one. */
export const UNSUBSCRIBABLE = ['news', 'maintenance', 'birthdays', 'receipt'] as const;
export type UnsubscribableKind = (typeof UNSUBSCRIBABLE)[number];
export const isUnsubscribable = (k: string): k is UnsubscribableKind =>
  (UNSUBSCRIBABLE as readonly string[]).includes(k);

/** The staff list an unsubscribed address is also taken off (the guest's receipt has none). */
const LIST_OF: Partial<Record<UnsubscribableKind, NotificationType>> = {
  news: 'news',
  maintenance: 'maintenance',
  birthdays: 'birthdays',
};

const PURPOSE = 'email-unsubscribe';
/** A letter may sit in a mailbox for long; a year later its link still works. */
export const TOKEN_DAYS = 365;
const DAY_MS = 86_400_000;
const MAC_BYTES = 16;

export interface UnsubscribeClaim {
  orgId: number;
  kind: UnsubscribableKind;
  address: string;
  locale: Locale;
  /** Whole days since 1970 after which the link no longer works. */
  expiresDay: number;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

export function unsubscribeToken(secrets: SecretBox, c: UnsubscribeClaim): string {
  const body = b64(JSON.stringify([c.orgId, c.kind, c.address, c.locale, c.expiresDay]));
  const mac = secrets.mac(PURPOSE, body).subarray(0, MAC_BYTES).toString('base64url');
  return `${body}.${mac}`;
}

/** The link for one letter, on the address guests' phones reach (KOPILKA_GUEST_URL). */
export function unsubscribeUrl(
  secrets: SecretBox,
  c: Omit<UnsubscribeClaim, 'expiresDay'>,
  now: Date,
): string {
  const expiresDay = Math.floor(now.getTime() / DAY_MS) + TOKEN_DAYS;
  const base = (config.guestUrl ?? config.publicUrl).replace(/\/+$/, '');
  return `${base}/unsubscribe/${unsubscribeToken(secrets, { ...c, expiresDay })}`;
}

function forged(): never {
  fail('validation', 'unsubscribe_link_invalid', {
    ru: 'Ссылка для отписки повреждена или не от этой установки Копилки',
    en: 'The unsubscribe link is damaged or was not made by this Kopilka installation',
  });
}

/** The claim of a genuine, unexpired link (unsubscribe_link_invalid / _expired otherwise). */
export function readUnsubscribeToken(
  secrets: SecretBox,
  token: string,
  now: Date,
): UnsubscribeClaim {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) forged();
  const want = secrets.mac(PURPOSE, body).subarray(0, MAC_BYTES);
  const got = Buffer.from(mac, 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) forged();
  const [orgId, kind, address, locale, expiresDay] = JSON.parse(
    Buffer.from(body, 'base64url').toString('utf8'),
  ) as [number, UnsubscribableKind, string, Locale, number];
  if (expiresDay < Math.floor(now.getTime() / DAY_MS)) {
    fail('rejected', 'unsubscribe_link_expired', {
      ru: 'Ссылка для отписки устарела: отпишитесь по ссылке из более нового письма или напишите заведению',
      en: 'The unsubscribe link has expired: use the link in a newer letter or write to the venue',
    });
  }
  return { orgId, kind, address, locale, expiresDay };
}

/** Which of `addresses` unsubscribed from `kind` at this organization. */
export async function unsubscribedOf(
  tx: Tx | AppContext['db'],
  orgId: number,
  kind: UnsubscribableKind,
  addresses: readonly string[],
): Promise<Set<string>> {
  if (addresses.length === 0) return new Set();
  const rows = await tx
    .selectFrom('email_unsubscribes')
    .select('address')
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where(
      'address',
      'in',
      addresses.map((a) => a.toLowerCase()),
    )
    .execute();
  return new Set(rows.map((r) => r.address));
}

/**
 * The POST of the link: records the address as unsubscribed, takes it off the staff list of
 * that kind and stops its waiting letters of that kind. Idempotent: a second POST changes
 * nothing and answers the same. The audit log says the address itself did it.
 */
export async function unsubscribe(ctx: AppContext, token: string) {
  const c = readUnsubscribeToken(ctx.secrets, token, ctx.now());
  const address = c.address.toLowerCase();
  await inTransaction(ctx, async (tx) => {
    const added = await tx
      .insertInto('email_unsubscribes')
      .values({ org_id: c.orgId, kind: c.kind, address })
      .onConflict((oc) => oc.columns(['org_id', 'kind', 'address']).doNothing())
      .returning('address')
      .executeTakeFirst();
    if (!added) return;
    const actor: Actor = { orgId: c.orgId, type: 'guest', id: null, name: address };
    const list = LIST_OF[c.kind];
    if (list) await removeRecipient({ ...ctx, db: tx }, actor, list, address);
    await tx
      .updateTable('email_deliveries')
      .set({
        status: 'dead',
        last_error: 'unsubscribed: the address followed its unsubscribe link',
      })
      .where('org_id', '=', c.orgId)
      .where('kind', '=', c.kind)
      .where('to_address', '=', address)
      .where('status', '=', 'pending')
      .execute();
    await audit(tx, actor, 'unsubscribe', 'email_unsubscribe', null, null, {
      kind: c.kind,
      address,
    });
  });
  return c;
}
