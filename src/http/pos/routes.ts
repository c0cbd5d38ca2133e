// POS API v1: what a till calls. Authenticated by the terminal's key; every write is
// idempotent on the POS's own id, and a replayed answer says so in Idempotent-Replayed.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { tillCardInfo } from '../../app/card-info.ts';
import { findCard, type CardRef } from '../../app/cards.ts';
import type { AppContext } from '../../app/context.ts';
import { closeOrder } from '../../app/close-order.ts';
import { history } from '../../app/history.ts';
import type { Once } from '../../app/idempotency.ts';
import { cancelHold, commitHold, createHold, pay, reverseOperation } from '../../app/pay.ts';
import { refundOrder } from '../../app/refund.ts';
import { authenticateTerminal, type TerminalPrincipal } from '../../app/terminal-keys.ts';
import { topUp } from '../../app/top-up.ts';
import { fail } from '../../domain/errors.ts';
import type { Card } from '../../db/schema.ts';
import { assertPhoneAuth, calculate, type CalculateInput } from '../../app/loyalty/calculate.ts';
import { checkPromoCodes, identifyByPaymentCode } from '../../app/loyalty/codes.ts';
import {
  CalculateBody,
  CancelBody,
  CloseOrderBody,
  CommitBody,
  HistoryQuery,
  HoldBody,
  IdentifyBody,
  IdParam,
  PaymentBody,
  PosIdParam,
  RefundBody,
  ReverseBody,
  TopUpBody,
} from './schemas.ts';

declare module 'fastify' {
  interface FastifyRequest {
    terminal: TerminalPrincipal;
  }
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  const k = req.headers['x-api-key'];
  return typeof k === 'string' ? k : undefined;
}

function answer<T>(reply: FastifyReply, outcome: Once<T>, status = 200) {
  if (outcome.replayed) reply.header('Idempotent-Replayed', 'true');
  return reply.status(outcome.replayed ? 200 : status).send(outcome.result);
}

function historyQuery(q: { limit?: string; cursor?: string; from?: string; to?: string }) {
  const { limit, ...rest } = q;
  return { ...rest, ...(limit ? { limit: Number(limit) } : {}) };
}

const tags = ['POS API v1'];
const security = [{ terminalKey: [] }];

