// Which iiko payment type pays a deposit of each scheme × fiscalization mode (seed 001), chosen
// from the imported payment types, with the integrator's confirmations of what iiko Server
// cannot tell (an unknown fiscal flag, the payment method «Предоплата»). Saving checks the
// choice with checkDepositPaymentType; so does every payment, against the latest import.
import { audit } from '../../app/audit.ts';
import { dictionaryChanges } from '../../app/admin/dictionary.ts';
import { inTransaction, type Actor, type AppContext } from '../../app/context.ts';
import { announce, invalidate, onInvalidate } from '../../app/invalidation.ts';
import { DomainError, fail, type Message } from '../../domain/errors.ts';
import type { Database } from '../../db/connect.ts';
import type { IikoDepositPaymentTypesTable } from '../../db/schema-iiko.ts';
import type { DepositPaymentTypeInput } from './config.ts';
import { IIKO_REFS } from './connection.ts';
import {
  checkDepositPaymentType,
  requiredDepositPaymentType,
  type DepositPaymentTypeFacts,
  type DepositPaymentTypeVerdict,
  type DepositScheme,
  type FiscalizationMode,
} from './deposit-payment-types.ts';

export type DepositSetting = Pick<
  IikoDepositPaymentTypesTable,
  'scheme' | 'fiscal_mode' | 'payment_type_id' | 'confirmed_fiscal' | 'confirmed_payment_method'
>;

/** What is known of the chosen type: the imported row, completed by the confirmations. */
export async function paymentTypeFacts(
  db: Database,
  orgId: number,
  setting: DepositSetting,
): Promise<DepositPaymentTypeFacts> {
  const row = await db
    .selectFrom('pos_dictionary')
    .select(['name', 'status', 'attributes'])
    .where('org_id', '=', orgId)
    .where('source', '=', 'iiko')
    .where('ref_name', '=', IIKO_REFS.paymentTypes)
    .where('ident', '=', setting.payment_type_id)
    .executeTakeFirst();
  if (!row) {
    fail(
      'rejected',
      'iiko.payment_type.not_imported',
      {
        ru: `Тип оплаты ${setting.payment_type_id} не найден среди импортированных из iiko. Импортируйте справочники iiko в Kopilka (Интеграции → iiko → Импорт) и выберите тип из списка.`,
        en: `Payment type ${setting.payment_type_id} is not among those imported from iiko. Import the iiko dictionaries into Kopilka (Integrations → iiko → Import) and pick the type from the list.`,
      },
      { payment_type_id: setting.payment_type_id },
    );
  }
  const fiscal = (row.attributes as { fiscal?: boolean | null }).fiscal ?? null;
  return {
    id: setting.payment_type_id,
    name: row.name,
    deleted: row.status === 'deleted',
    fiscal: fiscal ?? setting.confirmed_fiscal,
    paymentMethod: setting.confirmed_payment_method,
  };
}

export async function verdictFor(
  db: Database,
  orgId: number,
  setting: DepositSetting,
): Promise<DepositPaymentTypeVerdict & { facts: DepositPaymentTypeFacts }> {
  const facts = await paymentTypeFacts(db, orgId, setting);
  return { ...checkDepositPaymentType(setting.scheme, setting.fiscal_mode, facts), facts };
}

/** Facts for the forbidden combination, which fails before any fact is looked at. */
const NO_FACTS: DepositPaymentTypeFacts = {
  id: '',
  name: '',
  deleted: false,
  fiscal: null,
  paymentMethod: null,
};

/** Mixed + advance: refused with seed 001's explanation, whatever the payment type. */
export function assertCombinationAllowed(scheme: DepositScheme, mode: FiscalizationMode): void {
  const v = checkDepositPaymentType(scheme, mode, NO_FACTS);
  if (!v.ok && v.requirement === null) refuse(v, { scheme, fiscal_mode: mode });
}

export function refuse(
  verdict: Exclude<DepositPaymentTypeVerdict, { ok: true }>,
  details: object,
): never {
  fail('rejected', verdict.code, verdict.message, { ...details, requirement: verdict.requirement });
}

