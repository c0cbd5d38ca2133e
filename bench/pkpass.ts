// .pkpass generation: p50/p95/p99 of making a guest's signed Wallet pass as the web service
// does for a phone (read the guest's card, balances and rank, open the organization's signer
// — cached once parsed —, build pass.json, SHA-1 manifest, PKCS#7 signature with RSA-2048 by
// node:crypto, stored zip), and of the signing and zipping alone. Target: p95 ≤ 50 ms.
// Yardstick, measured interleaved with each pass so machine load hits both alike: one
// primary-key read of a row from the same database. The ratio says how many such reads a
// pass costs, which holds from a quiet machine to a loaded one better than milliseconds.
// Embedded PGlite in memory; the certificates are made here (node-forge), nothing downloaded.
//   node --import tsx bench/pkpass.ts [--n 300]
import { parseArgs } from 'node:util';
import { createGuest, issueCard } from '../src/app/admin/guests.ts';
import { createOrganization, createRestaurant } from '../src/app/admin/tenancy.ts';
import { createContext, type Actor } from '../src/app/context.ts';
import { saveRank } from '../src/app/loyalty/admin.ts';
import { buildPass, passContent, signPass } from '../src/app/wallet/apple-pass.ts';
import { appleSigner, saveAppleSettings } from '../src/app/wallet/apple-settings.ts';
import { ensurePass } from '../src/app/wallet/passes.ts';
import { openDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { makePassCertificates, TINY_PNG } from '../test/support/wallet-certs.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '300' } } });
const n = Number(values.n);
const opened = await openDatabase({ kind: 'pglite' });
await migrateToLatest(opened.db);
const ctx = createContext(opened.db);
const org = await createOrganization(ctx, { name: 'Бар «Бенч»', settings: {} }, 'bench');
const actor: Actor = { orgId: org.id, type: 'system', id: null, name: 'bench' };
await createRestaurant(ctx, actor, {
  name: 'Бенч на Покровке',
  time_zone: 'Europe/Moscow',
  integration: 'rkeeper7',
});
// Levels make the pass read the program and the guest's period spend, as a real one does.
await saveRank(ctx, actor, null, { name: 'Гость', threshold: 0, accrualBp: 500, discountBp: 0 });
await saveRank(ctx, actor, null, {
  name: 'Друг',
  threshold: 1_000_000,
  accrualBp: 700,
  discountBp: 0,
});
const certs = makePassCertificates('pass.ru.kopilka.bench', 'BENCHTEAM1');
await saveAppleSettings(ctx, actor, {
  certificate_pem: certs.certificatePem,
  key_pem: certs.keyPem,
  wwdr_pem: certs.wwdrPem,
  background_color: '#7a1f2b',
  foreground_color: '#ffffff',
  label_color: '#f3d9a4',
  logo_png: TINY_PNG.toString('base64'),
});
const guest = await createGuest(ctx, actor, { first_name: 'Анна', last_name: 'Бенч', phone: null });
await issueCard(ctx, actor, { guest_id: guest.id, number: '260012345678', uid: '990001' });
const pass = await ensurePass(ctx, org.id, guest.id);
const url = 'https://guests.example.ru/api/wallet';

const yardstick = () =>
  ctx.db.selectFrom('organizations').select('name').where('id', '=', org.id).executeTakeFirst();

const quantile = (ms: number[], q: number) =>
  [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] ?? 0;

async function measure(label: string, once: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await Promise.all([once(), yardstick()]); // warm-up
  const ms: number[] = [];
  const ys: number[] = [];
  // Also this process's CPU time per pass: what a pass costs when the cores are not shared.
  let cpu = 0;
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    let t = performance.now();
    await once();
    ms.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu += used.user + used.system;
    t = performance.now();
    await yardstick();
    ys.push(performance.now() - t);
  }
  const f = (q: number) => quantile(ms, q).toFixed(1);
  const ratio = (q: number) => (quantile(ms, q) / quantile(ys, q)).toFixed(1);
  console.log(
    `${label.padEnd(34)} n=${n}  p50 ${f(0.5)} ms  p95 ${f(0.95)} ms  p99 ${f(0.99)} ms` +
      `  cpu ${(cpu / 1000 / n).toFixed(2)} ms/pass` +
      `  | yardstick p50 ${quantile(ys, 0.5).toFixed(2)} ms p95 ${quantile(ys, 0.95).toFixed(2)} ms` +
      `  | ratio p50 ${ratio(0.5)}× p95 ${ratio(0.95)}×`,
  );
}

const signer = await appleSigner(ctx, org.id);
const content = await passContent(ctx, org.id, guest.id);
const size = signPass(signer, pass, content, url).length;
console.log(`a pass is ${size} bytes; yardstick: one primary-key read from the same PGlite`);
await measure('whole pass (database + signing)', () => buildPass(ctx, pass, url));
await measure('signing and zipping only', async () => signPass(signer, pass, content, url));
await opened.close();
