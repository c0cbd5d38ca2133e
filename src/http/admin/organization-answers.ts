// What the organization routes answer: the organization, its restaurants and venue cards.
import { Type } from 'typebox';
import { Instant, ListOf, Nullable } from '../answers.ts';

export const OrganizationSettings = Type.Object({
  single_active_card: Type.Boolean(),
  hold_ttl_seconds: Nullable(Type.Integer()),
});

export const Organization = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  settings: OrganizationSettings,
  created_at: Instant,
});

export const Renamed = Type.Object({ id: Type.Integer(), name: Type.String() });

export const Restaurant = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  code: Type.String({ description: 'Unique, assigned at creation, never changes' }),
  time_zone: Type.String(),
  integration: Type.String(),
  test_mode: Type.Boolean(),
  test_mode_lifted_at: Nullable(Instant),
  created_at: Instant,
});

export const Restaurants = ListOf(Restaurant);

export const CreatedRestaurant = Type.Object({
  ...Restaurant.properties,
  org_id: Type.Integer(),
  settings: Type.Record(Type.String(), Type.Unknown()),
});

export const VenueCard = Type.Object({
  description: Nullable(Type.String()),
  hours: Type.Array(Type.Object({ day: Type.String(), open: Type.String(), close: Type.String() })),
  city: Nullable(Type.String()),
  address: Nullable(Type.String()),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  average_check: Nullable(Type.Integer({ description: 'Kopecks' })),
  logo_url: Nullable(Type.String()),
  contact_phone: Nullable(Type.String()),
  contact_email: Nullable(Type.String()),
  sync_with_licensing: Type.Boolean(),
});

export const RestaurantWithVenue = Type.Object({ ...Restaurant.properties, venue: VenueCard });
