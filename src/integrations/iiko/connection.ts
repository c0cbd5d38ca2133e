// The organization's iiko Server connection: settings kept per organization (the password only
// as the SHA-1 digest iiko's /auth takes, sealed for the address it was entered for by
// stored-secrets.ts, and never returned), the connection check, and the
// import of nomenclature and payment types into pos_dictionary for pick-from-list settings.
import { createHash } from 'node:crypto';
import { replaceDictionary, type DictionaryItem } from '../../app/admin/dictionary.ts';
import { audit } from '../../app/audit.ts';
import { inTransaction, type Actor, type AppContext } from '../../app/context.ts';
import { endpointOf, sealOnSave } from '../../app/stored-secrets.ts';
import { fail } from '../../domain/errors.ts';
import type { Selectable } from 'kysely';
import type { IikoServerSettingsTable } from '../../db/schema-iiko.ts';
import type { IikoDictionaries } from './dictionaries.ts';
import { IikoServerClient, type ConnectionCheck } from './server-client.ts';
import { parseIikoServerSettingsInput, type StoredIikoServerSettings } from './server-settings.ts';

/** The settings as the admin API shows them: everything but the secret. */
export interface IikoServerSettingsView {
  serverName: string;
  protocol: 'http' | 'https';
  address: string;
  port: number;
  login: string;
  /** False only after an upgrade dropped the stored digest, until the password is entered again. */
  passwordSet: boolean;
  timeoutMs: number;
  tlsCa: string | null;
  updatedAt: string;
}

function view(row: Selectable<IikoServerSettingsTable>): IikoServerSettingsView {
  return {
    serverName: row.server_name,
    protocol: row.protocol,
    address: row.address,
    port: row.port,
    login: row.login,
    passwordSet: row.password_sealed !== null,
    timeoutMs: row.timeout_ms,
    tlsCa: row.tls_ca,
    updatedAt: row.updated_at.toISOString(),
  };
}

const PURPOSE = 'iiko_server';
const endpoint = (r: { protocol: string; address: string; port: number }) =>
  endpointOf(r.protocol, r.address, r.port);

function passwordRequired(): never {
  fail(
    'validation',
    'iiko.settings.invalid',
    {
      ru: 'Укажите пароль пользователя iiko.',
      en: 'Enter the iiko user password.',
    },
    { field: 'password' },
  );
}

async function stored(ctx: AppContext, orgId: number) {
  return ctx.db
    .selectFrom('iiko_server_settings')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst();
}

export async function getServerSettings(
  ctx: AppContext,
  orgId: number,
): Promise<IikoServerSettingsView | null> {
  const row = await stored(ctx, orgId);
  return row ? view(row) : null;
}

/**
 * Validates and saves. The password may be omitted to keep the stored one, but only while the
 * protocol, address and port stay the same (stored-secrets.ts).
 */
export async function saveServerSettings(ctx: AppContext, actor: Actor, input: unknown) {
  const s = parseIikoServerSettingsInput(input);
  const digest =
    s.password === undefined
      ? undefined
      : createHash('sha1').update(s.password, 'utf8').digest('hex');
  return inTransaction(ctx, async (tx) => {
    const before = await tx
      .selectFrom('iiko_server_settings')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    const sealed = sealOnSave(
      ctx.secrets,
      PURPOSE,
      endpoint(s),
      digest,
      before ? { endpoint: endpoint(before), sealed: before.password_sealed } : null,
    );
    if (sealed === null) passwordRequired();
    const row = {
      org_id: actor.orgId,
      server_name: s.serverName,
      protocol: s.protocol,
      address: s.address,
      port: s.port,
      login: s.login,
      password_sealed: sealed,
      timeout_ms: s.timeoutMs,
      tls_ca: s.tlsCa ?? null,
      updated_at: ctx.now(),
    };
    await tx
      .insertInto('iiko_server_settings')
      .values(row)
      .onConflict((oc) => oc.column('org_id').doUpdateSet(row))
      .execute();
    // The audit shows whether a password was entered, never the secret itself.
    await audit(
      tx,
      actor,
      before ? 'update' : 'create',
      'iiko_server_settings',
      actor.orgId,
      before ? view(before) : null,
      { ...view(row), passwordChanged: digest !== undefined },
    );
    return view(row);
  });
}

