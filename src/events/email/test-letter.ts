// «Отправить тестовое письмо»: one letter sent now, through the settings as saved, with the
// outcome in the answer — the SMTP server's refusal in words, not a letter waiting somewhere.
import type { AppContext } from '../../app/context.ts';
import { fail } from '../../domain/errors.ts';
import { getNotificationSettings, smtpServerOf } from './settings.ts';
import type { MailSender } from './smtp.ts';
import { render, testLetter } from './templates.ts';

export async function sendTestLetter(
  ctx: AppContext,
  orgId: number,
  to: string,
  mail: MailSender,
): Promise<{ message_id: string }> {
  const server = await smtpServerOf(ctx.db, ctx, orgId);
  if (!server) {
    fail('rejected', 'smtp_not_configured', {
      ru: 'Сначала сохраните настройки почтового сервера',
      en: 'Save the mail server settings first',
    });
  }
  const [org, settings] = await Promise.all([
    ctx.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', orgId)
      .executeTakeFirstOrThrow(),
    getNotificationSettings(ctx.db, orgId),
  ]);
  const letter = render(settings.locale, testLetter(settings.locale, org.name));
  const out = await mail(server, { to, ...letter });
  if (!out.ok) fail('rejected', out.failure.code, out.failure.message);
  return { message_id: out.messageId };
}
