// .pkpass generation: p50/p95/p99 of making a guest's signed Wallet pass as the web service
// does for a phone (read the guest's card, balances and rank, open the sealed key, build
// pass.json, hash, sign PKCS#7 with RSA-2048, zip), and of the signing and zipping alone.
// Embedded PGlite in memory; the certificates are made here (node-forge), nothing downloaded.
// Target: p95 ≤ 50 ms.
//   node --import tsx bench/pkpass.ts [--n 300]
import { parseArgs } from 'node:util';
import { createGuest, issueCard } from '../src/app/admin/guests.ts';
import { createOrganization } from '../src/app/admin/tenancy.ts';
import { createContext, type Actor } from '../src/app/context.ts';
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

async function measure(label: string, once: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await once(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await once();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) =>
    (ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)] ?? 0).toFixed(1);
  console.log(
    `${label.padEnd(34)} n=${n}  p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  p99 ${at(0.99)} ms`,
  );
}

const signer = await appleSigner(ctx, org.id);
const content = await passContent(ctx, org.id, guest.id);
const size = signPass(signer, pass, content, url).length;
console.log(`a pass is ${size} bytes`);
await measure('whole pass (database + signing)', () => buildPass(ctx, pass, url));
await measure('signing and zipping only', async () => signPass(signer, pass, content, url));
await opened.close();
