// Admin API: the loyalty program (seed 003) — settings with restaurant overrides, ranks,
// promotions, promo codes, payment codes, security events, and simulate ("what would this
// guest get for this order", with the explanation). Schemas check shapes only; ranges and
// cross-field rules are the engine validators', which explain every problem at once.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { findCard } from '../../app/cards.ts';
import type { AppContext } from '../../app/context.ts';
import {
  enterPromoCode,
  getProgram,
  getPromotion,
  listPromoCodes,
  listPromotionsWithUsage,
  listRanks,
  listSecurityEvents,
  savePromotion,
  saveRank,
  setRestaurantOverride,
  updateProgram,
  type PromotionInput,
} from '../../app/loyalty/admin.ts';
import { calculate } from '../../app/loyalty/calculate.ts';
import { issuePaymentCode } from '../../app/loyalty/codes.ts';
import { fail } from '../../domain/errors.ts';
import type { SettingsOverride } from '../../domain/loyalty/types.ts';
import { Line, PromoCodes } from '../pos/schemas.ts';
import { actorOf } from './auth.ts';
import {
  Deleted,
  EnteredPromoCode,
  PaymentCode,
  ProgramAnswer,
  PromoCodes as PromoCodeList,
  Promotion,
  Promotions,
  PromotionWithUsage,
  Rank,
  Ranks,
  RestaurantOverride,
  SecurityEvents,
} from './program-answers.ts';
import {
  adminSecurity as security,
  IdParam,
  Nullable,
  pageLimit,
  PageQuery,
  Strict,
  tags,
  Text,
  Time,
} from './schemas.ts';

const tag = tags('loyalty program');
const Int = Type.Integer;
const Ids = Type.Array(Text(64), { maxItems: 1000 });
const opt = Type.Optional;

const Accrual = Strict({
  base: opt(Type.Union([Type.Literal('after_discounts'), Type.Literal('before_discounts')])),
  rounding: opt(Type.Union([Type.Literal('down'), Type.Literal('half_up'), Type.Literal('up')])),
  roundingUnit: opt(Int()),
  pendingDays: opt(Int()),
  expiryDays: opt(Nullable(Int())),
  excludedItems: opt(Ids),
  excludedCategories: opt(Ids),
  paymentExcludedItems: opt(Ids),
  paymentExcludedCategories: opt(Ids),
});

const Settings = Strict(
  {
    enabled: opt(Type.Boolean({ description: 'L1' })),
    maxBonusPaymentBp: opt(Int({ description: 'L2, basis points: 10000 = 100 %' })),
    minFiscalPayment: opt(Int({ description: 'L3, kopecks' })),
    nonSummation: opt(Type.Boolean({ description: 'L4' })),
    itemPromotionBlocksCheckPromotion: opt(Type.Boolean({ description: 'L5' })),
    bonusPaymentForBonusPromoLines: opt(Type.Boolean({ description: 'L6' })),
    changeToBonusWallet: opt(Type.Boolean({ description: 'L7' })),
    cashierPhoneAuth: opt(Type.Boolean({ description: 'L8' })),
    // Kept in the schema only to refuse it in words: the organization's settings hold it.
    singleActiveCard: opt(
      Type.Unknown({
        deprecated: true,
        description:
          'Retired: the organization setting single_active_card (PATCH /organization/settings) is the one that acts; sending it here is refused',
      }),
    ),
    emailReceipt: opt(Type.Boolean({ description: 'L9' })),
    posPromotionNoBonusPayment: opt(
      Type.Boolean({ description: 'L12: no line of an order with a POS promotion is payable' }),
    ),
    posPromotionNoAccrual: opt(
      Type.Boolean({ description: 'L12: an order with a POS promotion accrues nothing' }),
    ),
    posPromotionNoPromotions: opt(
      Type.Boolean({ description: "L12: Kopilka's promotions do not fire on such an order" }),
    ),
    // Kept in the schema only to refuse it in words (422 loyalty.setting_retired).
    posPromotionMode: opt(
      Type.Unknown({
        deprecated: true,
        description:
          'Retired: replaced by the three posPromotionNo… switches; sending it is refused',
      }),
    ),
    promoCodeLifetimeMinutes: opt(Int({ description: 'L14' })),
    accrual: opt(Accrual),
    rankPeriod: opt(
      Type.Union([
        Strict({ kind: Type.Literal('all_time') }),
        Strict({
          kind: Type.Literal('months'),
          months: Type.Union([1, 2, 3, 4, 6, 12].map((m) => Type.Literal(m))),
        }),
      ]),
    ),
  },
  'Only the settings to change',
);

