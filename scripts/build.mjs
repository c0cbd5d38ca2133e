// `npm run build`: the server (src/ → dist/kopilka.mjs, esbuild) and the cabinet (web/ →
// web/dist, Vite), each only when its sources changed since the last build. What runs in
// production is plain JavaScript: Node needs neither esbuild nor tsx at run time, so both are
// development dependencies. bin/kopilka.mjs calls ensureServer() in a checkout, so `npm start`
// and the tests always run the current source without a separate build command.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { ensureCabinet } from './ensure-cabinet.mjs';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
export const SERVER = join(dist, 'kopilka.mjs');
const stamp = join(dist, '.source-hash');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** One hash over what the bundle is made of: src/, the lockfile (esbuild's version), this file. */
function sourceHash() {
  const h = createHash('sha256');
  for (const f of [
    ...files(join(root, 'src')),
    join(root, 'package-lock.json'),
    import.meta.filename,
  ])
    h.update(relative(root, f)).update('\0').update(readFileSync(f));
  return h.digest('hex');
}

/** Builds dist/kopilka.mjs when missing or older than src/; returns whether it built. */
export async function ensureServer() {
  const hash = sourceHash();
  const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
  if (built === hash && existsSync(SERVER)) return false;
  // Only here: an installed server (no src/) never loads the compiler.
  const { build } = await import('esbuild');
  const { outputFiles } = await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages stay in node_modules, resolved as usual from dist/.
    packages: 'external',
    sourcemap: 'external',
    sourcesContent: false,
    outfile: SERVER,
    write: false,
    logLevel: 'error',
  });
  mkdirSync(dist, { recursive: true });
  // Written aside and renamed into place: servers started together (the tests start many)
  // never read a half-written file.
  const put = (file, contents) => {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, contents);
    renameSync(tmp, file);
  };
  const js = outputFiles.find((f) => f.path.endsWith('.mjs'));
  const map = outputFiles.find((f) => f.path.endsWith('.map'));
  put(`${SERVER}.map`, map.contents);
  put(
    SERVER,
    `${js.text.replace(/\/\/# sourceMappingURL=.*\n?$/, '')}//# sourceMappingURL=kopilka.mjs.map\n`,
  );
  put(stamp, `${hash}\n`);
  return true;
}

if (process.argv[1] === import.meta.filename) {
  if (await ensureServer()) console.log('Built the server: dist/kopilka.mjs');
  else console.log('The server is up to date: dist/kopilka.mjs');
  ensureCabinet();
}
