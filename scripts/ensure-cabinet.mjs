// Lets `npm start` and `npm test` serve a current cabinet without a third command: builds
// web/ into web/dist (Vite) when the build is missing or its sources changed since. The
// sources' content hash, not their mtimes, decides, so a checkout or a rebase that touches
// files without changing them does not rebuild. Plain Node; Vite comes from node_modules.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const web = join(root, 'web');
const stamp = join(web, 'dist', '.source-hash');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** One hash over everything the build reads: web/src, the page, the config, the lockfile. */
export function sourceHash() {
  const h = createHash('sha256');
  const inputs = [
    ...files(join(web, 'src')),
    join(web, 'index.html'),
    join(web, 'vite.config.ts'),
    join(root, 'package-lock.json'),
  ];
  for (const f of inputs) h.update(relative(root, f)).update('\0').update(readFileSync(f));
  return h.digest('hex');
}

export function ensureCabinet() {
  const hash = sourceHash();
  const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
  if (built === hash && existsSync(join(web, 'dist', 'index.html'))) return false;
  console.log('Building the cabinet (web/ → web/dist)…');
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      join(web, 'vite.config.ts'),
      '--logLevel',
      'warn',
    ],
    { stdio: 'inherit', cwd: root },
  );
  writeFileSync(stamp, `${hash}\n`);
  return true;
}

if (process.argv[1] === import.meta.filename) ensureCabinet();
