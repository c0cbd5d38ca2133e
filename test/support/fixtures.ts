// Builds a ready organization for a test: restaurant, terminal with its key, a guest with a
// card, a bonus wallet and a deposit, through the same use cases the CLI and admin API use.
import type { FastifyInstance } from 'fastify';
import {
  createContext,
  type Actor,
  type AppContext,
  type PosPrincipal,
} from '../../src/app/context.ts';
import { openDeposit, type DepositInput } from '../../src/app/admin/accounts.ts';
import { createGuest, issueCard } from '../../src/app/admin/guests.ts';
import {
  createOrganization,
  createRestaurant,
  createTerminal,
} from '../../src/app/admin/tenancy.ts';
import { topUp } from '../../src/app/top-up.ts';
import type { Database } from '../../src/db/connect.ts';
import type { Integration, OrganizationSettings } from '../../src/db/schema.ts';
import { buildServer, type ServerOptions } from '../../src/http/server.ts';
import { checkResponses } from './response-check.ts';

/**
 * A clock the test moves by hand. With `tickMs`, every reading also moves it on, as a real
 * clock moves while a request runs: code that reads the time twice and expects one instant
 * shows up.
 */
export function manualClock(start = new Date('2024-03-04T08:00:00Z'), tickMs = 0) {
  let t = start.getTime();
  return {
    now: () => {
      const d = new Date(t);
      t += tickMs;
      return d;
    },
    advance: (ms: number) => {
      t += ms;
    },
    set: (d: Date) => {
      t = d.getTime();
    },
  };
}

export interface OrgFixture {
  orgId: number;
  actor: Actor;
  restaurantId: number;
  restaurantCode: string;
  terminalId: number;
  key: string;
  principal: PosPrincipal;
}

let counter = 0;

export async function makeOrg(
  ctx: AppContext,
  opts: { name?: string; integration?: Integration; settings?: OrganizationSettings } = {},
): Promise<OrgFixture> {
  counter++;
  const org = await createOrganization(
    ctx,
    { name: opts.name ?? `Org ${counter}`, settings: opts.settings ?? {} },
    'test',
  );
  const actor: Actor = { orgId: org.id, type: 'system', id: null, name: 'test' };
  const r = await createRestaurant(ctx, actor, {
    name: `Restaurant ${counter}`,
    time_zone: 'Europe/Moscow',
    integration: opts.integration ?? 'rkeeper7',
  });
  const t = await createTerminal(ctx, actor, { restaurant_id: r.id, name: 'Касса r-keeper' });
  return {
    orgId: org.id,
    actor,
    restaurantId: r.id,
    restaurantCode: r.code,
    terminalId: t.terminal.id,
    key: t.key,
    principal: {
      orgId: org.id,
      restaurantId: r.id,
      terminalId: t.terminal.id,
      terminalName: t.terminal.name,
    },
  };
}

export interface GuestFixture {
  guestId: number;
  cardId: number;
  number: string;
  uid: string;
  bonusId: number;
  depositId: number | null;
}

export async function makeGuest(
  ctx: AppContext,
  org: OrgFixture,
  opts: {
    number?: string;
    uid?: string;
    phone?: string;
    deposit?: Omit<DepositInput, 'guest_id'> | null;
    funds?: number;
  } = {},
): Promise<GuestFixture> {
  counter++;
  const guest = await createGuest(ctx, org.actor, {
    last_name: 'Гость',
    first_name: `N${counter}`,
    phone: opts.phone ?? null,
  });
  const number = opts.number ?? String(100000 + counter);
  const uid = opts.uid ?? String(60000000 + counter);
  const card = await issueCard(ctx, org.actor, { guest_id: guest.id, number, uid });
  const bonus = await ctx.db
    .selectFrom('accounts')
    .select('id')
    .where('org_id', '=', org.orgId)
    .where('guest_id', '=', guest.id)
    .where('kind', '=', 'bonus')
    .executeTakeFirstOrThrow();
  let depositId: number | null = null;
  if (opts.deposit !== null) {
    const d = await openDeposit(ctx, org.actor, {
      guest_id: guest.id,
      ...(opts.deposit ?? { scheme: 'debit', fiscal_mode: 'service' }),
    });
    depositId = d.id;
    if (opts.funds)
      await topUp(ctx, org.principal, {
        topup_id: `fund-${counter}`,
        card: { card_id: card.id },
        amount: opts.funds,
      });
  }
  return { guestId: guest.id, cardId: card.id, number, uid, bonusId: bonus.id, depositId };
}

/** The six rolls of seed 000's check, 2350.00 in all. */
export const SEED_LINES = [
  {
    line_no: 1,
    item_code: '2470',
    item_name: 'Запеченный ролл с курицей',
    price: 29000,
    quantity_milli: 1000,
  },
  {
    line_no: 2,
    item_code: '2469',
    item_name: 'Запеченный ролл Нежный с лососем',
    price: 36000,
    quantity_milli: 1000,
  },
  {
    line_no: 3,
    item_code: '2476',
    item_name: 'Запеченный ролл с угрем',
    price: 43000,
    quantity_milli: 1000,
  },
  { line_no: 4, item_code: '2460', item_name: 'Ролл Бонито', price: 41000, quantity_milli: 1000 },
  {
    line_no: 5,
    item_code: '2466',
    item_name: 'Горячая Филадельфия ролл',
    price: 65000,
    quantity_milli: 1000,
  },
  {
    line_no: 6,
    item_code: '2447',
    item_name: 'Маки ролл с лососем и сливочным сыром',
    price: 21000,
    quantity_milli: 1000,
  },
];

/** An in-process server (fastify.inject, no sockets) with a small JSON client. */
export async function testServer(db: Database, clock = manualClock(), options: ServerOptions = {}) {
  const ctx = createContext(db, { now: clock.now });
  const app: FastifyInstance = await buildServer(ctx, options);
  checkResponses(app);
  const call = async (
    method: 'GET' | 'POST',
    url: string,
    key: string | null,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await app.inject({
      method,
      url: `/api/pos/v1${url}`,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { payload: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    });
    return {
      status: res.statusCode,
      body: res.body ? JSON.parse(res.body) : null,
      headers: res.headers,
    };
  };
  return { ctx, app, clock, call };
}
