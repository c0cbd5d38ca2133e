// Opens a .pkpass as Wallet does: the zip's files, the manifest's SHA-1 of every file, and the
// detached PKCS#7 signature of the manifest, verified (pkijs) against the certificate chain
// that must end at the given WWDR authority.
import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import * as pkijs from 'pkijs';

export interface OpenedPass {
  files: Record<string, Buffer>;
  manifest: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  pass: any;
}

export function unpackPass(file: Buffer): OpenedPass {
  const files = Object.fromEntries(
    Object.entries(unzipSync(new Uint8Array(file))).map(([k, v]) => [k, Buffer.from(v)]),
  );
  const manifestFile = files['manifest.json'];
  const passFile = files['pass.json'];
  if (!manifestFile || !passFile) throw new Error('no manifest.json or pass.json in the pass');
  return {
    files,
    manifest: JSON.parse(manifestFile.toString('utf8')),
    pass: JSON.parse(passFile.toString('utf8')),
  };
}

/** Files whose SHA-1 differs from the manifest's, or that one of the two lacks. */
export function manifestMismatches(p: OpenedPass): string[] {
  const listed = new Set(Object.keys(p.manifest));
  const bad: string[] = [];
  for (const [name, body] of Object.entries(p.files)) {
    if (name === 'manifest.json' || name === 'signature') continue;
    if (createHash('sha1').update(body).digest('hex') !== p.manifest[name]) bad.push(name);
    listed.delete(name);
  }
  return [...bad, ...listed];
}

const arrayBuffer = (b: Buffer) => new Uint8Array(b).buffer;

const certificateOf = (pem: string) =>
  pkijs.Certificate.fromBER(
    arrayBuffer(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')),
  );

/** True when `signature` signs `manifest` with a certificate chained to `wwdrPem`. */
export async function signatureVerifies(
  manifest: Buffer,
  signature: Buffer,
  wwdrPem: string,
): Promise<boolean> {
  const info = pkijs.ContentInfo.fromBER(arrayBuffer(signature));
  const signed = new pkijs.SignedData({ schema: info.content });
  try {
    return await signed.verify({
      signer: 0,
      data: arrayBuffer(manifest),
      trustedCerts: [certificateOf(wwdrPem)],
      checkChain: true,
    });
  } catch {
    return false;
  }
}
