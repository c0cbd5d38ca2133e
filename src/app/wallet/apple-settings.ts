// An organization's Apple Wallet set-up: its Pass Type ID certificate with the private key and
// Apple's WWDR intermediate certificate (all PEM), and the pass's design — colours and logo.
// The key is sealed under the installation's key, bound to the pass type, and never returned;
// the certificate tells the pass type and team, so they cannot be typed wrong.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { audit } from '../audit.ts';
import { fail } from '../../domain/errors.ts';
import { inTransaction, type Actor, type AppContext } from '../context.ts';
import { prepareCmsSigner, type CmsSigner } from './cms.ts';

const PURPOSE = 'wallet-apple-key';
export const LOGO_MAX_BYTES = 256 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface AppleSettingsInput {
  certificate_pem: string;
  key_pem: string;
  key_passphrase?: string | undefined;
  wwdr_pem: string;
  /** #rrggbb */
  background_color: string;
  foreground_color: string;
  label_color: string;
  /** base64 of a PNG */
  logo_png: string;
}

/** What the admin API shows: never the key, nor the certificates' bodies. */
export interface AppleSettingsView {
  pass_type_id: string;
  team_id: string;
  certificate_subject: string;
  certificate_expires_at: string;
  background_color: string;
  foreground_color: string;
  label_color: string;
  logo_bytes: number;
  updated_at: string;
}

/** What signing a pass needs. */
export interface AppleSigner {
  passTypeId: string;
  teamId: string;
  certificatePem: string;
  keyPem: string;
  wwdrPem: string;
  colors: { background: string; foreground: string; label: string };
  logo: Buffer;
  /** The parsed key and certificates, ready to sign manifests. */
  cms: CmsSigner;
}

const invalid = (code: string, ru: string, en: string, field: string): never =>
  fail('validation', code, { ru, en }, { field });

function certificateOf(pem: string, field: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    return invalid(
      'certificate_invalid',
      'Сертификат не читается: нужен PEM («-----BEGIN CERTIFICATE-----»)',
      'The certificate cannot be read: PEM is expected ("-----BEGIN CERTIFICATE-----")',
      field,
    );
  }
}

function privateKeyOf(pem: string, passphrase: string | undefined): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase: passphrase ?? '' });
  } catch {
    return invalid(
      'key_invalid',
      'Закрытый ключ не читается (PEM) или пароль ключа неверен',
      'The private key cannot be read (PEM) or its passphrase is wrong',
      'key_pem',
    );
  }
}

/** The subject's fields by name (Node spells the user id attribute UID). */
function subjectField(cert: X509Certificate, name: string): string | undefined {
  const line = cert.subject.split('\n').find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1);
}

