// The production build: `npm run build` makes dist/kopilka.mjs, plain JavaScript whose packages
// are all runtime dependencies; installed as the Docker image installs it — no src/, no
// compiler in node_modules — the server starts and answers /health/ready.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/kopilka-process.ts';

const ROOT = join(import.meta.dirname, '../..');
const COMPILERS = ['esbuild', '@esbuild', 'tsx', 'typescript', 'vite'];
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
const dir = mkdtempSync(join(tmpdir(), 'kopilka-installed-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function build() {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

test('the built server imports only runtime dependencies, and no compiler is one', () => {
  build();
  const js = readFileSync(join(ROOT, 'dist/kopilka.mjs'), 'utf8');
  const packages = new Set(
    [...js.matchAll(/(?:from |import\()["']([^"'./][^"']*)["']/g)]
      .map((m) => m[1]!)
      .filter((s) => !s.startsWith('node:'))
      .map((s) =>
        s
          .split('/')
          .slice(0, s.startsWith('@') ? 2 : 1)
          .join('/'),
      ),
  );
  assert.ok(packages.has('fastify') && packages.has('pg'), [...packages].join(', '));
  for (const p of packages) assert.ok(pkg.dependencies[p], `${p} is imported at run time`);
  for (const c of COMPILERS) assert.equal(pkg.dependencies[c], undefined, `${c} at run time`);
});

test('installed without its source and without a compiler, the server starts and is ready', async () => {
  build();
  // The image's layout: bin/, dist/, package.json and node_modules without the compilers.
  const app = join(dir, 'app');
  for (const part of ['bin', 'dist', 'package.json'])
    cpSync(join(ROOT, part), join(app, part), { recursive: true });
  mkdirSync(join(app, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (!COMPILERS.includes(name) && name !== '.cache' && name !== '.bin')
      symlinkSync(join(ROOT, 'node_modules', name), join(app, 'node_modules', name));
  }
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/kopilka.mjs', 'serve'], {
    cwd: app,
    env: {
      ...process.env,
      DATABASE_URL: '',
      KOPILKA_DATA_DIR: join(dir, 'data'),
      PORT: String(port),
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout.on('data', (d) => (printed += d));
  child.stderr.on('data', (d) => (printed += d));
  const exited = new Promise((resolve) => child.on('close', resolve));
  try {
    let status = 0;
    for (const started = Date.now(); Date.now() - started < 90_000 && child.exitCode === null;) {
      status = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200, printed);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});
