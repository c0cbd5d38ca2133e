// The `kopilka` command.
import { Command, InvalidArgumentError } from 'commander';
import { config } from '../config.ts';
import {
  createRestaurant,
  createOrganization,
  createTerminal,
  revokeTerminal,
} from '../app/admin/tenancy.ts';
import type { Actor } from '../app/context.ts';
import { createUser } from '../app/admin/users.ts';
import { createOperator } from '../app/installation/operators.ts';
import type { Role } from '../domain/roles.ts';
import { verifyLedger } from '../app/verify.ts';
import { DomainError } from '../domain/errors.ts';
import type { Integration } from '../db/schema.ts';
import { backup, restore } from './backup.ts';
import { importGuestsCsv } from './import.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { serve } from './serve.ts';
import { runWorker } from './worker.ts';
import { rkeeperCommands } from './rkeeper.ts';
import { iikoCommands } from './iiko.ts';
import { notifyCommands } from './notify.ts';

const int = (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a whole number');
  return Number(v);
};

const cliActor = (orgId: number): Actor => ({
  orgId,
  type: 'cli',
  id: null,
  name: config.cliUserName,
});

async function withRuntime<T>(work: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime();
  try {
    return await work(rt);
  } finally {
    await rt.close();
  }
}

const program = new Command('kopilka')
  .description('Kopilka: loyalty and guest deposits for restaurants')
  .showHelpAfterError();
const { host, port, workers } = config;

program
  .command('serve')
  .description(
    'Run the server (DATABASE_URL for PostgreSQL, otherwise embedded PGlite under ./data)',
  )
  .option('--host <host>', 'address to listen on', host)
  .option('--port <port>', 'port', int, port)
  .option('--workers <n>', 'server processes (more than one needs PostgreSQL)', int, workers)
  .action((o) => serve({ host: o.host, port: o.port, demo: false, workers: o.workers }));

program
  .command('demo')
  .description('Run the server with the demo data of seed 000 (what `npm start` does)')
  .option('--host <host>', 'address to listen on', host)
  .option('--port <port>', 'port', int, port)
  .option('--workers <n>', 'server processes (more than one needs PostgreSQL)', int, workers)
  .action((o) => serve({ host: o.host, port: o.port, demo: true, workers: o.workers }));

program
  .command('worker')
  .description(
    'Deliver events (webhooks) without serving HTTP; any number may run beside the servers (PostgreSQL)',
  )
  .action(() => runWorker());

program
  .command('migrate')
  .description('Apply database migrations')
  .action(() => withRuntime(async (rt) => console.log(`Migrations applied: ${rt.where}`)));

program
  .command('verify')
  .description('Recompute every balance from the ledger and report any drift (exit 1 on drift)')
  .option('--json', 'print the report as JSON')
  .action((o) =>
    withRuntime(async (rt) => {
      const report = await rt.ctx.db.transaction().execute((tx) => verifyLedger(tx));
      if (o.json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(
          `Checked ${report.accounts} accounts, ${report.entries} ledger entries: ${report.drift.length === 0 ? 'no drift' : `${report.drift.length} drifting`}`,
        );
        for (const d of report.drift)
          console.log(
            `  org ${d.org_id} account ${d.account_id} ${d.what}: stored ${d.stored}, from the ledger ${d.derived}`,
          );
      }
      if (report.drift.length > 0) process.exitCode = 1;
    }),
  );

program
  .command('backup <file>')
  .description(
    'Back up the embedded database into FILE (gzipped tar), through the server when one runs on it',
  )
  .action(async (file: string) => console.log(`Backup written to ${file}: ${await backup(file)}`));

program
  .command('restore <file>')
  .description('Restore the embedded database from a backup (stop the server first)')
  .action(async (file: string) => console.log(`Restored from ${file}; ${await restore(file)}`));

const imp = program.command('import').description('Import data');
imp
  .command('guests <file>')
  .description(
    'Import guests and cards from CSV: columns card_number, card_uid, card_track, last_name, first_name, middle_name, phone, email, birthday (YYYY-MM-DD), sex, consent_marketing, external_id',
  )
  .requiredOption('--org <id>', 'organization id', int)
  .option('--delimiter <char>', "';' or ',' (detected from the header when omitted)")
  .option('--encoding <name>', 'utf-8 or windows-1251', 'utf-8')
  .option('--no-progress', 'no progress bar')
  .action((file, o) =>
    withRuntime(async (rt) => {
      const result = await importGuestsCsv(rt.ctx, file, {
        orgId: o.org,
        delimiter: o.delimiter,
        encoding: o.encoding,
        progress: o.progress && process.stderr.isTTY,
      });
      console.log(`Imported: ${result.imported}; rejected: ${result.errors.length}`);
      for (const e of result.errors) console.log(`  line ${e.line}: ${e.code}: ${e.reason}`);
      if (result.errors.length > 0) process.exitCode = 2;
    }),
  );

