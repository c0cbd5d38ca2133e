// Hostile bodies against the in-process server, many more than the suite's fuzzers send: every
// answer must be a 4xx (POS API) or the protocol's own answer (FarCards), never a 5xx.
//
//   node --import tsx bench/fuzz-bodies.ts <count> <seed> pos|farcards
//
// POS: bodies are built from the OpenAPI document's schema of each POS operation (a real card,
// real amounts), then broken — a field replaced by a hostile value (NUL, lone surrogates,
// 2^53, -0, 1e308, 10,000 characters, deep nesting, wrong types), a field dropped or added,
// or the JSON text cut, spliced or sprinkled with bytes. FarCards: the fake till's own bodies
// mutated as the suite's fuzzer does, plus random text and bytes, posted to every function.
// The database is PGlite in memory (DATABASE_URL selects PostgreSQL). Prints the count of
// each status and the first few 5xx with their bodies; exits 1 on any 5xx.
import { openDeposit } from '../src/app/admin/accounts.ts';
import { createGuest, issueCard } from '../src/app/admin/guests.ts';
import { createOrganization, createRestaurant, createTerminal } from '../src/app/admin/tenancy.ts';
import { createContext, type Actor } from '../src/app/context.ts';
import { issueFarCardsKey } from '../src/integrations/rkeeper/farcards/endpoints.ts';
import { topUp } from '../src/app/top-up.ts';
import { openDatabase, configuredTarget, describeTarget } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { buildServer } from '../src/http/server.ts';
import { FARCARDS_METHODS } from '../src/integrations/rkeeper/farcards/requests.ts';
import { FakeTill } from '../src/integrations/rkeeper/simulator/till.ts';
import {
  SEED_000_CARD,
  SEED_000_STATION,
  seed000Order,
} from '../src/integrations/rkeeper/simulator/dictionaries.ts';

const [countArg, seedArg, mode] = process.argv.slice(2);
const COUNT = Number(countArg ?? 1000);
if (!Number.isInteger(COUNT) || COUNT < 1 || (mode !== 'pos' && mode !== 'farcards')) {
  console.error('usage: node --import tsx bench/fuzz-bodies.ts <count> <seed> pos|farcards');
  process.exit(2);
}

// mulberry32: a small seeded generator, so a failing run is repeated exactly by its seed.
let state = Number(seedArg ?? 1) >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;

const target = process.env.DATABASE_URL ? configuredTarget() : ({ kind: 'pglite' } as const);
const { db, close } = await openDatabase(target);
await migrateToLatest(db);
const ctx = createContext(db);
const app = await buildServer(ctx, { signInPerMinute: 1_000_000 });
await app.ready();

