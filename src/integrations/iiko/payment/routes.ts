// /api/iiko/v1: what the iikoFront external-payment plugin calls (docs/integrations/iiko.md).
// A thin adapter: it checks the iiko payment type against the deposit settings, maps iiko's
// arguments onto the app use cases, and words every answer for the cashier in Russian and
// English. Every write is idempotent on its id: a payment and its cancel on iiko's
// transactionId, a return on the returnId the plugin makes for it.
import { errorCodes, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { tillCardInfo } from '../../../app/card-info.ts';
import { findCard } from '../../../app/cards.ts';
import type { AppContext } from '../../../app/context.ts';
import type { Once } from '../../../app/idempotency.ts';
import { pay } from '../../../app/pay.ts';
import {
  cancelPayment,
  paymentState,
  returnPayment,
  returnWithoutPayment,
} from '../../../app/payment-returns.ts';
import { authenticateTerminal, type TerminalPrincipal } from '../../../app/terminal-keys.ts';
import { DomainError, fail } from '../../../domain/errors.ts';
import { formatRoubles, formatRoublesRu } from '../../../domain/money.ts';
import * as answers from './answers.ts';
import { Cancelled, Identified, Paid, Returned, ReturnedWithoutOrder } from './answer-schemas.ts';
import { assertDepositPaymentType } from './guard.ts';
import {
  CancelBody,
  IdentifyBody,
  PayBody,
  ReturnBody,
  ReturnWithoutOrderBody,
  type PayBodyT,
} from './schemas.ts';

declare module 'fastify' {
  interface FastifyRequest {
    iikoTill: TerminalPrincipal;
  }
}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

function send<T>(reply: FastifyReply, outcome: Once<T>, body: (r: T) => object) {
  if (outcome.replayed) reply.header('Idempotent-Replayed', 'true');
  return reply.send({ ...body(outcome.result), replayed: outcome.replayed });
}

function cancelled(transactionId: string): never {
  fail(
    'conflict',
    'iiko.payment_cancelled',
    {
      ru: 'Эта оплата уже аварийно отменена: деньги не списаны. Проведите оплату заново.',
      en: 'This payment was already cancelled in an emergency: no money was taken. Pay again.',
    },
    { transactionId },
  );
}

function exceedsOrder(sum: number, orderSum: number): never {
  fail(
    'validation',
    'payment_exceeds_order',
    {
      ru: `Сумма оплаты ${formatRoublesRu(sum)} ₽ больше суммы заказа ${formatRoublesRu(orderSum)} ₽`,
      en: `The payment of ${formatRoubles(sum)} ₽ is larger than the order's ${formatRoubles(orderSum)} ₽`,
    },
    { sum, orderSum },
  );
}

function operator(b: { cashier: { name: string } }) {
  return b.cashier.name;
}

function paymentInput(b: PayBodyT) {
  return {
    payment_id: b.transactionId,
    card: b.card,
    account_kind: 'deposit' as const,
    amount: b.sum,
    ...(b.orderId ? { order_id: b.orderId } : {}),
    operator: operator(b),
    ...(b.orderNumber === undefined ? {} : { check_number: String(b.orderNumber) }),
    ...(b.occurredAt === undefined ? {} : { occurred_at: b.occurredAt }),
    ...(b.items
      ? {
          lines: b.items.map((it, i) => ({
            line_no: i + 1,
            item_code: it.productCode ?? it.productId,
            item_name: it.name,
            price: it.price,
            quantity_milli: it.quantityMilli,
            ...(it.categoryId === undefined ? {} : { category_code: it.categoryId }),
            ...(it.categoryName === undefined ? {} : { category_name: it.categoryName }),
            ...(it.sum === undefined ? {} : { amount: it.sum }),
          })),
        }
      : {}),
  };
}

/**
 * The plugin sends JSON only. Fastify would parse text/plain into a string and answer 400 about
 * the body's type; the plugin's author is better told that the content type is wrong (415).
 */
function assertJson(req: FastifyRequest): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(type || '(none)');
  }
}

const tags = ['iikoFront plugin v1'];
const security = [{ terminalKey: [] }];

