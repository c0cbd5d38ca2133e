// A second yardstick for bench/farcards.ts, bench/pos-throughput.ts and bench/iiko-pay.ts:
// pgbench writing, per transaction, exactly the rows Kopilka wrote for one closed check — the
// claim, the order, its lines, the loyalty record and the bonus lot (where the check has them),
// the ledger entries, the outbox's events and the account moves — copied column for column from
// a check of the run, into the same tables with their indexes, constraints and foreign keys.
// It runs as one transaction of INSERTs and UPDATEs with the same 8 clients, each on its own 16
// guests as the tills are, twice: with pgbench's simple protocol (every statement's text parsed
// and planned at every check) and prepared (parsed and planned once per connection, and the
// check's values, being literals of the script, parsed with it: cheaper than any server that
// sends them per check). The two bracket PostgreSQL's own speed at this data. Checks per second
// over the prepared figure is the share of it that Kopilka keeps: the parsing, the rules, the
// checks and the answer are Kopilka's cost, the rows are the seed's.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { cpuWindow } from './cpu.ts';

/** The tills' guests: for each, the guest, its card and its deposit and bonus accounts. */
export interface BenchGuest {
  guestId: number;
  cardId: number;
  depositId: number;
  /** None where the bench's guests have no wallet (POS close, iiko pay). */
  bonusId?: number;
}

/** Per column, what the script writes instead of the model's literal (or how to derive it). */
type Replace = Record<string, string | ((literal: string) => string)>;

/** The rows `where` selects as `(literal, …)` tuples, with columns in `replace` rewritten. */
async function tuples(
  c: pg.Client,
  table: string,
  where: string,
  replace: Replace,
  params: unknown[],
  mayBeNone = false,
) {
  const cols = (
    await c.query<{ name: string }>(
      `select column_name as name from information_schema.columns
       where table_schema = current_schema() and table_name = $1 and column_name <> 'id'
         and is_generated = 'NEVER' order by ordinal_position`,
      [table],
    )
  ).rows.map((r) => r.name);
  const literals = cols.map((col) => `quote_nullable(${pg.escapeIdentifier(col)})`);
  const rows = await c.query<string[]>({
    text: `select ${literals.join(', ')} from ${pg.escapeIdentifier(table)} where ${where} order by ctid`,
    values: params,
    rowMode: 'array',
  });
  const values = rows.rows.map((row) => {
    const cells = row.map((v, i) => {
      const r = replace[cols[i] as string];
      return r === undefined ? v : typeof r === 'string' ? r : r(v);
    });
    return `(${cells.join(', ')})`;
  });
  if (values.length === 0 && !mayBeNone) throw new Error(`no ${table} rows to copy`);
  return { columns: cols.map((col) => pg.escapeIdentifier(col)).join(', '), values };
}

