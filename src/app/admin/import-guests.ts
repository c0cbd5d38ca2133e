// Bulk import of guests and their cards. Rows are checked one by one (bad rows are reported
// with their line and reason, good rows go in), then written in batches: one transaction and
// three multi-row inserts per batch, with one audit record per batch.
import { validateCardNumber } from '../../domain/cards.ts';
import { DomainError } from '../../domain/errors.ts';
import { audit } from '../audit.ts';
import { inTransaction, type Actor, type AppContext } from '../context.ts';
import { loadMasks, normalizeGuest, type GuestInput } from './guests.ts';

export interface ImportRow {
  line: number;
  record: Record<string, string | undefined>;
}

export interface ImportError {
  line: number;
  code: string;
  reason: string;
}

export interface ImportResult {
  imported: number;
  errors: ImportError[];
}

interface Prepared {
  line: number;
  guest: GuestInput;
  card: { number: string; uid: string | null; track: string | null };
}

const BATCH = 500;
const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

function prepare(row: ImportRow, masks: Awaited<ReturnType<typeof loadMasks>>): Prepared {
  const r = row.record;
  const number = blank(r.card_number);
  if (!number)
    throw new DomainError('validation', 'card_number_required', {
      ru: 'Не указан номер карты (card_number)',
      en: 'card_number is missing',
    });
  validateCardNumber(masks, number);
  const sex = blank(r.sex);
  if (sex && sex !== 'male' && sex !== 'female') {
    throw new DomainError('validation', 'invalid_sex', {
      ru: 'Пол: male или female',
      en: 'sex: male or female',
    });
  }
  const consent = blank(r.consent_marketing);
  if (consent && !['0', '1', 'true', 'false', 'да', 'нет'].includes(consent.toLowerCase())) {
    throw new DomainError('validation', 'invalid_consent', {
      ru: 'Согласие: 1/0, true/false, да/нет',
      en: 'consent_marketing: 1/0, true/false',
    });
  }
  const guest = normalizeGuest({
    last_name: blank(r.last_name),
    first_name: blank(r.first_name),
    middle_name: blank(r.middle_name),
    phone: blank(r.phone),
    email: blank(r.email),
    birthday: blank(r.birthday),
    sex: sex as GuestInput['sex'],
    consent_marketing: consent !== null && ['1', 'true', 'да'].includes(consent.toLowerCase()),
    external_id: blank(r.external_id),
  });
  return {
    line: row.line,
    guest,
    card: { number, uid: blank(r.card_uid), track: blank(r.card_track) },
  };
}

export async function importGuests(
  ctx: AppContext,
  actor: Actor,
  rows: AsyncIterable<ImportRow>,
  onProgress: (processed: number) => void = () => {},
): Promise<ImportResult> {
  const masks = await ctx.db.transaction().execute((tx) => loadMasks(tx, actor.orgId));
  const result: ImportResult = { imported: 0, errors: [] };
  const seen = new Set<string>();
  let batch: Prepared[] = [];
  let processed = 0;

  const flush = async () => {
    if (batch.length === 0) return;
    const good = await writeBatch(ctx, actor, batch, result.errors);
    result.imported += good;
    batch = [];
  };

  for await (const row of rows) {
    processed++;
    try {
      const p = prepare(row, masks);
      const keys = [
        `n:${p.card.number}`,
        p.card.uid && `u:${p.card.uid}`,
        p.card.track && `t:${p.card.track}`,
        p.guest.external_id && `e:${p.guest.external_id}`,
      ].filter(Boolean) as string[];
      const dup = keys.find((k) => seen.has(k));
      if (dup)
        throw new DomainError('conflict', 'duplicate_in_file', {
          ru: 'Карта или внешний id уже встречались выше в файле',
          en: 'The card or external id appears earlier in the file',
        });
      keys.forEach((k) => seen.add(k));
      batch.push(p);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      result.errors.push({ line: row.line, code: e.code, reason: e.messageRu });
    }
    if (batch.length >= BATCH) await flush();
    if (processed % 100 === 0) onProgress(processed);
  }
  await flush();
  onProgress(processed);
  return result;
}

