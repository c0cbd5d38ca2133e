// `npm run lint` refuses an import against the layers (.dependency-cruiser.mjs): the very
// command the lint script runs is pointed at a small tree with one violation of each rule beside
// imports the layers allow, and must fail naming exactly the bad imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const CRUISER = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** The layer check's arguments, as `npm run lint` runs them. */
function lintArgs(): string[] {
  const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
  assert.match(scripts.lint, /npm run lint:layers/);
  const [bin, ...args] = scripts['lint:layers'].split(' ');
  assert.equal(bin, 'depcruise');
  return args;
}

/**
 * Runs the layer check in `cwd` with the repository's rules: once exactly as `npm run lint` does
 * (its exit status and what it prints), once for the violations as data.
 */
function cruise(cwd: string) {
  const run = (extra: string[]) =>
    spawnSync(process.execPath, [CRUISER, ...lintArgs(), ...extra], { cwd, encoding: 'utf8' });
  const asLint = run([]);
  const report = JSON.parse(run(['--output-type', 'json']).stdout) as {
    summary: { violations: { rule: { name: string }; from: string; to: string }[] };
  };
  return {
    status: asLint.status,
    printed: asLint.stdout + asLint.stderr,
    violations: report.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort(),
  };
}

/** One file per entry: path → the modules it imports (`type:` marks a type-only import). */
function writeTree(root: string, files: Record<string, string[]>) {
  for (const [path, imports] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    const lines = imports.map((spec, i) =>
      spec.startsWith('type:')
        ? `import type { T as T${i} } from '${spec.slice(5)}';`
        : `import { v as v${i} } from '${spec}';`,
    );
    const uses = imports.map((spec, i) => (spec.startsWith('type:') ? `T${i}` : `typeof v${i}`));
    writeFileSync(
      join(root, path),
      `${lines.join('\n')}\nexport const v = 1;\nexport type T = ${['number', ...uses].join(' | ')};\n`,
    );
  }
}

test('the layer check fails on an import up the layers or a cycle, and names the rule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kopilka-layers-'));
  try {
    copyFileSync(join(ROOT, '.dependency-cruiser.mjs'), join(dir, '.dependency-cruiser.mjs'));
    writeFileSync(join(dir, 'tsconfig.json'), readFileSync(join(ROOT, 'tsconfig.json')));
    writeTree(dir, {
      'src/config.ts': [],
      'src/domain/money.ts': ['node:crypto', 'kysely'],
      // The rule the old ESLint pattern missed: two levels up.
      'src/domain/loyalty/rules.ts': ['../money.ts', '../../db/schema.ts'],
      'src/db/schema.ts': ['../domain/money.ts', '../config.ts'],
      'src/db/repositories/orders.ts': ['type:../../app/context.ts'],
      'src/app/context.ts': ['../db/schema.ts', '../config.ts'],
      'src/app/pay.ts': ['./context.ts', 'type:./reversal.ts', '../integrations/rkeeper/plan.ts'],
      'src/app/reversal.ts': ['type:./pay.ts'],
      'src/integrations/rkeeper/plan.ts': ['../../app/pay.ts', '../../http/outcome.ts'],
      'src/integrations/rkeeper/route.ts': [
        './plan.ts',
        '../../http/server.ts',
        '../iiko/answers.ts',
      ],
      'src/integrations/iiko/answers.ts': ['../../app/context.ts'],
      'src/http/outcome.ts': [],
      'src/http/server.ts': ['../integrations/iiko/answers.ts', '../reports/sales.ts'],
      'src/reports/sales.ts': ['../app/context.ts', '../http/outcome.ts'],
      'src/events/worker.ts': ['../app/context.ts', '../cli/main.ts'],
      'src/cli/main.ts': ['../http/server.ts', '../events/worker.ts'],
    });
    const { status, printed, violations } = cruise(dir);
    assert.notEqual(status, 0);
    for (const v of violations) assert.ok(printed.includes(v.split(':')[0] + ':'), v);
    assert.deepEqual(violations, [
      'app-below-adapters: src/app/pay.ts → src/integrations/rkeeper/plan.ts',
      'cli-on-top: src/events/worker.ts → src/cli/main.ts',
      'db-below-app: src/db/repositories/orders.ts → src/app/context.ts',
      'domain-is-pure: src/domain/loyalty/rules.ts → src/db/schema.ts',
      'domain-is-pure: src/domain/money.ts → crypto',
      'domain-is-pure: src/domain/money.ts → kysely',
      'integrations-below-http: src/integrations/rkeeper/route.ts → src/http/server.ts',
      // Each cycle once: pay ↔ reversal (type-only both ways), pay → plan → pay (an arrow up
      // closes it), main ↔ worker.
      'no-circular: src/app/pay.ts → src/app/reversal.ts',
      'no-circular: src/app/pay.ts → src/integrations/rkeeper/plan.ts',
      'no-circular: src/cli/main.ts → src/events/worker.ts',
      'one-folder-per-integration: src/integrations/rkeeper/route.ts → src/integrations/iiko/answers.ts',
      'reports-and-events-use-app-only: src/events/worker.ts → src/cli/main.ts',
      'reports-and-events-use-app-only: src/reports/sales.ts → src/http/outcome.ts',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
