// Admin API: e-mail notifications — the organization's SMTP server (the password is written,
// never read back), a test letter sent at once, who receives which notification (seed 003's
// five types), the birthday list's test, and the log of letters with the dead ones retried by
// hand. The SMTP server is an integration setting; the recipients are the venue's own.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import { sendBirthdayList } from '../../events/email/birthdays.ts';
import { listLetters, retryLetter } from '../../events/email/delivery.ts';
import {
  getNotificationSettings,
  getSmtpSettings,
  NOTIFICATION_TYPES,
  saveNotificationSettings,
  saveSmtpSettings,
} from '../../events/email/settings.ts';
import type { EmailOptions } from '../../events/email/smtp.ts';
import { sendTestLetter } from '../../events/email/test-letter.ts';
import { fail } from '../../domain/errors.ts';
import { actorOf } from './auth.ts';
import {
  adminSecurity as security,
  IdParam,
  Nullable,
  PageQuery,
  pageLimit,
  Strict,
  tags,
  Text,
  Time,
} from './schemas.ts';

const tag = tags('notifications');
const Email = Type.String({
  minLength: 3,
  maxLength: 254,
  pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
  description: 'An e-mail address',
});
const Security = Type.Union([Type.Literal('tls'), Type.Literal('starttls'), Type.Literal('none')], {
  description:
    'tls: TLS from the start (port 465); starttls: required upgrade (587); none: plain, for a relay on the same network',
});
const SmtpView = Strict({
  host: Type.String(),
  port: Type.Integer(),
  security: Security,
  username: Type.String(),
  has_password: Type.Boolean({ description: 'The password itself is never shown' }),
  from_address: Type.String(),
  from_name: Type.String(),
  updated_at: Time,
});
const Recipients = Strict(
  Object.fromEntries(
    NOTIFICATION_TYPES.map((t) => [t, Type.Array(Email, { maxItems: 20 })]),
  ) as Record<(typeof NOTIFICATION_TYPES)[number], ReturnType<typeof Type.Array<typeof Email>>>,
);
const Kopecks = Type.Integer({ minimum: 1, maximum: 100_000_000_000 });
const Settings = Strict({
  locale: Type.Union([Type.Literal('ru'), Type.Literal('en')], {
    description: 'The language of the letters',
  }),
  recipients: Recipients,
  birthday_every_days: Type.Integer({
    minimum: 1,
    maximum: 365,
    description: 'The birthday list is sent every this many days (Период отправки уведомлений)',
  }),
  unusual_deposit_debit: Nullable(
    Type.Integer({
      description: 'Kopecks: one deposit debit at or above is a security event; null: not watched',
    }),
  ),
  unusual_deposit_day: Nullable(
    Type.Integer({
      description:
        "Kopecks: one deposit's debits within 24 hours at or above is a security event; null: not watched",
    }),
  ),
  updated_at: Nullable(Time),
});
const Status = Type.Union([
  Type.Literal('pending'),
  Type.Literal('delivered'),
  Type.Literal('dead'),
]);
const Letter = Strict({
  id: Type.Integer(),
  kind: Type.String({ description: 'receipt, reviews, security, birthdays, news, maintenance' }),
  to: Type.String(),
  subject: Type.String(),
  status: Status,
  attempts: Type.Integer(),
  next_attempt_at: Nullable(Time),
  last_attempt_at: Nullable(Time),
  last_error: Nullable(Type.String()),
  delivered_at: Nullable(Time),
  created_at: Time,
});

