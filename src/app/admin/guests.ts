// Guests, their cards and card masks (C2, C3). A new guest gets a bonus wallet at once, so
// accruals always have somewhere to go. Every mutation is audited.
import {
  CARD_STATUSES,
  validateCardNumber,
  validateMaskPattern,
  type CardStatus,
} from '../../domain/cards.ts';
import { fail } from '../../domain/errors.ts';
import { enforceLimit } from '../../domain/money-limits.ts';
import type { Updateable } from 'kysely';
import type { CardsTable, OrganizationSettings } from '../../db/schema.ts';
import { audit } from '../audit.ts';
import { normalizePhone } from '../cards.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from '../context.ts';
import { recordEvents } from '../events.ts';
import { moneyLimits, withMoneyLimits } from '../money-limits.ts';

export interface GuestInput {
  last_name?: string | null;
  first_name?: string | null;
  middle_name?: string | null;
  phone?: string | null;
  email?: string | null;
  birthday?: string | null;
  sex?: 'male' | 'female' | null;
  consent_marketing?: boolean;
  attributes?: Record<string, unknown>;
  external_id?: string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// Date.parse takes 1990-02-30 for 2 March and year 0 as valid; the database refuses both.
function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return d.getUTCFullYear() >= 1 && d.toISOString().slice(0, 10) === value;
}

export function normalizeGuest(input: GuestInput): GuestInput {
  if (input.email && !EMAIL.test(input.email)) {
    fail(
      'validation',
      'invalid_email',
      { ru: 'Неверный адрес e-mail', en: 'Invalid e-mail address' },
      { email: input.email },
    );
  }
  if (input.birthday && !isCalendarDate(input.birthday)) {
    fail(
      'validation',
      'invalid_birthday',
      { ru: 'Дата рождения в формате ГГГГ-ММ-ДД', en: 'Birthday as YYYY-MM-DD' },
      { birthday: input.birthday },
    );
  }
  return { ...input, phone: input.phone ? normalizePhone(input.phone) : null };
}

export async function insertGuest(tx: Tx, actor: Actor, input: GuestInput, now: Date) {
  const g = normalizeGuest(input);
  const guest = await tx
    .insertInto('guests')
    .values({
      org_id: actor.orgId,
      last_name: g.last_name ?? null,
      first_name: g.first_name ?? null,
      middle_name: g.middle_name ?? null,
      phone: g.phone ?? null,
      email: g.email ?? null,
      birthday: g.birthday ?? null,
      sex: g.sex ?? null,
      consent_marketing: g.consent_marketing ?? false,
      consent_at: g.consent_marketing ? now : null,
      attributes: JSON.stringify(g.attributes ?? {}),
      external_id: g.external_id ?? null,
      // The application's clock, as every other moment it records: "new guests" counts by it.
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('accounts')
    .values({
      org_id: actor.orgId,
      guest_id: guest.id,
      kind: 'bonus',
      name: 'Бонусы',
      scheme: null,
      fiscal_mode: null,
    })
    .execute();
  await audit(tx, actor, 'create', 'guest', guest.id, null, guest);
  await recordEvents(tx, actor.orgId, [
    {
      type: 'guest.registered',
      key: String(guest.id),
      at: now,
      data: { guest_id: guest.id, external_id: guest.external_id, registered_by: actor.type },
    },
  ]);
  return guest;
}

export async function createGuest(ctx: AppContext, actor: Actor, input: GuestInput) {
  return inTransaction(ctx, (tx) => insertGuest(tx, actor, input, ctx.now()));
}

export async function createCardMask(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; pattern: string; kind: string },
) {
  validateMaskPattern(input.pattern);
  return inTransaction(ctx, async (tx) => {
    const row = await tx
      .insertInto('card_masks')
      .values({ org_id: actor.orgId, ...input })
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, actor, 'create', 'card_mask', row.id, null, row);
    return row;
  });
}

export interface CardInput {
  guest_id: number;
  number: string;
  uid?: string | null;
  track?: string | null;
  valid_from?: string | null;
  valid_until?: string | null;
}

export async function loadMasks(tx: Tx, orgId: number) {
  return tx
    .selectFrom('card_masks')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('id')
    .execute();
}

