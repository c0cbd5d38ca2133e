// The birthday list of every venue that has recipients for it, every N days of its own
// settings (src/events/email/birthdays.ts). The job looks hourly; a period's letters are keyed
// by the period, so only the first run in a period queues them.
import { sendDueBirthdayLists } from '../../events/email/birthdays.ts';
import { every, HOUR, type JobDefinition } from '../job.ts';

export const birthdayLists: JobDefinition = {
  name: 'birthday-lists',
  description: {
    ru: 'Рассылает список дней рождения гостей на адреса из настроек уведомлений, раз в N дней',
    en: "Sends the guests' birthday list to the notification recipients, every N days",
  },
  schedule: { ru: 'каждый час', en: 'every hour' },
  nextRunAfter: every(HOUR),
  run: async (ctx, { now }) => {
    await sendDueBirthdayLists(ctx, now);
  },
};
