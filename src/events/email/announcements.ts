// News and planned-maintenance letters of the installation's operator (`kopilka notify`, and
// the operator's admin API): one announcement goes to every organization's recipients of that
// type, in the organization's language (the English version when the operator gave one). The
// announcement and all its letters are written in one transaction, each letter under the key
// `<type>:a<announcement>:<address>` in the organization's email_deliveries, so the worker
// sends each exactly once with the usual retries, and each organization sees them in its log.
// The announcement's key is its content: the same command run twice (say, after a timeout
// whose commit did happen) sends nothing the second time.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { inTransaction, type AppContext } from '../../app/context.ts';
import { installationAudit, type InstallationActor } from '../../app/installation/audit.ts';
import { fail } from '../../domain/errors.ts';
import { queueLetters } from './queue.ts';
import { notificationsOf } from './settings.ts';
import { announcementLetter, type Announcement } from './templates.ts';

export type AnnouncementType = 'news' | 'maintenance';

export interface AnnouncementInput extends Announcement {
  type: AnnouncementType;
  /** For organizations whose letters are in English; absent: they get the Russian one. */
  en?: Announcement | null;
}

export interface AnnouncementResult {
  id: number;
  type: AnnouncementType;
  /** False: this very announcement was sent before; nothing new was queued. */
  created: boolean;
  organizations: number;
  letters: number;
  created_at: string;
}

const LIMITS = { subject: 200, text: 100_000, html: 500_000 };

function check(a: Announcement, field: string) {
  const problems: string[] = [];
  const subject = a.subject.trim();
  if (!subject || subject.length > LIMITS.subject || /[\r\n]/.test(subject)) {
    problems.push(`${field}subject: 1–${LIMITS.subject} characters on one line`);
  }
  if (!a.text.trim() || a.text.length > LIMITS.text) {
    problems.push(`${field}text: 1–${LIMITS.text} characters`);
  }
  if (a.html != null && a.html.length > LIMITS.html) {
    problems.push(`${field}html: at most ${LIMITS.html} characters`);
  }
  return problems;
}

function validated(input: AnnouncementInput): AnnouncementInput {
  const problems = [...check(input, ''), ...(input.en ? check(input.en, 'en.') : [])];
  if (problems.length > 0) {
    fail(
      'validation',
      'announcement_invalid',
      {
        ru: `Письмо не отправлено: ${problems.join('; ')}`,
        en: `Nothing was sent: ${problems.join('; ')}`,
      },
      { problems },
    );
  }
  const trim = (a: Announcement): Announcement => ({
    subject: a.subject.trim(),
    text: a.text.trim(),
    html: a.html?.trim() || null,
  });
  return { type: input.type, ...trim(input), en: input.en ? trim(input.en) : null };
}

const keyOf = (a: AnnouncementInput) =>
  createHash('sha256')
    .update(JSON.stringify([a.type, a.subject, a.text, a.html, a.en ?? null]))
    .digest('hex')
    .slice(0, 32);

/** Queues the announcement's letters to every organization's recipients of its type. */
export async function sendAnnouncement(
  ctx: AppContext,
  actor: InstallationActor,
  raw: AnnouncementInput,
): Promise<AnnouncementResult> {
  const by = `${actor.type}:${actor.name}`;
  const a = validated(raw);
  return inTransaction(ctx, async (tx) => {
    const row = await tx
      .insertInto('announcements')
      .values({
        type: a.type,
        dedup_key: keyOf(a),
        subject: a.subject,
        text_body: a.text,
        html_body: a.html ?? null,
        subject_en: a.en?.subject ?? null,
        text_body_en: a.en?.text ?? null,
        html_body_en: a.en?.html ?? null,
        created_by: by,
        organizations: 0,
        letters: 0,
        created_at: ctx.now(),
      })
      .onConflict((oc) => oc.column('dedup_key').doNothing())
      .returning(['id', 'created_at'])
      .executeTakeFirst();
    if (!row) {
      const was = await tx
        .selectFrom('announcements')
        .selectAll()
        .where('dedup_key', '=', keyOf(a))
        .executeTakeFirstOrThrow();
      return resultOf(was, false);
    }
    const column = a.type === 'news' ? 'news_recipients' : 'maintenance_recipients';
    const orgs = await tx
      .selectFrom('notification_settings as n')
      .innerJoin('organizations as o', 'o.id', 'n.org_id')
      .selectAll('n')
      .select('o.name as org_name')
      .where(sql<boolean>`jsonb_array_length(${sql.ref(`n.${column}`)}) > 0`)
      .orderBy('n.org_id')
      .execute();
    let letters = 0;
    for (const o of orgs) {
      const s = notificationsOf(o);
      const words = s.locale === 'en' && a.en ? a.en : a;
      const content = announcementLetter(s.locale, a.type, o.org_name, words);
      letters += await queueLetters(
        tx,
        ctx.secrets,
        o.org_id,
        a.type,
        s.locale,
        s.recipients[a.type].map((to) => ({ key: `${a.type}:a${row.id}:${to}`, to, content })),
        ctx.now(),
      );
    }
    const done = await tx
      .updateTable('announcements')
      .set({ organizations: orgs.length, letters })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await installationAudit(tx, actor, 'send', 'announcement', done.id, null, null, {
      type: done.type,
      subject: done.subject,
      organizations: done.organizations,
      letters: done.letters,
    });
    return resultOf(done, true);
  });
}

function resultOf(
  r: {
    id: number;
    type: AnnouncementType;
    organizations: number;
    letters: number;
    created_at: Date;
  },
  created: boolean,
): AnnouncementResult {
  return {
    id: r.id,
    type: r.type,
    created,
    organizations: r.organizations,
    letters: r.letters,
    created_at: r.created_at.toISOString(),
  };
}

/** The announcements sent, newest first (the operator's log; letters are in each org's log). */
export async function listAnnouncements(ctx: AppContext, limit = 50) {
  const rows = await ctx.db
    .selectFrom('announcements')
    .select(['id', 'type', 'subject', 'created_by', 'organizations', 'letters', 'created_at'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, created_at: r.created_at.toISOString() }));
}