/** The pgbench script of one check, modelled on the order `orderId` of the run. */
async function script(
  c: pg.Client,
  orgId: number,
  orderId: number,
  guests: readonly BenchGuest[],
  perTill: number,
) {
  const order = (
    await c.query<{
      pos_order_id: string;
      restaurant_id: number;
      guest_id: number;
      card_id: number;
    }>(
      'select pos_order_id, restaurant_id, guest_id, card_id from orders where org_id = $1 and id = $2',
      [orgId, orderId],
    )
  ).rows[0];
  if (!order) throw new Error(`order ${orderId} not found`);
  const model = guests.find((g) => g.guestId === order.guest_id);
  if (!model) throw new Error('the model check is not a bench guest’s');
  // Typed: in prepared mode each `:n` is a parameter PostgreSQL cannot always infer.
  const id = `'pgbench-' || :n::text`;
  // Whoever the model's rows name, the transaction's own guest takes their place.
  const people: Replace = {
    guest_id: ':guest',
    card_id: ':card',
    payer_guest_id: ':guest',
    payer_card_id: ':card',
  };
  // The claim's id is the order's (POS close), ends it (FarCards: `Sale:<order>`) or is its
  // tail (a payment's order is `payment:<id>`).
  const claim = await tuples(
    c,
    'pos_requests',
    `org_id = $1 and restaurant_id = $2 and (pos_id like '%' || $3 or $3 like '%:' || pos_id)`,
    { pos_id: id },
    [orgId, order.restaurant_id, order.pos_order_id],
  );
  const orders = await tuples(
    c,
    'orders',
    'org_id = $1 and id = $2',
    { ...people, pos_order_id: id },
    [orgId, orderId],
  );
  const lines = await tuples(
    c,
    'order_lines',
    'org_id = $1 and order_id = $2',
    { order_id: ':order_id' },
    [orgId, orderId],
  );
  // A close with no discount, accrual or budget keeps no loyalty record, and one paid only from
  // a deposit opens no lot.
  const loyalty = await tuples(
    c,
    'loyalty_orders',
    'org_id = $1 and order_id = $2',
    { ...people, order_id: ':order_id' },
    [orgId, orderId],
    true,
  );
  // A deposit entry goes to the transaction's deposit, an accrual to its wallet.
  const account = (literal: string) =>
    literal === pg.escapeLiteral(String(model.depositId)) ? ':deposit' : ':bonus';
  const entries = await tuples(
    c,
    'ledger_entries',
    'org_id = $1 and order_id = $2',
    { ...people, account_id: account, order_id: ':order_id', pos_txn_id: id },
    [orgId, orderId],
  );
  const lots = await tuples(
    c,
    'bonus_lots',
    'org_id = $1 and entry_id in (select id from ledger_entries where org_id = $1 and order_id = $2)',
    { account_id: ':bonus', entry_id: '(select min(id) from e)' },
    [orgId, orderId],
    true,
  );
  // The close's events (none when the run wrote none: KOPILKA_EVENTS=off); each copy's keys its own.
  const events = await tuples(
    c,
    'outbox_events',
    `org_id = $1 and payload->>'id' = $2::text`,
    { dedup_key: (literal) => `${literal} || '-pgbench-' || :n::text` },
    [orgId, orderId],
    true,
  );
  const moves = (
    await c.query<{ account_id: number; moved: string }>(
      'select account_id, sum(amount)::text as moved from ledger_entries where org_id = $1 and order_id = $2 group by account_id',
      [orgId, orderId],
    )
  ).rows;
  const array = (f: (g: BenchGuest) => number) => `(array[${guests.map(f).join(',')}])[:k]`;
  return [
    `\\set k :client_id % ${guests.length / perTill} * ${perTill} + random(1, ${perTill})`,
    'BEGIN;',
    `SELECT ${array((g) => g.guestId)} AS guest, ${array((g) => g.cardId)} AS card, ${array((g) => g.depositId)} AS deposit, ` +
      `${array((g) => g.bonusId ?? 0)} AS bonus, nextval('kopilka_pgbench_check') AS n \\gset`,
    `INSERT INTO pos_requests (${claim.columns}) VALUES ${claim.values.join(', ')};`,
    `INSERT INTO orders (${orders.columns}) VALUES ${orders.values.join(', ')} RETURNING id AS order_id \\gset`,
    `INSERT INTO order_lines (${lines.columns}) VALUES ${lines.values.join(', ')};`,
    ...(loyalty.values.length > 0
      ? [`INSERT INTO loyalty_orders (${loyalty.columns}) VALUES ${loyalty.values.join(', ')};`]
      : []),
    ...(events.values.length > 0
      ? [`INSERT INTO outbox_events (${events.columns}) VALUES ${events.values.join(', ')};`]
      : []),
    lots.values.length > 0
      ? `WITH e AS (INSERT INTO ledger_entries (${entries.columns}) VALUES ${entries.values.join(', ')} RETURNING id) ` +
        `INSERT INTO bonus_lots (${lots.columns}) VALUES ${lots.values.join(', ')};`
      : `INSERT INTO ledger_entries (${entries.columns}) VALUES ${entries.values.join(', ')};`,
    ...moves.map(
      (m) =>
        `UPDATE accounts SET balance = balance + ${m.moved} WHERE org_id = ${orgId} AND id = ${m.account_id === model.depositId ? ':deposit' : ':bonus'};`,
    ),
    'END;',
    '',
  ].join('\n');
}

