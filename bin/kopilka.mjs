#!/usr/bin/env node
// Runs the TypeScript CLI with no build step between a clone and a server: esbuild bundles
// src/ at every start (about 0.1 s, so the bundle is never stale) and Node runs plain
// JavaScript. A loader that compiles module by module (tsx) would stay resident for the
// process's life, about 45 MB of a server's memory. Packages stay external, resolved from
// node_modules as usual; source maps keep stack traces pointing at src/.
import cluster from 'node:cluster';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { build, stop } from 'esbuild';

// A streamed export allocates fast and briefly; by default V8 lets such garbage grow the heap
// by ~100 MB before collecting it. Favouring size keeps a server with a 160,000-row export
// under 150 MB; it costs a POS API close a fifth more server CPU (1.2 → 1.5 ms) and a FarCards
// check a little (1.91 → 1.98 ms). KOPILKA_OPTIMIZE_FOR=speed takes the other side
// (docs/benchmarks.md). Set first, before anything is allocated.
const optimizeFor = process.env.KOPILKA_OPTIMIZE_FOR ?? 'memory';
if (optimizeFor === 'memory') setFlagsFromString('--optimize-for-size');
else if (optimizeFor !== 'speed') {
  console.error(`KOPILKA_OPTIMIZE_FOR is "memory" or "speed", not "${optimizeFor}"`);
  process.exit(2);
}

/** Bundles src/ into the cache and returns the bundle's path. */
async function bundle() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  // Inside node_modules, so that the bundle's bare imports resolve to the project's packages.
  const cache = path.join(root, 'node_modules', '.cache', 'kopilka');
  const DAY_MS = 24 * 3600 * 1000;

  const { outputFiles } = await build({
    entryPoints: [path.join(root, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'external',
    sourcesContent: false,
    outdir: cache,
    write: false,
    logLevel: 'error',
  });
  await stop();
  const js = outputFiles.find((f) => f.path.endsWith('.js'));
  const map = outputFiles.find((f) => f.path.endsWith('.map'));
  // Named by content and renamed into place: servers started together never read a half-written
  // file, and a bundle in use is never overwritten.
  const name = `main-${createHash('sha256').update(js.contents).digest('hex').slice(0, 16)}.mjs`;
  const target = path.join(cache, name);
  mkdirSync(cache, { recursive: true });
  const put = (file, contents) => {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, contents);
    renameSync(tmp, file);
  };
  put(`${target}.map`, map.contents);
  put(
    target,
    `${js.text.replace(/\/\/# sourceMappingURL=.*\n?$/, '')}//# sourceMappingURL=${name}.map\n`,
  );
  // Bundles of earlier sources are left a day for processes that may still be starting from them.
  for (const f of readdirSync(cache)) {
    const p = path.join(cache, f);
    if (!f.startsWith(name) && Date.now() - statSync(p).mtimeMs > DAY_MS)
      rmSync(p, { force: true });
  }
  return target;
}

// Workers of `serve --workers N` (node:cluster) run the bundle their primary built.
const entry =
  cluster.isWorker && process.env.KOPILKA_BUNDLE ? process.env.KOPILKA_BUNDLE : await bundle();
process.env.KOPILKA_BUNDLE = entry;
process.setSourceMapsEnabled(true);
await import(pathToFileURL(entry).href);
