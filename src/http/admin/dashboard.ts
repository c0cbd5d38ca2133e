// Admin API: the cabinet's overview (Обзор) — today and the last 30 days, a per-day series for
// the charts, and the liabilities as of now. It is a report (reports.read, an aggregate over a
// month of orders, the ledger and guests, opened first by every manager): with a read replica it
// reads there, as the reports do, and says how far behind the primary that is.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import type { ReportSource } from '../../db/replica.ts';
import { dashboard } from '../../reports/dashboard.ts';
import { ReplicaLag } from './report-answers.ts';
import { withLag } from './reports.ts';
import { adminSecurity as security, Nullable, Strict, tags } from './schemas.ts';

const Kopecks = (description: string) => Type.Integer({ description });

const Figures = Type.Object({
  checks: Type.Integer({ description: 'Checks closed through Kopilka' }),
  revenue: Kopecks('Their total, kopecks'),
  deposit_debits: Kopecks('Paid from deposits, kopecks'),
  deposit_topups: Kopecks('Deposit top-ups, kopecks'),
  bonus_accrued: Kopecks('Bonus points accrued, hundredths'),
  bonus_spent: Kopecks('Bonus points spent, hundredths'),
  new_guests: Type.Integer({ description: 'Guests registered in the organization' }),
});

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const DashboardSchema = Type.Object(
  {
    time_zone: Type.String(),
    restaurant_id: Nullable(Type.Integer()),
    today: Day,
    period: Type.Object({ from: Day, to: Day }),
    totals: Type.Object({ today: Figures, last_30_days: Figures }),
    days: Type.Array(Type.Intersect([Type.Object({ date: Day }), Figures]), {
      description: '30 local days, oldest first, zeros included',
    }),
    liabilities: Type.Object({
      as_of: Type.String({ format: 'date-time' }),
      deposits: Type.Object({
        balances: Kopecks('What guests hold on deposits, kopecks'),
        owed_by_guests: Kopecks('What guests on credit owe, kopecks'),
      }),
      bonus: Type.Object({
        points: Kopecks('Bonus points outstanding, hundredths'),
        pending: Kopecks('Not yet available'),
        expired_unposted: Kopecks('Expired, written off when the account is next touched'),
        available: Kopecks('Available to spend'),
      }),
    }),
    ...ReplicaLag,
  },
  { $id: 'Dashboard' },
);

export function dashboardRoutes(app: FastifyInstance, ctx: AppContext, src: ReportSource) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/dashboard',
    {
      config: { permission: 'reports.read' },
      schema: {
        operationId: 'getDashboard',
        tags: tags('reports'),
        security,
        summary:
          "Overview: today and the last 30 days in the organization's time zone, per-day series, liabilities now",
        querystring: Strict({
          restaurant_id: Type.Optional(
            Type.String({
              pattern: '^[1-9][0-9]{0,14}$',
              description:
                'Checks and money of one restaurant; guests and liabilities stay the organization’s',
            }),
          ),
          date: Type.Optional(
            Type.String({
              maxLength: 10,
              description: 'The local day taken as today (YYYY-MM-DD)',
            }),
          ),
        }),
        response: { 200: DashboardSchema },
      },
    },
    async (req) => {
      const answer = await src.db.transaction().execute((tx) =>
        dashboard(
          tx,
          req.admin.orgId,
          {
            ...(req.query.restaurant_id ? { restaurantId: Number(req.query.restaurant_id) } : {}),
            ...(req.query.date ? { date: req.query.date } : {}),
          },
          ctx.now(),
        ),
      );
      return withLag(src, answer);
    },
  );
}