/**
 * Runs the yardstick against the bench's database (the server stopped) in both protocols and
 * returns their TPS, and the whole machine's CPU per prepared transaction (PostgreSQL with
 * pgbench's client, and anything else that ran). What it wrote goes with the database, which
 * the caller drops.
 */
export async function sameRowsTps(
  url: string,
  orgId: number,
  orderId: number,
  guests: readonly BenchGuest[],
  perTill: number,
  seconds: number,
): Promise<{ simple: number; prepared: number; preparedCpuMs: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  let text: string;
  try {
    await c.query('create sequence if not exists kopilka_pgbench_check');
    text = await script(c, orgId, orderId, guests, perTill);
  } finally {
    await c.end();
  }
  const file = path.join(tmpdir(), `kopilka-same-rows-${process.pid}.sql`);
  writeFileSync(file, text);
  const clients = String(guests.length / perTill);
  const tps = (protocol: 'simple' | 'prepared') => {
    const window = cpuWindow({});
    const run = spawnSync(
      'pgbench',
      ['-n', '-M', protocol, '-c', clients, '-j', '2', '-T', String(seconds), '-f', file, url],
      { encoding: 'utf8' },
    );
    const busy = window.end().machineBusy;
    const m = /tps = ([\d.]+)/.exec(run.stdout);
    const done = /number of transactions actually processed: (\d+)/.exec(run.stdout);
    const failed = /number of failed transactions: (\d+)/.exec(run.stdout);
    if (run.status !== 0 || !m || !done || (failed && failed[1] !== '0')) {
      throw new Error(`pgbench (same rows, ${protocol}) failed: ${run.stderr}\n${run.stdout}`);
    }
    return { tps: Number(m[1]), cpuMs: (busy * 1000) / Number(done[1]) };
  };
  try {
    const simple = tps('simple');
    const prepared = tps('prepared');
    const result = { simple: simple.tps, prepared: prepared.tps, preparedCpuMs: prepared.cpuMs };
    await sameWork(url, orgId, orderId);
    return result;
  } finally {
    rmSync(file, { force: true });
  }
}

/** Every transaction of the yardstick wrote as many rows of each kind as the model check. */
async function sameWork(url: string, orgId: number, orderId: number): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // Counted one table at a time over the orders `where` picks: semi-joins, no fan-out.
    const per = async (where: string) =>
      (
        await c.query<{ orders: string; lines: string; entries: string; lots: string }>(
          `with o as (select id from orders where org_id = $1 and ${where}),
             e as (select id from ledger_entries where org_id = $1 and order_id in (select id from o))
           select (select count(*) from o) as orders,
             (select count(*) from order_lines where org_id = $1 and order_id in (select id from o)) as lines,
             (select count(*) from e) as entries,
             (select count(*) from bonus_lots where org_id = $1 and entry_id in (select id from e)) as lots`,
          [orgId, orderId],
        )
      ).rows[0];
    const model = await per('id = $2');
    const copies = await per(`pos_order_id like 'pgbench-%' and $2::bigint is not null`);
    if (!model || !copies || Number(copies.orders) === 0)
      throw new Error('the yardstick wrote no check');
    for (const k of ['lines', 'entries', 'lots'] as const) {
      if (Number(copies[k]) !== Number(model[k]) * Number(copies.orders)) {
        throw new Error(
          `the yardstick wrote ${copies[k]} ${k} for ${copies.orders} checks; the model has ${model[k]}`,
        );
      }
    }
  } finally {
    await c.end();
  }
}
