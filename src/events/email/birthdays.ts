// The birthday list (seed 003): every N days the venue's birthday recipients get the guests
// whose birthday falls in the coming N days; «Немедленно отправить тестовое напоминание» sends
// the same list now, marked as a test. Periods are counted in whole days from 1970-01-01 UTC,
// and a period's letters carry its number in their dedup key, so however often the job runs
// and however many processes run it, each period's list goes once.
import { sql } from 'kysely';
import type { AppContext } from '../../app/context.ts';
import { fail } from '../../domain/errors.ts';
import { queueLetters } from './queue.ts';
import { getNotificationSettings, type NotificationSettings } from './settings.ts';
import { birthdayLetter, type BirthdayGuest } from './templates.ts';

const DAY_MS = 86_400_000;
/** A list longer than this is cut (the letter says how many there are in all). */
const MAX_GUESTS = 1_000;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** "MM-DD" of each day of the window; 29 February is listed on 28 February of other years. */
function monthDays(startMs: number, days: number): string[] {
  const out = new Set<string>();
  for (let i = 0; i < days; i++) {
    const d = isoDay(startMs + i * DAY_MS);
    out.add(d.slice(5));
    const y = Number(d.slice(0, 4));
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    if (d.slice(5) === '02-28' && !leap) out.add('02-29');
  }
  return [...out];
}

async function guestsWithBirthdays(
  ctx: AppContext,
  orgId: number,
  startMs: number,
  days: number,
): Promise<{ guests: BirthdayGuest[]; total: number }> {
  const rows = await ctx.db
    .selectFrom('guests')
    .select(['first_name', 'last_name', 'middle_name', 'phone', 'email', 'birthday'])
    .where('org_id', '=', orgId)
    .where('birthday', 'is not', null)
    .where(
      (eb) => eb.fn('to_char', [eb.ref('birthday'), eb.val('MM-DD')]),
      'in',
      monthDays(startMs, days),
    )
    .execute();
  const order = new Map(monthDays(startMs, days).map((md, i) => [md, i]));
  const guests = rows
    .map((g) => ({
      name: [g.last_name, g.first_name, g.middle_name].filter(Boolean).join(' ') || '—',
      birthday: String(g.birthday),
      phone: g.phone,
      email: g.email,
    }))
    .sort(
      (a, b) =>
        (order.get(a.birthday.slice(5)) ?? 0) - (order.get(b.birthday.slice(5)) ?? 0) ||
        a.name.localeCompare(b.name, 'ru'),
    );
  return { guests: guests.slice(0, MAX_GUESTS), total: guests.length };
}

async function queueList(
  ctx: AppContext,
  orgId: number,
  s: NotificationSettings,
  startMs: number,
  keyOf: (to: string) => string,
  test: boolean,
) {
  const days = s.birthday_every_days;
  const { guests, total } = await guestsWithBirthdays(ctx, orgId, startMs, days);
  const from = isoDay(startMs);
  const to = isoDay(startMs + (days - 1) * DAY_MS);
  const content = birthdayLetter(s.locale, { from, to, guests, total, test });
  const letters = await queueLetters(
    ctx.db,
    ctx.secrets,
    orgId,
    'birthdays',
    s.locale,
    s.recipients.birthdays.map((address) => ({ key: keyOf(address), to: address, content })),
    ctx.now(),
  );
  return { letters, guests: total };
}

/** «Немедленно отправить тестовое напоминание»: the list from today, now. */
export async function sendBirthdayList(ctx: AppContext, orgId: number, o: { test: true }) {
  const s = await getNotificationSettings(ctx.db, orgId);
  if (s.recipients.birthdays.length === 0) {
    fail('rejected', 'no_recipients', {
      ru: 'Сначала добавьте адреса для списка дней рождения',
      en: 'Add addresses for the birthday list first',
    });
  }
  const now = ctx.now().getTime();
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return queueList(ctx, orgId, s, today, (to) => `birthdays-test:${now}:${to}`, o.test);
}

/**
 * The scheduled run (job birthday-lists): for every organization with birthday recipients, the list of the period
 * `now` falls in, unless it went already. Returns the number of letters queued.
 */
export async function sendDueBirthdayLists(ctx: AppContext, now: Date): Promise<number> {
  const orgs = await ctx.db
    .selectFrom('notification_settings')
    .select('org_id')
    .where(sql<boolean>`jsonb_array_length(birthday_recipients) > 0`)
    .execute();
  let queued = 0;
  const day = Math.floor(now.getTime() / DAY_MS);
  for (const { org_id } of orgs) {
    const s = await getNotificationSettings(ctx.db, org_id);
    const period = Math.floor(day / s.birthday_every_days);
    const start = period * s.birthday_every_days * DAY_MS;
    const key = (to: string) => `birthdays:${s.birthday_every_days}:${period}:${to}`;
    queued += (await queueList(ctx, org_id, s, start, key, false)).letters;
  }
  return queued;
}
