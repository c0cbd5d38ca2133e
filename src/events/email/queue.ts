// Letters waiting to go: one row per letter and address, written in the caller's transaction
// (dispatching an event, a test, the birthday list, an announcement). A letter written twice
// under one key is one letter; the worker sends what is due (./delivery.ts). A letter of a
// kind that carries an unsubscribe link is rendered per address with its own signed link, and
// is not written at all for an address that unsubscribed from that kind (./unsubscribe.ts).
import type { Tx } from '../../app/context.ts';
import type { SecretBox } from '../../app/stored-secrets.ts';
import { render, type LetterContent, type Locale } from './templates.ts';
import { isUnsubscribable, unsubscribedOf, unsubscribeUrl } from './unsubscribe.ts';

export interface QueuedLetter {
  /** Unique within the organization: what the letter is about and to whom. */
  key: string;
  to: string;
  content: LetterContent;
}

export type LetterKind =
  'receipt' | 'reviews' | 'security' | 'birthdays' | 'news' | 'maintenance' | 'test';

/** Returns how many letters were new. */
export async function queueLetters(
  tx: Tx,
  secrets: SecretBox,
  orgId: number,
  kind: LetterKind,
  locale: Locale,
  letters: readonly QueuedLetter[],
  due: Date,
): Promise<number> {
  const linked = isUnsubscribable(kind);
  const gone = linked
    ? await unsubscribedOf(
        tx,
        orgId,
        kind,
        letters.map((l) => l.to),
      )
    : new Set<string>();
  const rows = letters
    .filter((l) => !gone.has(l.to.toLowerCase()))
    .map((l) => {
      const url = linked
        ? unsubscribeUrl(secrets, { orgId, kind, address: l.to, locale }, due)
        : null;
      const letter = render(locale, l.content, url);
      return {
        org_id: orgId,
        kind,
        dedup_key: l.key,
        to_address: l.to,
        subject: letter.subject,
        text_body: letter.text,
        html_body: letter.html,
        unsubscribe_url: url,
        next_attempt_at: due,
      };
    });
  if (rows.length === 0) return 0;
  const written = await tx
    .insertInto('email_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['org_id', 'dedup_key']).doNothing())
    .returning('id')
    .execute();
  return written.length;
}
