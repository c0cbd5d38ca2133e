// A promotion in words for the list: its privileges, conditions and budgets with their usage,
// in the cabinet's language, amounts in roubles and percent.
import { date, money, points } from '../../app/format.ts';
import type { Lang, Translate } from '../../i18n/index.tsx';
import {
  hhmm,
  percent,
  type Budget,
  type BudgetUsage,
  type Conditions,
  type Privilege,
} from './model.ts';

export function privilegeText(p: Privilege, t: Translate, lang: Lang): string {
  switch (p.type) {
    case 'discount_percent':
      return t('promo.p.discount', { value: percent(p.bp, lang) });
    case 'discount_fixed':
      return t('promo.p.discount', { value: money(p.amount) });
    case 'bonus_percent':
      return t('promo.p.bonus', { value: percent(p.bp, lang) });
    case 'bonus_fixed':
      return t('promo.p.bonusFixed', { value: points(p.points) });
    case 'multiplier':
      return t('promo.p.multiplierText', { value: String(p.factor / 100).replace('.', ',') });
    case 'gift':
      return t('promo.p.giftText', { item: p.itemId, qty: p.quantity / 1000 });
    case 'fixed_price':
      return t('promo.p.fixedPriceText', { value: money(p.price) });
  }
}

const DAYS_RU = ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'];
const DAYS_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function dayNames(lang: Lang): string[] {
  return lang === 'en' ? DAYS_EN : DAYS_RU;
}

export function conditionTexts(
  c: Conditions,
  t: Translate,
  lang: Lang,
  names: { restaurants: Map<string, string>; ranks: Map<string, string> },
): string[] {
  const out: string[] = [];
  const list = (ids: readonly string[], map?: Map<string, string>) =>
    ids.map((id) => map?.get(id) ?? id).join(', ');
  if (c.items?.length) out.push(t('promo.c.itemsText', { list: list(c.items) }));
  if (c.categories?.length) out.push(t('promo.c.categoriesText', { list: list(c.categories) }));
  if (c.minSum) out.push(t('promo.c.minSumText', { value: money(c.minSum) }));
  if (c.minQuantity) out.push(t('promo.c.minQuantityText', { value: c.minQuantity / 1000 }));
  if (c.dateFrom || c.dateTo) {
    out.push(
      t('promo.c.datesText', {
        from: c.dateFrom ? date(c.dateFrom, 'UTC', lang) : '…',
        to: c.dateTo ? date(c.dateTo, 'UTC', lang) : '…',
      }),
    );
  }
  if (c.daysOfWeek?.length) {
    const names = dayNames(lang);
    out.push(c.daysOfWeek.map((d) => names[d - 1]).join(', '));
  }
  if (c.hours) out.push(`${hhmm(c.hours.from)}–${hhmm(c.hours.to)}`);
  if (c.restaurants?.length)
    out.push(t('promo.c.restaurantsText', { list: list(c.restaurants, names.restaurants) }));
  if (c.ranks?.length) out.push(t('promo.c.ranksText', { list: list(c.ranks, names.ranks) }));
  if (c.birthday) out.push(t('promo.c.birthdayText', c.birthday));
  if (c.promoCode) out.push(t('promo.c.promoCodeText', { code: c.promoCode }));
  return out;
}

export function budgetTexts(
  b: Budget | undefined,
  u: BudgetUsage | null | undefined,
  t: Translate,
  lang: Lang,
): string[] {
  if (!b) return [];
  const out: string[] = [];
  if (b.total !== undefined)
    out.push(t('promo.b.totalText', { used: money(u?.total ?? 0), of: money(b.total) }));
  if (b.perDay !== undefined) {
    out.push(
      u?.last_day
        ? t('promo.b.dayText', {
            used: money(u.last_day.used),
            of: money(b.perDay),
            day: date(u.last_day.day, 'UTC', lang),
          })
        : t('promo.b.dayUnused', { of: money(b.perDay) }),
    );
  }
  if (b.perGuest !== undefined || b.perGuestUses !== undefined) {
    const limits = [
      b.perGuest !== undefined ? money(b.perGuest) : null,
      b.perGuestUses !== undefined ? t('promo.b.uses', { n: b.perGuestUses }) : null,
    ].filter(Boolean);
    out.push(
      t('promo.b.guestText', {
        limits: limits.join(', '),
        guests: u?.guests ?? 0,
        uses: u?.guest_uses ?? 0,
      }),
    );
  }
  return out;
}
