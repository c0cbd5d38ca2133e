// Shared set-up for the iiko payment tests: an iiko organization on a fresh database, an
// integrator signed in to the admin API, a fake iiko Server whose dictionaries are imported
// through that API, and small clients for the admin API and the plugin contract.
import assert from 'node:assert/strict';
import { createUser } from '../../../src/app/admin/users.ts';
import { IikoServerSimulator } from '../../../src/integrations/iiko/simulator/server.ts';
import { PAYMENT_TYPE } from '../../../src/integrations/iiko/simulator/fixtures.ts';
import type { TestDatabase } from '../../support/db.ts';
import { makeOrg, manualClock, testServer, type OrgFixture } from '../../support/fixtures.ts';

export { PAYMENT_TYPE };

export interface IikoSetup {
  t: TestDatabase;
  server: Awaited<ReturnType<typeof testServer>>;
  org: OrgFixture;
  sim: IikoServerSimulator;
  token: string;
  admin: (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => Promise<Res>;
  iiko: (url: string, body: unknown, key?: string | null) => Promise<Res>;
  close: () => Promise<void>;
}

export interface Res {
  status: number;
  // Test code reads answers field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Record<string, unknown>;
}

/** `t` is the test file's own database (test/support/db.ts), closed with the set-up. */
export async function iikoSetup(t: TestDatabase): Promise<IikoSetup> {
  const clock = manualClock(new Date('2024-03-15T09:00:00Z'));
  const server = await testServer(t.db, clock);
  const org = await makeOrg(server.ctx, { integration: 'iiko' });
  const sim = await IikoServerSimulator.start({ now: () => clock.now().getTime() });
  await createUser(server.ctx, org.actor, {
    email: `integrator-${org.orgId}@example.ru`,
    name: 'Интегратор',
    role: 'integrator',
    password: 'correct horse battery',
  });
  const inject = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    auth: string | null,
    body?: unknown,
  ): Promise<Res> => {
    const res = await server.app.inject({
      method,
      url,
      headers: {
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
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
  const login = await inject('POST', '/api/admin/v1/auth/login', null, {
    email: `integrator-${org.orgId}@example.ru`,
    password: 'correct horse battery',
  });
  assert.equal(login.status, 200);
  const token = login.body.token as string;
  const admin = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
    inject(method, `/api/admin/v1${url}`, token, body);
  const iiko = (url: string, body: unknown, key: string | null = org.key) =>
    inject('POST', `/api/iiko/v1${url}`, key, body);

  const saved = await admin('PUT', '/iiko/server', {
    serverName: 'Мой ресторан',
    protocol: 'http',
    address: '127.0.0.1',
    port: sim.port,
    login: 'kopilka',
    password: 'kopilka',
    timeoutMs: 2000,
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const imported = await admin('POST', '/iiko/import');
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  return {
    t,
    server,
    org,
    sim,
    token,
    admin,
    iiko,
    close: async () => {
      await server.app.close();
      await sim.close();
      await t.close();
    },
  };
}

let seq = 0;
/** A fresh transaction id, as iikoFront makes one per payment (a Guid). */
export function txn(prefix = 'tx'): string {
  seq += 1;
  return `${prefix}-${process.pid}-${seq}`;
}

export const POS = { id: 'pos-1', name: 'КС_1' };
export const CASHIER = { id: 'user-1', name: 'Текущий кассир' };

/** The plugin's Pay body for a card and sum. */
export function payBody(card: string, sum: number, paymentTypeId: string, extra: object = {}) {
  return {
    transactionId: txn(),
    orderId: txn('order'),
    sum,
    paymentTypeId,
    card: { number: card },
    pointOfSale: POS,
    cashier: CASHIER,
    ...extra,
  };
}

/** Ledger entries and idempotency claims of the organization: "nothing written" checks. */
export async function footprint(s: IikoSetup) {
  const count = async (table: 'ledger_entries' | 'pos_requests') =>
    Number(
      (
        await s.t.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', s.org.orgId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { entries: await count('ledger_entries'), claims: await count('pos_requests') };
}

export async function balanceOf(s: IikoSetup, accountId: number): Promise<number> {
  const row = await s.t.db
    .selectFrom('accounts')
    .select('balance')
    .where('org_id', '=', s.org.orgId)
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  return row.balance;
}