export async function posRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.decorateRequest('terminal', null as unknown as TerminalPrincipal);
  r.addHook('onRequest', async (req) => {
    req.terminal = await authenticateTerminal(ctx, bearer(req));
  });
  // Card info with its loyalty part (L10 rank, to next rank, balance, L15 footer).
  const withLoyalty = (p: TerminalPrincipal, card: Card) => tillCardInfo(ctx, p, card);

  r.post(
    '/identify',
    {
      schema: {
        operationId: 'posIdentify',
        tags,
        security,
        summary: 'Identify a guest by card number, UID, track, phone (L8) or payment code (L14)',
        body: IdentifyBody,
      },
    },
    async (req) => {
      const p = req.terminal;
      const body = req.body as CardRef | { payment_code: string };
      const card =
        'payment_code' in body
          ? await identifyByPaymentCode(ctx, p, body.payment_code)
          : await findCard(ctx.db, p.orgId, body);
      // The gate follows the lookup, so an unknown phone still answers card_not_found.
      if ('phone' in body) await assertPhoneAuth(ctx, p);
      return withLoyalty(p, card);
    },
  );

  r.post(
    '/orders/calculate',
    {
      schema: {
        operationId: 'posCalculateOrder',
        tags,
        security,
        summary: 'Dry run (L16): discounts, accrual, bonus payment limits and why, no effects',
        body: CalculateBody,
      },
    },
    async (req) => {
      const p = req.terminal;
      const card = req.body.card ? await findCard(ctx.db, p.orgId, req.body.card) : null;
      if (req.body.card && 'phone' in req.body.card) await assertPhoneAuth(ctx, p);
      await checkPromoCodes(ctx, p, req.body.promo_codes ?? []);
      return calculate(ctx, p, card, req.body as CalculateInput);
    },
  );

  r.get(
    '/cards/:id',
    {
      schema: {
        operationId: 'posGetCard',
        tags,
        security,
        summary: 'Card info: holder, flags, balances per account',
        params: IdParam,
      },
    },
    async (req) =>
      withLoyalty(
        req.terminal,
        await findCard(ctx.db, req.terminal.orgId, { card_id: Number(req.params.id) }),
      ),
  );

  r.get(
    '/cards/:id/history',
    {
      schema: {
        operationId: 'posGetCardHistory',
        tags,
        security,
        summary: 'Operation history of a card (C6)',
        params: IdParam,
        querystring: HistoryQuery,
      },
    },
    async (req) => {
      const p = req.terminal;
      return ctx.db.transaction().execute(async (tx) => {
        const card = await findCard(tx, p.orgId, { card_id: Number(req.params.id) });
        return history(tx, p.orgId, { cardId: card.id }, historyQuery(req.query));
      });
    },
  );

  r.get(
    '/guests/:id/history',
    {
      schema: {
        operationId: 'posGetGuestHistory',
        tags,
        security,
        summary: 'Operation history of a guest (C6)',
        params: IdParam,
        querystring: HistoryQuery,
      },
    },
    async (req) => {
      const p = req.terminal;
      return ctx.db.transaction().execute(async (tx) => {
        const guest = await tx
          .selectFrom('guests')
          .select('id')
          .where('org_id', '=', p.orgId)
          .where('id', '=', Number(req.params.id))
          .executeTakeFirst();
        if (!guest)
          fail('not_found', 'guest_not_found', { ru: 'Гость не найден', en: 'Guest not found' });
        return history(tx, p.orgId, { guestId: guest.id }, historyQuery(req.query));
      });
    },
  );

  r.post(
    '/payments',
    {
      schema: {
        operationId: 'posPay',
        tags,
        security,
        summary: 'Pay from a deposit or the bonus wallet in one step',
        body: PaymentBody,
      },
    },
    async (req, reply) =>
      answer(reply, await pay(ctx, req.terminal, req.body as Parameters<typeof pay>[2]), 201),
  );

  r.post(
    '/payments/:pos_id/reverse',
    {
      schema: {
        operationId: 'posReversePayment',
        tags,
        security,
        summary: 'Reverse a one-step payment',
        params: PosIdParam,
        body: ReverseBody,
      },
    },
    async (req, reply) =>
      answer(
        reply,
        await reverseOperation(ctx, req.terminal, 'payment', req.params.pos_id, req.body),
      ),
  );

  r.post(
    '/holds',
    {
      schema: {
        operationId: 'posCreateHold',
        tags,
        security,
        summary: 'Hold an amount on a deposit or the bonus wallet',
        body: HoldBody,
      },
    },
    async (req, reply) =>
      answer(
        reply,
        await createHold(ctx, req.terminal, req.body as Parameters<typeof createHold>[2]),
        201,
      ),
  );

  r.post(
    '/holds/:pos_id/commit',
    {
      schema: {
        operationId: 'posCommitHold',
        tags,
        security,
        summary: 'Commit a hold (all or part), optionally per item',
        params: PosIdParam,
        body: CommitBody,
      },
    },
    async (req, reply) =>
      answer(reply, await commitHold(ctx, req.terminal, req.params.pos_id, req.body)),
  );

  r.post(
    '/holds/:pos_id/cancel',
    {
      schema: {
        operationId: 'posCancelHold',
        tags,
        security,
        summary: 'Release a hold',
        params: PosIdParam,
        body: CancelBody,
      },
    },
    async (req, reply) =>
      answer(reply, await cancelHold(ctx, req.terminal, req.params.pos_id, req.body)),
  );

  r.post(
    '/orders/close',
    {
      schema: {
        operationId: 'posCloseOrder',
        tags,
        security,
        summary: 'Close an order: lines, payments, loyalty',
        body: CloseOrderBody,
      },
    },
    async (req, reply) =>
      answer(
        reply,
        await closeOrder(ctx, req.terminal, req.body as Parameters<typeof closeOrder>[2]),
        201,
      ),
  );

  r.post(
    '/orders/:pos_id/refund',
    {
      schema: {
        operationId: 'posRefundOrder',
        tags,
        security,
        summary: 'Refund an order, fully or by line',
        params: PosIdParam,
        body: RefundBody,
      },
    },
    async (req, reply) =>
      answer(reply, await refundOrder(ctx, req.terminal, req.params.pos_id, req.body), 201),
  );

  r.post(
    '/topups',
    {
      schema: {
        operationId: 'posTopUp',
        tags,
        security,
        summary: 'Top up a deposit or the bonus wallet',
        body: TopUpBody,
      },
    },
    async (req, reply) =>
      answer(reply, await topUp(ctx, req.terminal, req.body as Parameters<typeof topUp>[2]), 201),
  );

  r.post(
    '/topups/:pos_id/reverse',
    {
      schema: {
        operationId: 'posReverseTopUp',
        tags,
        security,
        summary: 'Reverse a top-up that is not spent yet',
        params: PosIdParam,
        body: ReverseBody,
      },
    },
    async (req, reply) =>
      answer(
        reply,
        await reverseOperation(ctx, req.terminal, 'topup', req.params.pos_id, req.body),
      ),
  );
}
