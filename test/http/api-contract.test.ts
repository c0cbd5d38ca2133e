// The admin API's OpenAPI document is the contract the cabinet's client is generated from:
// every operation is named once, and the committed client matches the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { API_SCHEMA_FILE, apiSchemaText, openApiDocument } from '../../scripts/lib/api-schema.ts';

type Operation = { operationId?: string; responses?: Record<string, unknown> };
const adminOperations = async () => {
  const doc = (await openApiDocument()) as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/admin/'))
    .flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ route: `${method} ${path}`, op })),
    );
};

test('every admin operation has an operationId of its own and documents its error answers', async () => {
  const ops = await adminOperations();
  assert.ok(ops.length >= 80, `${ops.length} admin operations`);
  const ids = ops.map((o) => o.op.operationId);
  assert.deepEqual(
    ops.filter((o) => !o.op.operationId).map((o) => o.route),
    [],
  );
  assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  for (const { route, op } of ops) assert.ok(op.responses?.['4XX'], `${route} documents 4XX`);
});

test(`${API_SCHEMA_FILE} is generated from the current server (run npm run gen:api)`, async () => {
  assert.equal(readFileSync(API_SCHEMA_FILE, 'utf8'), await apiSchemaText());
});
