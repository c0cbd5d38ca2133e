// `kopilka rkeeper ini` and `kopilka simulate rkeeper`: the integrator's ExtDllHttp.ini, and a
// simulated r_keeper till playing a day against a running server.
import { Option, type Command } from 'commander';
import { INI_FORMS, extDllHttpIni, issueFarCardsKey, type IniForm } from '../integrations/rkeeper/farcards/endpoints.ts';
import { playDay } from '../integrations/rkeeper/simulator/day.ts';
import { config } from '../config.ts';
import { openRuntime } from './runtime.ts';

export function rkeeperCommands(program: Command, int: (v: string) => number): void {
  const rk = program.command('rkeeper').description('r_keeper 7 (FarCards, XML interface)');
  rk.command('ini <restaurant>')
    .description('Print ExtDllHttp.ini for a restaurant, creating its FarCards address (or rotating it with --rotate)')
    .option('--url <base>', "Kopilka's address as r_keeper reaches it", config.publicUrl)
    .option('--rotate', 'issue a new address; the old one stops working at once')
    .addOption(new Option('--ini-form <form>', 'method: the secret in each function path, Address is scheme://host:port (works whether or not the DLL keeps a path); address: the secret in the Address path')
      .choices(INI_FORMS).default('method'))
    .action(async (restaurant: string, o: { url: string; rotate?: boolean; iniForm: IniForm }) => {
      const rt = await openRuntime();
      try {
        extDllHttpIni(o.url, 'rk_0_0_check', ''); // a bad --url is refused before a key is issued
        const issued = await issueFarCardsKey(rt.ctx, int(restaurant), { rotate: Boolean(o.rotate) });
        process.stdout.write(extDllHttpIni(o.url, issued.key, issued.restaurantName, o.iniForm));
        console.error(issued.created
          ? 'FarCards address created. It is shown once; Kopilka keeps only its hash.'
          : 'FarCards address rotated: the previous one no longer works.');
      } finally {
        await rt.close();
      }
    });

  const sim = program.commands.find((c) => c.name() === 'simulate') ?? program.command('simulate').description('Simulators of POS systems');
  sim.command('rkeeper')
    .description("Play an r_keeper till's day against a running Kopilka through FarCards")
    .requiredOption('--url <base>', 'Kopilka base address, e.g. http://127.0.0.1:8080')
    .requiredOption('--key <key>', 'the restaurant key from `kopilka rkeeper ini` (rk_…)')
    .requiredOption('--card <code>', 'a card number or UID with a deposit')
    .option('--restaurant <n>', 'restaurant number r_keeper reports', int, 9999)
    .action(async (o: { url: string; key: string; card: string; restaurant: number }) => {
      const address = `${o.url.replace(/\/+$/, '')}/rk/${o.key}`;
      const { ok } = await playDay({ address, card: o.card, restaurant: o.restaurant });
      if (!ok) process.exitCode = 1;
    });
}
