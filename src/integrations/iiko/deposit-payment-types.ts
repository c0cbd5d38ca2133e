// Which iiko payment type a deposit may be paid with, per deposit scheme and fiscalization mode
// (seed 001, "Интеграция с iiko"), and an explanation of what to change in iikoOffice when the
// chosen type does not fit. Pure: no I/O, no clock; it may move to src/domain as it stands.
//
//   scheme \ mode   advance                                 service
//   credit          non-fiscal                              non-fiscal
//   debit           fiscal, payment method «Предоплата»     non-fiscal
//   mixed           forbidden                               non-fiscal

import { paymentTypeRule, type DepositScheme, type FiscalMode } from '../../domain/deposit.ts';
import type { Message } from '../../domain/errors.ts';

export type { DepositScheme };
export type FiscalizationMode = FiscalMode;

/**
 * The 54-FZ payment method configured on a fiscal iiko payment type. iiko Server's REST API
 * does not expose it, so it is what the integrator confirmed; null when nobody has.
 */
export type IikoFiscalPaymentMethod = 'prepayment' | 'other';

/** What is known of the chosen payment type: the imported dictionary plus confirmations. */
export interface DepositPaymentTypeFacts {
  id: string;
  name: string;
  deleted: boolean;
  /** null when neither iiko nor the integrator has said. */
  fiscal: boolean | null;
  paymentMethod: IikoFiscalPaymentMethod | null;
}

export type PaymentTypeRequirement =
  { fiscal: false } | { fiscal: true; paymentMethod: 'prepayment' };

export const DepositPaymentTypeCode = {
  mixedAdvanceForbidden: 'iiko.deposit.mixed_advance_forbidden',
  deleted: 'iiko.payment_type.deleted',
  mustBeNonFiscal: 'iiko.payment_type.must_be_non_fiscal',
  mustBeFiscal: 'iiko.payment_type.must_be_fiscal',
  mustBePrepayment: 'iiko.payment_type.must_be_prepayment',
  fiscalUnknown: 'iiko.payment_type.fiscal_unknown',
  methodUnknown: 'iiko.payment_type.method_unknown',
} as const;
export type DepositPaymentTypeCode =
  (typeof DepositPaymentTypeCode)[keyof typeof DepositPaymentTypeCode];

export type DepositPaymentTypeVerdict =
  | { ok: true; requirement: PaymentTypeRequirement }
  | {
      ok: false;
      code: DepositPaymentTypeCode;
      message: Message;
      /** null only for the forbidden combination. */
      requirement: PaymentTypeRequirement | null;
    };

/** The seed's matrix; null means the combination must not be used at all. */
export function requiredDepositPaymentType(
  scheme: DepositScheme,
  mode: FiscalizationMode,
): PaymentTypeRequirement | null {
  // The matrix itself is the domain's (src/domain/deposit.ts); this is its iiko wording.
  const rule = paymentTypeRule(scheme, mode);
  if (!rule) return null;
  return rule.fiscal ? { fiscal: true, paymentMethod: 'prepayment' } : { fiscal: false };
}

const SCHEME: Record<DepositScheme, { ru: string; en: string }> = {
  debit: { ru: 'дебетовой схемы', en: 'the debit scheme' },
  credit: { ru: 'кредитной схемы', en: 'the credit scheme' },
  mixed: { ru: 'смешанной схемы', en: 'the mixed scheme' },
};
const MODE: Record<FiscalizationMode, { ru: string; en: string }> = {
  advance: { ru: 'с фискализацией авансом', en: 'with advance fiscalization' },
  service: { ru: 'с фискализацией услугой', en: 'with service fiscalization' },
};

function need(req: PaymentTypeRequirement): { ru: string; en: string } {
  return req.fiscal
    ? {
        ru: 'фискальный тип оплаты со способом оплаты «Предоплата»',
        en: 'a fiscal payment type with the payment method "Prepayment" («Предоплата»)',
      }
    : { ru: 'нефискальный тип оплаты', en: 'a non-fiscal payment type' };
}

function office(name: string): { ru: string; en: string } {
  return {
    ru: `Измените тип оплаты в iikoOffice: Розничные продажи → Типы оплат → «${name}»`,
    en: `Change the payment type in iikoOffice: Розничные продажи (Retail sales) → Типы оплат (Payment types) → "${name}"`,
  };
}

const THEN = {
  ru: 'затем повторите импорт справочников iiko в Kopilka или выберите другой, уже так настроенный тип.',
  en: 'then import the iiko dictionaries into Kopilka again, or choose another type already set up this way.',
};

