// An organization's Google Wallet set-up: its issuer id, the service account that signs for it
// (the key file Google Cloud hands out, checked by readServiceAccount) and the card's design —
// background colour and the address of its logo, which Google fetches itself. The private key
// is sealed under the installation's key, bound to the service account's e-mail, and never
// returned; every change is audited. Saving queues the loyalty class to be created or updated
// at Google (google-queue.ts), so the save never waits for Google.
import { createPrivateKey } from 'node:crypto';
import { audit } from '../audit.ts';
import { fail } from '../../domain/errors.ts';
import { inTransaction, type Actor, type AppContext, type Tx } from '../context.ts';
import { readServiceAccount, type ServiceAccount } from './google-jwt.ts';
import { queueGoogleUpdates } from './google-queue.ts';

const PURPOSE = 'wallet-google-key';

export interface GoogleSettingsInput {
  issuer_id: string;
  /** The service-account key file's JSON, as downloaded. */
  service_account_key: string;
  /** #rrggbb */
  background_color: string;
  /** https: Google fetches the logo from it. */
  logo_url: string;
}

/** What the admin API shows: never the key. */
export interface GoogleSettingsView {
  issuer_id: string;
  client_email: string;
  private_key_id: string;
  background_color: string;
  logo_url: string;
  updated_at: string;
  /** The loyalty class's last update at Google: waiting, sent or given up (with Google's answer). */
  class_update: {
    status: 'pending' | 'sent' | 'dead';
    attempts: number;
    last_error: string | null;
  } | null;
}

/** What the worker and the save link need. */
export interface GoogleIssuer {
  issuerId: string;
  account: ServiceAccount;
  backgroundColor: string;
  logoUrl: string;
}

function logoUrlOf(text: string): string {
  let url: URL | null = null;
  try {
    url = new URL(text);
  } catch {
    // refused below
  }
  if (url?.protocol !== 'https:')
    fail(
      'validation',
      'logo_url_invalid',
      {
        ru: 'Адрес логотипа — ссылка https://… на картинку, доступную Google',
        en: 'The logo address is an https://… link to an image Google can fetch',
      },
      { field: 'logo_url' },
    );
  return (url as URL).toString();
}

/** Checks the key file and the design, stores them (the key sealed), queues the class; audited. */
export async function saveGoogleSettings(
  ctx: AppContext,
  actor: Actor,
  input: GoogleSettingsInput,
): Promise<GoogleSettingsView> {
  const account = readServiceAccount(input.service_account_key);
  const logoUrl = logoUrlOf(input.logo_url);
  const now = ctx.now();
  const row = {
    issuer_id: input.issuer_id,
    client_email: account.clientEmail,
    private_key_id: account.privateKeyId,
    key_sealed: ctx.secrets.seal(
      PURPOSE,
      account.clientEmail,
      account.key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ),
    background_color: input.background_color.toLowerCase(),
    logo_url: logoUrl,
    updated_at: now,
  };
  return inTransaction(ctx, async (tx) => {
    const before = await tx
      .selectFrom('wallet_google_settings')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    await tx
      .insertInto('wallet_google_settings')
      .values({ org_id: actor.orgId, ...row })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(row))
      .execute();
    await queueGoogleUpdates(tx, actor.orgId, now, 'class');
    const after = viewOf(row, await classUpdateOf(tx, actor.orgId));
    await audit(
      tx,
      actor,
      before ? 'update' : 'create',
      'wallet_google_settings',
      null,
      before ? viewOf(before, null) : null,
      after,
    );
    return after;
  });
}

function viewOf(
  r: Omit<GoogleSettingsView, 'updated_at' | 'class_update'> & { updated_at: Date },
  classUpdate: GoogleSettingsView['class_update'],
): GoogleSettingsView {
  return {
    issuer_id: r.issuer_id,
    client_email: r.client_email,
    private_key_id: r.private_key_id,
    background_color: r.background_color,
    logo_url: r.logo_url,
    updated_at: r.updated_at.toISOString(),
    class_update: classUpdate,
  };
}

const notSetUp = (): never =>
  fail('not_found', 'wallet_not_configured', {
    ru: 'Google Wallet не настроен: укажите идентификатор эмитента и загрузите ключ сервисного аккаунта',
    en: 'Google Wallet is not set up: give the issuer id and upload the service-account key',
  });

/** The loyalty class's latest update: the one waiting, or else the last one sent or given up. */
async function classUpdateOf(db: Tx | AppContext['db'], orgId: number) {
  const row = await db
    .selectFrom('wallet_google_updates')
    .select(['status', 'attempts', 'last_error'])
    .where('org_id', '=', orgId)
    .where('guest_id', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

export async function getGoogleSettings(
  ctx: AppContext,
  orgId: number,
): Promise<GoogleSettingsView> {
  const [row, classUpdate] = await Promise.all([
    ctx.db
      .selectFrom('wallet_google_settings')
      .selectAll()
      .where('org_id', '=', orgId)
      .executeTakeFirst(),
    classUpdateOf(ctx.db, orgId),
  ]);
  if (!row) return notSetUp();
  return viewOf(row, classUpdate);
}

/** Cards stop being offered and updated; those already saved in phones stay as they are. */
export async function deleteGoogleSettings(ctx: AppContext, actor: Actor): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const before = await tx
      .deleteFrom('wallet_google_settings')
      .where('org_id', '=', actor.orgId)
      .returningAll()
      .executeTakeFirst();
    if (!before) notSetUp();
    // Nothing could send them any more.
    await tx
      .deleteFrom('wallet_google_updates')
      .where('org_id', '=', actor.orgId)
      .where('status', '=', 'pending')
      .execute();
    await audit(
      tx,
      actor,
      'delete',
      'wallet_google_settings',
      null,
      { issuer_id: before?.issuer_id, client_email: before?.client_email },
      null,
    );
  });
}

/** Opened keys by the seal they came from: a new upload seals afresh, so never a stale hit. */
const opened = new Map<string, ServiceAccount>();
const OPENED_MAX = 200;

/** The organization's issuer with its key opened; refuses when Google Wallet is not set up. */
export async function googleIssuer(ctx: AppContext, orgId: number): Promise<GoogleIssuer> {
  const row = await ctx.db
    .selectFrom('wallet_google_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  if (!row) return notSetUp();
  let account = opened.get(row.key_sealed);
  if (!account) {
    const pem = ctx.secrets.open(PURPOSE, row.client_email, row.key_sealed);
    account = {
      clientEmail: row.client_email,
      privateKeyId: row.private_key_id,
      key: createPrivateKey(pem),
    };
    if (opened.size >= OPENED_MAX) opened.clear();
    opened.set(row.key_sealed, account);
  }
  return {
    issuerId: row.issuer_id,
    account,
    backgroundColor: row.background_color,
    logoUrl: row.logo_url,
  };
}
