// Registration links (seed 003 «Ссылка для регистрации»): an organization's own link, and
// more per restaurant and per campaign, so the marketer sees which link brought whom. A link
// is an unguessable token in the public address /join/<token>; the guests who joined by it
// carry its attribution (guest_registrations).
import { randomBytes } from 'node:crypto';
import { fail } from '../../domain/errors.ts';
import { audit } from '../audit.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from '../context.ts';

/** The wording of the consent to personal-data processing the page shows; its version is stored. */
export const CONSENT = {
  version: '2026-12-01',
  ru: 'Я даю согласие на обработку моих персональных данных (телефон, имя, дата рождения) организацией для участия в программе лояльности в соответствии с Федеральным законом № 152-ФЗ «О персональных данных». Согласие действует до его отзыва.',
  en: 'I consent to the organization processing my personal data (phone, name, birthday) for the loyalty program under Russian Federal Law No. 152-FZ "On Personal Data". The consent is valid until I withdraw it.',
} as const;

const newToken = () => randomBytes(12).toString('base64url');

export interface LinkView {
  id: number;
  token: string;
  path: string;
  restaurant_id: number | null;
  restaurant_name: string | null;
  campaign: string | null;
  guests_joined: number;
  created_at: string;
}

function linksQuery(tx: Tx, orgId: number) {
  return tx
    .selectFrom('registration_links as l')
    .leftJoin('restaurants as r', (j) =>
      j.onRef('r.org_id', '=', 'l.org_id').onRef('r.id', '=', 'l.restaurant_id'),
    )
    .select((eb) => [
      'l.id',
      'l.token',
      'l.restaurant_id',
      'r.name as restaurant_name',
      'l.campaign',
      'l.created_at',
      eb
        .selectFrom('guest_registrations as g')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('g.org_id', '=', 'l.org_id')
        .whereRef('g.link_id', '=', 'l.id')
        .as('guests_joined'),
    ])
    .where('l.org_id', '=', orgId)
    .where('l.disabled_at', 'is', null);
}

type LinkRow = Awaited<ReturnType<ReturnType<typeof linksQuery>['executeTakeFirstOrThrow']>>;

const view = (l: LinkRow): LinkView => ({
  id: l.id,
  token: l.token,
  path: `/join/${l.token}`,
  restaurant_id: l.restaurant_id,
  restaurant_name: l.restaurant_name,
  campaign: l.campaign,
  guests_joined: Number(l.guests_joined ?? 0),
  created_at: new Date(l.created_at).toISOString(),
});

/** The organization's links, its own first; its own link is made on first use. */
export async function listLinks(ctx: AppContext, actor: Actor): Promise<LinkView[]> {
  return inTransaction(ctx, async (tx) => {
    await tx
      .insertInto('registration_links')
      .values({
        org_id: actor.orgId,
        token: newToken(),
        restaurant_id: null,
        campaign: null,
        disabled_at: null,
      })
      .onConflict((oc) =>
        oc
          .column('org_id')
          .where('restaurant_id', 'is', null)
          .where('campaign', 'is', null)
          .doNothing(),
      )
      .execute();
    const rows = await linksQuery(tx, actor.orgId).orderBy('l.id').execute();
    return rows.map(view);
  });
}

export async function getLink(ctx: AppContext, orgId: number, id: number): Promise<LinkView> {
  const row = await linksQuery(ctx.db, orgId).where('l.id', '=', id).executeTakeFirst();
  if (!row) linkNotFound();
  return view(row);
}

export async function createLink(
  ctx: AppContext,
  actor: Actor,
  input: { restaurant_id?: number | null; campaign?: string | null },
): Promise<LinkView> {
  const campaign = input.campaign?.trim() || null;
  const restaurantId = input.restaurant_id ?? null;
  if (restaurantId === null && campaign === null) {
    fail('validation', 'link_needs_scope', {
      ru: 'Укажите ресторан или кампанию: общая ссылка организации уже есть',
      en: 'Give a restaurant or a campaign: the organization’s own link exists already',
    });
  }
  return inTransaction(ctx, async (tx) => {
    if (restaurantId !== null) {
      const r = await tx
        .selectFrom('restaurants')
        .select('id')
        .where('org_id', '=', actor.orgId)
        .where('id', '=', restaurantId)
        .executeTakeFirst();
      if (!r)
        fail(
          'not_found',
          'restaurant_not_found',
          { ru: 'Ресторан не найден', en: 'Restaurant not found' },
          { restaurant_id: restaurantId },
        );
    }
    const { id } = await tx
      .insertInto('registration_links')
      .values({
        org_id: actor.orgId,
        token: newToken(),
        restaurant_id: restaurantId,
        campaign,
        disabled_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = view(
      await linksQuery(tx, actor.orgId).where('l.id', '=', id).executeTakeFirstOrThrow(),
    );
    await audit(tx, actor, 'create', 'registration_link', id, null, row);
    return row;
  });
}

function linkNotFound(): never {
  fail('not_found', 'link_not_found', {
    ru: 'Ссылка для регистрации не найдена или отключена',
    en: 'No such registration link, or it is switched off',
  });
}

export interface OpenLink {
  orgId: number;
  linkId: number;
  restaurantId: number | null;
  campaign: string | null;
  organization: string;
  restaurant: string | null;
}

/** A link as a guest opens it, by its token alone. */
export async function openLink(tx: Tx, token: string): Promise<OpenLink> {
  const row = await tx
    .selectFrom('registration_links as l')
    .innerJoin('organizations as o', 'o.id', 'l.org_id')
    .leftJoin('restaurants as r', (j) =>
      j.onRef('r.org_id', '=', 'l.org_id').onRef('r.id', '=', 'l.restaurant_id'),
    )
    .select([
      'l.org_id',
      'l.id',
      'l.restaurant_id',
      'l.campaign',
      'o.name as organization',
      'r.name as restaurant',
    ])
    .where('l.token', '=', token)
    .where('l.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) linkNotFound();
  return {
    orgId: row.org_id,
    linkId: row.id,
    restaurantId: row.restaurant_id,
    campaign: row.campaign,
    organization: row.organization,
    restaurant: row.restaurant,
  };
}
