// The pass manifest's detached PKCS#7 signature, written by Kopilka's own DER code (cms.ts):
// checked by two implementations that share nothing with it — pkijs and, when the machine has
// it, the openssl command line — against the test WWDR authority; a changed manifest, another
// authority and another key's signature are refused. The signature carries what Wallet asks
// for: a SHA-256 digest, the signing time, and both certificates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pkijs from 'pkijs';
import { detachedSignature, prepareCmsSigner } from '../../src/app/wallet/cms.ts';
import { signatureVerifies } from '../support/pkpass.ts';
import { makePassCertificates } from '../support/wallet-certs.ts';

const certs = makePassCertificates('pass.ru.kopilka.cms', 'CMSTEAM001');
const signer = prepareCmsSigner(createPrivateKey(certs.keyPem), certs.certificatePem, [
  certs.wwdrPem,
]);
const manifest = Buffer.from(JSON.stringify({ 'pass.json': 'a'.repeat(40) }));
const at = new Date('2026-12-03T17:10:00Z');
const signature = detachedSignature(signer, manifest, at);

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function opensslVerifies(content: Buffer, sig: Buffer, caPem: string): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'kopilka-cms-'));
  try {
    writeFileSync(join(dir, 'content'), content);
    writeFileSync(join(dir, 'sig.der'), sig);
    writeFileSync(join(dir, 'ca.pem'), caPem);
    execFileSync(
      'openssl',
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'sig.der')]
        .concat(['-content', join(dir, 'content'), '-CAfile', join(dir, 'ca.pem')])
        .concat(['-purpose', 'any', '-out', join(dir, 'out')]),
      { stdio: 'ignore' },
    );
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('pkijs verifies the signature against the WWDR authority, and nothing else', async () => {
  assert.equal(await signatureVerifies(manifest, signature, certs.wwdrPem), true);
  const changed = Buffer.from(manifest.toString().replace('"a', '"b'));
  assert.equal(await signatureVerifies(changed, signature, certs.wwdrPem), false);
  const stranger = makePassCertificates('pass.ru.kopilka.cms', 'CMSTEAM001');
  assert.equal(await signatureVerifies(manifest, signature, stranger.wwdrPem), false);
  // Another key, presented with this certificate: the signature does not match it.
  const forged = detachedSignature(
    { ...signer, key: createPrivateKey(stranger.keyPem) },
    manifest,
    at,
  );
  assert.equal(await signatureVerifies(manifest, forged, certs.wwdrPem), false);
});

test('openssl cms -verify accepts it', { skip: !hasOpenssl && 'no openssl' }, () => {
  assert.equal(opensslVerifies(manifest, signature, certs.wwdrPem), true);
  assert.equal(
    opensslVerifies(Buffer.concat([manifest, Buffer.from(' ')]), signature, certs.wwdrPem),
    false,
  );
});

test('what Wallet asks for: SHA-256, the signing time, both certificates, detached', () => {
  const info = pkijs.ContentInfo.fromBER(new Uint8Array(signature).buffer);
  assert.equal(info.contentType, '1.2.840.113549.1.7.2');
  const signed = new pkijs.SignedData({ schema: info.content });
  assert.equal(signed.encapContentInfo.eContent, undefined, 'detached');
  assert.equal(signed.certificates?.length, 2);
  const [si] = signed.signerInfos;
  assert.equal(si?.digestAlgorithm.algorithmId, '2.16.840.1.101.3.4.2.1');
  const attrs = si?.signedAttrs?.attributes ?? [];
  assert.deepEqual(attrs.map((a) => a.type).sort(), [
    '1.2.840.113549.1.9.3',
    '1.2.840.113549.1.9.4',
    '1.2.840.113549.1.9.5',
  ]);
  const time = attrs.find((a) => a.type === '1.2.840.113549.1.9.5')?.values[0];
  assert.equal(time?.toDate().toISOString(), at.toISOString());
});