const org = program.command('org').description('Organizations');
org
  .command('create')
  .requiredOption('--name <name>')
  .option('--single-active-card', 'binding a new card deactivates the guest’s other cards')
  .action((o) =>
    withRuntime(async (rt) => {
      const created = await createOrganization(rt.ctx, {
        name: o.name,
        settings: { singleActiveCard: Boolean(o.singleActiveCard) },
      });
      console.log(JSON.stringify(created));
    }),
  );

const restaurant = program.command('restaurant').description('Restaurants (points of service)');
restaurant
  .command('create')
  .requiredOption('--org <id>', 'organization id', int)
  .requiredOption('--name <name>')
  .option('--time-zone <zone>', 'IANA time zone', 'Europe/Moscow')
  .option('--integration <kind>', 'rkeeper7 | rkeeper_lite | iiko | api', 'rkeeper7')
  .action((o) =>
    withRuntime(async (rt) => {
      const r = await createRestaurant(rt.ctx, cliActor(o.org), {
        name: o.name,
        time_zone: o.timeZone,
        integration: o.integration as Integration,
      });
      console.log(JSON.stringify({ id: r.id, code: r.code, test_mode: r.test_mode }));
    }),
  );

const terminal = program.command('terminal').description('POS terminals and their keys');
terminal
  .command('create')
  .requiredOption('--org <id>', 'organization id', int)
  .requiredOption('--restaurant <id>', 'restaurant id', int)
  .requiredOption('--name <name>')
  .action((o) =>
    withRuntime(async (rt) => {
      const t = await createTerminal(rt.ctx, cliActor(o.org), {
        restaurant_id: o.restaurant,
        name: o.name,
      });
      console.log(JSON.stringify({ id: t.terminal.id, key: t.key }));
      console.error('The key is shown once; Kopilka keeps only its hash.');
    }),
  );
terminal
  .command('revoke')
  .requiredOption('--org <id>', 'organization id', int)
  .requiredOption('--id <id>', 'terminal id', int)
  .action((o) =>
    withRuntime(async (rt) =>
      console.log(JSON.stringify(await revokeTerminal(rt.ctx, cliActor(o.org), o.id))),
    ),
  );

const user = program.command('user').description('People who manage an organization');
user
  .command('create')
  .description(
    'Create a user; the password comes from KOPILKA_PASSWORD or the first line of standard input',
  )
  .requiredOption('--org <id>', 'organization id', int)
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .option('--role <role>', 'owner | manager | marketer | analyst | integrator | support', 'owner')
  .action((o) =>
    withRuntime(async (rt) => {
      const password = config.newUserPassword ?? (await readFirstLine());
      const created = await createUser(rt.ctx, cliActor(o.org), {
        email: o.email,
        name: o.name,
        role: o.role as Role,
        password,
      });
      console.log(JSON.stringify(created));
    }),
  );

const operator = program
  .command('operator')
  .description("The installation's operators: who hosts Kopilka and creates organizations");
operator
  .command('create')
  .description(
    'Create an operator; the password comes from KOPILKA_PASSWORD or the first line of standard input',
  )
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .action((o) =>
    withRuntime(async (rt) => {
      const password = config.newUserPassword ?? (await readFirstLine());
      const created = await createOperator(
        rt.ctx,
        { type: 'cli', id: null, name: config.cliUserName },
        { email: o.email, name: o.name, password },
      );
      console.log(JSON.stringify(created));
    }),
  );

async function readFirstLine(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) {
    data += String(chunk);
    if (data.includes('\n')) break;
  }
  return data.split(/\r?\n/)[0] ?? '';
}

rkeeperCommands(program, int);
iikoCommands(program, int);
notifyCommands(program, withRuntime);

program.parseAsync().catch((e: unknown) => {
  if (e instanceof DomainError) console.error(`${e.code}: ${e.messageRu} / ${e.message}`);
  else console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
