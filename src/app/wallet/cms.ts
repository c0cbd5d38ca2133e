// The detached PKCS#7 / CMS signature (RFC 5652 SignedData) Wallet wants over a pass's
// manifest, signed by node:crypto. passkit-generator signed it with node-forge, whose RSA in
// plain JavaScript took ~20 ms of a pass's ~25 ms (native RSA-2048: ~0.3 ms). The structure is
// small and fixed — one signer, three signed attributes (content type, signing time, message
// digest; Wallet requires the signing time), the signer's and the WWDR certificates — so it is
// written here with a minimal DER encoder instead of another ASN.1 library. Everything that does
// not depend on the manifest (parsed key, certificates, issuer and serial) is prepared once per
// key (`prepareCmsSigner`) and reused for every pass.
import { createHash, sign, X509Certificate, type KeyObject } from 'node:crypto';

// --- DER, only what SignedData needs ------------------------------------------------------

function der(tag: number, ...body: Buffer[]): Buffer {
  const content = Buffer.concat(body);
  const n = content.length;
  let head: number[];
  if (n < 0x80) head = [tag, n];
  else {
    const len: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) len.unshift(v % 256);
    head = [tag, 0x80 | len.length, ...len];
  }
  return Buffer.concat([Buffer.from(head), content]);
}

const seq = (...b: Buffer[]) => der(0x30, ...b);
/** A DER SET OF: members sorted by their encodings (X.690 11.6). */
const setOf = (tag: number, members: Buffer[]) => der(tag, ...[...members].sort(Buffer.compare));
const octets = (b: Buffer) => der(0x04, b);
const NULL = Buffer.from([0x05, 0x00]);
const smallInt = (v: number) => der(0x02, Buffer.from([v]));

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const v of rest) {
    const groups = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128))
      groups.unshift(0x80 | (x & 0x7f));
    bytes.push(...groups);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime (years 1950–2049, as RFC 5652 asks for signingTime in that range). */
function utcTime(at: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const s =
    p(at.getUTCFullYear() % 100) +
    p(at.getUTCMonth() + 1) +
    p(at.getUTCDate()) +
    p(at.getUTCHours()) +
    p(at.getUTCMinutes()) +
    p(at.getUTCSeconds()) +
    'Z';
  return der(0x17, Buffer.from(s, 'ascii'));
}

/** One DER element at `at`: where its content starts and where the element ends. */
function element(buf: Buffer, at: number): { tag: number; start: number; end: number } {
  const tag = buf[at] ?? -1;
  let len = buf[at + 1] ?? 0;
  let start = at + 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + (buf[start + i] ?? 0);
    start += count;
  }
  return { tag, start, end: start + len };
}

/** The certificate's issuer Name and serialNumber, as DER, for the SignerInfo's identifier. */
function issuerAndSerial(certDer: Buffer): Buffer {
  const tbs = element(certDer, element(certDer, 0).start);
  let at = tbs.start;
  if (certDer[at] === 0xa0) at = element(certDer, at).end; // [0] version
  const serial = element(certDer, at);
  const algorithm = element(certDer, serial.end);
  const issuer = element(certDer, algorithm.end);
  return seq(certDer.subarray(algorithm.end, issuer.end), certDer.subarray(at, serial.end));
}

// --- SignedData ---------------------------------------------------------------------------

const OID = {
  data: oid('1.2.840.113549.1.7.1'),
  signedData: oid('1.2.840.113549.1.7.2'),
  contentType: oid('1.2.840.113549.1.9.3'),
  messageDigest: oid('1.2.840.113549.1.9.4'),
  signingTime: oid('1.2.840.113549.1.9.5'),
  sha256: oid('2.16.840.1.101.3.4.2.1'),
  rsaEncryption: oid('1.2.840.113549.1.1.1'),
};
const SHA256 = seq(OID.sha256, NULL);

/** What signing needs that does not change from pass to pass. */
export interface CmsSigner {
  key: KeyObject;
  /** [0] IMPLICIT SET OF Certificate: the signer's and the intermediate's. */
  certificates: Buffer;
  issuerAndSerial: Buffer;
}

/** Parses the certificates once; the key must be the certificate's RSA key (checked on upload). */
export function prepareCmsSigner(
  key: KeyObject,
  certificatePem: string,
  chainPem: string[],
): CmsSigner {
  if (key.asymmetricKeyType !== 'rsa') throw new Error('pass signing needs an RSA key');
  const certDer = new X509Certificate(certificatePem).raw;
  const chain = chainPem.map((pem) => new X509Certificate(pem).raw);
  return {
    key,
    certificates: setOf(0xa0, [certDer, ...chain]),
    issuerAndSerial: issuerAndSerial(certDer),
  };
}

const attribute = (type: Buffer, value: Buffer) => seq(type, setOf(0x31, [value]));

/** DER ContentInfo of a detached SignedData over `content` (SHA-256, RSA PKCS#1 v1.5). */
export function detachedSignature(signer: CmsSigner, content: Buffer, at: Date): Buffer {
  const attributes = [
    attribute(OID.contentType, OID.data),
    attribute(OID.signingTime, utcTime(at)),
    attribute(OID.messageDigest, octets(createHash('sha256').update(content).digest())),
  ];
  // The signature covers the attributes encoded as a SET; the SignerInfo carries them as [0].
  const signedAttributes = setOf(0x31, attributes);
  const signature = sign('sha256', signedAttributes, signer.key);
  const signerInfo = seq(
    smallInt(1),
    signer.issuerAndSerial,
    SHA256,
    Buffer.concat([Buffer.from([0xa0]), signedAttributes.subarray(1)]),
    seq(OID.rsaEncryption, NULL),
    octets(signature),
  );
  const signedData = seq(
    smallInt(1),
    setOf(0x31, [SHA256]),
    seq(OID.data), // detached: no content
    signer.certificates,
    setOf(0x31, [signerInfo]),
  );
  return seq(OID.signedData, der(0xa0, signedData));
}
