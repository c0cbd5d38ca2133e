// Admin API: the organization, its settings, restaurants and the venue card (M1, C1).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import {
  getOrganization,
  getRestaurant,
  listRestaurants,
  renameOrganization,
  settingsView,
  updateRestaurant,
  updateVenueCard,
} from '../../app/admin/organization.ts';
import { createRestaurant, updateOrganizationSettings } from '../../app/admin/tenancy.ts';
import { fail } from '../../domain/errors.ts';
import { MAX_AMOUNT } from '../../domain/money.ts';
import { actorOf } from './auth.ts';
import {
  CreatedRestaurant,
  Organization,
  OrganizationSettings,
  Renamed,
  Restaurant,
  Restaurants,
  RestaurantWithVenue,
  VenueCard,
} from './organization-answers.ts';
import { adminSecurity as security, IdParam, Nullable, Strict, tags, Text } from './schemas.ts';

const tag = tags('organization');

export const Integration = Type.Union(
  [
    Type.Literal('rkeeper7'),
    Type.Literal('rkeeper_lite'),
    Type.Literal('iiko'),
    Type.Literal('api'),
  ],
  { description: 'r_keeper 7 and iiko restaurants start in test mode; r_keeper Lite does not' },
);
export const RestaurantBody = Strict({
  name: Text(200),
  time_zone: Text(64, 'IANA time zone, e.g. Europe/Moscow'),
  integration: Integration,
});

const Day = Type.Union([
  Type.Literal('mon'),
  Type.Literal('tue'),
  Type.Literal('wed'),
  Type.Literal('thu'),
  Type.Literal('fri'),
  Type.Literal('sat'),
  Type.Literal('sun'),
]);

const HHMM = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'HH:MM' });
const Hours = Type.Array(
  Strict({
    day: Day,
    open: HHMM,
    close: HHMM,
  }),
  { maxItems: 21, description: 'Opening hours; a close before the open runs past midnight' },
);

const VenueBody = Strict(
  {
    description: Type.Optional(Nullable(Text(2000))),
    hours: Type.Optional(Hours),
    city: Type.Optional(Nullable(Text(200))),
    address: Type.Optional(Nullable(Text(500))),
    latitude: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
    longitude: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
    average_check: Type.Optional(
      Nullable(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, description: 'Kopecks' })),
    ),
    logo_url: Type.Optional(
      Nullable(
        Type.String({ maxLength: 1000, pattern: '^https?://[^\\s]+$', description: 'http(s) URL' }),
      ),
    ),
    contact_phone: Type.Optional(Nullable(Text(32))),
    contact_email: Type.Optional(Nullable(Text(200))),
    sync_with_licensing: Type.Optional(
      Type.Boolean({ description: 'Seed 003: synchronize with the licensing system' }),
    ),
  },
  'The venue card (seed 003): what guests see of the place',
);

export async function organizationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/organization',
    {
      config: { permission: 'org.read' },
      schema: {
        operationId: 'getOrganization',
        tags: tag,
        security,
        summary: 'The organization and its settings',
        response: { 200: Organization },
      },
    },
    async (req) => getOrganization(ctx, req.admin.orgId),
  );

  r.patch(
    '/organization',
    {
      config: { permission: 'org.write' },
      schema: {
        operationId: 'renameOrganization',
        tags: tag,
        security,
        summary: 'Rename the organization',
        body: Strict({ name: Text(200) }),
        response: { 200: Renamed },
      },
    },
    async (req) => renameOrganization(ctx, actorOf(req), req.body.name),
  );

  r.patch(
    '/organization/settings',
    {
      config: { permission: 'org.write' },
      schema: {
        operationId: 'updateOrganizationSettings',
        tags: tag,
        security,
        summary: 'Card rules: single active card (seed 003)',
        body: Strict({
          single_active_card: Type.Boolean({
            description: 'Binding a new card to a guest makes the other cards invalid',
          }),
        }),
        response: { 200: OrganizationSettings },
      },
    },
    async (req) =>
      settingsView(
        await updateOrganizationSettings(ctx, actorOf(req), {
          singleActiveCard: req.body.single_active_card,
        }),
      ),
  );

  r.get(
    '/restaurants',
    {
      config: { permission: 'org.read' },
      schema: {
        operationId: 'listRestaurants',
        tags: tag,
        security,
        summary: 'Restaurants with their codes and test mode',
        response: { 200: Restaurants },
      },
    },
    async (req) => ({ rows: await listRestaurants(ctx, req.admin.orgId), next_cursor: null }),
  );

  r.post(
    '/restaurants',
    {
      config: { permission: 'org.write' },
      schema: {
        operationId: 'createRestaurant',
        tags: tag,
        security,
        summary: 'Create a restaurant; its unique code is assigned and never changes',
        body: RestaurantBody,
        response: { 201: CreatedRestaurant },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createRestaurant(ctx, actorOf(req), req.body)),
  );

  r.get(
    '/restaurants/:id',
    {
      config: { permission: 'org.read' },
      schema: {
        operationId: 'getRestaurant',
        tags: tag,
        security,
        summary: 'A restaurant and its venue card',
        params: IdParam,
        response: { 200: RestaurantWithVenue },
      },
    },
    async (req) => getRestaurant(ctx, req.admin.orgId, Number(req.params.id)),
  );

  r.patch(
    '/restaurants/:id',
    {
      config: { permission: 'org.write' },
      schema: {
        operationId: 'updateRestaurant',
        tags: tag,
        security,
        summary: 'Rename a restaurant or change its time zone',
        params: IdParam,
        body: Strict({
          name: Type.Optional(Text(200)),
          time_zone: Type.Optional(Text(64)),
          code: Type.Optional(Type.Unknown({ description: 'Never editable: refused' })),
          test_mode: Type.Optional(
            Type.Unknown({ description: 'Lifted by the first order: refused' }),
          ),
        }),
        response: { 200: Restaurant },
      },
    },
    async (req) => {
      const { code, test_mode, ...patch } = req.body;
      if (code !== undefined || test_mode !== undefined)
        fail(
          'validation',
          code !== undefined ? 'restaurant_code_immutable' : 'test_mode_automatic',
          code !== undefined
            ? {
                ru: 'Уникальный код заведения изменить нельзя',
                en: "A restaurant's unique code cannot be changed",
              }
            : {
                ru: 'Режим «Тестовая организация» снимается сам после первого закрытого заказа',
                en: 'Test mode is lifted automatically by the first closed order',
              },
        );
      return updateRestaurant(ctx, actorOf(req), Number(req.params.id), patch);
    },
  );

  r.patch(
    '/restaurants/:id/venue',
    {
      config: { permission: 'org.write' },
      schema: {
        operationId: 'updateVenueCard',
        tags: tag,
        security,
        summary: 'Edit the venue card; fields left out keep their value, null clears',
        params: IdParam,
        body: VenueBody,
        response: { 200: VenueCard },
      },
    },
    async (req) => updateVenueCard(ctx, actorOf(req), Number(req.params.id), req.body),
  );
}
