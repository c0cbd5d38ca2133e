// Admin API: the organization's ceilings on creating money (src/domain/money-limits.ts). Anyone
// who reads the organization sees them; only money.limits (the owner) changes them, audited.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import { moneyLimits, setMoneyLimits } from '../../app/money-limits.ts';
import { MAX_AMOUNT } from '../../domain/money.ts';
import { actorOf } from './auth.ts';
import { adminSecurity as security, Strict, tags } from './schemas.ts';

const tag = tags('organization');
const Kopecks = (description: string) =>
  Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, description: `Kopecks: ${description}` });

const Limits = Strict({
  maxTopUp: Kopecks('one top-up from a till at most (default 500 000 ₽)'),
  maxCreditLimit: Kopecks('credit limit of one deposit at most (default 300 000 ₽)'),
  maxPayerLinks: Type.Integer({
    minimum: 0,
    maximum: 10_000,
    description: 'cards one payer card may pay for (default 20)',
  }),
  notableAmount: Kopecks(
    'from this amount a top-up, credit limit or adjustment is reported as a security event (default 100 000 ₽)',
  ),
});

export async function moneyLimitRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/money-limits',
    {
      config: { permission: 'org.read' },
      schema: {
        operationId: 'getMoneyLimits',
        tags: tag,
        security,
        summary: 'Ceilings on top-ups, credit limits and payer links',
        response: { 200: Limits },
      },
    },
    async (req) => moneyLimits(ctx.db, req.admin.orgId),
  );

  r.put(
    '/money-limits',
    {
      config: { permission: 'money.limits' },
      schema: {
        operationId: 'setMoneyLimits',
        tags: tag,
        security,
        summary: 'Change the ceilings (a field left out keeps its value); audited',
        body: Type.Partial(Limits),
        response: { 200: Limits },
      },
    },
    async (req) => setMoneyLimits(ctx, actorOf(req), req.body),
  );
}
