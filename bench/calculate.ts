// p99 latency of the POS calculate call (L16) through HTTP on one server process: a 10-line
// order for a guest with a rank, against 50 active promotions and 5 ranks, over a real socket
// with keep-alive, one request at a time (a till waits for its answer). Embedded PGlite in
// memory, as `kopilka demo` runs, or with --pg URL a fresh database of its own on that
// PostgreSQL server (dropped afterwards). Target: p99 ≤ 5 ms.
//   node --import tsx bench/calculate.ts [--pg URL]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { replaceDictionary } from '../src/app/admin/dictionary.ts';
import { createGuest, issueCard } from '../src/app/admin/guests.ts';
import { createOrganization, createRestaurant, createTerminal } from '../src/app/admin/tenancy.ts';
import { createContext, type Actor } from '../src/app/context.ts';
import { savePromotion, saveRank, updateProgram } from '../src/app/loyalty/admin.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Privilege } from '../src/domain/loyalty/types.ts';
import { buildServer } from '../src/http/server.ts';

const { values } = parseArgs({ options: { pg: { type: 'string' } } });
const serverUrl = values.pg;
const dbName = `kopilka_calc_${randomBytes(4).toString('hex')}`;
async function onServer(statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}
if (serverUrl) await onServer(`create database ${dbName}`);
const dbUrl = serverUrl ? new URL(serverUrl) : null;
if (dbUrl) dbUrl.pathname = `/${dbName}`;
const opened = await openDatabase(
  dbUrl ? { kind: 'postgres', url: dbUrl.toString() } : { kind: 'pglite' },
);
await migrateToLatest(opened.db);
const ctx = createContext(opened.db);
const org = await createOrganization(ctx, { name: 'Bench', settings: {} }, 'bench');
const actor: Actor = { orgId: org.id, type: 'system', id: null, name: 'bench' };
const restaurant = await createRestaurant(ctx, actor, {
  name: 'Bench',
  time_zone: 'Europe/Moscow',
  integration: 'api',
});
const { key } = await createTerminal(ctx, actor, { restaurant_id: restaurant.id, name: 'Till' });
await replaceDictionary(
  ctx,
  actor,
  'manual',
  'MENUITEMS',
  Array.from({ length: 20 }, (_, i) => ({ ident: `i${i}`, name: `Item ${i}` })),
);
await replaceDictionary(
  ctx,
  actor,
  'manual',
  'CATEGLIST',
  Array.from({ length: 5 }, (_, i) => ({ ident: `c${i}`, name: `Category ${i}` })),
);
await updateProgram(ctx, actor, {
  settings: {
    nonSummation: true,
    itemPromotionBlocksCheckPromotion: true,
    maxBonusPaymentBp: 5000,
  },
});
for (const [i, threshold] of [0, 1_000_000, 3_000_000, 10_000_000, 30_000_000].entries())
  await saveRank(ctx, actor, null, {
    name: `Rank ${i}`,
    threshold,
    accrualBp: 300 + i * 200,
    discountBp: i >= 3 ? 500 : 0,
  });
const privileges: Privilege[] = [
  { type: 'discount_percent', bp: 1000 },
  { type: 'bonus_percent', bp: 700 },
  { type: 'discount_fixed', amount: 5000 },
  { type: 'bonus_fixed', points: 2000 },
  { type: 'multiplier', factor: 200 },
  { type: 'fixed_price', price: 15000 },
];
for (let i = 0; i < 50; i++)
  await savePromotion(ctx, actor, null, {
    name: `Promotion ${i}`,
    kind: 'regular',
    active: true,
    conditions: {
      ...(i % 3 === 0 ? { items: [`i${i % 20}`, `i${(i + 7) % 20}`] } : {}),
      ...(i % 3 === 1 ? { categories: [`c${i % 5}`] } : {}),
      ...(i % 4 === 0 ? { hours: { from: 0, to: 1439 } } : {}),
      ...(i % 6 === 0 ? { minSum: 50_000 } : {}),
    },
    privileges: [privileges[i % privileges.length] as Privilege],
    ...(i % 8 === 0 ? { budget: { total: 100_000_000 } } : {}),
  });
const guest = await createGuest(ctx, actor, {
  last_name: 'Bench',
  first_name: 'Guest',
  phone: null,
});
const card = await issueCard(ctx, actor, { guest_id: guest.id, number: '700001', uid: '7700001' });

const app = await buildServer(ctx);
const address = await app.listen({ host: '127.0.0.1', port: 0 });
const order = {
  card: { card_id: card.id },
  lines: Array.from({ length: 10 }, (_, i) => ({
    line_no: i + 1,
    item_code: `i${i * 2}`,
    item_name: `Item ${i}`,
    category_code: `c${i % 5}`,
    price: 10_000 + i * 3_300,
    quantity_milli: 1000 + (i % 3) * 1000,
    ...(i === 9 ? { pos_promotions: ['pos-happy-hour'] } : {}),
  })),
};
const call = async (body: string): Promise<number> => {
  const start = performance.now();
  const res = await fetch(`${address}/api/pos/v1/orders/calculate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  });
  await res.json();
  if (res.status !== 200) throw new Error(`calculate answered ${res.status}`);
  return performance.now() - start;
};

// The till asks for the figures (explain: false); simulate-style callers read the explanation
// of every rule too (230 entries here, a 65 KB answer). Both are measured, the till's first.
async function measure(label: string, explain: boolean): Promise<number> {
  const body = JSON.stringify({ ...order, explain });
  for (let i = 0; i < 500; i++) await call(body);
  const times: number[] = [];
  for (let i = 0; i < 5000; i++) times.push(await call(body));
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))] as number;
  console.log(
    `${label}: p50 ${at(0.5).toFixed(2)} ms, p90 ${at(0.9).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, max ${at(1).toFixed(2)} ms`,
  );
  return at(0.99);
}

console.log(
  `POS calculate over HTTP, 10 lines, 50 promotions, 5 ranks, ${serverUrl ? 'PostgreSQL' : 'PGlite'}, 5000 calls each`,
);
const tillP99 = await measure('till (explain: false)', false);
await measure('with the explanation', true);
console.log(`target p99 ≤ 5 ms for the till's call: ${tillP99 <= 5 ? 'met' : 'NOT met'}`);
await app.close();
await opened.close();
if (serverUrl) await onServer(`drop database if exists ${dbName} with (force)`);