/** #1a2b3c → rgb(26, 43, 60), the form pass.json takes. */
export function rgb(hex: string): string {
  const n = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${n.join(', ')})`;
}

function logoOf(base64: string): Buffer {
  const png = Buffer.from(base64, 'base64');
  if (png.length > LOGO_MAX_BYTES || !png.subarray(0, 8).equals(PNG_SIGNATURE))
    invalid(
      'logo_invalid',
      `Логотип — PNG не больше ${LOGO_MAX_BYTES / 1024} КБ`,
      `The logo is a PNG of at most ${LOGO_MAX_BYTES / 1024} KB`,
      'logo_png',
    );
  return png;
}

/** Checks the certificate, key and design, and stores them (the key sealed); audited. */
export async function saveAppleSettings(
  ctx: AppContext,
  actor: Actor,
  input: AppleSettingsInput,
): Promise<AppleSettingsView> {
  const cert = certificateOf(input.certificate_pem, 'certificate_pem');
  const wwdr = certificateOf(input.wwdr_pem, 'wwdr_pem');
  const key = privateKeyOf(input.key_pem, input.key_passphrase);
  if (key.asymmetricKeyType !== 'rsa')
    invalid(
      'key_invalid',
      'Нужен RSA-ключ сертификата Pass Type ID',
      "The Pass Type ID certificate's RSA key is expected",
      'key_pem',
    );
  const passTypeId = subjectField(cert, 'UID');
  const teamId = subjectField(cert, 'OU');
  if (!passTypeId?.startsWith('pass.') || !teamId)
    invalid(
      'certificate_not_pass_type',
      'Это не сертификат Pass Type ID: в нём нет идентификатора типа пропуска (UID=pass.…) и команды (OU)',
      'This is not a Pass Type ID certificate: it has no pass type identifier (UID=pass.…) and team (OU)',
      'certificate_pem',
    );
  if (!cert.checkPrivateKey(key))
    invalid(
      'key_mismatch',
      'Закрытый ключ не от этого сертификата',
      'The private key does not belong to this certificate',
      'key_pem',
    );
  // The names must match and the WWDR key must have signed it.
  if (!cert.checkIssued(wwdr) || !cert.verify(wwdr.publicKey))
    invalid(
      'wwdr_mismatch',
      'Сертификат выпущен не этим промежуточным сертификатом Apple (WWDR): загрузите тот, что его подписал',
      'The certificate was not issued by this Apple intermediate (WWDR) certificate: upload the one that signed it',
      'wwdr_pem',
    );
  const expires = new Date(cert.validTo);
  if (expires <= ctx.now())
    invalid(
      'certificate_expired',
      'Срок действия сертификата истёк',
      'The certificate has expired',
      'certificate_pem',
    );
  const logo = logoOf(input.logo_png);
  // Stored unencrypted inside the seal: the passphrase need not be kept.
  const keyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  const row = {
    pass_type_id: passTypeId as string,
    team_id: teamId as string,
    certificate_pem: cert.toString(),
    certificate_expires_at: expires,
    key_sealed: ctx.secrets.seal(PURPOSE, passTypeId as string, keyPem),
    wwdr_pem: wwdr.toString(),
    background_color: input.background_color.toLowerCase(),
    foreground_color: input.foreground_color.toLowerCase(),
    label_color: input.label_color.toLowerCase(),
    logo_png: logo.toString('base64'),
    updated_at: ctx.now(),
  };
  return inTransaction(ctx, async (tx) => {
    const taken = await tx
      .selectFrom('wallet_apple_settings')
      .select('org_id')
      .where('pass_type_id', '=', row.pass_type_id)
      .where('org_id', '!=', actor.orgId)
      .executeTakeFirst();
    if (taken)
      fail(
        'conflict',
        'pass_type_taken',
        {
          ru: 'Этот Pass Type ID уже использует другая организация',
          en: 'Another organization already uses this Pass Type ID',
        },
        { field: 'certificate_pem' },
      );
    const before = await tx
      .selectFrom('wallet_apple_settings')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    await tx
      .insertInto('wallet_apple_settings')
      .values({ org_id: actor.orgId, ...row })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(row))
      .execute();
    const after = viewOf({ ...row, certificate_subject: cert.subject });
    await audit(
      tx,
      actor,
      before ? 'update' : 'create',
      'wallet_apple_settings',
      null,
      before
        ? viewOf({
            ...before,
            certificate_subject: new X509Certificate(before.certificate_pem).subject,
          })
        : null,
      after,
    );
    return after;
  });
}

function viewOf(r: {
  pass_type_id: string;
  team_id: string;
  certificate_subject: string;
  certificate_expires_at: Date;
  background_color: string;
  foreground_color: string;
  label_color: string;
  logo_png: string;
  updated_at: Date;
}): AppleSettingsView {
  return {
    pass_type_id: r.pass_type_id,
    team_id: r.team_id,
    certificate_subject: r.certificate_subject.replace(/\n/g, ', '),
    certificate_expires_at: r.certificate_expires_at.toISOString(),
    background_color: r.background_color,
    foreground_color: r.foreground_color,
    label_color: r.label_color,
    logo_bytes: Buffer.from(r.logo_png, 'base64').length,
    updated_at: r.updated_at.toISOString(),
  };
}

const notSetUp = (): never =>
  fail('not_found', 'wallet_not_configured', {
    ru: 'Apple Wallet не настроен: загрузите сертификат Pass Type ID',
    en: 'Apple Wallet is not set up: upload the Pass Type ID certificate',
  });

export async function getAppleSettings(ctx: AppContext, orgId: number): Promise<AppleSettingsView> {
  const row = await ctx.db
    .selectFrom('wallet_apple_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) return notSetUp();
  return viewOf({ ...row, certificate_subject: new X509Certificate(row.certificate_pem).subject });
}

/** Passes stop being issued and updated; the passes already in phones stay as they are. */
export async function deleteAppleSettings(ctx: AppContext, actor: Actor): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const before = await tx
      .deleteFrom('wallet_apple_settings')
      .where('org_id', '=', actor.orgId)
      .returningAll()
      .executeTakeFirst();
    if (!before) notSetUp();
    await audit(
      tx,
      actor,
      'delete',
      'wallet_apple_settings',
      null,
      {
        pass_type_id: before?.pass_type_id,
      },
      null,
    );
  });
}

/**
 * Opened keys with their parsed certificates, by the sealed key they came from: opening,
 * parsing and preparing them again for every pass a phone asks for is wasted work, and a new
 * upload seals afresh (new IV), so a changed set-up never meets an old entry.
 */
const prepared = new Map<string, { keyPem: string; cms: CmsSigner; certificates: string }>();
const PREPARED_MAX = 200;

function opened(
  ctx: AppContext,
  row: { pass_type_id: string; key_sealed: string; certificate_pem: string; wwdr_pem: string },
) {
  const certificates = row.certificate_pem + row.wwdr_pem;
  const hit = prepared.get(row.key_sealed);
  if (hit?.certificates === certificates) return hit;
  const keyPem = ctx.secrets.open(PURPOSE, row.pass_type_id, row.key_sealed);
  const entry = {
    keyPem,
    certificates,
    cms: prepareCmsSigner(createPrivateKey(keyPem), row.certificate_pem, [row.wwdr_pem]),
  };
  if (prepared.size >= PREPARED_MAX) prepared.clear();
  prepared.set(row.key_sealed, entry);
  return entry;
}

/** The organization's signer, its key opened; refuses when Wallet is not set up. */
export async function appleSigner(ctx: AppContext, orgId: number): Promise<AppleSigner> {
  const row = await ctx.db
    .selectFrom('wallet_apple_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) return notSetUp();
  const { keyPem, cms } = opened(ctx, row);
  return {
    passTypeId: row.pass_type_id,
    teamId: row.team_id,
    certificatePem: row.certificate_pem,
    keyPem,
    wwdrPem: row.wwdr_pem,
    colors: {
      background: row.background_color,
      foreground: row.foreground_color,
      label: row.label_color,
    },
    logo: Buffer.from(row.logo_png, 'base64'),
    cms,
  };
}