export async function iikoPaymentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.decorateRequest('iikoTill', null as unknown as TerminalPrincipal);
  r.addHook('onRequest', async (req) => {
    req.iikoTill = await authenticateTerminal(ctx, bearer(req));
    assertJson(req);
  });

  r.post(
    '/identify',
    {
      schema: {
        operationId: 'iikoIdentify',
        tags,
        security,
        summary:
          "The guest and what the deposit can pay, for the plugin's card screen (CollectData)",
        body: IdentifyBody,
        response: { 200: Identified },
      },
    },
    async (req) => {
      const p = req.iikoTill;
      const card = await findCard(ctx.db, p.orgId, req.body.card);
      return answers.identified(await tillCardInfo(ctx, p, card));
    },
  );

  r.post(
    '/pay',
    {
      schema: {
        operationId: 'iikoPay',
        tags,
        security,
        summary: "Pay (part of) an order from the guest's deposit (Pay, PaySilently)",
        body: PayBody,
        response: { 200: Paid },
      },
    },
    async (req, reply) => {
      const p = req.iikoTill;
      const b = req.body;
      if (b.orderSum !== undefined && b.sum > b.orderSum) exceedsOrder(b.sum, b.orderSum);
      try {
        // The payment type is checked on the account the payment locks, in its transaction; a
        // replay is answered as first given, even if the settings changed since.
        const outcome = await pay(ctx, p, paymentInput(b), (account, tx) =>
          assertDepositPaymentType(ctx, tx, p, account, b.paymentTypeId),
        );
        // A repeat that comes after an emergency cancel is told so, not "paid".
        if (outcome.replayed && (await paymentState(ctx, p, b.transactionId)) === 'cancelled') {
          cancelled(b.transactionId);
        }
        return send(reply, outcome, (res) => answers.paid(b.transactionId, res));
      } catch (e) {
        if (
          e instanceof DomainError &&
          e.code === 'idempotency_key_reused' &&
          (await paymentState(ctx, p, b.transactionId)) === 'cancelled'
        ) {
          cancelled(b.transactionId);
        }
        throw e;
      }
    },
  );

  r.post(
    '/return',
    {
      schema: {
        operationId: 'iikoReturn',
        tags,
        security,
        summary:
          'Return all or part of a payment, under its own returnId (ReturnPayment, ReturnPaymentSilently)',
        body: ReturnBody,
        response: { 200: Returned },
      },
    },
    async (req, reply) => {
      const p = req.iikoTill;
      const b = req.body;
      const outcome = await returnPayment(ctx, p, b.transactionId, {
        return_id: b.returnId,
        operator: operator(b),
        ...(b.sum === undefined ? {} : { amount: b.sum }),
        ...(b.occurredAt === undefined ? {} : { occurred_at: b.occurredAt }),
      });
      return send(reply, outcome, (res) => answers.returned(b.transactionId, b.returnId, res));
    },
  );

  r.post(
    '/return-without-order',
    {
      schema: {
        operationId: 'iikoReturnWithoutOrder',
        tags,
        security,
        summary: 'Money back to the deposit without the original order (ReturnPaymentWithoutOrder)',
        body: ReturnWithoutOrderBody,
        response: { 200: ReturnedWithoutOrder },
      },
    },
    async (req, reply) => {
      const p = req.iikoTill;
      const b = req.body;
      const outcome = await returnWithoutPayment(ctx, p, {
        return_id: b.returnId,
        card: b.card,
        amount: b.sum,
        operator: operator(b),
        ...(b.occurredAt === undefined ? {} : { occurred_at: b.occurredAt }),
      });
      return send(reply, outcome, (res) => answers.returnedWithoutOrder(b.returnId, res));
    },
  );

  r.post(
    '/emergency-cancel',
    {
      schema: {
        operationId: 'iikoEmergencyCancel',
        tags,
        security,
        summary:
          "Undo a payment whatever became of it (EmergencyCancelPayment, EmergencyCancelPaymentSilently, and the plugin's own recovery when Pay's outcome is unknown)",
        body: CancelBody,
        response: { 200: Cancelled },
      },
    },
    async (req, reply) => {
      const p = req.iikoTill;
      const b = req.body;
      const outcome = await cancelPayment(ctx, p, b.transactionId, {
        operator: operator(b),
        ...(b.occurredAt === undefined ? {} : { occurred_at: b.occurredAt }),
      });
      return send(reply, outcome, (res) => answers.cancelledAnswer(b.transactionId, res));
    },
  );
}
