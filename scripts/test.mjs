// The whole test suite: every test file on embedded PGlite, then the database-backed files
// again on a PostgreSQL server when KOPILKA_TEST_DATABASE_URL is set. Node's own test runner;
// test files are found here because Node 20 does not expand globs for --test.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : findTests(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const filter = process.argv.slice(2);
const all = findTests('test')
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
const usesDatabase = (f) => readFileSync(f, 'utf8').includes('testDatabase(');

function run(label, files, env) {
  return new Promise((resolve) => {
    console.log(`\n=== ${label}: ${files.length} test files ===`);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const counts = { pass: 0, fail: 0, skipped: 0 };
    // The summary lines come before the list of failures, which can be long: read them as
    // they pass rather than from the end of the output.
    let partial = '';
    const take = (line) => {
      const m = line.match(/^ℹ (pass|fail|skipped) (\d+)$/);
      if (m) counts[m[1]] = Number(m[2]);
    };
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(take);
    });
    child.on('close', (code) => {
      take(partial);
      if (code !== 0 && counts.fail === 0) counts.fail = 1;
      resolve(counts);
    });
  });
}

const runs = [await run('PGlite', all, { KOPILKA_TEST_DB: 'pglite' })];
const pgUrl = process.env.KOPILKA_TEST_DATABASE_URL;
if (pgUrl) {
  runs.push(await run('PostgreSQL', all.filter(usesDatabase), { KOPILKA_TEST_DB: 'postgres' }));
} else {
  console.log('\nKOPILKA_TEST_DATABASE_URL is not set: the PostgreSQL pass is skipped.');
}
const total = runs.reduce((a, r) => ({
  pass: a.pass + r.pass,
  fail: a.fail + r.fail,
  skipped: a.skipped + r.skipped,
}));
console.log(`\ntests: ${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped`);
process.exit(total.fail > 0 ? 1 : 0);
