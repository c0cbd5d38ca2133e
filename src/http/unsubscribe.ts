// The unsubscribe link of a letter (src/events/email/unsubscribe.ts), as pages: GET shows what
// the link stops and a button — never unsubscribes by itself, so a mail scanner opening links
// changes nothing — and POST unsubscribes: the button's form, or a mail client's one-click
// request (RFC 8058: List-Unsubscribe-Post, body "List-Unsubscribe=One-Click"). POST is
// idempotent. A damaged link answers 400 and an expired one 410, in Russian and English, and
// change nothing. The pages load nothing from anywhere and may not be framed (the button must
// not be clickable from someone else's page).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import { DomainError } from '../domain/errors.ts';
import {
  readUnsubscribeToken,
  unsubscribe,
  type UnsubscribeClaim,
} from '../events/email/unsubscribe.ts';
import { escapeHtml, type Locale } from '../events/email/templates.ts';

type Req = FastifyRequest<{ Params: { token: string } }>;

const WHAT: Record<UnsubscribeClaim['kind'], { ru: string; en: string }> = {
  news: { ru: 'новости Копилки', en: 'Kopilka news' },
  maintenance: { ru: 'уведомления о плановых работах', en: 'planned maintenance notices' },
  birthdays: { ru: 'список дней рождения гостей', en: "the guests' birthday list" },
  receipt: { ru: 'электронные чеки', en: 'e-mail receipts' },
};

/** a***@venue.example: enough to recognize one's own address, not to read someone else's. */
const masked = (a: string) => a.replace(/^(.)[^@]*/, '$1***');

function page(reply: FastifyReply, status: number, lang: string, title: string, body: string) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    )
    .send(
      `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
        '<meta name="viewport" content="width=device-width,initial-scale=1">' +
        `<title>${escapeHtml(title)}</title></head>` +
        '<body style="margin:0;padding:32px 20px;font-family:Arial,Helvetica,sans-serif;font-size:16px;color:#1b1b1b;background:#f6f6f4">' +
        '<main style="max-width:480px;margin:0 auto;background:#fff;border-radius:12px;padding:28px 24px;box-shadow:0 1px 3px rgba(0,0,0,.08)">' +
        `${body}</main></body></html>`,
    );
}

const h1 = (s: string) => `<h1 style="font-size:22px;margin:0 0 16px">${escapeHtml(s)}</h1>`;
const p = (s: string, small = false) =>
  `<p style="margin:0 0 14px${small ? ';font-size:13px;color:#666' : ''}">${escapeHtml(s)}</p>`;

/** A link that is not genuine or no longer works: both languages, nothing changed. */
function refused(reply: FastifyReply, e: DomainError) {
  const status = e.code === 'unsubscribe_link_expired' ? 410 : 400;
  return page(
    reply,
    status,
    'ru',
    'Ссылка не работает / The link does not work',
    h1('Ссылка не работает') + p(e.messageRu) + p(e.message, true) + p(`(${e.code})`, true),
  );
}

async function orgName(ctx: AppContext, orgId: number) {
  const row = await ctx.db
    .selectFrom('organizations')
    .select('name')
    .where('id', '=', orgId)
    .executeTakeFirst();
  return row?.name ?? '';
}

const TEXT = {
  ask: {
    ru: (what: string, org: string) => `Отписаться от писем «${what}» организации «${org}»?`,
    en: (what: string, org: string) => `Unsubscribe from ${what} of ${org}?`,
  },
  address: { ru: 'Адрес', en: 'Address' },
  button: { ru: 'Отписаться', en: 'Unsubscribe' },
  doneTitle: { ru: 'Вы отписались', en: 'You are unsubscribed' },
  done: {
    ru: (what: string, org: string) =>
      `Писем «${what}» от организации «${org}» на этот адрес больше не будет.`,
    en: (what: string, org: string) => `${org} will send no more ${what} to this address.`,
  },
};

async function claimOf(ctx: AppContext, req: Req, reply: FastifyReply) {
  try {
    return readUnsubscribeToken(ctx.secrets, req.params.token, ctx.now());
  } catch (e) {
    if (e instanceof DomainError) {
      await refused(reply, e);
      return null;
    }
    throw e;
  }
}

export function unsubscribeRoutes(app: FastifyInstance, ctx: AppContext): void {
  // One-click clients post a form (urlencoded or multipart); its content says nothing more
  // than the link does, so any body is read and dropped.
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 8192 }, (_req, body, done) =>
    done(null, body),
  );
  const schema = { hide: true };

  app.get('/unsubscribe/:token', { schema }, async (req: Req, reply) => {
    const c = await claimOf(ctx, req, reply);
    if (!c) return reply;
    const l: Locale = c.locale;
    const what = WHAT[c.kind][l];
    const org = await orgName(ctx, c.orgId);
    return page(
      reply,
      200,
      l,
      TEXT.button[l],
      h1(TEXT.ask[l](what, org)) +
        p(`${TEXT.address[l]}: ${masked(c.address)}`) +
        '<form method="post" style="margin:20px 0 0">' +
        '<button type="submit" style="font-size:16px;padding:10px 22px;border:0;border-radius:8px;background:#b3261e;color:#fff;cursor:pointer">' +
        `${escapeHtml(TEXT.button[l])}</button></form>`,
    );
  });

  app.post('/unsubscribe/:token', { schema }, async (req: Req, reply) => {
    if (!(await claimOf(ctx, req, reply))) return reply;
    const c = await unsubscribe(ctx, req.params.token);
    const l: Locale = c.locale;
    const what = WHAT[c.kind][l];
    const org = await orgName(ctx, c.orgId);
    return page(
      reply,
      200,
      l,
      TEXT.doneTitle[l],
      h1(TEXT.doneTitle[l]) + p(TEXT.done[l](what, org)),
    );
  });
}
