// The demo's iiko side: a restaurant «Тестовая» on iiko with its till «Касса iikoFront», the iiko
// dictionaries imported from the bundled fake iiko Server (simulator/fixtures.ts) through the
// same import an integrator runs, the deposit payment type chosen for every scheme ×
// fiscalization seed 001 allows, and a guest whose deposit `kopilka simulate iiko` pays from.
// The saved iiko Server address is where `kopilka simulate iiko-server` listens by default, so
// the connection check and a fresh import work by hand once it runs.
import { openDeposit } from '../../app/admin/accounts.ts';
import { createGuest, issueCard } from '../../app/admin/guests.ts';
import { createRestaurant, createTerminal } from '../../app/admin/tenancy.ts';
import type { Actor, AppContext } from '../../app/context.ts';
import { topUp } from '../../app/top-up.ts';
import type { DepositScheme, FiscalMode } from '../../domain/deposit.ts';
import { importIikoDictionaries, saveServerSettings } from './connection.ts';
import { saveDepositPaymentType } from './deposit-settings.ts';
import { PAYMENT_TYPE } from './simulator/fixtures.ts';
import { IikoServerSimulator } from './simulator/server.ts';

/** Where `kopilka simulate iiko-server` listens unless told otherwise. */
export const FAKE_IIKO_SERVER_PORT = 9900;
export const DEMO_IIKO_CARD = '200038';
export const DEMO_IIKO_DEPOSIT = 1_000_000; // 10 000.00 ₽: several runs of the iikoFront simulator
export const DEMO_IIKO_TILL = 'Касса iikoFront';
export const DEMO_IIKO_RESTAURANT = 'Кафе «Тестовая» на iiko';

/**
 * Seed 001's table: debit + advance needs a fiscal «Предоплата» type; every other allowed
 * combination a non-fiscal one; mixed + advance is not allowed at all.
 */
const CHOICES: {
  scheme: DepositScheme;
  fiscal_mode: FiscalMode;
  payment_type_id: string;
  confirmed_payment_method?: 'prepayment';
}[] = [
  {
    scheme: 'debit',
    fiscal_mode: 'advance',
    payment_type_id: PAYMENT_TYPE.prepayment,
    // iiko Server reports no payment method: the integrator confirms what iikoOffice shows.
    confirmed_payment_method: 'prepayment',
  },
  { scheme: 'debit', fiscal_mode: 'service', payment_type_id: PAYMENT_TYPE.deposit },
  { scheme: 'credit', fiscal_mode: 'advance', payment_type_id: PAYMENT_TYPE.deposit },
  { scheme: 'credit', fiscal_mode: 'service', payment_type_id: PAYMENT_TYPE.deposit },
  { scheme: 'mixed', fiscal_mode: 'service', payment_type_id: PAYMENT_TYPE.deposit },
];

export interface IikoDemo {
  restaurantId: number;
  terminalKey: string;
  card: string;
}

export async function seedIikoDemo(ctx: AppContext, actor: Actor): Promise<IikoDemo> {
  const restaurant = await createRestaurant(ctx, actor, {
    name: DEMO_IIKO_RESTAURANT,
    time_zone: 'Europe/Moscow',
    integration: 'iiko',
  });
  const { terminal, key } = await createTerminal(ctx, actor, {
    restaurant_id: restaurant.id,
    name: DEMO_IIKO_TILL,
  });
  const connection = {
    serverName: 'iiko Server (демо)',
    protocol: 'http',
    address: '127.0.0.1',
    login: 'kopilka',
    password: 'kopilka',
    timeoutMs: 5000,
  };
  // The import runs against the fake server started for it here, on a port of its own.
  const sim = await IikoServerSimulator.start();
  try {
    await saveServerSettings(ctx, actor, { ...connection, port: sim.port });
    await importIikoDictionaries(ctx, actor);
  } finally {
    await sim.close();
  }
  await saveServerSettings(ctx, actor, { ...connection, port: FAKE_IIKO_SERVER_PORT });
  for (const choice of CHOICES) await saveDepositPaymentType(ctx, actor, choice);

  const guest = await createGuest(ctx, actor, {
    last_name: 'Сидорова',
    first_name: 'Анна',
    phone: '+7 900 000-20-38',
    consent_marketing: true,
  });
  const card = await issueCard(ctx, actor, { guest_id: guest.id, number: DEMO_IIKO_CARD });
  await openDeposit(ctx, actor, {
    guest_id: guest.id,
    name: 'Депозит',
    scheme: 'debit',
    fiscal_mode: 'service',
  });
  await topUp(
    ctx,
    {
      orgId: actor.orgId,
      restaurantId: restaurant.id,
      terminalId: terminal.id,
      terminalName: terminal.name,
    },
    {
      topup_id: 'demo-iiko-initial-deposit',
      card: { card_id: card.id },
      amount: DEMO_IIKO_DEPOSIT,
      operator: 'demo',
    },
  );
  return { restaurantId: restaurant.id, terminalKey: key, card: DEMO_IIKO_CARD };
}
