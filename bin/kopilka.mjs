#!/usr/bin/env node
// Runs the built server, dist/kopilka.mjs: plain JavaScript, no compiler at run time. In a
// checkout (src/ present) it is rebuilt first when the source changed (scripts/build.mjs,
// about 0.1 s when it does), so `npm start` and the tests never run a stale build; an installed
// server (the Docker image) has no src/ and runs what `npm run build` made. Source maps keep
// stack traces pointing at src/.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// A streamed export allocates fast and briefly; by default V8 lets such garbage grow the heap
// by ~100 MB before collecting it. Favouring size keeps a server with a 160,000-row export
// under 150 MB; it costs a POS API close a fifth more server CPU (1.2 → 1.5 ms) and a FarCards
// check a little (1.91 → 1.98 ms). KOPILKA_OPTIMIZE_FOR=speed takes the other side
// (docs/benchmarks.md). Set first, before anything is allocated; src/config.ts checks the
// value too, for the table of all variables.
const optimizeFor = process.env.KOPILKA_OPTIMIZE_FOR || 'memory';
if (optimizeFor === 'memory') setFlagsFromString('--optimize-for-size');
else if (optimizeFor !== 'speed') {
  console.error(
    `KOPILKA_OPTIMIZE_FOR: «${optimizeFor}» — допустимо: memory, speed / "${optimizeFor}" is not one of memory, speed`,
  );
  process.exit(2);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let server = path.join(root, 'dist', 'kopilka.mjs');
// Workers of `serve --workers N` (node:cluster) run what their primary checked.
if (!cluster.isWorker && existsSync(path.join(root, 'src'))) {
  const { ensureServer, SERVER } = await import('../scripts/build.mjs');
  await ensureServer();
  server = SERVER;
}
process.setSourceMapsEnabled(true);
await import(pathToFileURL(server).href);