export async function notificationRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  email: EmailOptions,
) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/notifications/smtp',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'getSmtpSettings',
        tags: tag,
        security,
        summary: "The organization's mail server (without its password)",
        response: { 200: SmtpView },
      },
    },
    async (req) =>
      (await getSmtpSettings(ctx, req.admin.orgId)) ??
      fail('not_found', 'smtp_not_configured', {
        ru: 'Почтовый сервер не настроен',
        en: 'No mail server is configured',
      }),
  );

  r.put(
    '/notifications/smtp',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'saveSmtpSettings',
        tags: tag,
        security,
        summary:
          'Set the mail server. The password is stored encrypted for this host and port and never shown; omit it to keep the stored one (same host and port only). Letters waiting for a working server become due at once; audited',
        body: Strict({
          host: Text(253),
          port: Type.Integer({ minimum: 1, maximum: 65535 }),
          security: Security,
          username: Type.Optional(Type.String({ maxLength: 254 })),
          password: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          from_address: Email,
          from_name: Type.Optional(Type.String({ maxLength: 100 })),
        }),
        response: { 200: SmtpView },
      },
    },
    async (req) => saveSmtpSettings(ctx, actorOf(req), req.body, email.allowPrivate),
  );

  r.post(
    '/notifications/smtp/test',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'sendTestEmail',
        tags: tag,
        security,
        summary:
          'Отправить тестовое письмо: sends one letter now through the saved settings; a bad password, an unreachable host or a refused address is a 422 that says which',
        body: Strict({ to: Email }),
        response: { 200: Strict({ message_id: Type.String() }) },
      },
    },
    async (req) => sendTestLetter(ctx, req.admin.orgId, req.body.to, email.send),
  );

  r.get(
    '/notifications/settings',
    {
      config: { permission: 'org.read' },
      schema: {
        operationId: 'getNotificationSettings',
        tags: tag,
        security,
        summary: "Who receives which notification, the birthday list period, the letters' language",
        response: { 200: Settings },
      },
    },
    async (req) => getNotificationSettings(ctx.db, req.admin.orgId),
  );

  r.put(
    '/notifications/settings',
    {
      config: { permission: 'org.write' },
      schema: {
        operationId: 'saveNotificationSettings',
        tags: tag,
        security,
        summary:
          'Change recipients (a type given replaces its list), the period, the language or the unusual-spending thresholds; audited',
        body: Strict({
          locale: Type.Optional(Type.Union([Type.Literal('ru'), Type.Literal('en')])),
          recipients: Type.Optional(Type.Partial(Recipients)),
          birthday_every_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
          unusual_deposit_debit: Type.Optional(Nullable(Kopecks)),
          unusual_deposit_day: Type.Optional(Nullable(Kopecks)),
        }),
        response: { 200: Settings },
      },
    },
    async (req) => saveNotificationSettings(ctx, actorOf(req), req.body),
  );

  r.post(
    '/notifications/birthdays/test',
    {
      config: { permission: 'org.write' },
      schema: {
        operationId: 'sendBirthdayListNow',
        tags: tag,
        security,
        summary:
          'Немедленно отправить тестовое напоминание: the birthday list of the coming period, marked as a test, to the birthday recipients now',
        response: {
          200: Strict({
            letters: Type.Integer({ description: 'Letters queued (one per recipient)' }),
            guests: Type.Integer({ description: 'Guests on the list' }),
          }),
        },
      },
    },
    async (req) => sendBirthdayList(ctx, req.admin.orgId, { test: true }),
  );

  r.get(
    '/email-deliveries',
    {
      // Receipts carry guests' addresses.
      config: { permission: 'guests.read' },
      schema: {
        operationId: 'listEmailDeliveries',
        tags: tag,
        security,
        summary: 'Letters, newest first; status=dead lists those whose attempts are used up',
        querystring: Strict({ status: Type.Optional(Status), ...PageQuery }),
        response: {
          200: Strict({ rows: Type.Array(Letter), next_cursor: Nullable(Type.String()) }),
        },
      },
    },
    async (req) =>
      listLetters(ctx, req.admin.orgId, {
        ...(req.query.status ? { status: req.query.status } : {}),
        ...(req.query.cursor ? { cursor: req.query.cursor } : {}),
        limit: pageLimit(req.query.limit),
      }),
  );

  r.post(
    '/email-deliveries/:id/retry',
    {
      config: { permission: 'org.write' },
      schema: {
        operationId: 'retryEmailDelivery',
        tags: tag,
        security,
        summary: 'Send a dead letter again, with a fresh count of attempts; audited',
        params: IdParam,
        response: { 200: Strict({ id: Type.Integer(), status: Status }) },
      },
    },
    async (req) => retryLetter(ctx, actorOf(req), Number(req.params.id)),
  );
}