/** Drops rows that clash with what the organization has, then inserts the rest. */
async function writeBatch(
  ctx: AppContext,
  actor: Actor,
  batch: Prepared[],
  errors: ImportError[],
): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const numbers = batch.map((b) => b.card.number);
    const uids = batch.flatMap((b) => (b.card.uid ? [b.card.uid] : []));
    const tracks = batch.flatMap((b) => (b.card.track ? [b.card.track] : []));
    const externals = batch.flatMap((b) => (b.guest.external_id ? [b.guest.external_id] : []));
    const clash = await tx
      .selectFrom('cards')
      .select(['number', 'uid', 'track'])
      .where('org_id', '=', actor.orgId)
      .where((eb) =>
        eb.or([
          eb('number', 'in', numbers),
          ...(uids.length ? [eb('uid', 'in', uids)] : []),
          ...(tracks.length ? [eb('track', 'in', tracks)] : []),
        ]),
      )
      .execute();
    const taken = new Set(clash.flatMap((c) => [`n:${c.number}`, `u:${c.uid}`, `t:${c.track}`]));
    const ext = externals.length
      ? await tx
          .selectFrom('guests')
          .select('external_id')
          .where('org_id', '=', actor.orgId)
          .where('external_id', 'in', externals)
          .execute()
      : [];
    const takenExt = new Set(ext.map((e) => e.external_id));
    const good = batch.filter((b) => {
      const bad =
        taken.has(`n:${b.card.number}`) ||
        (b.card.uid && taken.has(`u:${b.card.uid}`)) ||
        (b.card.track && taken.has(`t:${b.card.track}`));
      const badExt = b.guest.external_id && takenExt.has(b.guest.external_id);
      if (bad || badExt) {
        errors.push({
          line: b.line,
          code: bad ? 'card_exists' : 'guest_exists',
          reason: bad
            ? 'Карта с таким номером, UID или треком уже есть'
            : 'Гость с таким внешним id уже есть',
        });
      }
      return !bad && !badExt;
    });
    if (good.length === 0) return 0;
    const now = ctx.now();
    // PostgreSQL returns the rows of a multi-row VALUES insert in the order given.
    const guests = await tx
      .insertInto('guests')
      .values(
        good.map((b) => ({
          org_id: actor.orgId,
          last_name: b.guest.last_name ?? null,
          first_name: b.guest.first_name ?? null,
          middle_name: b.guest.middle_name ?? null,
          phone: b.guest.phone ?? null,
          email: b.guest.email ?? null,
          birthday: b.guest.birthday ?? null,
          sex: b.guest.sex ?? null,
          consent_marketing: b.guest.consent_marketing ?? false,
          consent_at: b.guest.consent_marketing ? now : null,
          attributes: '{}',
          external_id: b.guest.external_id ?? null,
        })),
      )
      .returning('id')
      .execute();
    await tx
      .insertInto('accounts')
      .values(
        guests.map((g) => ({
          org_id: actor.orgId,
          guest_id: g.id,
          kind: 'bonus' as const,
          name: 'Бонусы',
          scheme: null,
          fiscal_mode: null,
        })),
      )
      .execute();
    const masks = await loadMasks(tx, actor.orgId);
    await tx
      .insertInto('cards')
      .values(
        good.map((b, i) => ({
          org_id: actor.orgId,
          guest_id: (guests[i] as { id: number }).id,
          number: b.card.number,
          uid: b.card.uid,
          track: b.card.track,
          kind: validateCardNumber(masks, b.card.number)?.kind ?? null,
          block_reason: null,
          valid_from: null,
          valid_until: null,
          payer_card_id: null,
        })),
      )
      .execute();
    await audit(tx, actor, 'import', 'guests', null, null, {
      count: good.length,
      first_line: good[0]?.line,
      last_line: good[good.length - 1]?.line,
    });
    return good.length;
  });
}
