// `kopilka simulate iiko`: a simulated iikoFront with the Kopilka plugin playing seed 001's
// flow against a running Kopilka, printing what the cashier would see. `kopilka simulate
// iiko-server`: the fake iiko Server on a port, for trying the connection check and the
// import by hand.
import type { Command } from 'commander';
import { FAKE_IIKO_SERVER_PORT } from '../integrations/iiko/demo-seed.ts';
import { PAYMENT_TYPE } from '../integrations/iiko/simulator/fixtures.ts';
import { IikoServerSimulator } from '../integrations/iiko/simulator/server.ts';
import { IikoFrontSimulator } from '../integrations/iiko/simulator/front.ts';

interface SimulateIikoOptions {
  url: string;
  key: string;
  card: string;
  paymentType: string;
  legacyPlugin?: boolean;
}

export function iikoCommands(program: Command, int: (v: string) => number): void {
  const sim =
    program.commands.find((c) => c.name() === 'simulate') ??
    program.command('simulate').description('Simulators of POS systems');
  sim
    .command('iiko')
    .description("Play seed 001's iikoFront flow against a running Kopilka through /api/iiko/v1")
    .requiredOption('--url <base>', 'Kopilka base address, e.g. http://127.0.0.1:8080')
    .requiredOption('--key <key>', 'the terminal key of the iiko till (kp_…)')
    .option('--card <number>', 'the card number of a guest with a deposit', '100038')
    .option(
      '--payment-type <id>',
      'the iiko payment type chosen for deposits (default: the simulated «Депозит Kopilka»)',
      PAYMENT_TYPE.deposit,
    )
    .option(
      '--legacy-plugin',
      'play the plugin of the old contract (no cancel before it throws, returns keyed on the payment) to see the money it loses',
    )
    .action(async (o: SimulateIikoOptions) => {
      const front = new IikoFrontSimulator({
        url: o.url.replace(/\/+$/, ''),
        key: o.key,
        card: o.card,
        paymentTypeId: o.paymentType,
        legacyPlugin: o.legacyPlugin ?? false,
        log: (line) => console.log(line),
      });
      try {
        const r = await front.run();
        console.log(
          JSON.stringify({
            depositBefore: r.depositBefore,
            depositAfter: r.depositAfter,
            paidFromDeposit: r.paidFromDeposit,
            returnedToDeposit: r.returnedToDeposit,
            paidInCash: r.paidInCash,
          }),
        );
        if (r.steps.some((s) => !s.ok)) process.exitCode = 1;
      } catch (e) {
        console.error(`✖ ${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = 1;
      }
    });
  sim
    .command('iiko-server')
    .description(
      'Run the fake iiko Server (/resto/api) with the bundled restaurant: try the connection check and the import by hand',
    )
    .option('--port <port>', 'port on 127.0.0.1', int, FAKE_IIKO_SERVER_PORT)
    .option('--login <login>', 'the API user', 'kopilka')
    .option('--password <password>', "the API user's password", 'kopilka')
    .action(async (o: { port: number; login: string; password: string }) => {
      const server = await IikoServerSimulator.start(o);
      const types = server.data.paymentTypes.filter((t) => !t.deleted);
      console.log(
        `Fake iiko Server on ${server.url}/resto/api (login ${o.login}, password ${o.password})`,
      );
      console.log(
        `  ${server.data.products.length} products, ${types.length} payment types: ${types.map((t) => `«${t.name}»`).join(', ')}`,
      );
      console.log(
        '  In Kopilka: PUT /api/admin/v1/iiko/server with this address, then POST …/iiko/server/check and POST …/iiko/import',
      );
      const stop = async () => {
        await server.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