/** Binds a card to a guest. With "single active card" on, the guest's other cards are deactivated. */
export async function insertCard(
  tx: Tx,
  actor: Actor,
  input: CardInput,
  masks: Awaited<ReturnType<typeof loadMasks>>,
  settings: OrganizationSettings,
) {
  const mask = validateCardNumber(masks, input.number);
  const guest = await tx
    .selectFrom('guests')
    .select('id')
    .where('org_id', '=', actor.orgId)
    .where('id', '=', input.guest_id)
    .executeTakeFirst();
  if (!guest)
    fail(
      'not_found',
      'guest_not_found',
      { ru: 'Гость не найден', en: 'Guest not found' },
      { guest_id: input.guest_id },
    );
  const clash = await tx
    .selectFrom('cards')
    .select(['number', 'uid', 'track'])
    .where('org_id', '=', actor.orgId)
    .where((eb) =>
      eb.or([
        eb('number', '=', input.number),
        ...(input.uid ? [eb('uid', '=', input.uid)] : []),
        ...(input.track ? [eb('track', '=', input.track)] : []),
      ]),
    )
    .executeTakeFirst();
  if (clash) {
    fail(
      'conflict',
      'card_exists',
      {
        ru: 'Карта с таким номером, UID или треком уже есть',
        en: 'A card with this number, UID or track already exists',
      },
      { number: input.number },
    );
  }
  if (settings.singleActiveCard) {
    const others = await tx
      .updateTable('cards')
      .set({ status: 'expired' })
      .where('org_id', '=', actor.orgId)
      .where('guest_id', '=', input.guest_id)
      .where('status', '=', 'active')
      .returning(['id', 'number'])
      .execute();
    for (const o of others)
      await audit(
        tx,
        actor,
        'deactivate',
        'card',
        o.id,
        { status: 'active' },
        { status: 'expired', reason: 'single_active_card' },
      );
  }
  const card = await tx
    .insertInto('cards')
    .values({
      org_id: actor.orgId,
      guest_id: input.guest_id,
      number: input.number,
      uid: input.uid ?? null,
      track: input.track ?? null,
      kind: mask?.kind ?? null,
      block_reason: null,
      valid_from: input.valid_from ? new Date(input.valid_from) : null,
      valid_until: input.valid_until ? new Date(input.valid_until) : null,
      payer_card_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await audit(tx, actor, 'create', 'card', card.id, null, card);
  return card;
}

export async function orgSettings(tx: Tx, orgId: number): Promise<OrganizationSettings> {
  const row = await tx
    .selectFrom('organizations')
    .select('settings')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  return row.settings;
}

export async function issueCard(ctx: AppContext, actor: Actor, input: CardInput) {
  return inTransaction(ctx, async (tx) =>
    insertCard(
      tx,
      actor,
      input,
      await loadMasks(tx, actor.orgId),
      await orgSettings(tx, actor.orgId),
    ),
  );
}

export async function setCardStatus(
  ctx: AppContext,
  actor: Actor,
  cardId: number,
  status: CardStatus,
  reason?: string,
) {
  if (!CARD_STATUSES.includes(status)) {
    fail(
      'validation',
      'invalid_card_status',
      { ru: 'Неизвестный статус карты', en: 'Unknown card status' },
      { allowed: CARD_STATUSES },
    );
  }
  if (status === 'blocked' && !reason) {
    fail('validation', 'block_reason_required', {
      ru: 'Укажите причину блокировки',
      en: 'Give the reason for blocking',
    });
  }
  return changeCard(ctx, actor, cardId, 'set_status', {
    status,
    block_reason: status === 'blocked' ? (reason ?? null) : null,
  });
}

/** Changes a card's own fields under its row lock, with the row before and after audited. */
export async function changeCard(
  ctx: AppContext,
  actor: Actor,
  cardId: number,
  action: string,
  changes: Updateable<CardsTable>,
) {
  return inTransaction(ctx, async (tx) => {
    const before = await tx
      .selectFrom('cards')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('id', '=', cardId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) {
      fail(
        'not_found',
        'card_not_found',
        { ru: 'Карта не найдена', en: 'Card not found' },
        { card_id: cardId },
      );
    }
    const after = await tx
      .updateTable('cards')
      .set(changes)
      .where('org_id', '=', actor.orgId)
      .where('id', '=', cardId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await audit(tx, actor, action, 'card', cardId, before, after);
    if (
      before.status !== after.status &&
      (after.status === 'blocked' || before.status === 'blocked')
    ) {
      const now = ctx.now();
      await recordEvents(tx, actor.orgId, [
        {
          type: after.status === 'blocked' ? 'card.blocked' : 'card.unblocked',
          key: `${cardId}:${now.toISOString()}`,
          at: now,
          data: {
            card_id: cardId,
            guest_id: after.guest_id,
            reason: after.block_reason,
            by: actor.name,
          },
        },
      ]);
    }
    return after;
  });
}

/** Linked guests: payments with `recipientCardId` are charged to the guest of `payerCardId`. */
export async function linkCards(
  ctx: AppContext,
  actor: Actor,
  recipientCardId: number,
  payerCardId: number | null,
) {
  const place = { orgId: actor.orgId, who: `${actor.name} (${actor.type})`, what: 'payer_link' };
  return withMoneyLimits(ctx, place, () =>
    inTransaction(ctx, async (tx) => {
      // Locked in id order, so parallel links to one payer card count one after another.
      const cards = await tx
        .selectFrom('cards')
        .selectAll()
        .where('org_id', '=', actor.orgId)
        .where('id', 'in', [recipientCardId, payerCardId ?? recipientCardId])
        .orderBy('id')
        .forUpdate()
        .execute();
      const recipient = cards.find((c) => c.id === recipientCardId);
      const payer = cards.find((c) => c.id === payerCardId);
      if (!recipient || (payerCardId !== null && !payer))
        fail('not_found', 'card_not_found', { ru: 'Карта не найдена', en: 'Card not found' });
      if (
        payer &&
        (payer.id === recipient.id ||
          payer.payer_card_id !== null ||
          payer.guest_id === recipient.guest_id)
      ) {
        fail('validation', 'invalid_card_link', {
          ru: 'Плательщиком может быть только карта другого гостя, которая сама не привязана к плательщику',
          en: "A payer must be another guest's card that has no payer of its own",
        });
      }
      if (payer && recipient.payer_card_id !== payer.id) {
        const linked = await tx
          .selectFrom('cards')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', actor.orgId)
          .where('payer_card_id', '=', payer.id)
          .executeTakeFirstOrThrow();
        enforceLimit(await moneyLimits(tx, actor.orgId), 'maxPayerLinks', Number(linked.n) + 1);
      }
      const after = await tx
        .updateTable('cards')
        .set({ payer_card_id: payerCardId })
        .where('org_id', '=', actor.orgId)
        .where('id', '=', recipientCardId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await audit(
        tx,
        actor,
        'link',
        'card',
        recipientCardId,
        { payer_card_id: recipient.payer_card_id },
        { payer_card_id: payerCardId },
      );
      return after;
    }),
  );
}
