// The one way money comes back to a guest's account or leaves it again: a refund of a closed
// check, a return or reversal of a payment, an emergency cancel, a top-up rolled back. Each
// reverses what is left of original entries — all of it, an amount spread over them in
// proportion, or a line's share — as `reversal` entries that keep the original's card, payer
// and recipient, under the reversing operation's own POS id.
import { allocatePayments } from '../domain/order.ts';
import type { Account, LedgerEntry } from '../db/schema.ts';
import type { PosPrincipal, Tx } from './context.ts';
import { reverse, reversedSoFar, type EntryMeta } from './ledger-posting.ts';
import { posMeta, type EntryView, type PosOperationInput } from './pos-common.ts';

/** An original entry, what earlier reversals took back of it, and what is left (sizes). */
export interface Rest {
  entry: LedgerEntry;
  already: number;
  rest: number;
}

export async function restsOf(tx: Tx, orgId: number, entries: readonly LedgerEntry[]): Promise<Rest[]> {
  const already = await reversedSoFar(
    tx,
    orgId,
    entries.map((e) => e.id),
  );
  return entries.map((entry) => {
    const a = already.get(entry.id) ?? 0;
    return { entry, already: a, rest: Math.abs(entry.amount) - Math.abs(a) };
  });
}

/**
 * The reversal's metadata for each original: the till's own (operator, terminal, time), the
 * original's card, payer and recipient, the reversing operation's id, and the original's check
 * unless the caller names the order and check (a refund).
 */
export function reversalMeta(
  p: PosPrincipal,
  input: PosOperationInput,
  at: Date,
  posTxnId: string,
  order?: { orderId: number; posCheckId: string },
) {
  return (e: LedgerEntry): EntryMeta => ({
    ...posMeta(p, input, at),
    ...(order ? { orderId: order.orderId } : {}),
    cardId: e.card_id,
    payerGuestId: e.payer_guest_id,
    payerCardId: e.payer_card_id,
    recipientGuestId: e.recipient_guest_id,
    recipientCardId: e.recipient_card_id,
    posTxnId,
    posCheckId: order ? order.posCheckId : e.pos_check_id,
  });
}

/** Reverses `part` (a positive size) of a rest; the till's view of the new entry. */
export async function reverseRest(
  tx: Tx,
  account: Account,
  r: Rest,
  part: number,
  meta: (e: LedgerEntry) => EntryMeta,
): Promise<EntryView> {
  const id = await reverse(tx, account, r.entry, part, r.already, meta(r.entry));
  return {
    id,
    amount: -Math.sign(r.entry.amount) * part,
    line_no: r.entry.line_no,
    item_name: r.entry.item_name,
  };
}

/** Reverses `amount` spread over the rests in proportion to them; all of them when it is their sum. */
export async function reverseAcross(
  tx: Tx,
  account: Account,
  rests: readonly Rest[],
  amount: number,
  meta: (e: LedgerEntry) => EntryMeta,
): Promise<EntryView[]> {
  if (rests.length === 0) return [];
  const [parts = []] = allocatePayments(
    rests.map((r) => r.rest),
    [amount],
  );
  const views: EntryView[] = [];
  for (const [i, r] of rests.entries()) {
    const part = parts[i] ?? 0;
    if (part > 0) views.push(await reverseRest(tx, account, r, part, meta));
  }
  return views;
}
