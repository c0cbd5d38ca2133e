// The configuration: every environment variable is read in one place and checked at start. A
// wrong value stops the process with the variable named and exit code 2, not a stack trace;
// the README's table lists every variable there is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config.ts';

const ROOT = join(import.meta.dirname, '../..');

test('unset, every variable has its documented default', () => {
  const c = loadConfig({});
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.dataDir, './data');
  assert.equal(c.port, 8080);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.workers, 1);
  assert.equal(c.dbPool, 10);
  assert.equal(c.metrics, true);
  assert.equal(c.logLevel, 'warn');
  assert.equal(c.optimizeFor, 'memory');
  assert.equal(c.publicUrl, 'http://127.0.0.1:8080');
  assert.equal(c.cliUserName, 'cli');
  assert.equal(c.signInChecksPerSecond, 1);
  assert.deepEqual(c.sms, { provider: 'none' });
  assert.deepEqual(loadConfig({ PORT: '', LOG_LEVEL: '' }), c, 'an empty variable is an unset one');
});

test('values are read and typed', () => {
  const c = loadConfig({
    DATABASE_URL: 'postgresql://kopilka:pw@db:5432/kopilka',
    PORT: '0',
    KOPILKA_WORKERS: '4',
    KOPILKA_DB_POOL: '16',
    KOPILKA_METRICS: 'OFF',
    LOG_LEVEL: 'info',
    KOPILKA_SECRET_KEY: 'ab'.repeat(32),
    KOPILKA_PUBLIC_URL: 'https://kopilka.example',
  });
  assert.equal(c.port, 0);
  assert.equal(c.workers, 4);
  assert.equal(c.dbPool, 16);
  assert.equal(c.metrics, false);
  assert.equal(c.logLevel, 'info');
  assert.equal(c.secretKey?.length, 32);
  assert.equal(c.publicUrl, 'https://kopilka.example');
});

test('every wrong value is named at once, in Russian and English, and a database password is never echoed', () => {
  const bad = {
    DATABASE_URL: 'mysql://root:hunter2@db/kopilka',
    PORT: '80a',
    KOPILKA_WORKERS: '0',
    KOPILKA_DB_POOL: '-1',
    KOPILKA_METRICS: 'yes',
    LOG_LEVEL: 'loud',
    KOPILKA_OPTIMIZE_FOR: 'fast',
    KOPILKA_SECRET_KEY: 'too short',
    KOPILKA_PUBLIC_URL: 'kopilka.example',
  };
  let error: unknown;
  try {
    loadConfig(bad);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ConfigError);
  assert.deepEqual(error.problems.map((p) => p.variable).sort(), Object.keys(bad).sort());
  assert.match(
    error.message,
    /PORT: «80a» — нужно целое число от 0 до 65535 \/ "80a" is not a whole number/,
  );
  assert.match(error.message, /KOPILKA_METRICS: .*is not one of on, off/);
  assert.doesNotMatch(error.message, /hunter2/);
});

test('a wrong value at start: a clear message and exit code 2, no stack trace, nothing started', async () => {
  const child = spawn(process.execPath, [join(ROOT, 'bin/kopilka.mjs'), 'serve'], {
    env: { ...process.env, PORT: '80a', KOPILKA_METRICS: 'yes', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(code, 2, out);
  assert.match(out, /^Kopilka не запускается: .* invalid environment variables:$/m);
  assert.match(out, /^ {2}PORT: /m);
  assert.match(out, /^ {2}KOPILKA_METRICS: /m);
  assert.doesNotMatch(out, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(out, /listening/);
});

test("the README's configuration table lists every variable Kopilka reads, and no other", () => {
  const read = new Set<string>();
  const spy = new Proxy({} as Record<string, string | undefined>, {
    get: (_, name) => {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
  });
  loadConfig(spy);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('## Configuration'));
  const documented = new Set(
    [...table.slice(0, table.indexOf('\n## ', 1)).matchAll(/^\| *(`[A-Z_]+`(?:, `[A-Z_]+`)*) *\|/gm)]
      .flatMap((m) => m[1]!.split(', '))
      .map((v) => v.replaceAll('`', '')),
  );
  // The test suite's own variable is documented there too; Kopilka itself does not read it.
  documented.delete('KOPILKA_TEST_DATABASE_URL');
  assert.deepEqual([...read].sort(), [...documented].sort());
});
