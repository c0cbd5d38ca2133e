// An organization's e-mail settings as the admin API manages them: its SMTP server and who
// receives which notification. The SMTP password is sealed for smtp://host:port (stored-secrets.ts):
// never returned, never logged, never audited; moving the settings to another host needs the
// password typed again, so nobody who did not know it can send it to a server of theirs.
// Saving the SMTP server makes waiting letters due at once: a letter that failed on a wrong
// password goes as soon as the right one is saved.
import type { Selectable } from 'kysely';
import { audit } from '../../app/audit.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from '../../app/context.ts';
import { endpointOf, sealOnSave } from '../../app/stored-secrets.ts';
import type { NotificationSettingsTable, SmtpSecurity } from '../../db/schema-email.ts';
import { fail } from '../../domain/errors.ts';
import { checkedAddress, type SmtpServer } from './smtp.ts';
import type { Locale } from './templates.ts';

const PURPOSE = 'smtp-password';
const endpoint = (host: string, port: number) => endpointOf('smtp', host, port);

export interface SmtpSettingsView {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string;
  has_password: boolean;
  from_address: string;
  from_name: string;
  updated_at: string;
}

export interface SmtpSettingsInput {
  host: string;
  port: number;
  security: SmtpSecurity;
  username?: string;
  /** Absent: keep the stored one (same host and port only). */
  password?: string;
  from_address: string;
  from_name?: string;
}

export async function getSmtpSettings(
  ctx: AppContext,
  orgId: number,
): Promise<SmtpSettingsView | null> {
  const row = await ctx.db
    .selectFrom('smtp_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row ? smtpView(row) : null;
}

const smtpView = (row: {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string;
  password_sealed: string | null;
  from_address: string;
  from_name: string;
  updated_at: Date;
}): SmtpSettingsView => ({
  host: row.host,
  port: row.port,
  security: row.security,
  username: row.username,
  has_password: row.password_sealed !== null,
  from_address: row.from_address,
  from_name: row.from_name,
  updated_at: row.updated_at.toISOString(),
});

export async function saveSmtpSettings(
  ctx: AppContext,
  actor: Actor,
  input: SmtpSettingsInput,
  allowPrivate: boolean,
): Promise<SmtpSettingsView> {
  const host = input.host.trim().toLowerCase().replace(/\.$/, '');
  const checked = await checkedAddress(host, allowPrivate);
  if (typeof checked !== 'string')
    fail('validation', checked.code, checked.message, { field: 'host' });
  return inTransaction(ctx, async (tx) => {
    const before = await tx
      .selectFrom('smtp_settings')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    const username = input.username ?? '';
    const sealed = username
      ? sealOnSave(
          ctx.secrets,
          PURPOSE,
          endpoint(host, input.port),
          input.password,
          before
            ? { endpoint: endpoint(before.host, before.port), sealed: before.password_sealed }
            : null,
        )
      : null;
    if (username && sealed === null) {
      fail(
        'validation',
        'smtp_password_required',
        { ru: 'Введите пароль почтового сервера', en: 'Enter the mail server password' },
        { field: 'password' },
      );
    }
    const now = ctx.now();
    const values = {
      host,
      port: input.port,
      security: input.security,
      username,
      password_sealed: sealed,
      from_address: input.from_address,
      from_name: input.from_name ?? '',
      updated_at: now,
    };
    const row = await tx
      .insertInto('smtp_settings')
      .values({ org_id: actor.orgId, ...values })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('email_deliveries')
      .set({ next_attempt_at: now })
      .where('org_id', '=', actor.orgId)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '>', now)
      .execute();
    await audit(
      tx,
      actor,
      before ? 'update' : 'create',
      'smtp_settings',
      actor.orgId,
      before ? smtpView(before) : null,
      smtpView(row),
    );
    return smtpView(row);
  });
}