// One client per iiko Server, so that sessions of concurrent admin requests queue instead of
// taking two licence seats. Replaced when the settings change.
const clients = new Map<number, { key: string; client: IikoServerClient }>();

async function clientFor(ctx: AppContext, orgId: number): Promise<IikoServerClient> {
  const row = await stored(ctx, orgId);
  if (!row) {
    fail('not_found', 'iiko.settings.missing', {
      ru: 'Подключение к iiko Server не настроено: сохраните адрес, логин и пароль.',
      en: 'The iiko Server connection is not set up: save the address, login and password.',
    });
  }
  if (row.password_sealed === null) passwordRequired();
  const settings: StoredIikoServerSettings = {
    serverName: row.server_name,
    protocol: row.protocol,
    address: row.address,
    port: row.port,
    login: row.login,
    passwordSha1: ctx.secrets.open(PURPOSE, endpoint(row), row.password_sealed),
    timeoutMs: row.timeout_ms,
    ...(row.tls_ca === null ? {} : { tlsCa: row.tls_ca }),
  };
  const key = JSON.stringify(settings);
  const cached = clients.get(orgId);
  if (cached?.key === key) return cached.client;
  const client = new IikoServerClient(settings, { now: ctx.now });
  clients.set(orgId, { key, client });
  return client;
}

export async function checkServerConnection(
  ctx: AppContext,
  actor: Actor,
): Promise<ConnectionCheck> {
  const result = await (await clientFor(ctx, actor.orgId)).checkConnection();
  await inTransaction(ctx, (tx) =>
    audit(tx, actor, 'check', 'iiko_server_settings', actor.orgId, null, {
      ok: result.ok,
      ...(result.ok ? {} : { code: result.code }),
    }),
  );
  return result;
}

/** pos_dictionary ref names of the iiko dictionaries. */
export const IIKO_REFS = {
  products: 'products',
  groups: 'product_groups',
  categories: 'product_categories',
  paymentTypes: 'payment_types',
} as const;

const status = (deleted: boolean) => (deleted ? 'deleted' : 'active');

export function dictionaryItems(
  d: IikoDictionaries,
): Record<keyof IikoDictionaries, DictionaryItem[]> {
  return {
    products: d.products.map((p) => ({
      ident: p.id,
      code: p.num ?? p.code,
      name: p.name,
      parent_ident: p.parent,
      status: status(p.deleted),
      attributes: {
        type: p.type,
        quick_code: p.code,
        category: p.category,
        price: p.defaultSalePrice,
        unit: p.mainUnit,
      },
    })),
    groups: d.groups.map((g) => ({
      ident: g.id,
      code: g.num ?? g.code,
      name: g.name,
      parent_ident: g.parent,
      status: status(g.deleted),
      attributes: { category: g.category },
    })),
    categories: d.categories.map((c) => ({ ident: c.id, name: c.name, status: status(c.deleted) })),
    paymentTypes: d.paymentTypes.map((t) => ({
      ident: t.id,
      code: t.code,
      name: t.name,
      status: status(t.deleted),
      attributes: { fiscal: t.fiscal, group: t.group },
    })),
  };
}

/** Reads all four dictionaries in one iiko session, then replaces each (audited). */
export async function importIikoDictionaries(ctx: AppContext, actor: Actor) {
  const dictionaries = await (await clientFor(ctx, actor.orgId)).importDictionaries();
  const items = dictionaryItems(dictionaries);
  const counts: Record<string, number> = {};
  for (const key of Object.keys(IIKO_REFS) as (keyof typeof IIKO_REFS)[]) {
    const r = await replaceDictionary(ctx, actor, 'iiko', IIKO_REFS[key], items[key]);
    counts[IIKO_REFS[key]] = r.count;
  }
  return { imported: counts };
}
