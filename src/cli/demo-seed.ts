// Demo data from seed 000: the organization "Тестовая", its r_keeper till "Касса r-keeper",
// the six rolls of the seed's check in the menu, and a guest with card 100038 / UID 61366822
// and a funded deposit, so the seed's check can be paid at once. Beside it the iiko side of
// seed 001 (integrations/iiko/demo-seed.ts): an iiko restaurant and till, payment types
// imported from the bundled fake iiko Server, the deposit types chosen, a guest to pay with.
import { randomBytes } from 'node:crypto';
import type { Actor, AppContext } from '../app/context.ts';
import { createUser } from '../app/admin/users.ts';
import { createOperator } from '../app/installation/operators.ts';
import { openDeposit } from '../app/admin/accounts.ts';
import { replaceDictionary } from '../app/admin/dictionary.ts';
import { createGuest, issueCard } from '../app/admin/guests.ts';
import { createOrganization, createRestaurant, createTerminal } from '../app/admin/tenancy.ts';
import { topUp } from '../app/top-up.ts';
import { seedIikoDemo, type IikoDemo } from '../integrations/iiko/demo-seed.ts';

export const DEMO_ORG_NAME = 'Тестовая';
export const DEMO_CARD = { number: '100038', uid: '61366822' };
export const DEMO_OWNER_EMAIL = 'owner@kopilka.demo';
export const DEMO_OPERATOR_EMAIL = 'operator@kopilka.demo';
export const DEMO_DEPOSIT = 500_000; // 5000.00 ₽: enough for the seed's 2350.00 check twice

export const SEED_000_MENU = [
  { code: '2470', name: 'Запеченный ролл с курицей', price: 29000 },
  { code: '2469', name: 'Запеченный ролл Нежный с лососем', price: 36000 },
  { code: '2476', name: 'Запеченный ролл с угрем', price: 43000 },
  { code: '2460', name: 'Ролл Бонито', price: 41000 },
  { code: '2466', name: 'Горячая Филадельфия ролл', price: 65000 },
  { code: '2447', name: 'Маки ролл с лососем и сливочным сыром', price: 21000 },
] as const;

export interface DemoData {
  orgId: number;
  restaurantId: number;
  restaurantCode: string;
  terminalId: number;
  terminalKey: string;
  ownerPassword: string;
  guestId: number;
  cardId: number;
  depositId: number;
  iiko: IikoDemo;
}

export async function findDemo(ctx: AppContext): Promise<{ orgId: number } | null> {
  const org = await ctx.db
    .selectFrom('organizations')
    .select('id')
    .where('name', '=', DEMO_ORG_NAME)
    .orderBy('id')
    .executeTakeFirst();
  return org ? { orgId: org.id } : null;
}

/** Demo data made before the demo had an iiko side gets it at the next start. */
export async function addIikoDemoIfMissing(
  ctx: AppContext,
  orgId: number,
): Promise<IikoDemo | null> {
  const iiko = await ctx.db
    .selectFrom('restaurants')
    .select('id')
    .where('org_id', '=', orgId)
    .where('integration', '=', 'iiko')
    .executeTakeFirst();
  if (iiko) return null;
  return seedIikoDemo(ctx, { orgId, type: 'system', id: null, name: 'demo' });
}

/** The demo's installation operator, made once with a random password (null when it exists). */
export async function ensureDemoOperator(ctx: AppContext): Promise<string | null> {
  const existing = await ctx.db
    .selectFrom('operators')
    .select('id')
    .where('email', '=', DEMO_OPERATOR_EMAIL)
    .executeTakeFirst();
  if (existing) return null;
  const password = randomBytes(12).toString('base64url');
  await createOperator(
    ctx,
    { type: 'system', id: null, name: 'demo' },
    { email: DEMO_OPERATOR_EMAIL, name: 'Оператор установки (демо)', password },
  );
  return password;
}

export async function seedDemo(ctx: AppContext): Promise<DemoData> {
  const org = await createOrganization(ctx, { name: DEMO_ORG_NAME }, 'demo');
  const actor: Actor = { orgId: org.id, type: 'system', id: null, name: 'demo' };
  const restaurant = await createRestaurant(ctx, actor, {
    name: 'Суши-бар «Тестовая»',
    time_zone: 'Europe/Moscow',
    integration: 'rkeeper7',
  });
  const { terminal, key } = await createTerminal(ctx, actor, {
    restaurant_id: restaurant.id,
    name: 'Касса r-keeper',
  });
  await replaceDictionary(
    ctx,
    actor,
    'manual',
    'MENUITEMS',
    SEED_000_MENU.map((m) => ({
      ident: m.code,
      code: m.code,
      name: m.name,
      parent_ident: 'rolls',
      attributes: { price: m.price },
    })),
  );
  await replaceDictionary(ctx, actor, 'manual', 'CATEGLIST', [
    { ident: 'rolls', code: 'rolls', name: 'Роллы' },
  ]);
  const guest = await createGuest(ctx, actor, {
    last_name: 'Петров',
    first_name: 'Иван',
    phone: '+7 900 000-00-38',
    consent_marketing: true,
  });
  const card = await issueCard(ctx, actor, { guest_id: guest.id, ...DEMO_CARD });
  const deposit = await openDeposit(ctx, actor, {
    guest_id: guest.id,
    name: 'Депозит',
    scheme: 'debit',
    fiscal_mode: 'service',
  });
  // A random password: a demo left listening must not open with a well-known one.
  const ownerPassword = randomBytes(12).toString('base64url');
  await createUser(ctx, actor, {
    email: DEMO_OWNER_EMAIL,
    name: 'Владелец (демо)',
    role: 'owner',
    password: ownerPassword,
  });
  const principal = {
    orgId: org.id,
    restaurantId: restaurant.id,
    terminalId: terminal.id,
    terminalName: terminal.name,
  };
  await topUp(ctx, principal, {
    topup_id: 'demo-initial-deposit',
    card: { card_id: card.id },
    amount: DEMO_DEPOSIT,
    operator: 'demo',
  });
  const iiko = await seedIikoDemo(ctx, actor);
  return {
    orgId: org.id,
    restaurantId: restaurant.id,
    restaurantCode: restaurant.code,
    terminalId: terminal.id,
    terminalKey: key,
    ownerPassword,
    guestId: guest.id,
    cardId: card.id,
    depositId: deposit.id,
    iiko,
  };
}
