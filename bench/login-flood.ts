// Does a flood of wrong sign-ins slow the tills? POS identify p95 on its own, then while 20
// clients send wrong passwords as fast as they are answered, then on its own again; prints the
// ratio of the flood's p95 to the quiet phases' (both pooled, so the machine's drift between
// phases shows less) first (1.0 = the flood costs the tills nothing).
//
//   node --import tsx bench/login-flood.ts [identifies per phase, default 400] [settle s, default 3]
//
// The flood runs `settle` seconds before its phase is measured: the budget's saved-up burst
// (ten seconds' worth) is spent in its first second, and a flood lasts longer than that; the
// burst would otherwise be most of a 2-second phase's password checks. The server process's
// CPU time per answered sign-in (main thread and password-hashing threads together, beyond
// what the same identifies cost quiet) is printed too: unlike a p95 it does not depend much
// on what else the machine runs.
//
// Over real HTTP on 127.0.0.1; the flood comes from a second process (login-flood-client.ts),
// as it would from other machines. The per-address sign-in limit (20 a minute) is lifted, as
// if the flood came from many addresses: what is measured is the scrypt work within the
// server's sign-in budget (KOPILKA_SIGN_IN_CHECKS_PER_SECOND) and the cost of refusing the
// rest, not the 429 that one address would meet. PGlite in memory unless DATABASE_URL is set.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createGuest, issueCard } from '../src/app/admin/guests.ts';
import { createOrganization, createRestaurant, createTerminal } from '../src/app/admin/tenancy.ts';
import { createUser } from '../src/app/admin/users.ts';
import { createContext, type Actor } from '../src/app/context.ts';
import { openDatabase, configuredTarget, describeTarget } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildServer } from '../src/http/server.ts';
import { config } from '../src/config.ts';

const PER_PHASE = Number(process.argv[2] ?? 400);
const SETTLE_SECONDS = Number(process.argv[3] ?? 3);
const FLOODERS = 20;

const target = process.env.DATABASE_URL ? configuredTarget() : ({ kind: 'pglite' } as const);
const { db, close } = await openDatabase(target);
await migrateToLatest(db);
const ctx = createContext(db);
const app = await buildServer(ctx, { signInPerMinute: 1_000_000 });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const org = await createOrganization(ctx, { name: 'Flood', settings: {} }, 'bench');
const actor: Actor = { orgId: org.id, type: 'system', id: null, name: 'bench' };
const restaurant = await createRestaurant(ctx, actor, {
  name: 'Flood',
  time_zone: 'Europe/Moscow',
  integration: 'rkeeper7',
});
const terminal = await createTerminal(ctx, actor, { restaurant_id: restaurant.id, name: 'Till' });
const guest = await createGuest(ctx, actor, { last_name: 'Flood', first_name: 'F', phone: null });
const card = await issueCard(ctx, actor, { guest_id: guest.id, number: '100038', uid: '61366822' });
await createUser(ctx, actor, {
  email: 'owner@flood.example',
  name: 'Owner',
  role: 'owner',
  password: 'correct horse battery staple',
});

async function identify(): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${base}/api/pos/v1/identify`, {
    method: 'POST',
    headers: { authorization: `Bearer ${terminal.key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ card_id: card.id }),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`identify answered ${res.status}`);
  return performance.now() - started;
}

/** The identifies' times, sorted, and the process's CPU ms (user + system) they took. */
async function phase(): Promise<{ times: number[]; cpuMs: number; seconds: number }> {
  const times: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < PER_PHASE; i++) times.push(await identify());
  const used = process.cpuUsage(cpu);
  return {
    times: times.sort((a, b) => a - b),
    cpuMs: (used.user + used.system) / 1000,
    seconds: (performance.now() - started) / 1000,
  };
}

const p95 = (sorted: number[]) => sorted[Math.floor(sorted.length * 0.95)] as number;
const p50 = (sorted: number[]) => sorted[sorted.length >> 1] as number;
const ms = (n: number) => Number(n.toFixed(1));

for (let i = 0; i < 50; i++) await identify(); // warm-up
const before = await phase();

const client = fork(new URL('./login-flood-client.ts', import.meta.url), [base, String(FLOODERS)]);
await once(client, 'message'); // flooding
await new Promise((resolve) => setTimeout(resolve, SETTLE_SECONDS * 1000));
client.send('count'); // the statuses so far, so the phase's own can be told apart
const [settled] = (await once(client, 'message')) as [Record<string, number>];
const flooded = await phase();
client.send('stop');
const [total] = (await once(client, 'message')) as [Record<string, number>];
const after = await phase();

const statuses = Object.fromEntries(
  Object.entries(total).map(([status, n]) => [status, n - (settled[status] ?? 0)]),
);
const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
const quiet = [...before.times, ...after.times].sort((a, b) => a - b);
const quietCpuPerIdentify = (before.cpuMs + after.cpuMs) / (2 * PER_PHASE);

console.log(
  JSON.stringify({
    p95_ratio_flood_to_quiet: Number((p95(flooded.times) / p95(quiet)).toFixed(2)),
    identify_p95_ms: {
      quiet: ms(p95(quiet)),
      flood: ms(p95(flooded.times)),
      quiet_before: ms(p95(before.times)),
      quiet_after: ms(p95(after.times)),
    },
    identify_p50_ms: { quiet: ms(p50(quiet)), flood: ms(p50(flooded.times)) },
    server_cpu_ms_per_sign_in: Number(
      ((flooded.cpuMs - quietCpuPerIdentify * PER_PHASE) / Math.max(1, answered)).toFixed(3),
    ),
    sign_ins_per_s: Math.round(answered / flooded.seconds),
    sign_in_statuses: statuses,
    settle_seconds: SETTLE_SECONDS,
    sign_in_checks_per_s_budget: config.signInChecksPerSecond,
    identifies_per_phase: PER_PHASE,
    flooders: FLOODERS,
    database: describeTarget(target),
  }),
);
await app.close();
await close();
