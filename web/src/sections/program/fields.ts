// The program's settings as the cabinet shows them: each with its control, its name and the
// explanation beside it, in the order the settings page of a loyalty cabinet lists them.
// `path` is where the value lives in the program's settings (or footer) object.
import type { MessageKey } from '../../i18n/index.tsx';

export type FieldKind =
  | { kind: 'switch' }
  /** Basis points shown as percent: 10000 ↔ 100 %. */
  | { kind: 'percent' }
  /** Kopecks shown as roubles. */
  | { kind: 'money' }
  | { kind: 'int'; min?: number; max?: number; nullable?: boolean }
  | { kind: 'select'; options: readonly { value: string; label: MessageKey }[] }
  | { kind: 'ids' }
  | { kind: 'text' };

export type Field = FieldKind & {
  path: string;
  label: MessageKey;
  help: MessageKey;
  /** A restaurant may override it (footer fields are the organization's only). */
  overridable: boolean;
  /** Who may change it, when not whoever may change the program (the card rule is org.write). */
  permission?: 'org.write';
};

export interface FieldGroup {
  title: MessageKey;
  /** What the group as a whole is about, when its fields' own words do not say it. */
  help?: MessageKey;
  fields: readonly Field[];
}

const s = (path: string, name: string, kind: FieldKind, overridable = true): Field => ({
  ...kind,
  path,
  label: `program.f.${name}` as MessageKey,
  help: `program.f.${name}.help` as MessageKey,
  overridable,
});

export const GROUPS: readonly FieldGroup[] = [
  {
    title: 'program.g.main',
    fields: [
      s('settings.enabled', 'enabled', { kind: 'switch' }),
      s('settings.maxBonusPaymentBp', 'maxBonusPayment', { kind: 'percent' }),
      s('settings.minFiscalPayment', 'minFiscalPayment', { kind: 'money' }),
      s('settings.nonSummation', 'nonSummation', { kind: 'switch' }),
      s('settings.itemPromotionBlocksCheckPromotion', 'itemBlocksCheck', { kind: 'switch' }),
      s('settings.bonusPaymentForBonusPromoLines', 'bonusPromoLines', { kind: 'switch' }),
      s('settings.changeToBonusWallet', 'changeToWallet', { kind: 'switch' }),
      s('settings.cashierPhoneAuth', 'phoneAuth', { kind: 'switch' }),
      // The organization's card rule (GET/PATCH /organization/settings), shown where the seed
      // lists it; one value for every venue, so no override.
      {
        ...s('organization.single_active_card', 'singleActiveCard', { kind: 'switch' }, false),
        permission: 'org.write',
      },
      s('settings.emailReceipt', 'emailReceipt', { kind: 'switch' }),
    ],
  },
  {
    title: 'program.g.pos',
    help: 'program.g.pos.help',
    // Three switches, as the seed has them: each bans on its own, several may be on.
    fields: [
      s('settings.posPromotionNoBonusPayment', 'posNoBonusPayment', { kind: 'switch' }),
      s('settings.posPromotionNoAccrual', 'posNoAccrual', { kind: 'switch' }),
      s('settings.posPromotionNoPromotions', 'posNoPromotions', { kind: 'switch' }),
    ],
  },
  {
    title: 'program.g.system',
    fields: [s('settings.promoCodeLifetimeMinutes', 'promoLifetime', { kind: 'int', min: 1 })],
  },
  {
    title: 'program.g.accrual',
    fields: [
      s('settings.accrual.base', 'accrualBase', {
        kind: 'select',
        options: [
          { value: 'after_discounts', label: 'program.base.after_discounts' },
          { value: 'before_discounts', label: 'program.base.before_discounts' },
        ],
      }),
      s('settings.accrual.rounding', 'rounding', {
        kind: 'select',
        options: [
          { value: 'down', label: 'program.rounding.down' },
          { value: 'half_up', label: 'program.rounding.half_up' },
          { value: 'up', label: 'program.rounding.up' },
        ],
      }),
      s('settings.accrual.roundingUnit', 'roundingUnit', {
        kind: 'select',
        options: [
          { value: '1', label: 'program.unit.1' },
          { value: '100', label: 'program.unit.100' },
        ],
      }),
      s('settings.accrual.pendingDays', 'pendingDays', { kind: 'int', min: 0 }),
      s('settings.accrual.expiryDays', 'expiryDays', { kind: 'int', min: 1, nullable: true }),
      s('settings.accrual.excludedItems', 'excludedItems', { kind: 'ids' }),
      s('settings.accrual.excludedCategories', 'excludedCategories', { kind: 'ids' }),
      s('settings.accrual.paymentExcludedItems', 'paymentExcludedItems', { kind: 'ids' }),
      s('settings.accrual.paymentExcludedCategories', 'paymentExcludedCategories', {
        kind: 'ids',
      }),
    ],
  },
  {
    title: 'program.g.ranks',
    fields: [
      s('settings.rankPeriod', 'rankPeriod', {
        kind: 'select',
        options: [
          { value: 'all_time', label: 'program.period.all_time' },
          ...([1, 2, 3, 4, 6, 12] as const).map((m) => ({
            value: String(m),
            label: `program.period.${m}` as MessageKey,
          })),
        ],
      }),
    ],
  },
  {
    title: 'program.g.footer',
    fields: [
      s('footer.text', 'footerText', { kind: 'text' }, false),
      s('footer.showBalance', 'showBalance', { kind: 'switch' }, false),
      s('footer.showRank', 'showRank', { kind: 'switch' }, false),
      s('footer.showToNextRank', 'showToNextRank', { kind: 'switch' }, false),
      s('footer.showPaymentCode', 'showPaymentCode', { kind: 'switch' }, false),
      s('footer.width', 'footerWidth', { kind: 'int', min: 16, max: 80 }, false),
      s('footer.maxLength', 'footerMaxLength', { kind: 'int', min: 32, max: 2000 }, false),
      s(
        'footer.language',
        'footerLanguage',
        {
          kind: 'select',
          options: [
            { value: 'ru', label: 'program.lang.ru' },
            { value: 'en', label: 'program.lang.en' },
          ],
        },
        false,
      ),
    ],
  },
];

export const ALL_FIELDS: readonly Field[] = GROUPS.flatMap((g) => g.fields);

export function getPath(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

/** A copy of obj with the value at path replaced (undefined removes it). */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const copy = { ...(obj as Record<string, unknown>) };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
  } else {
    copy[head] = setPath(copy[head] ?? {}, rest.join('.'), value);
  }
  return copy as T;
}

/** The rank period is an object in the API and one choice on screen. */
export function toControl(field: Field, value: unknown): unknown {
  if (field.path === 'settings.rankPeriod') {
    const p = value as { kind: string; months?: number } | undefined;
    return p?.kind === 'months' ? String(p.months) : 'all_time';
  }
  if (field.path === 'settings.accrual.roundingUnit') return String(value ?? 1);
  return value;
}

export function fromControl(field: Field, value: unknown): unknown {
  if (field.path === 'settings.rankPeriod') {
    return value === 'all_time' ? { kind: 'all_time' } : { kind: 'months', months: Number(value) };
  }
  if (field.path === 'settings.accrual.roundingUnit') return Number(value);
  return value;
}
