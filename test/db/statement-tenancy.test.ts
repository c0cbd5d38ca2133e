// Past one primary (docs/scaling.md): a statement stays on one Citus node only when every
// tenant table it touches is pinned to one organization. The hot statements of the tills are
// committed as SQL snapshots (test/snapshots/sql/, compared by the tests that run them); this
// reads every statement there and fails when one reads, updates or deletes a tenant table
// without an org_id condition, or inserts into one without org_id. The global tables are
// test/support/tenancy.ts's allow-list, the same the key check (tenancy-keys) uses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { testDatabase, type TestDatabase } from '../support/db.ts';
import { orgFilterProblems, snapshotStatements } from '../support/org-filter.ts';
import { GLOBAL_TABLES } from '../support/tenancy.ts';

const DIR = new URL('../snapshots/sql/', import.meta.url);
let t: TestDatabase;
let tenant: Set<string>;

before(async () => {
  t = await testDatabase();
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(t.db);
  tenant = new Set(tables.rows.map((r) => r.name).filter((n) => !(n in GLOBAL_TABLES)));
});
after(async () => {
  await t.close();
});

const snapshots = () =>
  readdirSync(DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => ({
      file,
      statements: snapshotStatements(readFileSync(new URL(file, DIR), 'utf8')),
    }));

test('every statement of the SQL snapshots keeps to one organization', () => {
  const all = snapshots();
  assert.ok(all.length >= 6, `the snapshots were read (${all.length} files)`);
  assert.ok(
    tenant.has('ledger_entries') && !tenant.has('sign_in_failures'),
    'the tenant tables were read',
  );
  const found = all.flatMap(({ file, statements }) =>
    statements.flatMap((s, n) =>
      orgFilterProblems(s, tenant).map(
        (p) => `${file} #${n + 1}: ${p.table} (${p.alias}) ${p.why}`,
      ),
    ),
  );
  assert.deepEqual(found, []);
});

test('the check fails a statement whose org_id condition or column is taken away', () => {
  let mutants = 0;
  for (const { file, statements } of snapshots()) {
    statements.forEach((s, n) => {
      // Each org_id condition or inserted org_id in turn, alone.
      const conditions = [
        ...s.matchAll(
          /(?:"?[a-z_]+"?\.)?"?org_id"?\s*=\s*(?:\$\d+|any\(\$\d+[^)]*\)|"?[a-z_]+"?\."?org_id"?)/gi,
        ),
      ];
      for (const m of conditions) {
        const mutant = `${s.slice(0, m.index)}true${s.slice((m.index ?? 0) + m[0].length)}`;
        const problems = orgFilterProblems(mutant, tenant);
        assert.ok(problems.length > 0, `${file} #${n + 1} without «${m[0]}» passed:\n${mutant}`);
        mutants++;
      }
      for (const m of s.matchAll(/insert into "?([a-z_]+)"? \(("?org_id"?, )/gi)) {
        const at = (m.index ?? 0) + m[0].length - (m[2] ?? '').length;
        const mutant = `${s.slice(0, at)}${s.slice(at + (m[2] ?? '').length)}`;
        assert.ok(
          orgFilterProblems(mutant, tenant).length > 0,
          `${file} #${n + 1}: insert into ${m[1]} without org_id passed`,
        );
        mutants++;
      }
    });
  }
  assert.ok(mutants >= 40, `${mutants} mutants`);
  // And by hand: a statement that forgets the organization altogether.
  assert.deepEqual(
    orgFilterProblems('select * from "cards" where "number" = $1', tenant).map((p) => p.table),
    ['cards'],
  );
});
