// The organization's connection to the r_keeper XML interface (P3, seed 002): settings with a
// password the API never returns, sealed for the address it was entered for (stored-secrets.ts),
// a connection check with a clear reason for each failure, and the import of r_keeper's
// dictionaries into pos_dictionary, so that promotions, cards and composite discounts pick
// discounts by name instead of typed codes. Everything is audited.
import { DomainError, fail } from '../../../domain/errors.ts';
import { RkXmlInterfaceClient, type ClientOptions, type XmlInterfaceSettings } from './client.ts';
import { REF_NAMES, type RefName } from './protocol.ts';
import type { XmlSettingsInput } from '../config.ts';
import { replaceDictionary } from '../../../app/admin/dictionary.ts';
import { audit } from '../../../app/audit.ts';
import { inTransaction, type Actor, type AppContext } from '../../../app/context.ts';
import { endpointOf, sealOnSave } from '../../../app/stored-secrets.ts';

export interface XmlSettingsView {
  kind: 'mid' | 'ref';
  host: string;
  port: number;
  user: string;
  /** False only after an upgrade dropped the clear-text password, until it is entered again. */
  has_password: boolean;
  allow_self_signed: boolean;
  updated_at: string;
}

/** The password is sealed for the cash server's address (the XML interface is always https). */
const PURPOSE = 'rkeeper_xml';
const endpoint = (host: string, port: number) => endpointOf('https', host, port);

async function stored(ctx: AppContext, orgId: number): Promise<XmlInterfaceSettings | null> {
  const row = await ctx.db.selectFrom('rkeeper_xml_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  if (!row) return null;
  if (row.password_sealed === null) passwordRequired();
  const password = ctx.secrets.open(PURPOSE, endpoint(row.host, row.port), row.password_sealed);
  return { kind: row.kind, host: row.host, port: row.port, user: row.user_name, password, allowSelfSigned: row.allow_self_signed };
}

function passwordRequired(): never {
  fail('validation', 'password_required', {
    ru: 'Укажите пароль пользователя XML-интерфейса',
    en: 'Give the password of the XML interface user',
  }, { field: 'password' });
}

function notConfigured(): never {
  fail('not_found', 'rkeeper_xml_not_configured', {
    ru: 'Подключение к XML-интерфейсу r_keeper не настроено',
    en: 'The r_keeper XML interface connection is not set up',
  });
}

export async function getXmlSettings(ctx: AppContext, orgId: number): Promise<XmlSettingsView> {
  const row = await ctx.db.selectFrom('rkeeper_xml_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  if (!row) notConfigured();
  return {
    kind: row.kind,
    host: row.host,
    port: row.port,
    user: row.user_name,
    has_password: row.password_sealed !== null,
    allow_self_signed: row.allow_self_signed,
    updated_at: row.updated_at.toISOString(),
  };
}

export async function saveXmlSettings(ctx: AppContext, actor: Actor, input: XmlSettingsInput): Promise<XmlSettingsView> {
  await inTransaction(ctx, async (tx) => {
    const before = await tx
      .selectFrom('rkeeper_xml_settings')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .forUpdate()
      .executeTakeFirst();
    const host = input.host.trim();
    const sealed = sealOnSave(ctx.secrets, PURPOSE, endpoint(host, input.port), input.password,
      before ? { endpoint: endpoint(before.host, before.port), sealed: before.password_sealed } : null);
    if (sealed === null) passwordRequired();
    const row = {
      kind: input.kind,
      host,
      port: input.port,
      user_name: input.user,
      password_sealed: sealed,
      allow_self_signed: input.allow_self_signed ?? false,
      updated_at: ctx.now(),
    };
    await tx
      .insertInto('rkeeper_xml_settings')
      .values({ org_id: actor.orgId, ...row })
      .onConflict((oc) => oc.column('org_id').doUpdateSet(row))
      .execute();
    const shown = <T extends { password_sealed: string | null }>({ password_sealed: _p, ...rest }: T) => ({ ...rest, password_changed: input.password !== undefined });
    await audit(tx, actor, before ? 'update' : 'create', 'rkeeper_xml_settings', actor.orgId,
      before ? shown(before) : null, shown(row));
  });
  return getXmlSettings(ctx, actor.orgId);
}

function client(settings: XmlInterfaceSettings, options: ClientOptions): RkXmlInterfaceClient {
  return new RkXmlInterfaceClient(settings, options);
}

export type CheckResult =
  | { ok: true; server_version: string; net_name: string | null }
  | { ok: false; code: string; reason: string; reason_en: string };

export async function checkXmlConnection(ctx: AppContext, actor: Actor, options: ClientOptions = {}): Promise<CheckResult> {
  const settings = (await stored(ctx, actor.orgId)) ?? notConfigured();
  const r = await client(settings, options).checkConnection();
  const result: CheckResult = r.ok
    ? { ok: true, server_version: r.serverVersion, net_name: r.netName ?? null }
    : { ok: false, code: r.error.code, reason: r.error.messageRu, reason_en: r.error.message };
  // Managers, analysts and support read the audit log: it keeps the code, never the reason (a
  // map of what listens behind Kopilka), as iiko's check does. The owner hears the reason live.
  const audited = result.ok ? { ok: true } : { ok: false, code: result.code };
  await inTransaction(ctx, (tx) => audit(tx, actor, 'check', 'rkeeper_xml_settings', actor.orgId, null, audited));
  return result;
}

/** Imports each dictionary; one that fails stops the import with its reason (earlier ones stay). */
export async function importXmlDictionaries(
  ctx: AppContext,
  actor: Actor,
  refNames: readonly RefName[] = REF_NAMES,
  options: ClientOptions = {},
) {
  const settings = (await stored(ctx, actor.orgId)) ?? notConfigured();
  const c = client(settings, options);
  const imported: { ref_name: string; count: number }[] = [];
  for (const refName of refNames) {
    let items;
    try {
      items = await c.getRefData(refName);
    } catch (e) {
      if (e instanceof DomainError) {
        await inTransaction(ctx, (tx) =>
          audit(tx, actor, 'import_failed', 'pos_dictionary', `rkeeper:${refName}`, null, { code: e.code }),
        );
      }
      throw e;
    }
    const saved = await replaceDictionary(ctx, actor, 'rkeeper', refName, items.map((i) => ({
      ident: String(i.ident),
      code: i.code === null ? null : String(i.code),
      name: i.name,
      parent_ident: i.mainParentIdent === null ? null : String(i.mainParentIdent),
      status: i.status === 'rsActive' ? 'active' : i.status,
      attributes: { ...i.attrs },
    })));
    imported.push({ ref_name: refName, count: saved.count });
  }
  return { imported };
}