const org = await createOrganization(ctx, { name: 'Fuzz', settings: {} }, 'fuzz');
const actor: Actor = { orgId: org.id, type: 'system', id: null, name: 'fuzz' };
const restaurant = await createRestaurant(ctx, actor, {
  name: 'Fuzz',
  time_zone: 'Europe/Moscow',
  integration: 'rkeeper7',
});
const terminal = await createTerminal(ctx, actor, { restaurant_id: restaurant.id, name: 'Fuzz' });
const principal = {
  orgId: org.id,
  restaurantId: restaurant.id,
  terminalId: terminal.terminal.id,
  terminalName: 'Fuzz',
};
const guest = await createGuest(ctx, actor, { last_name: 'Fuzz', first_name: 'F', phone: null });
const card = await issueCard(ctx, actor, {
  guest_id: guest.id,
  number: SEED_000_CARD.code,
  uid: String(SEED_000_CARD.uid),
});
await openDeposit(ctx, actor, { guest_id: guest.id, scheme: 'debit', fiscal_mode: 'service' });
await topUp(ctx, principal, {
  topup_id: 'fuzz-funds',
  card: { card_id: card.id },
  // Under the till's default top-up ceiling (500 000 ₽), which refuses anything larger.
  amount: 40_000_000,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is plain JSON
type Schema = any;
const HOSTILE: unknown[] = [
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '',
  ' ',
  'x'.repeat(10_000),
  '<script>',
  "'; drop table accounts; --",
  '%00',
  '٣',
  SEED_000_CARD.code,
  String(SEED_000_CARD.uid),
  0,
  -0,
  -1,
  1,
  2 ** 31,
  2 ** 53,
  -(2 ** 53),
  1e308,
  0.5,
  true,
  null,
  [],
  {},
  [[[[[[[[[[[]]]]]]]]]]],
  { card_id: card.id },
  { number: SEED_000_CARD.code },
  '2024-02-30T25:61:00Z',
  '2024-03-04T11:00:00+03:00',
];

function sample(s: Schema): unknown {
  if (s.anyOf ?? s.oneOf) return sample(pick(s.anyOf ?? s.oneOf));
  if (s.const !== undefined) return s.const;
  if (s.enum) return pick(s.enum);
  const type = Array.isArray(s.type) ? pick(s.type) : s.type;
  if (type === 'string') {
    if (s.format === 'date-time') return new Date(Date.now() - int(3_600_000)).toISOString();
    return pick([SEED_000_CARD.code, `f-${int(1_000_000)}`, 'Блюдо', '2470']);
  }
  if (type === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>))
      if ((s.required ?? []).includes(k) || random() < 0.3) out[k] = sample(v);
    return out;
  }
  if (type === 'array') return Array.from({ length: 1 + int(3) }, () => sample(s.items));
  if (type === 'integer' || type === 'number') {
    const min = s.minimum ?? 0;
    const max = Math.min(s.maximum ?? min + 100_000, min + 100_000);
    return min + int(max - min + 1);
  }
  if (type === 'boolean') return random() < 0.5;
  return null;
}

/** Replaces, drops or adds one field somewhere in `v`. */
function breakValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || random() < 0.2) return pick(HOSTILE);
  if (Array.isArray(v)) {
    if (v.length === 0 || random() < 0.2) return [...v, pick(HOSTILE)];
    const i = int(v.length);
    return v.map((x, j) => (j === i ? breakValue(x) : x));
  }
  const o = { ...(v as Record<string, unknown>) };
  const keys = Object.keys(o);
  const r = random();
  if (r < 0.15 && keys.length) delete o[pick(keys)];
  else if (r < 0.25)
    o[pick(['extra', '__proto__', 'constructor', 'amount', 'card'])] = pick(HOSTILE);
  else if (keys.length) {
    const k = pick(keys);
    o[k] = breakValue(o[k]);
  }
  return o;
}

/** Cuts, splices or sprinkles the text. */
function breakText(s: string): string {
  const at = int(s.length + 1);
  switch (int(4)) {
    case 0:
      return s.slice(0, at);
    case 1:
      return (
        s.slice(0, at) +
        pick(['{', '}', '"', ',', '\\', '\\u', '\\ud800', '\u0000', 'null', ':']) +
        s.slice(at)
      );
    case 2:
      return s.slice(0, at) + s.slice(at + 1 + int(20));
    default:
      return s.slice(0, at) + s.slice(int(s.length)) + s.slice(at);
  }
}

interface Shot {
  url: string;
  headers: Record<string, string>;
  payload: string | Buffer;
}

function posShots(): () => Shot {
  const doc = app.swagger() as unknown as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content?: Record<string, { schema: Schema }> } }>
    >;
  };
  const ops = Object.entries(doc.paths)
    .filter(([p]) => p.startsWith('/api/pos/'))
    .flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([m]) => m === 'post')
        .map(([, op]) => ({
          path: p,
          schema: op.requestBody?.content?.['application/json']?.schema,
        })),
    )
    .filter((o) => o.schema);
  return () => {
    const op = pick(ops);
    const url = op.path.replace(/\{[^}]+\}/g, () => pick(['f-1', 'x', String(int(100))]));
    let body = sample(op.schema);
    for (let i = int(3); i >= 0; i--) body = breakValue(body);
    let text = JSON.stringify(body) ?? 'null';
    if (random() < 0.2) text = breakText(text);
    return {
      url,
      headers: { authorization: `Bearer ${terminal.key}`, 'content-type': 'application/json' },
      payload: text,
    };
  };
}

