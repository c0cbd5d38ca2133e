// Certificates made in the test, as Apple's would be: a "WWDR" authority, and a Pass Type ID
// certificate it issued (subject UID=pass.…, OU=<team>) with its RSA key. Keys come from
// node:crypto (fast), certificates from node-forge. Nothing is downloaded.
import { generateKeyPairSync } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface TestPassCertificates {
  passTypeId: string;
  teamId: string;
  certificatePem: string;
  keyPem: string;
  wwdrPem: string;
  wwdrKeyPem: string;
}

const rsa = () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKey, publicKey };
};

let serial = 1;

function certificate(
  subject: forge.pki.CertificateField[],
  publicKeyPem: string,
  issuer: { subject: forge.pki.CertificateField[]; keyPem: string },
  opts: { ca: boolean; notAfter: Date; host?: string },
): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = opts.notAfter;
  cert.setSubject(subject);
  cert.setIssuer(issuer.subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: opts.ca },
    { name: 'keyUsage', keyCertSign: opts.ca, digitalSignature: true, keyEncipherment: true },
    ...(opts.host
      ? [
          {
            name: 'subjectAltName',
            // 7: an IP address (a server reached as 127.0.0.1), 2: a DNS name.
            altNames: [
              isIP(opts.host) ? { type: 7, ip: opts.host } : { type: 2, value: opts.host },
            ],
          },
        ]
      : []),
  ]);
  cert.sign(forge.pki.privateKeyFromPem(issuer.keyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

const WWDR_SUBJECT: forge.pki.CertificateField[] = [
  { shortName: 'CN', value: 'Test Worldwide Developer Relations Certification Authority' },
  { shortName: 'OU', value: 'G4' },
  { shortName: 'O', value: 'Kopilka tests' },
];

/** A WWDR authority and a Pass Type ID certificate it issued. */
export function makePassCertificates(
  passTypeId = 'pass.ru.kopilka.test',
  teamId = 'TEAM123456',
  opts: { notAfter?: Date; uid?: boolean } = {},
): TestPassCertificates {
  const wwdrKeys = rsa();
  const wwdrPem = certificate(
    WWDR_SUBJECT,
    wwdrKeys.publicKey,
    { subject: WWDR_SUBJECT, keyPem: wwdrKeys.privateKey },
    { ca: true, notAfter: new Date(Date.now() + 5 * 365 * 86_400_000) },
  );
  const keys = rsa();
  const subject: forge.pki.CertificateField[] = [
    ...(opts.uid === false ? [] : [{ type: '0.9.2342.19200300.100.1.1', value: passTypeId }]),
    { shortName: 'CN', value: `Pass Type ID: ${passTypeId}` },
    { shortName: 'OU', value: teamId },
    { shortName: 'O', value: 'Kopilka LLC' },
    { shortName: 'C', value: 'RU' },
  ];
  const certificatePem = certificate(
    subject,
    keys.publicKey,
    { subject: WWDR_SUBJECT, keyPem: wwdrKeys.privateKey },
    { ca: false, notAfter: opts.notAfter ?? new Date(Date.now() + 365 * 86_400_000) },
  );
  return {
    passTypeId,
    teamId,
    certificatePem,
    keyPem: keys.privateKey,
    wwdrPem,
    wwdrKeyPem: wwdrKeys.privateKey,
  };
}

/** A self-signed certificate for a local TLS server (a fake APNs, an SMTP server) at `host`. */
export function makeServerCertificate(host = 'localhost') {
  const keys = rsa();
  const subject = [{ shortName: 'CN', value: host }];
  const certificatePem = certificate(
    subject,
    keys.publicKey,
    { subject, keyPem: keys.privateKey },
    { ca: true, notAfter: new Date(Date.now() + 86_400_000), host },
  );
  return { certificatePem, keyPem: keys.privateKey };
}

/** A 1×1 PNG: the smallest logo Wallet takes. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
