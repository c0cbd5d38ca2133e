// `kopilka notify news|maintenance`: the installation's operator sends a news letter or a
// planned-maintenance notice to every organization's recipients of that type (notification
// settings). The letters go through the outbox's letter queue — sent by the worker (in the
// server, or `kopilka worker`), retried, logged per organization — so this command only
// writes them and returns. Running the same command again sends nothing new.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { config } from '../config.ts';
import { sendAnnouncement, type AnnouncementType } from '../events/email/announcements.ts';
import type { Announcement } from '../events/email/templates.ts';
import type { Runtime } from './runtime.ts';

interface NotifyOptions {
  subject: string;
  textFile: string;
  htmlFile?: string;
  subjectEn?: string;
  textFileEn?: string;
  htmlFileEn?: string;
}

const read = (file: string) => readFileSync(file, 'utf8');

function englishOf(o: NotifyOptions): Announcement | null {
  if (!o.subjectEn && !o.textFileEn) return null;
  if (!o.subjectEn || !o.textFileEn) {
    throw new Error('--subject-en and --text-file-en go together (the English version)');
  }
  return {
    subject: o.subjectEn,
    text: read(o.textFileEn),
    html: o.htmlFileEn ? read(o.htmlFileEn) : null,
  };
}

export function notifyCommands(
  program: Command,
  withRuntime: <T>(work: (rt: Runtime) => Promise<T>) => Promise<T>,
): void {
  program
    .command('notify')
    .description(
      "Send news or a planned-maintenance notice to every organization's recipients of that type",
    )
    .addArgument(
      new Command().createArgument('<type>', 'news | maintenance').choices(['news', 'maintenance']),
    )
    .requiredOption('--subject <text>', 'the subject (Russian, or the only language)')
    .requiredOption('--text-file <file>', 'the plain text; blank lines separate paragraphs')
    .option('--html-file <file>', 'HTML for the letter body (default: made from the text)')
    .addOption(new Option('--subject-en <text>', 'the English subject, for English letters'))
    .addOption(new Option('--text-file-en <file>', 'the English text'))
    .addOption(new Option('--html-file-en <file>', 'the English HTML'))
    .action((type: AnnouncementType, o: NotifyOptions) =>
      withRuntime(async (rt) => {
        const actor = { type: 'cli' as const, id: null, name: config.cliUserName };
        const r = await sendAnnouncement(rt.ctx, actor, {
          type,
          subject: o.subject,
          text: read(o.textFile),
          html: o.htmlFile ? read(o.htmlFile) : null,
          en: englishOf(o),
        });
        console.log(JSON.stringify(r));
        console.error(
          r.created
            ? `Queued ${r.letters} letters to ${r.organizations} organizations; the worker sends them.`
            : `This announcement was sent before (#${r.id}, ${r.created_at}); nothing new was queued.`,
        );
      }),
    );
}
