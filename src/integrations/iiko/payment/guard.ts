// Before a deposit pays an iiko order: the payment type the till used must be the one chosen
// in Kopilka for this deposit's scheme × fiscalization mode, and that choice must still fit
// seed 001 by the latest import — otherwise iiko would print the wrong fiscal receipt.
import type { AppContext, PosPrincipal, Tx } from '../../../app/context.ts';
import type { Account } from '../../../db/schema.ts';
import { FISCAL_MODE_NAMES, SCHEME_NAMES } from '../../../domain/deposit.ts';
import { fail } from '../../../domain/errors.ts';
import { IIKO_REFS } from '../connection.ts';
import { assertCombinationAllowed, depositFit, refuse } from '../deposit-settings.ts';

async function typeName(db: Tx, orgId: number, id: string): Promise<string> {
  const row = await db
    .selectFrom('pos_dictionary')
    .select('name')
    .where('org_id', '=', orgId)
    .where('source', '=', 'iiko')
    .where('ref_name', '=', IIKO_REFS.paymentTypes)
    .where('ident', '=', id)
    .executeTakeFirst();
  return row?.name ?? id;
}

/** Runs inside the payment's transaction, on the deposit account it has found and locked. */
export async function assertDepositPaymentType(
  ctx: AppContext,
  tx: Tx,
  p: PosPrincipal,
  account: Account,
  paymentTypeId: string,
): Promise<void> {
  const scheme = account.scheme ?? 'debit';
  const mode = account.fiscal_mode ?? 'service';
  assertCombinationAllowed(scheme, mode);
  const s = SCHEME_NAMES[scheme];
  const m = FISCAL_MODE_NAMES[mode];
  const fit = await depositFit(ctx, tx, p.orgId, scheme, mode);
  if (!fit) {
    fail(
      'rejected',
      'iiko.deposit.payment_type_not_set',
      {
        ru: `Для депозитов по схеме «${s.ru}» с фискализацией ${m.ru} в Kopilka не выбран тип оплаты iiko. Выберите его: Kopilka → Интеграции → iiko → Типы оплат депозита.`,
        en: `No iiko payment type is chosen in Kopilka for ${s.en} deposits fiscalized ${m.en}. Choose one: Kopilka → Integrations → iiko → Deposit payment types.`,
      },
      { scheme, fiscal_mode: mode },
    );
  }
  const { setting, verdict } = fit;
  if (setting.payment_type_id !== paymentTypeId) {
    const used = await typeName(tx, p.orgId, paymentTypeId);
    const chosen = await typeName(tx, p.orgId, setting.payment_type_id);
    fail(
      'rejected',
      'iiko.payment_type.not_for_deposit',
      {
        ru: `Депозит гостя (схема «${s.ru}», фискализация ${m.ru}) оплачивается типом «${chosen}», а выбран «${used}». Отмените оплату и выберите тип «${chosen}»; если депозит должен оплачиваться типом «${used}», настройте его в iikoOffice по правилам схемы и выберите в Kopilka (Интеграции → iiko → Типы оплат депозита).`,
        en: `The guest's deposit (${s.en} scheme, fiscalized ${m.en}) is paid with "${chosen}", but "${used}" was used. Cancel the payment and choose "${chosen}"; if the deposit should be paid with "${used}", set it up in iikoOffice by the scheme's rules and choose it in Kopilka (Integrations → iiko → Deposit payment types).`,
      },
      { scheme, fiscal_mode: mode, expected: setting.payment_type_id, used: paymentTypeId },
    );
  }
  if (!verdict.ok) refuse(verdict, { scheme, fiscal_mode: mode, payment_type_id: paymentTypeId });
}
