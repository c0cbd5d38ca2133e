// Validation of what a manager saves: settings, ranks, promotions. Every problem is a
// DomainError of kind 'validation' with a stable code, the field, and what to set instead, in
// Russian and English. The validators collect every problem so one save shows them all.
import { DomainError } from '../errors.ts';
import { formatRoubles, formatRoublesRu, MAX_AMOUNT } from '../money.ts';
import { isTimeZone } from './local-time.ts';
import type { Privilege, ProgramSettings, Promotion, Rank } from './types.ts';

/** Ids of the POS dictionaries (P3, P4) that promotions and exclusions may refer to. */
export interface KnownIds {
  items: ReadonlySet<string>;
  categories: ReadonlySet<string>;
  restaurants?: ReadonlySet<string>;
}

function problem(
  code: string,
  field: string,
  ru: string,
  en: string,
  value?: unknown,
): DomainError {
  return new DomainError(
    'validation',
    `loyalty.${code}`,
    { ru: `${field}: ${ru}`, en: `${field}: ${en}` },
    { field, value },
  );
}

function percent(errors: DomainError[], field: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 10000) {
    errors.push(
      problem(
        'percent_out_of_range',
        field,
        'процент должен быть от 0 до 100 (в сотых долях процента: 0…10000, 1000 = 10%)',
        'a percentage must be 0 to 100 (in basis points: 0…10000, 1000 = 10%)',
        value,
      ),
    );
  }
}

function amount(
  errors: DomainError[],
  field: string,
  value: number,
  what = 'сумма в копейках',
): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_AMOUNT) {
    errors.push(
      problem(
        'amount_out_of_range',
        field,
        `${what}: целое от 0 до ${MAX_AMOUNT}`,
        `must be an integer from 0 to ${MAX_AMOUNT}`,
        value,
      ),
    );
  }
}

function known(
  errors: DomainError[],
  field: string,
  ids: readonly string[] | undefined,
  set: ReadonlySet<string> | undefined,
  kind: string,
): void {
  if (!set) return;
  for (const id of ids ?? []) {
    if (!set.has(id)) {
      errors.push(
        problem(
          `unknown_${kind}`,
          field,
          `нет в справочнике кассы: «${id}»; выберите значение из справочника или обновите справочники`,
          `"${id}" is not in the POS dictionary; pick one from the dictionary or re-import dictionaries`,
          id,
        ),
      );
    }
  }
}

/**
 * Settings the program no longer has, and where each went. A client that still sends one is
 * told so instead of having it stored and silently ignored.
 */
const RETIRED_SETTINGS: Record<string, { ru: string; en: string }> = {
  posPromotionMode: {
    ru: 'настройки больше нет: вместо одного выбора — три отдельных переключателя posPromotionNoBonusPayment, posPromotionNoAccrual и posPromotionNoPromotions (true/false), включайте любые',
    en: 'this setting is gone: instead of one choice there are three separate switches posPromotionNoBonusPayment, posPromotionNoAccrual and posPromotionNoPromotions (true/false), turn on any of them',
  },
  // It was stored here and never acted: the organization's card rule is the one that does.
  singleActiveCard: {
    ru: 'настройка одна на всю организацию и живёт в её правилах карт: PATCH /api/admin/v1/organization/settings {"single_active_card": true|false}',
    en: 'one setting for the whole organization, kept with its card rules: PATCH /api/admin/v1/organization/settings {"single_active_card": true|false}',
  },
};

/** One problem per retired setting in what a client sent. */
export function validateRetiredSettings(sent: object | null | undefined): DomainError[] {
  return Object.keys(sent ?? {})
    .filter((key) => key in RETIRED_SETTINGS)
    .map((key) => {
      const text = RETIRED_SETTINGS[key] as { ru: string; en: string };
      return problem('setting_retired', key, text.ru, text.en);
    });
}

