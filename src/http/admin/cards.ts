// Admin API: cards (C3) — issue, status with reason, validity dates, payer link, history —
// and accounts (C4): deposits with their scheme (integrator's, seed 001) and manual
// adjustments with a required reason. Credit limits and payer links create money a guest has
// not brought: they need money.issue and stay within the organization's ceilings.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { adjustBalance, openDeposit, staffTopUp } from '../../app/admin/accounts.ts';
import { issueCard, linkCards, setCardStatus } from '../../app/admin/guests.ts';
import { parseValidity, setCardValidity } from '../../app/admin/profiles.ts';
import { cardInfo, findCard } from '../../app/cards.ts';
import type { AppContext } from '../../app/context.ts';
import { history } from '../../app/history.ts';
import { MAX_AMOUNT } from '../../domain/money.ts';
import { actorOf, assertPermission } from './auth.ts';
import {
  AccountView,
  Card,
  CardInfo,
  CardStatus,
  Deposit,
  History,
  TopUp,
} from './guest-answers.ts';
import { HistoryQuery, historyArgs } from './guests.ts';
import {
  adminSecurity as security,
  IdParam,
  Nullable,
  Strict,
  tags,
  Text,
  Time,
} from './schemas.ts';

const tag = tags('guests, cards, accounts');
const CardId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

const CardStatusChange = Type.Union(CardStatus.anyOf, {
  description:
    'active (unblock), blocked (reason required), expired, deleted, manager_confirmation, seize (to be seized)',
});

export async function cardRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.post(
    '/cards',
    {
      config: { permission: 'guests.write' },
      schema: {
        operationId: 'issueCard',
        tags: tag,
        security,
        summary: 'Issue a card to a guest (checked against the card masks)',
        body: Strict({
          guest_id: CardId,
          number: Text(64),
          uid: Type.Optional(Nullable(Text(64))),
          track: Type.Optional(Nullable(Text(128))),
          valid_from: Type.Optional(Nullable(Time)),
          valid_until: Type.Optional(Nullable(Time)),
        }),
        response: { 201: Card },
      },
    },
    async (req, reply) => {
      parseValidity(req.body);
      return reply.status(201).send(await issueCard(ctx, actorOf(req), req.body));
    },
  );

  r.get(
    '/cards/:id',
    {
      config: { permission: 'guests.read' },
      schema: {
        operationId: 'getCard',
        tags: tag,
        security,
        summary: 'Card info: holder, flags, balances',
        params: IdParam,
        response: { 200: CardInfo },
      },
    },
    async (req) => {
      const orgId = req.admin.orgId;
      return ctx.db
        .transaction()
        .execute(async (tx) =>
          cardInfo(
            tx,
            orgId,
            await findCard(tx, orgId, { card_id: Number(req.params.id) }),
            ctx.now(),
          ),
        );
    },
  );

  r.post(
    '/cards/:id/status',
    {
      config: { permission: 'guests.write' },
      schema: {
        operationId: 'setCardStatus',
        tags: tag,
        security,
        summary: 'Block (with a reason), unblock, expire, delete, mark to seize or to confirm',
        params: IdParam,
        body: Strict({ status: CardStatusChange, reason: Type.Optional(Text(500)) }),
        response: { 200: Card },
      },
    },
    async (req) =>
      setCardStatus(ctx, actorOf(req), Number(req.params.id), req.body.status, req.body.reason),
  );

  r.put(
    '/cards/:id/validity',
    {
      config: { permission: 'guests.write' },
      schema: {
        operationId: 'setCardValidity',
        tags: tag,
        security,
        summary: 'Set the validity dates; null leaves that end open',
        params: IdParam,
        body: Strict({ valid_from: Nullable(Time), valid_until: Nullable(Time) }),
        response: { 200: Card },
      },
    },
    async (req) => setCardValidity(ctx, actorOf(req), Number(req.params.id), req.body),
  );

  r.put(
    '/cards/:id/payer',
    {
      config: { permission: 'money.issue' },
      schema: {
        operationId: 'setCardPayer',
        tags: tag,
        security,
        summary:
          'Link a payer card (family, corporate); null unlinks. Within the payer-links ceiling',
        params: IdParam,
        body: Strict({ payer_card_id: Nullable(CardId) }),
        response: { 200: Card },
      },
    },
    async (req) => linkCards(ctx, actorOf(req), Number(req.params.id), req.body.payer_card_id),
  );

  r.get(
    '/cards/:id/history',
    {
      config: { permission: 'guests.read' },
      schema: {
        operationId: 'getCardHistory',
        tags: tag,
        security,
        summary: 'Operation history of a card (C6), newest first',
        params: IdParam,
        querystring: HistoryQuery,
        response: { 200: History },
      },
    },
    async (req) => {
      const args = historyArgs(req.query);
      const orgId = req.admin.orgId;
      return ctx.db.transaction().execute(async (tx) => {
        const card = await findCard(tx, orgId, { card_id: Number(req.params.id) });
        return history(tx, orgId, { cardId: card.id }, args);
      });
    },
  );

  r.post(
    '/guests/:id/deposits',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'openDeposit',
        tags: tag,
        security,
        summary:
          'Open a deposit account; scheme × fiscal mode checked as in seed 001. A credit limit above zero also needs money.issue and stays within the ceiling',
        params: IdParam,
        body: Strict({
          name: Type.Optional(Text(100)),
          scheme: Type.Union([
            Type.Literal('debit'),
            Type.Literal('credit'),
            Type.Literal('mixed'),
          ]),
          fiscal_mode: Type.Union([Type.Literal('advance'), Type.Literal('service')]),
          credit_limit: Type.Optional(
            Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, description: 'Kopecks' }),
          ),
        }),
        response: { 201: Deposit },
      },
    },
    async (req, reply) => {
      if ((req.body.credit_limit ?? 0) > 0) assertPermission(req, 'money.issue');
      return reply
        .status(201)
        .send(
          await openDeposit(ctx, actorOf(req), { ...req.body, guest_id: Number(req.params.id) }),
        );
    },
  );

  r.post(
    '/accounts/:id/adjustments',
    {
      config: { permission: 'balances.adjust' },
      schema: {
        operationId: 'adjustBalance',
        tags: tag,
        security,
        summary: 'Correct a balance by hand; the reason is required and audited',
        params: IdParam,
        body: Strict({
          amount: Type.Integer({
            minimum: -MAX_AMOUNT,
            maximum: MAX_AMOUNT,
            description: 'Signed kopecks (points: hundredths); positive credits',
          }),
          reason: Text(500, 'Why: shown in the history and the audit log'),
        }),
        response: { 201: AccountView },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await adjustBalance(ctx, actorOf(req), {
          ...req.body,
          account_id: Number(req.params.id),
        }),
      ),
  );

  r.post(
    '/accounts/:id/topups',
    {
      config: { permission: 'balances.adjust' },
      schema: {
        operationId: 'topUpDeposit',
        tags: tag,
        security,
        summary:
          'Top up a deposit with money received outside a till (a transfer, cash at the office)',
        params: IdParam,
        body: Strict({
          amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, description: 'Kopecks' }),
          comment: Text(500, 'What the money was: shown in the history and the audit log'),
        }),
        response: { 201: TopUp },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await staffTopUp(ctx, actorOf(req), { ...req.body, account_id: Number(req.params.id) }),
        ),
  );
}
