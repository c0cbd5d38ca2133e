// `kopilka simulate iiko`: a simulated iikoFront with the Kopilka plugin playing seed 001's
// flow against a running Kopilka, printing what the cashier would see.
import type { Command } from 'commander';
import { PAYMENT_TYPE } from '../integrations/iiko/simulator/fixtures.ts';
import { IikoFrontSimulator } from '../integrations/iiko/simulator/front.ts';

interface SimulateIikoOptions {
  url: string;
  key: string;
  card: string;
  paymentType: string;
  legacyPlugin?: boolean;
}

export function iikoCommands(program: Command): void {
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
}
