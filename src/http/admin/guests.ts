// Admin API: guests (C2) — search, profile with cards and accounts, edits with consent and
// custom attributes — and the guest's operation history (C6).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import { createGuest } from '../../app/admin/guests.ts';
import { parsePeriod } from '../../app/admin/paging.ts';
import { findGuest, guestDetail, listGuests, updateGuest } from '../../app/admin/profiles.ts';
import { history, type HistoryQuery as HistoryArgs } from '../../app/history.ts';
import { actorOf } from './auth.ts';
import { CreatedGuest, Guest, GuestDetail, Guests, History } from './guest-answers.ts';
import {
  adminSecurity as security,
  IdParam,
  Nullable,
  pageLimit,
  PageQuery,
  PeriodQuery,
  Strict,
  tags,
  Text,
} from './schemas.ts';

const tag = tags('guests, cards, accounts');

const Attributes = Type.Record(
  Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }),
  Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]),
  {
    maxProperties: 50,
    additionalProperties: false,
    description: 'Custom attributes: up to 50 keys of letters, digits, _ . -',
  },
);

const GuestFields = {
  last_name: Type.Optional(Nullable(Text(100))),
  first_name: Type.Optional(Nullable(Text(100))),
  middle_name: Type.Optional(Nullable(Text(100))),
  phone: Type.Optional(Nullable(Text(32))),
  email: Type.Optional(Nullable(Text(200))),
  birthday: Type.Optional(Nullable(Type.String({ format: 'date', description: 'YYYY-MM-DD' }))),
  sex: Type.Optional(Nullable(Type.Union([Type.Literal('male'), Type.Literal('female')]))),
  consent_marketing: Type.Optional(Type.Boolean({ description: 'Consent to marketing' })),
  attributes: Type.Optional(Attributes),
  external_id: Type.Optional(Nullable(Text(100))),
};

export const HistoryQuery = Strict({ ...PageQuery, ...PeriodQuery });

/** Checks the period the admin way (order, length, sane years) before the shared history query. */
export function historyArgs(q: { limit?: string; cursor?: string; from?: string; to?: string }) {
  parsePeriod(q.from, q.to);
  const args: HistoryArgs = { ...q, limit: pageLimit(q.limit) };
  return args;
}

export async function guestRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/guests',
    {
      config: { permission: 'guests.read' },
      schema: {
        operationId: 'listGuests',
        tags: tag,
        security,
        summary: 'Guests, newest first; q finds a name, phone, e-mail, card number or UID',
        querystring: Strict({ q: Type.Optional(Type.String({ maxLength: 100 })), ...PageQuery }),
        response: { 200: Guests },
      },
    },
    async (req) =>
      listGuests(ctx, req.admin.orgId, {
        ...req.query,
        limit: pageLimit(req.query.limit),
      }),
  );

  r.post(
    '/guests',
    {
      config: { permission: 'guests.write' },
      schema: {
        operationId: 'createGuest',
        tags: tag,
        security,
        summary: 'Create a guest (gets a bonus wallet)',
        body: Strict(GuestFields),
        response: { 201: CreatedGuest },
      },
    },
    async (req, reply) => reply.status(201).send(await createGuest(ctx, actorOf(req), req.body)),
  );

  r.get(
    '/guests/:id',
    {
      config: { permission: 'guests.read' },
      schema: {
        operationId: 'getGuest',
        tags: tag,
        security,
        summary: 'A guest with cards and accounts',
        params: IdParam,
        response: { 200: GuestDetail },
      },
    },
    async (req) => guestDetail(ctx, req.admin.orgId, Number(req.params.id)),
  );

  r.patch(
    '/guests/:id',
    {
      config: { permission: 'guests.write' },
      schema: {
        operationId: 'updateGuest',
        tags: tag,
        security,
        summary: 'Edit a profile; fields left out keep their value, null clears',
        params: IdParam,
        body: Strict(GuestFields),
        response: { 200: Guest },
      },
    },
    async (req) => updateGuest(ctx, actorOf(req), Number(req.params.id), req.body),
  );

  r.get(
    '/guests/:id/history',
    {
      config: { permission: 'guests.read' },
      schema: {
        operationId: 'getGuestHistory',
        tags: tag,
        security,
        summary: 'Operation history of a guest (C6), newest first',
        params: IdParam,
        querystring: HistoryQuery,
        response: { 200: History },
      },
    },
    async (req) => {
      const args = historyArgs(req.query);
      const id = Number(req.params.id);
      await findGuest(ctx, req.admin.orgId, id);
      return ctx.db
        .transaction()
        .execute((tx) => history(tx, req.admin.orgId, { guestId: id }, args));
    },
  );
}