export function checkDepositPaymentType(
  scheme: DepositScheme,
  mode: FiscalizationMode,
  type: DepositPaymentTypeFacts,
): DepositPaymentTypeVerdict {
  const requirement = requiredDepositPaymentType(scheme, mode);
  const s = SCHEME[scheme];
  const m = MODE[mode];
  if (requirement === null) {
    return {
      ok: false,
      code: DepositPaymentTypeCode.mixedAdvanceForbidden,
      requirement,
      message: {
        ru: 'Смешанную схему депозита нельзя фискализировать авансом: в одной оплате смешались бы предоплаченная часть и кредит. Выберите фискализацию услугой (с нефискальным типом оплаты в iiko) или другую схему депозита.',
        en: 'A mixed deposit cannot be fiscalized in advance: one payment would mix the prepaid part with credit. Choose service fiscalization (with a non-fiscal iiko payment type) or another deposit scheme.',
      },
    };
  }
  const n = need(requirement);
  const lead = {
    ru: `Для ${s.ru} ${m.ru} нужен ${n.ru}`,
    en: `${capitalize(s.en)} ${m.en} needs ${n.en}`,
  };
  const o = office(type.name);
  const fail = (
    code: DepositPaymentTypeCode,
    ru: string,
    en: string,
  ): DepositPaymentTypeVerdict => ({
    ok: false,
    code,
    requirement,
    message: { ru: `${lead.ru}; ${ru}`, en: `${lead.en}; ${en}` },
  });

  if (type.deleted) {
    return fail(
      DepositPaymentTypeCode.deleted,
      `выбранный тип «${type.name}» удалён в iikoOffice. Выберите действующий тип оплаты.`,
      `the chosen type "${type.name}" is deleted in iikoOffice. Choose a payment type in use.`,
    );
  }
  if (type.fiscal === null) {
    return fail(
      DepositPaymentTypeCode.fiscalUnknown,
      `iiko не сообщает, фискальный ли тип «${type.name}» (признак известен только для типов, которыми недавно оплачивали заказы). Проверьте это в iikoOffice: Розничные продажи → Типы оплат → «${type.name}» — и отметьте в настройках депозита Kopilka.`,
      `iiko does not say whether "${type.name}" is fiscal (it is known only for types recently used to pay orders). Check it in iikoOffice: Розничные продажи → Типы оплат → "${type.name}", and confirm it in Kopilka's deposit settings.`,
    );
  }
  if (!requirement.fiscal) {
    if (!type.fiscal) return { ok: true, requirement };
    return fail(
      DepositPaymentTypeCode.mustBeNonFiscal,
      `выбранный тип «${type.name}» фискальный, и iiko напечатает по оплате депозитом фискальный чек. ${o.ru} — снимите признак фискальности (нефискальный внешний тип оплаты попадает в раздел «Безналичный расчёт»), ${THEN.ru}`,
      `the chosen type "${type.name}" is fiscal, so iiko would print a fiscal receipt for a deposit payment. ${o.en}: clear the fiscal flag (a non-fiscal external payment type is listed under "Безналичный расчёт" / non-cash), ${THEN.en}`,
    );
  }
  if (!type.fiscal) {
    return fail(
      DepositPaymentTypeCode.mustBeFiscal,
      `выбранный тип «${type.name}» нефискальный. ${o.ru} — сделайте его фискальным (фискальный внешний тип оплаты попадает в раздел «Банковские карты») и выберите способ оплаты «Предоплата», ${THEN.ru}`,
      `the chosen type "${type.name}" is non-fiscal. ${o.en}: make it fiscal (a fiscal external payment type is listed under "Банковские карты" / bank cards) and choose the payment method «Предоплата» (Prepayment), ${THEN.en}`,
    );
  }
  if (type.paymentMethod === null) {
    return fail(
      DepositPaymentTypeCode.methodUnknown,
      `тип «${type.name}» фискальный, но iiko Server не сообщает его способ оплаты. Проверьте в iikoOffice: Розничные продажи → Типы оплат → «${type.name}», что выбран способ оплаты «Предоплата», и отметьте это в настройках депозита Kopilka.`,
      `"${type.name}" is fiscal, but iiko Server does not report its payment method. Check in iikoOffice: Розничные продажи → Типы оплат → "${type.name}" that the payment method is «Предоплата» (Prepayment), and confirm it in Kopilka's deposit settings.`,
    );
  }
  if (type.paymentMethod === 'prepayment') return { ok: true, requirement };
  return fail(
    DepositPaymentTypeCode.mustBePrepayment,
    `выбранный тип «${type.name}» фискальный, но его способ оплаты не «Предоплата». ${o.ru} — выберите способ оплаты «Предоплата», ${THEN.ru}`,
    `the chosen type "${type.name}" is fiscal, but its payment method is not «Предоплата» (Prepayment). ${o.en}: choose the payment method «Предоплата», ${THEN.en}`,
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
