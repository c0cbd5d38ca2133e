// Letters waiting to go: one row per letter and address, written in the caller's transaction
// (dispatching an event, a test, the birthday list, an announcement). A letter written twice
// under one key is one letter; the worker sends what is due (./delivery.ts).
import type { Tx } from '../../app/context.ts';
import type { RenderedLetter } from './templates.ts';

export interface QueuedLetter {
  /** Unique within the organization: what the letter is about and to whom. */
  key: string;
  to: string;
  letter: RenderedLetter;
  unsubscribeUrl?: string | null;
}

export type LetterKind =
  'receipt' | 'reviews' | 'security' | 'birthdays' | 'news' | 'maintenance' | 'test';

/** Returns how many letters were new. */
export async function queueLetters(
  tx: Tx,
  orgId: number,
  kind: LetterKind,
  letters: readonly QueuedLetter[],
  due: Date,
): Promise<number> {
  if (letters.length === 0) return 0;
  const rows = await tx
    .insertInto('email_deliveries')
    .values(
      letters.map((l) => ({
        org_id: orgId,
        kind,
        dedup_key: l.key,
        to_address: l.to,
        subject: l.letter.subject,
        text_body: l.letter.text,
        html_body: l.letter.html,
        unsubscribe_url: l.unsubscribeUrl ?? null,
        next_attempt_at: due,
      })),
    )
    .onConflict((oc) => oc.columns(['org_id', 'dedup_key']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}