export function validateSettings(s: ProgramSettings, ids?: KnownIds): DomainError[] {
  const errors: DomainError[] = [];
  percent(errors, 'maxBonusPaymentBp', s.maxBonusPaymentBp);
  amount(errors, 'minFiscalPayment', s.minFiscalPayment);
  if (s.itemPromotionBlocksCheckPromotion && !s.nonSummation) {
    errors.push(
      problem(
        'l5_requires_l4',
        'itemPromotionBlocksCheckPromotion',
        'действует только вместе с «Акции и ранги не суммируются»: включите её или выключите эту настройку',
        'works only together with "promotions and ranks do not sum": turn that on or turn this off',
      ),
    );
  }
  if (!Number.isInteger(s.promoCodeLifetimeMinutes) || s.promoCodeLifetimeMinutes < 1) {
    errors.push(
      problem(
        'promo_code_lifetime',
        'promoCodeLifetimeMinutes',
        'время жизни промокода — целое число минут, не меньше 1',
        'promo code lifetime is whole minutes, at least 1',
        s.promoCodeLifetimeMinutes,
      ),
    );
  }
  const a = s.accrual;
  if (!Number.isInteger(a.roundingUnit) || a.roundingUnit < 1 || a.roundingUnit > 10000) {
    errors.push(
      problem(
        'rounding_unit',
        'accrual.roundingUnit',
        'шаг округления в сотых балла: от 1 до 10000 (100 = целые баллы)',
        'rounding unit in hundredths of a point: 1 to 10000 (100 = whole points)',
        a.roundingUnit,
      ),
    );
  }
  if (!Number.isInteger(a.pendingDays) || a.pendingDays < 0) {
    errors.push(
      problem(
        'pending_days',
        'accrual.pendingDays',
        'целое число дней, не меньше 0',
        'whole days, at least 0',
        a.pendingDays,
      ),
    );
  }
  if (a.expiryDays !== null && (!Number.isInteger(a.expiryDays) || a.expiryDays < 1)) {
    errors.push(
      problem(
        'expiry_days',
        'accrual.expiryDays',
        'целое число дней, не меньше 1, или пусто (бессрочно)',
        'whole days, at least 1, or empty (never)',
        a.expiryDays,
      ),
    );
  }
  known(errors, 'accrual.excludedItems', a.excludedItems, ids?.items, 'item');
  known(errors, 'accrual.excludedCategories', a.excludedCategories, ids?.categories, 'category');
  known(errors, 'accrual.paymentExcludedItems', a.paymentExcludedItems, ids?.items, 'item');
  known(
    errors,
    'accrual.paymentExcludedCategories',
    a.paymentExcludedCategories,
    ids?.categories,
    'category',
  );
  return errors;
}