const Footer = Strict({
  width: opt(Int({ minimum: 16, maximum: 80 })),
  maxLength: opt(Int({ minimum: 32, maximum: 2000 })),
  language: opt(Type.Union([Type.Literal('ru'), Type.Literal('en')])),
  text: opt(Type.String({ maxLength: 1000 })),
  showBalance: opt(Type.Boolean()),
  showRank: opt(Type.Boolean()),
  showToNextRank: opt(Type.Boolean()),
  showPaymentCode: opt(Type.Boolean()),
});

const RankBody = Strict({
  name: Type.String({ maxLength: 100 }),
  threshold: Int({ description: 'Spend over the rank period, kopecks' }),
  accrualBp: Int(),
  discountBp: opt(Int()),
});

const Privilege = Type.Union([
  Strict({ type: Type.Literal('discount_percent'), bp: Int() }),
  Strict({ type: Type.Literal('discount_fixed'), amount: Int() }),
  Strict({ type: Type.Literal('bonus_percent'), bp: Int() }),
  Strict({ type: Type.Literal('bonus_fixed'), points: Int() }),
  Strict({ type: Type.Literal('multiplier'), factor: Int() }),
  Strict({ type: Type.Literal('gift'), itemId: Text(64), quantity: Int(), value: Int() }),
  Strict({ type: Type.Literal('fixed_price'), price: Int() }),
]);

const Conditions = Strict({
  items: opt(Ids),
  categories: opt(Ids),
  minSum: opt(Int()),
  minQuantity: opt(Int()),
  dateFrom: opt(Type.String({ maxLength: 10 })),
  dateTo: opt(Type.String({ maxLength: 10 })),
  daysOfWeek: opt(Type.Array(Int(), { maxItems: 7 })),
  hours: opt(Strict({ from: Int(), to: Int() })),
  restaurants: opt(Ids),
  ranks: opt(Ids),
  birthday: opt(Strict({ daysBefore: Int(), daysAfter: Int() })),
  promoCode: opt(Type.String({ maxLength: 64 })),
});

const PromotionBody = Strict({
  name: Type.String({ maxLength: 200 }),
  kind: opt(Type.Union([Type.Literal('regular'), Type.Literal('registration_bonus')])),
  active: opt(Type.Boolean()),
  conditions: opt(Conditions),
  privileges: Type.Array(Privilege, { maxItems: 20 }),
  budget: opt(
    Strict({
      total: opt(Int()),
      perDay: opt(Int()),
      perGuest: opt(Int()),
      perGuestUses: opt(Int()),
    }),
  ),
  priority: opt(Int({ minimum: -1000, maximum: 1000 })),
});

const SimulateBody = Strict({
  restaurant_id: Int({ minimum: 1 }),
  card_id: opt(Int({ minimum: 1 })),
  lines: Type.Array(Line, { minItems: 1, maxItems: 1000 }),
  promo_codes: opt(PromoCodes),
  at: opt(Time),
});

const read = { permission: 'program.read' } as const;
const write = { permission: 'program.write' } as const;

function promotionInput(b: Static<typeof PromotionBody>): PromotionInput {
  return {
    ...b,
    kind: b.kind ?? 'regular',
    conditions: b.conditions ?? {},
  } as PromotionInput;
}