async function farCardsShots(): Promise<() => Shot> {
  const { key } = await issueFarCardsKey(ctx, restaurant.id);
  const till = new FakeTill({ baseUrl: 'unused', restaurant: 9999, station: SEED_000_STATION });
  const valid = [
    till.cardInfoBody(SEED_000_CARD.code, seed000Order(), 'OrderCalc'),
    till.cardInfoBody(SEED_000_CARD.code),
    till.transactionsBody(SEED_000_CARD.code, seed000Order(), 'Sale', SEED_000_CARD.uid),
    till.transactionsBody(SEED_000_CARD.code, seed000Order(), 'OrderCalc', SEED_000_CARD.uid),
    '<ROOT><QRY Email="director@ucs.ru"/></ROOT>',
    '<ROOT><QRY CardCode="8002"/></ROOT>',
  ];
  const inserts = [
    '<',
    '>',
    '&',
    '"',
    '<!DOCTYPE x>',
    ']]>',
    '<![CDATA[',
    '&#0;',
    '&#xD800;',
    '</ROOT>',
    '<X>',
    '\u0000',
    '\uD800',
    '9'.repeat(30),
    '-1',
    'Summa="-5"',
  ];
  return () => {
    let body: string | Buffer;
    const r = random();
    if (r < 0.1) body = Buffer.from(Array.from({ length: int(300) }, () => int(256)));
    else {
      body = pick(valid);
      for (let i = int(6); i >= 0; i--) {
        const at = int(body.length + 1);
        const k = int(4);
        if (k === 0) body = body.slice(0, at) + pick(inserts) + body.slice(at);
        else if (k === 1) body = body.slice(0, at) + body.slice(at + 1 + int(40));
        else if (k === 2) body = body.slice(0, at) + body.slice(at - int(200), at) + body.slice(at);
        else if (random() < 0.3) body = body.slice(0, at);
      }
    }
    const method =
      random() < 0.95
        ? pick(FARCARDS_METHODS)
        : pick(['x', 'GETCARDINFOEX', '%00', 'a'.repeat(90)]);
    return {
      url: `/rk/${random() < 0.97 ? key : pick(['rk_1_1_x', 'x', key.slice(0, -1)])}/${method}`,
      headers: {
        'content-type': pick([
          'text/xml; charset=utf-8',
          'text/xml; charset=windows-1251',
          'application/octet-stream',
        ]),
      },
      payload: body,
    };
  };
}

const next = mode === 'pos' ? posShots() : await farCardsShots();
const statuses = new Map<number, number>();
const faults: string[] = [];
const started = performance.now();
for (let i = 0; i < COUNT; i++) {
  const shot = next();
  const res = await app.inject({
    method: 'POST',
    url: shot.url,
    headers: shot.headers,
    payload: shot.payload,
  });
  statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  if (res.statusCode >= 500 && faults.length < 5)
    faults.push(
      `${shot.url} ${String(shot.payload).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`,
    );
  if ((i + 1) % 10_000 === 0) console.error(`${i + 1} bodies…`);
}
const seconds = (performance.now() - started) / 1000;
const fives = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
console.log(
  JSON.stringify({
    mode,
    bodies: COUNT,
    seed: Number(seedArg ?? 1),
    database: describeTarget(target),
    seconds: Math.round(seconds),
    ms_per_body: Number(((seconds * 1000) / COUNT).toFixed(2)),
    statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
    five_xx: fives,
  }),
);
for (const f of faults) console.log(f);
await app.close();
await close();
process.exit(fives ? 1 : 0);
