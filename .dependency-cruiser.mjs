// The layers of src/ (docs/architecture.md, Layers), checked by `npm run lint`:
//
//   cli ──► http ──► integrations/rkeeper │ integrations/iiko │ reports │ events ──► app ──► db ──► domain
//
// A folder imports the folders to its right, never one to its left; no module imports itself
// through others (type-only imports included: a cycle of types is a cycle of meaning).
// config.ts is read by every layer but the domain, and imports nothing of Kopilka's.

/** Folders above the use cases: they call app/, app/ never calls them. */
const ADAPTERS = '^src/(http|integrations|reports|events|cli)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module imports itself through others: split what both need into a third.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment: 'src/domain is rules only: no I/O, no packages, no other layer.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { pathNot: '^src/domain/' },
    },
    {
      name: 'config-is-a-leaf',
      comment: 'src/config.ts reads the environment and imports nothing of Kopilka.',
      severity: 'error',
      from: { path: '^src/config\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'db-below-app',
      comment:
        'src/db (connection, schema, migrations, repositories) knows no use case or adapter.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: ['^src/app/', ADAPTERS] },
    },
    {
      name: 'app-below-adapters',
      comment:
        'Use cases define the input they need; an adapter (http, an integration, a report, events, cli) translates to it.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: ADAPTERS },
    },
    {
      name: 'reports-and-events-use-app-only',
      comment:
        'Read models and the event worker sit on app and db; the server and the CLI use them.',
      severity: 'error',
      from: { path: '^src/(reports|events)/' },
      to: { path: ADAPTERS, pathNot: '^src/$1/' },
    },
    {
      name: 'integrations-below-http',
      comment:
        "The server mounts each integration's routes; an integration uses only its request plumbing (outcome, drain-body).",
      severity: 'error',
      from: { path: '^src/integrations/' },
      to: {
        path: '^src/(http|reports|events|cli)/',
        pathNot: '^src/http/(outcome|drain-body)\\.ts$',
      },
    },
    {
      name: 'one-folder-per-integration',
      comment: 'r_keeper and iiko share nothing but the layers below them.',
      severity: 'error',
      from: { path: '^src/integrations/([^/]+)/' },
      to: { path: '^src/integrations/', pathNot: '^src/integrations/$1/' },
    },
    {
      name: 'cli-on-top',
      comment: 'The kopilka command assembles everything; nothing imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too (a type cycle is still a cycle).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