/** The server to send through, its password opened; null when none is configured. */
export async function smtpServerOf(db: Tx | AppContext['db'], ctx: AppContext, orgId: number) {
  const row = await db
    .selectFrom('smtp_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) return null;
  const server: SmtpServer = {
    host: row.host,
    port: row.port,
    security: row.security,
    username: row.username,
    password: row.password_sealed
      ? ctx.secrets.open(PURPOSE, endpoint(row.host, row.port), row.password_sealed)
      : null,
    fromAddress: row.from_address,
    fromName: row.from_name,
  };
  return server;
}

/** Notification types of the venue's settings and the column holding each one's recipients. */
export const NOTIFICATION_TYPES = [
  'birthdays',
  'reviews',
  'security',
  'news',
  'maintenance',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

const COLUMN = {
  birthdays: 'birthday_recipients',
  reviews: 'review_recipients',
  security: 'security_recipients',
  news: 'news_recipients',
  maintenance: 'maintenance_recipients',
} as const satisfies Record<NotificationType, keyof NotificationSettingsTable>;

export interface NotificationSettings {
  locale: Locale;
  recipients: Record<NotificationType, string[]>;
  birthday_every_days: number;
  /** Kopecks; null: not watched. */
  unusual_deposit_debit: number | null;
  unusual_deposit_day: number | null;
  updated_at: string | null;
}

export const DEFAULT_NOTIFICATIONS: NotificationSettings = {
  locale: 'ru',
  recipients: { birthdays: [], reviews: [], security: [], news: [], maintenance: [] },
  birthday_every_days: 7,
  unusual_deposit_debit: null,
  unusual_deposit_day: null,
  updated_at: null,
};

type SettingsRow = Selectable<NotificationSettingsTable>;

export function notificationsOf(row: SettingsRow | undefined): NotificationSettings {
  if (!row) return DEFAULT_NOTIFICATIONS;
  return {
    locale: row.locale,
    recipients: Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, row[COLUMN[t]]])) as Record<
      NotificationType,
      string[]
    >,
    birthday_every_days: row.birthday_every_days,
    unusual_deposit_debit: row.unusual_deposit_debit,
    unusual_deposit_day: row.unusual_deposit_day,
    updated_at: row.updated_at.toISOString(),
  };
}

export async function getNotificationSettings(
  db: Tx | AppContext['db'],
  orgId: number,
): Promise<NotificationSettings> {
  const row = await db
    .selectFrom('notification_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return notificationsOf(row);
}

export type NotificationSettingsInput = Partial<
  Omit<NotificationSettings, 'recipients' | 'updated_at'>
> & { recipients?: Partial<Record<NotificationType, string[]>> };

const normalized = (emails: readonly string[]) => [
  ...new Set(emails.map((e) => e.trim().toLowerCase())),
];

export async function saveNotificationSettings(
  ctx: AppContext,
  actor: Actor,
  input: NotificationSettingsInput,
): Promise<NotificationSettings> {
  return inTransaction(ctx, async (tx) => {
    const beforeRow = await tx
      .selectFrom('notification_settings')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    const before = notificationsOf(beforeRow);
    const next: NotificationSettings = {
      locale: input.locale ?? before.locale,
      recipients: { ...before.recipients },
      birthday_every_days: input.birthday_every_days ?? before.birthday_every_days,
      unusual_deposit_debit:
        input.unusual_deposit_debit !== undefined
          ? input.unusual_deposit_debit
          : before.unusual_deposit_debit,
      unusual_deposit_day:
        input.unusual_deposit_day !== undefined
          ? input.unusual_deposit_day
          : before.unusual_deposit_day,
      updated_at: ctx.now().toISOString(),
    };
    for (const t of NOTIFICATION_TYPES) {
      const given = input.recipients?.[t];
      if (given) next.recipients[t] = normalized(given);
    }
    const r = next.recipients;
    const values = {
      locale: next.locale,
      birthday_recipients: JSON.stringify(r.birthdays),
      review_recipients: JSON.stringify(r.reviews),
      security_recipients: JSON.stringify(r.security),
      news_recipients: JSON.stringify(r.news),
      maintenance_recipients: JSON.stringify(r.maintenance),
      birthday_every_days: next.birthday_every_days,
      unusual_deposit_debit: next.unusual_deposit_debit,
      unusual_deposit_day: next.unusual_deposit_day,
      updated_at: ctx.now(),
    };
    await tx
      .insertInto('notification_settings')
      .values({ org_id: actor.orgId, ...values })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
      .execute();
    // An address the venue puts back on a list after it unsubscribed is the venue's explicit
    // wish (audited below): the unsubscribe of that kind is cleared for it.
    for (const t of ['news', 'maintenance', 'birthdays'] as const) {
      const added = r[t].filter((a) => !before.recipients[t].includes(a));
      if (added.length === 0) continue;
      await tx
        .deleteFrom('email_unsubscribes')
        .where('org_id', '=', actor.orgId)
        .where('kind', '=', t)
        .where('address', 'in', added)
        .execute();
    }
    await audit(
      tx,
      actor,
      beforeRow ? 'update' : 'create',
      'notification_settings',
      actor.orgId,
      beforeRow ? before : null,
      next,
    );
    return next;
  });
}

/** Takes an address off one notification's list (the unsubscribe link); true if it was on it. */
export async function removeRecipient(
  ctx: AppContext,
  actor: Actor,
  type: NotificationType,
  email: string,
): Promise<boolean> {
  return inTransaction(ctx, async (tx) => {
    const settings = await getNotificationSettings(tx, actor.orgId);
    const list = settings.recipients[type];
    if (!list.includes(email)) return false;
    await saveNotificationSettings({ ...ctx, db: tx }, actor, {
      recipients: { [type]: list.filter((e) => e !== email) },
    });
    return true;
  });
}