export async function programRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const s = <T extends object>(operationId: string, summary: string, extra?: T) => ({
    operationId,
    tags: tag,
    security,
    summary,
    ...(extra as T),
  });

  r.get(
    '/program',
    {
      config: read,
      schema: s('getProgram', 'Program settings, footer, overrides', {
        response: { 200: ProgramAnswer },
      }),
    },
    (req) => getProgram(ctx, req.admin.orgId),
  );
  r.put(
    '/program',
    {
      config: write,
      schema: s('updateProgram', 'Change program settings (L1–L12, L14) and the footer (L15)', {
        body: Strict({ settings: opt(Settings), footer: opt(Footer) }),
        response: { 200: ProgramAnswer },
      }),
    },
    (req) => updateProgram(ctx, actorOf(req), req.body as Parameters<typeof updateProgram>[2]),
  );
  r.put(
    '/program/restaurants/:id',
    {
      config: write,
      schema: s('setRestaurantOverride', "Replace a restaurant's override of the settings", {
        params: IdParam,
        body: Settings,
        response: { 200: RestaurantOverride },
      }),
    },
    (req) =>
      setRestaurantOverride(ctx, actorOf(req), Number(req.params.id), req.body as SettingsOverride),
  );
  r.delete(
    '/program/restaurants/:id',
    {
      config: write,
      schema: s('deleteRestaurantOverride', "Drop a restaurant's override", {
        params: IdParam,
        response: { 200: RestaurantOverride },
      }),
    },
    (req) => setRestaurantOverride(ctx, actorOf(req), Number(req.params.id), null),
  );

  // Short lists the cabinet shows whole: the list shape, with no next page.
  r.get(
    '/program/ranks',
    { config: read, schema: s('listRanks', 'Ranks (L10)', { response: { 200: Ranks } }) },
    async (req) => ({
      rows: await listRanks(ctx, req.admin.orgId),
      next_cursor: null,
    }),
  );
  const rankInput = (b: Static<typeof RankBody>) => ({ ...b, discountBp: b.discountBp ?? 0 });
  r.post(
    '/program/ranks',
    {
      config: write,
      schema: s('createRank', 'Add a rank', { body: RankBody, response: { 201: Rank } }),
    },
    async (req, reply) =>
      reply.status(201).send(await saveRank(ctx, actorOf(req), null, rankInput(req.body))),
  );
  r.put(
    '/program/ranks/:id',
    {
      config: write,
      schema: s('updateRank', 'Change a rank', {
        params: IdParam,
        body: RankBody,
        response: { 200: Rank },
      }),
    },
    (req) => saveRank(ctx, actorOf(req), Number(req.params.id), rankInput(req.body)),
  );
  r.delete(
    '/program/ranks/:id',
    {
      config: write,
      schema: s('deleteRank', 'Delete a rank', { params: IdParam, response: { 200: Deleted } }),
    },
    async (req) => {
      await saveRank(ctx, actorOf(req), Number(req.params.id), null);
      return { status: 'deleted' as const };
    },
  );

  r.get(
    '/program/promotions',
    {
      config: read,
      schema: s('listPromotions', 'Promotions (L13) with their budgets’ usage', {
        response: { 200: Promotions },
      }),
    },
    async (req) => ({
      rows: await listPromotionsWithUsage(ctx, req.admin.orgId),
      next_cursor: null,
    }),
  );
  r.get(
    '/program/promotions/:id',
    {
      config: read,
      schema: s('getPromotion', 'A promotion', {
        params: IdParam,
        response: { 200: PromotionWithUsage },
      }),
    },
    (req) => getPromotion(ctx, req.admin.orgId, Number(req.params.id)),
  );
  r.post(
    '/program/promotions',
    {
      config: write,
      schema: s('createPromotion', 'Create a promotion (inactive unless active: true)', {
        body: PromotionBody,
        response: { 201: Promotion },
      }),
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await savePromotion(ctx, actorOf(req), null, promotionInput(req.body))),
  );
  r.put(
    '/program/promotions/:id',
    {
      config: write,
      schema: s('updatePromotion', 'Replace a promotion', {
        params: IdParam,
        body: PromotionBody,
        response: { 200: Promotion },
      }),
    },
    (req) => savePromotion(ctx, actorOf(req), Number(req.params.id), promotionInput(req.body)),
  );
  for (const [verb, active] of [
    ['activate', true],
    ['deactivate', false],
  ] as const) {
    r.post(
      `/program/promotions/:id/${verb}`,
      {
        config: write,
        schema: s(`${verb}Promotion`, `${verb[0]?.toUpperCase()}${verb.slice(1)} a promotion`, {
          params: IdParam,
          response: { 200: Promotion },
        }),
      },
      (req) => savePromotion(ctx, actorOf(req), Number(req.params.id), { active }),
    );
  }
  r.delete(
    '/program/promotions/:id',
    {
      config: write,
      schema: s('deletePromotion', 'Delete a promotion', {
        params: IdParam,
        response: { 200: Deleted },
      }),
    },
    async (req) => {
      await savePromotion(ctx, actorOf(req), Number(req.params.id), null);
      return { status: 'deleted' as const };
    },
  );

  r.get(
    '/program/promo-codes',
    {
      config: read,
      schema: s(
        'listPromoCodes',
        'Promo codes the promotions ask for (how long an entered code lives is the program setting promoCodeLifetimeMinutes)',
        { response: { 200: PromoCodeList } },
      ),
    },
    (req) => listPromoCodes(ctx, req.admin.orgId),
  );
  r.post(
    '/program/guests/:id/promo-codes',
    {
      config: write,
      schema: s('enterPromoCode', 'Record that the guest entered a promo code now', {
        params: IdParam,
        body: Strict({ code: Text(64) }),
        response: { 201: EnteredPromoCode },
      }),
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await enterPromoCode(ctx, actorOf(req), Number(req.params.id), req.body.code)),
  );
  r.post(
    '/program/guests/:id/payment-code',
    {
      config: write,
      schema: s(
        'issuePaymentCode',
        'Issue a one-time 4-character payment code for the guest (L14)',
        {
          params: IdParam,
          body: opt(Strict({ ttl_minutes: opt(Int({ minimum: 1, maximum: 43200 })) })),
          response: { 201: PaymentCode },
        },
      ),
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(
          await issuePaymentCode(
            ctx,
            actorOf(req),
            Number(req.params.id),
            req.body?.ttl_minutes ?? 24 * 60,
          ),
        ),
  );
  r.get(
    '/program/security-events',
    {
      config: read,
      schema: s(
        'listSecurityEvents',
        'Security events: payment-code guessing and lockouts, newest first',
        {
          querystring: Strict(PageQuery),
          response: { 200: SecurityEvents },
        },
      ),
    },
    (req) =>
      listSecurityEvents(ctx, req.admin.orgId, {
        limit: pageLimit(req.query.limit),
        cursor: req.query.cursor,
      }),
  );

  r.post(
    '/program/simulate',
    {
      config: read,
      schema: s(
        'simulateOrder',
        'What would this guest get for this order (L16), with the explanation',
        {
          body: SimulateBody,
        },
      ),
    },
    async (req) => {
      const orgId = req.admin.orgId;
      const b = req.body;
      const restaurant = await ctx.db
        .selectFrom('restaurants')
        .select('id')
        .where('org_id', '=', orgId)
        .where('id', '=', b.restaurant_id)
        .executeTakeFirst();
      if (!restaurant) {
        fail('not_found', 'loyalty.restaurant_not_found', {
          ru: 'Ресторан не найден',
          en: 'Restaurant not found',
        });
      }
      const card = b.card_id ? await findCard(ctx.db, orgId, { card_id: b.card_id }) : null;
      return calculate(
        ctx,
        { orgId, restaurantId: restaurant.id },
        card,
        { lines: b.lines, ...(b.promo_codes ? { promo_codes: b.promo_codes } : {}) },
        b.at ? new Date(b.at) : ctx.now(),
      );
    },
  );
}
