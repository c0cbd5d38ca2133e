// Lets `npm start` and `npm test` serve current web pages without a third command: builds the
// cabinet (web/ → web/dist) and the guest pages (web/guest → web/dist-guest) with Vite when a
// build is missing or its sources changed since. The sources' content hash, not their mtimes,
// decides, so a checkout or a rebase that touches files without changing them does not
// rebuild. Plain Node; Vite comes from node_modules.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const web = join(root, 'web');

/** The two builds: what each reads, its Vite config, and where it writes. */
export const BUILDS = {
  cabinet: {
    label: 'the cabinet (web/ → web/dist)',
    inputs: () => [
      ...files(join(web, 'src')),
      join(web, 'index.html'),
      join(web, 'vite.config.ts'),
    ],
    config: join(web, 'vite.config.ts'),
    out: join(web, 'dist'),
  },
  guest: {
    label: 'the guest pages (web/guest → web/dist-guest)',
    inputs: () => files(join(web, 'guest')),
    config: join(web, 'guest', 'vite.config.ts'),
    out: join(web, 'dist-guest'),
  },
};

function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** One hash over everything a build reads: its sources, page and config, and the lockfile. */
export function sourceHash(build = BUILDS.cabinet) {
  const h = createHash('sha256');
  for (const f of [...build.inputs(), join(root, 'package-lock.json')])
    h.update(relative(root, f)).update('\0').update(readFileSync(f));
  return h.digest('hex');
}

function ensureBuild(build) {
  const stamp = join(build.out, '.source-hash');
  const hash = sourceHash(build);
  const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
  if (built === hash && existsSync(join(build.out, 'index.html'))) return false;
  console.log(`Building ${build.label}…`);
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      build.config,
      '--logLevel',
      'warn',
    ],
    { stdio: 'inherit', cwd: root },
  );
  writeFileSync(stamp, `${hash}\n`);
  return true;
}

/** Builds what is stale; true when anything was built. */
export function ensureCabinet() {
  const built = Object.values(BUILDS).map(ensureBuild);
  return built.some(Boolean);
}

if (process.argv[1] === import.meta.filename) ensureCabinet();