export function validateRanks(ranks: readonly Rank[]): DomainError[] {
  const errors: DomainError[] = [];
  const names = new Set<string>();
  const ids = new Set<string>();
  ranks.forEach((r, i) => {
    const f = `ranks[${i}]`;
    if (!r.name.trim())
      errors.push(
        problem('rank.empty_name', `${f}.name`, 'укажите название ранга', 'give the rank a name'),
      );
    const name = r.name.trim().toLowerCase();
    if (names.has(name))
      errors.push(
        problem(
          'rank.duplicate_name',
          `${f}.name`,
          `ранг «${r.name}» уже есть; дайте другое название`,
          `rank "${r.name}" already exists; choose another name`,
          r.name,
        ),
      );
    names.add(name);
    if (ids.has(r.id))
      errors.push(
        problem(
          'rank.duplicate_id',
          `${f}.id`,
          `повторяется id «${r.id}»`,
          `id "${r.id}" repeats`,
          r.id,
        ),
      );
    ids.add(r.id);
    amount(errors, `${f}.threshold`, r.threshold);
    percent(errors, `${f}.accrualBp`, r.accrualBp);
    percent(errors, `${f}.discountBp`, r.discountBp);
    const prev = ranks[i - 1];
    if (prev && r.threshold <= prev.threshold) {
      errors.push(
        problem(
          r.threshold === prev.threshold ? 'rank.overlap' : 'rank.unsorted',
          `${f}.threshold`,
          `порог должен быть больше, чем у ранга «${prev.name}» (${formatRoublesRu(prev.threshold)} ₽): ранги идут по возрастанию порога`,
          `the threshold must exceed that of rank "${prev.name}" (${formatRoubles(prev.threshold)} RUB): ranks go by increasing threshold`,
          r.threshold,
        ),
      );
    }
  });
  return errors;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (d: string): boolean =>
  DATE.test(d) &&
  !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
  new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
const BONUS_TYPES: ReadonlySet<Privilege['type']> = new Set(['bonus_percent', 'bonus_fixed']);

function privilege(errors: DomainError[], f: string, p: Privilege, ids?: KnownIds): void {
  switch (p.type) {
    case 'discount_percent':
    case 'bonus_percent':
      percent(errors, `${f}.bp`, p.bp);
      break;
    case 'discount_fixed':
      amount(errors, `${f}.amount`, p.amount);
      break;
    case 'bonus_fixed':
      amount(errors, `${f}.points`, p.points, 'баллы в сотых');
      break;
    case 'fixed_price':
      amount(errors, `${f}.price`, p.price);
      break;
    case 'multiplier':
      if (!Number.isInteger(p.factor) || p.factor < 101 || p.factor > 1000) {
        errors.push(
          problem(
            'multiplier',
            `${f}.factor`,
            'множитель в сотых: от 101 до 1000 (200 = ×2)',
            'multiplier in hundredths: 101 to 1000 (200 = ×2)',
            p.factor,
          ),
        );
      }
      break;
    case 'gift':
      if (!Number.isInteger(p.quantity) || p.quantity < 1) {
        errors.push(
          problem(
            'gift_quantity',
            `${f}.quantity`,
            'количество подарка в тысячных, больше 0 (1000 = 1 шт.)',
            'gift quantity in thousandths, above 0 (1000 = 1 unit)',
            p.quantity,
          ),
        );
      }
      amount(errors, `${f}.value`, p.value);
      known(errors, `${f}.itemId`, [p.itemId], ids?.items, 'item');
      break;
  }
}

export function validatePromotion(
  p: Promotion,
  ids?: KnownIds,
  ranks?: readonly Rank[],
): DomainError[] {
  const errors: DomainError[] = [];
  const c = p.conditions;
  if (!p.name.trim())
    errors.push(
      problem(
        'promotion.empty_name',
        'name',
        'укажите название акции',
        'give the promotion a name',
      ),
    );
  if (p.privileges.length === 0) {
    errors.push(
      problem(
        'promotion.no_privilege',
        'privileges',
        'у акции нет привилегии: добавьте скидку, баллы, множитель, подарок или фиксированную цену',
        'the promotion has no privilege: add a discount, points, a multiplier, a gift or a fixed price',
      ),
    );
  }
  p.privileges.forEach((pr, i) => privilege(errors, `privileges[${i}]`, pr, ids));
  if (p.kind === 'registration_bonus' && p.privileges.some((pr) => !BONUS_TYPES.has(pr.type))) {
    errors.push(
      problem(
        'promotion.registration_privilege',
        'privileges',
        '«Бонус за регистрацию» даёт только баллы (процент или фиксированно)',
        'a registration bonus gives only points (percent or fixed)',
      ),
    );
  }
  known(errors, 'conditions.items', c.items, ids?.items, 'item');
  known(errors, 'conditions.categories', c.categories, ids?.categories, 'category');
  known(errors, 'conditions.restaurants', c.restaurants, ids?.restaurants, 'restaurant');
  if (ranks) known(errors, 'conditions.ranks', c.ranks, new Set(ranks.map((r) => r.id)), 'rank');
  if (c.minSum !== undefined) amount(errors, 'conditions.minSum', c.minSum);
  if (c.minQuantity !== undefined)
    amount(errors, 'conditions.minQuantity', c.minQuantity, 'количество в тысячных');
  for (const [field, d] of [
    ['conditions.dateFrom', c.dateFrom],
    ['conditions.dateTo', c.dateTo],
  ] as const) {
    if (d !== undefined && !isDate(d))
      errors.push(
        problem(
          'promotion.bad_date',
          field,
          'дата в формате ГГГГ-ММ-ДД',
          'a date as YYYY-MM-DD',
          d,
        ),
      );
  }
  if (c.dateFrom !== undefined && c.dateTo !== undefined && c.dateFrom > c.dateTo) {
    errors.push(
      problem(
        'promotion.empty_date_range',
        'conditions.dateTo',
        `период пуст: дата окончания раньше ${c.dateFrom}`,
        `the date range is empty: it ends before ${c.dateFrom}`,
        c.dateTo,
      ),
    );
  }
  if (c.daysOfWeek?.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    errors.push(
      problem(
        'promotion.bad_day',
        'conditions.daysOfWeek',
        'дни недели от 1 (понедельник) до 7 (воскресенье)',
        'days of week 1 (Monday) to 7 (Sunday)',
        c.daysOfWeek,
      ),
    );
  }
  const h = c.hours;
  if (
    h &&
    (![h.from, h.to].every((m) => Number.isInteger(m) && m >= 0 && m < 1440) || h.from === h.to)
  ) {
    errors.push(
      problem(
        'promotion.bad_hours',
        'conditions.hours',
        'часы — минуты от полуночи 0…1439, начало не равно концу (для круглосуточной уберите условие)',
        'hours are minutes from midnight 0…1439, start differs from end (drop the condition for all day)',
        h,
      ),
    );
  }
  const b = c.birthday;
  if (b && ![b.daysBefore, b.daysAfter].every((n) => Number.isInteger(n) && n >= 0 && n <= 31)) {
    errors.push(
      problem(
        'promotion.bad_birthday',
        'conditions.birthday',
        'дней до и после дня рождения: от 0 до 31',
        'days before and after the birthday: 0 to 31',
        b,
      ),
    );
  }
  if (c.promoCode !== undefined && !c.promoCode.trim()) {
    errors.push(
      problem(
        'promotion.empty_promo_code',
        'conditions.promoCode',
        'укажите промокод или уберите условие',
        'enter a promo code or drop the condition',
      ),
    );
  }
  const budget = p.budget ?? {};
  for (const [k, v] of Object.entries(budget))
    if (v !== undefined) amount(errors, `budget.${k}`, v);
  return errors;
}

export function validateTimeZone(timeZone: string): DomainError[] {
  return isTimeZone(timeZone)
    ? []
    : [
        problem(
          'time_zone',
          'timeZone',
          `неизвестный часовой пояс «${timeZone}»; например, Europe/Moscow`,
          `unknown time zone "${timeZone}"; e.g. Europe/Moscow`,
          timeZone,
        ),
      ];
}

/** Throws the first problem, carrying all of them in details.problems; does nothing when none. */
export function throwIfInvalid(errors: readonly DomainError[]): void {
  const first = errors[0];
  if (!first) return;
  throw new DomainError(
    'validation',
    first.code,
    { ru: first.messageRu, en: first.message },
    {
      ...first.details,
      problems: errors.map((e) => ({ code: e.code, ru: e.messageRu, en: e.message, ...e.details })),
    },
  );
}
