// A generated restaurant network for the report benchmarks, on PostgreSQL, in a database of
// its own: 100 restaurants (every tenth in Asia/Yekaterinburg, the rest in Moscow), 200,000
// guests with a card, a bonus wallet and a deposit each, 250,000 checks over January–March
// 2024 with 1–4 lines of 200 items, and exactly 1,000,000 ledger entries (per-line deposit
// payments, bonus payments, accruals with their lots, top-ups). Everything is set-based
// INSERT … SELECT generate_series, so the whole network takes well under a minute.
//
//   KOPILKA_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     npx tsx bench/generate-network.ts [--keep]
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';

export const NETWORK = { restaurants: 100, guests: 200_000, orders: 250_000, items: 200, entries: 1_000_000 };

export interface Network {
  url: string;
  orgId: number;
  counts: Record<string, number>;
  seconds: number;
  drop(): Promise<void>;
}

async function admin(adminUrl: string, statement: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

// Each step is one statement over generate_series; ids are contiguous in a fresh database, so
// "guest number g" is base + g everywhere and no lookup table is needed.
const STEPS: [string, string][] = [
  ['organization', `insert into organizations (name) values ('Бенчмарк')`],
  [
    'restaurants',
    `insert into restaurants (org_id, name, code, time_zone, integration, test_mode)
     select 1, 'Ресторан ' || r, 'BENCH' || r,
            case when r % 10 = 0 then 'Asia/Yekaterinburg' else 'Europe/Moscow' end, 'rkeeper7', false
     from generate_series(1, ${NETWORK.restaurants}) r`,
  ],
  [
    'terminals',
    `insert into terminals (org_id, restaurant_id, name, key_hash, key_hint)
     select 1, r, 'Касса ' || r, 'bench', 'bench' from generate_series(1, ${NETWORK.restaurants}) r`,
  ],
  [
    'guests',
    `insert into guests (org_id, last_name, first_name, phone, attributes)
     select 1, 'Гость', 'N' || g, '+7900' || lpad(g::text, 7, '0'), '{}' from generate_series(1, ${NETWORK.guests}) g`,
  ],
  [
    'cards',
    `insert into cards (org_id, guest_id, number, uid)
     select 1, g, (10000000 + g)::text, (60000000 + g)::text from generate_series(1, ${NETWORK.guests}) g`,
  ],
  [
    'accounts',
    `insert into accounts (org_id, guest_id, kind, name, scheme, fiscal_mode)
     select 1, g, 'bonus', 'Бонусы', null, null from generate_series(1, ${NETWORK.guests}) g
     union all
     select 1, g, 'deposit', 'Депозит', 'debit', 'service' from generate_series(1, ${NETWORK.guests}) g`,
  ],
  [
    'orders',
    // Check i: restaurant i % 100 + 1, day i % 91 from 1 January, 09:00–22:00 local; four in
    // five checks carry a card of guest (i · 7919) mod 200,000 + 1.
    `insert into orders (org_id, restaurant_id, terminal_id, pos_order_id, check_number, card_id, guest_id,
                         closed_at, total, net_total, status, payments)
     select 1, x.r, x.r, 'B' || x.i, (1000000 + x.i)::text, x.g, x.g,
            (timestamp '2024-01-01 09:00' + make_interval(days => x.i % 91, mins => (x.i * 37) % 780))
              at time zone case when x.r % 10 = 0 then 'Asia/Yekaterinburg' else 'Europe/Moscow' end,
            0, 0, 'closed', '[]'
     from (select i, i % ${NETWORK.restaurants} + 1 as r,
                  case when i % 5 = 0 then null else (i * 7919) % ${NETWORK.guests} + 1 end as g
           from generate_series(1, ${NETWORK.orders}) i) x`,
  ],
  [
    'order lines',
    `insert into order_lines (org_id, order_id, line_no, item_code, item_name, category_code, category_name,
                              base_price, price, quantity_milli, amount)
     select 1, o.id, ln, 'I' || k, 'Позиция ' || k, 'C' || (k % 20), 'Категория ' || (k % 20),
            (100 + k % 50 * 20) * 100, (100 + k % 50 * 20) * 100, q * 1000, (100 + k % 50 * 20) * 100 * q
     from orders o
     cross join lateral generate_series(1, 1 + o.id % 4) ln
     cross join lateral (select (o.id * 31 + ln * 17) % ${NETWORK.items} + 1 as k,
                                case when (o.id + ln) % 7 = 0 then 2 else 1 end as q) v`,
  ],
  [
    'order totals',
    `update orders o set total = s.total, net_total = s.total
     from (select order_id, sum(amount) as total from order_lines group by order_id) s
     where o.id = s.order_id`,
  ],
  [
    'deposit payments',
    `insert into ledger_entries (org_id, account_id, guest_id, type, amount, occurred_at, restaurant_id, terminal_id,
                                 order_id, line_no, item_code, item_name, card_id, payer_guest_id, payer_card_id,
                                 source, pos_check_id, pos_txn_id)
     select 1, ${NETWORK.guests} + o.guest_id, o.guest_id, 'payment', -l.amount, o.closed_at, o.restaurant_id,
            o.terminal_id, o.id, l.line_no, l.item_code, l.item_name, o.card_id, o.guest_id, o.card_id,
            'pos', o.check_number, o.pos_order_id
     from orders o join order_lines l on l.order_id = o.id
     where o.guest_id is not null and o.id % 2 = 0`,
  ],
  [
    'bonus payments',
    `insert into ledger_entries (org_id, account_id, guest_id, type, amount, occurred_at, restaurant_id, terminal_id,
                                 order_id, line_no, item_code, item_name, card_id, payer_guest_id, payer_card_id,
                                 source, pos_check_id, pos_txn_id)
     select 1, o.guest_id, o.guest_id, 'bonus_payment', -least(l.amount, 5000), o.closed_at, o.restaurant_id,
            o.terminal_id, o.id, 1, l.item_code, l.item_name, o.card_id, o.guest_id, o.card_id,
            'pos', o.check_number, o.pos_order_id
     from orders o join order_lines l on l.order_id = o.id and l.line_no = 1
     where o.guest_id is not null and o.id % 10 = 3`,
  ],
  [
    'line payments',
    // What the close keeps on each line (migration 0009), from the entries just written.
    `update order_lines l set deposit_paid = p.deposit, bonus_paid = p.bonus
     from (select order_id, line_no,
                  coalesce(-sum(amount) filter (where type = 'payment'), 0) as deposit,
                  coalesce(-sum(amount) filter (where type = 'bonus_payment'), 0) as bonus
           from ledger_entries where type in ('payment', 'bonus_payment') group by order_id, line_no) p
     where l.order_id = p.order_id and l.line_no = p.line_no`,
  ],
  [
    'bonus accruals',
    `insert into ledger_entries (org_id, account_id, guest_id, type, amount, occurred_at, restaurant_id, terminal_id,
                                 order_id, card_id, payer_guest_id, payer_card_id, source, pos_check_id, pos_txn_id)
     select 1, o.guest_id, o.guest_id, 'bonus_accrual', greatest(o.total * 5 / 100, 1), o.closed_at, o.restaurant_id,
            o.terminal_id, o.id, o.card_id, o.guest_id, o.card_id, 'pos', o.check_number, o.pos_order_id
     from orders o where o.guest_id is not null`,
  ],
  [
    'bonus lots',
    `insert into bonus_lots (org_id, account_id, entry_id, amount, remaining, available_from, expires_at)
     select 1, e.account_id, e.id, e.amount, e.amount, e.occurred_at + interval '7 days',
            e.occurred_at + interval '180 days'
     from ledger_entries e where e.type = 'bonus_accrual'`,
  ],
  [
    'top-ups',
    // Each guest's deposit is funded at New Year, and the rest of the million entries are
    // top-ups spread over the quarter.
    `insert into ledger_entries (org_id, account_id, guest_id, type, amount, occurred_at, card_id, source, fiscal_mode)
     select 1, ${NETWORK.guests} + g, g, 'topup', case when n <= ${NETWORK.guests} then 500000 else 100000 end,
            timestamptz '2023-12-31 12:00+03' + make_interval(days => case when n <= ${NETWORK.guests} then 0 else (n % 91)::int end),
            g, 'pos', 'service'
     from (select n, (n - 1) % ${NETWORK.guests} + 1 as g
           from generate_series(1, ${NETWORK.entries} - (select count(*) from ledger_entries)) n) x`,
  ],
  [
    'balances',
    `update accounts a set balance = s.balance
     from (select account_id, sum(amount) as balance from ledger_entries group by account_id) s
     where a.id = s.account_id`,
  ],
  ['analyze', 'analyze'],
];

const COUNTED = ['restaurants', 'guests', 'cards', 'accounts', 'orders', 'order_lines', 'ledger_entries', 'bonus_lots'];

/** Creates, migrates and fills a database named kopilka_bench_…; `drop()` removes it. */
export async function generateNetwork(adminUrl: string, log = (_: string) => {}): Promise<Network> {
  const started = performance.now();
  const name = `kopilka_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  await admin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = () => admin(adminUrl, `drop database if exists ${name} with (force)`);
  const opened = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
  const client = new pg.Client({ connectionString: url.toString() });
  let failed = true;
  try {
    await migrateToLatest(opened.db);
    await client.connect();
    // A bench database is disposable: skip the WAL flush on each commit.
    await client.query('set synchronous_commit = off');
    for (const [label, statement] of STEPS) {
      const t = performance.now();
      await client.query(statement);
      log(`  ${label.padEnd(18)} ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const counts: Record<string, number> = {};
    for (const table of COUNTED) {
      counts[table] = Number((await client.query(`select count(*) from ${table}`)).rows[0].count);
    }
    failed = false;
    return { url: url.toString(), orgId: 1, counts, seconds: (performance.now() - started) / 1000, drop };
  } finally {
    await client.end().catch(() => {});
    await opened.close();
    if (failed) await drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const adminUrl = process.env.KOPILKA_BENCH_DATABASE_URL ?? process.env.KOPILKA_TEST_DATABASE_URL;
  if (!adminUrl) {
    console.error('Set KOPILKA_BENCH_DATABASE_URL (a PostgreSQL server where databases may be created).');
    process.exit(2);
  }
  const net = await generateNetwork(adminUrl, console.log);
  console.log(`generated in ${net.seconds.toFixed(1)} s:`, net.counts);
  if (process.argv.includes('--keep')) console.log(`kept: ${net.url}`);
  else await net.drop();
}
