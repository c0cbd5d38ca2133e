// The migration list must name every file of src/db/migrations, or a new table would silently
// never be created.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from '../../src/db/migrate.ts';

test('every migration file is in the list, in name order', () => {
  const folder = path.join(import.meta.dirname, '../../src/db/migrations');
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .sort();
  assert.deepEqual(Object.keys(MIGRATIONS), files);
});
