// Kopilka's scale-out path distributes every tenant table by org_id (docs/scaling.md). That
// holds only while every primary key, foreign key and unique index of a tenant table leads
// with org_id: then a row, its children and its uniqueness live on one shard, and a statement
// filtered by org_id stays there. This fails the moment a migration adds a key that does not,
// unless the table is one of the few global ones below, each with its reason.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { GLOBAL_TABLES } from '../support/tenancy.ts';

const GLOBAL = GLOBAL_TABLES;

/**
 * Keys of tenant tables that are global on purpose: each is looked up before the organization
 * is known. Under Citus each becomes a small reference table mapping the value to its org_id
 * (docs/scaling.md); the tenant table then drops the global unique index.
 */
const GLOBAL_KEYS: Record<string, string> = {
  restaurants_code:
    'a restaurant’s short code is read aloud to support and typed into a till with no organization yet: unique across all organizations',
  registration_links_token:
    'a guest opens a registration link knowing nothing but its token: the token names the organization',
  wallet_apple_settings_pass_type:
    'a phone asks Apple’s web service about a pass by its pass type and serial only: the pass type names the organization',
};

interface Key {
  table: string;
  kind: string;
  name: string;
  columns: string[];
}

let t: TestDatabase;
let keys: Key[];

before(async () => {
  t = await testDatabase();
  const constraints = await sql<Key>`
    select c.conrelid::regclass::text as table,
      case c.contype when 'p' then 'primary key' when 'f' then 'foreign key' else 'unique' end as kind,
      c.conname as name,
      array(select a.attname::text from unnest(c.conkey) with ordinality as k(n, ord)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.ord) as columns
    from pg_constraint c join pg_namespace s on s.oid = c.connamespace
    where s.nspname = 'public' and c.contype in ('p', 'f', 'u')`.execute(t.db);
  // Unique indexes made with CREATE UNIQUE INDEX are no constraints, but bind shards alike.
  const indexes = await sql<Key>`
    select i.indrelid::regclass::text as table, 'unique index' as kind, x.relname as name,
      array(select pg_get_indexdef(i.indexrelid, k.ord::int, true)
        from generate_series(1, i.indnkeyatts) as k(ord) order by k.ord) as columns
    from pg_index i join pg_class x on x.oid = i.indexrelid
    join pg_namespace s on s.oid = x.relnamespace
    where s.nspname = 'public' and i.indisunique and not i.indisprimary
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`.execute(t.db);
  keys = [...constraints.rows, ...indexes.rows];
});

after(async () => {
  await t.close();
});

test('every key of a tenant table leads with org_id', () => {
  const tenant = keys.filter((k) => !(k.table in GLOBAL) && !(k.name in GLOBAL_KEYS));
  assert.ok(tenant.length > 40, `the catalogue was read (${tenant.length} keys)`);
  const stray = tenant
    .filter((k) => k.columns[0] !== 'org_id')
    .map((k) => `${k.table}: ${k.kind} ${k.name} (${k.columns.join(', ')})`);
  assert.deepEqual(stray, [], 'keys that would span shards');
});

test('the global tables are what the allow-list says, and still exist', () => {
  for (const [table, { key }] of Object.entries(GLOBAL)) {
    const pk = keys.find((k) => k.table === table && k.kind === 'primary key');
    assert.ok(pk, `${table} is gone: take it off the allow-list`);
    assert.deepEqual(pk.columns, [key], `${table}'s primary key`);
  }
  for (const name of Object.keys(GLOBAL_KEYS)) {
    assert.ok(
      keys.some((k) => k.name === name),
      `${name} is gone: take it off the allow-list`,
    );
  }
  // Nothing points into a global table except organizations, by the tenant's own org_id.
  const into = keys.filter(
    (k) => k.kind === 'foreign key' && !(k.table in GLOBAL) && k.name && k.columns.length === 1,
  );
  for (const k of into) assert.deepEqual(k.columns, ['org_id'], `${k.table}: ${k.name}`);
});