/** Saves the choice for one scheme × mode; refuses, with what to change, when it does not fit. */
export async function saveDepositPaymentType(
  ctx: AppContext,
  actor: Actor,
  input: DepositPaymentTypeInput,
) {
  const setting: DepositSetting = {
    scheme: input.scheme,
    fiscal_mode: input.fiscal_mode,
    payment_type_id: input.payment_type_id,
    confirmed_fiscal: input.confirmed_fiscal ?? null,
    confirmed_payment_method: input.confirmed_payment_method ?? null,
  };
  assertCombinationAllowed(input.scheme, input.fiscal_mode);
  const verdict = await verdictFor(ctx.db, actor.orgId, setting);
  if (!verdict.ok) refuse(verdict, { ...setting, payment_type_name: verdict.facts.name });
  const saved = await inTransaction(ctx, async (tx) => {
    const before = await tx
      .selectFrom('iiko_deposit_payment_types')
      .selectAll()
      .where('org_id', '=', actor.orgId)
      .where('scheme', '=', input.scheme)
      .where('fiscal_mode', '=', input.fiscal_mode)
      .forUpdate()
      .executeTakeFirst();
    const row = { org_id: actor.orgId, ...setting, updated_at: ctx.now() };
    await tx
      .insertInto('iiko_deposit_payment_types')
      .values(row)
      .onConflict((oc) => oc.columns(['org_id', 'scheme', 'fiscal_mode']).doUpdateSet(row))
      .execute();
    await audit(
      tx,
      actor,
      before ? 'update' : 'create',
      'iiko_deposit_payment_type',
      `${input.scheme}:${input.fiscal_mode}`,
      before ?? null,
      row,
    );
    await announce(tx, 'iiko-deposit-types');
    return { ...setting, payment_type_name: verdict.facts.name, requirement: verdict.requirement };
  });
  invalidate('iiko-deposit-types');
  return saved;
}

const CACHE_MS = 10_000;
let saves = 0;
onInvalidate('iiko-deposit-types', () => saves++);
type Fit = {
  setting: DepositSetting;
  verdict: DepositPaymentTypeVerdict & { facts: DepositPaymentTypeFacts };
} | null;
const fits = new WeakMap<AppContext, Map<string, { fit: Fit; until: number; seen: number }>>();

/**
 * The chosen type for one scheme × mode and whether it still fits, cached per server context
 * like terminal keys: every deposit payment asks. A save or a dictionary import applies at once
 * in every server process on every server (app/invalidation.ts); CACHE_MS bounds it while a
 * server cannot hear the announcements. `db` runs the lookup on a miss.
 */
export async function depositFit(
  ctx: AppContext,
  db: Database,
  orgId: number,
  scheme: DepositScheme,
  mode: FiscalizationMode,
): Promise<Fit> {
  const now = Date.now();
  const seen = saves + dictionaryChanges();
  let byKey = fits.get(ctx);
  if (!byKey) fits.set(ctx, (byKey = new Map()));
  const key = `${orgId}:${scheme}:${mode}`;
  const hit = byKey.get(key);
  if (hit && hit.until > now && hit.seen === seen) return hit.fit;
  const setting = await depositSettingFor(db, orgId, scheme, mode);
  const fit = setting ? { setting, verdict: await verdictFor(db, orgId, setting) } : null;
  byKey.set(key, { fit, until: now + CACHE_MS, seen });
  return fit;
}

export async function depositSettingFor(
  db: Database,
  orgId: number,
  scheme: DepositScheme,
  mode: FiscalizationMode,
): Promise<DepositSetting | undefined> {
  return db
    .selectFrom('iiko_deposit_payment_types')
    .select([
      'scheme',
      'fiscal_mode',
      'payment_type_id',
      'confirmed_fiscal',
      'confirmed_payment_method',
    ])
    .where('org_id', '=', orgId)
    .where('scheme', '=', scheme)
    .where('fiscal_mode', '=', mode)
    .executeTakeFirst();
}

const SCHEMES: DepositScheme[] = ['credit', 'debit', 'mixed'];
const MODES: FiscalizationMode[] = ['advance', 'service'];

type Check = { ok: true } | { ok: false; code: string; message: Message };

const asCheck = (v: DepositPaymentTypeVerdict): Check =>
  v.ok ? { ok: true } : { ok: false, code: v.code, message: v.message };

/** All six combinations: what each needs, what is chosen, and whether it still fits. */
export async function listDepositPaymentTypes(ctx: AppContext, orgId: number) {
  const out = [];
  for (const scheme of SCHEMES) {
    for (const mode of MODES) {
      const requirement = requiredDepositPaymentType(scheme, mode);
      const setting = await depositSettingFor(ctx.db, orgId, scheme, mode);
      let check: Check | null = null;
      let name: string | null = null;
      if (requirement === null) {
        check = asCheck(checkDepositPaymentType(scheme, mode, NO_FACTS));
      } else if (setting) {
        try {
          const v = await verdictFor(ctx.db, orgId, setting);
          name = v.facts.name;
          check = asCheck(v);
        } catch (e) {
          // A type missing from the latest import is a finding to show, not a failure.
          if (!(e instanceof DomainError)) throw e;
          check = { ok: false, code: e.code, message: { ru: e.messageRu, en: e.message } };
        }
      }
      out.push({
        scheme,
        fiscal_mode: mode,
        allowed: requirement !== null,
        requirement,
        payment_type_id: setting?.payment_type_id ?? null,
        payment_type_name: name,
        confirmed_fiscal: setting?.confirmed_fiscal ?? null,
        confirmed_payment_method: setting?.confirmed_payment_method ?? null,
        check,
      });
    }
  }
  return out;
}
