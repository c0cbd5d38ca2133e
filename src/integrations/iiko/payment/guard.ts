// Before a deposit pays an iiko order: the payment type the till used must be the one chosen
// in Kopilka for this deposit's scheme × fiscalization mode, and that choice must still fit
// seed 001 by the latest import — otherwise iiko would print the wrong fiscal receipt.
import { accountFor, findCard, payingCard, type CardRef } from '../../../app/cards.ts';
import type { AppContext, PosPrincipal } from '../../../app/context.ts';
import { FISCAL_MODE_NAMES, SCHEME_NAMES } from '../../../domain/deposit.ts';
import { fail } from '../../../domain/errors.ts';
import { IIKO_REFS } from '../connection.ts';
import {
  assertCombinationAllowed,
  depositSettingFor,
  refuse,
  verdictFor,
} from '../deposit-settings.ts';

async function typeName(ctx: AppContext, orgId: number, id: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('pos_dictionary')
    .select('name')
    .where('org_id', '=', orgId)
    .where('source', '=', 'iiko')
    .where('ref_name', '=', IIKO_REFS.paymentTypes)
    .where('ident', '=', id)
    .executeTakeFirst();
  return row?.name ?? id;
}

export async function assertDepositPaymentType(
  ctx: AppContext,
  p: PosPrincipal,
  card: CardRef,
  paymentTypeId: string,
): Promise<void> {
  const found = await findCard(ctx.db, p.orgId, card);
  const payer = await payingCard(ctx.db, p.orgId, found);
  const account = await accountFor(ctx.db, p.orgId, payer.guest_id, 'deposit');
  const scheme = account.scheme ?? 'debit';
  const mode = account.fiscal_mode ?? 'service';
  assertCombinationAllowed(scheme, mode);
  const s = SCHEME_NAMES[scheme];
  const m = FISCAL_MODE_NAMES[mode];
  const setting = await depositSettingFor(ctx.db, p.orgId, scheme, mode);
  if (!setting) {
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
  if (setting.payment_type_id !== paymentTypeId) {
    const used = await typeName(ctx, p.orgId, paymentTypeId);
    const chosen = await typeName(ctx, p.orgId, setting.payment_type_id);
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
  const verdict = await verdictFor(ctx.db, p.orgId, setting);
  if (!verdict.ok) refuse(verdict, { scheme, fiscal_mode: mode, payment_type_id: paymentTypeId });
}
