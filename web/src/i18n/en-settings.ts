// The loyalty program's settings in English, key for key as ru-settings.ts.
import type { ruSettings } from './ru-settings.ts';

export const enSettings: Record<keyof typeof ruSettings, string> = {
  'program.g.main': 'Main rules',
  'program.g.pos': 'Orders with a POS promotion',
  'program.g.system': 'System settings',
  'program.g.accrual': 'Bonus accrual',
  'program.g.ranks': 'Ranks',
  'program.g.footer': 'Receipt footer',
  'program.f.enabled': 'Program active',
  'program.f.enabled.help':
    'Off stops the program: no ranks, no promotions. Promotions shown to guests stay visible but give nothing. Settings stay editable.',
  'program.f.maxBonusPayment': 'Payable with bonuses, at most',
  'program.f.maxBonusPayment.help':
    'The share of the check a guest may pay with bonuses. Items barred from bonus payment and items in promotions are not payable with bonuses.',
  'program.f.minFiscalPayment': 'Minimum fiscal payment',
  'program.f.minFiscalPayment.help':
    'Always left to pay with money, even when bonuses cover the bill, so a fiscal payment is registered.',
  'program.f.nonSummation': 'Promotions and ranks do not add up',
  'program.f.nonSummation.help':
    'Off: every matching promotion fires (discount at most the order), items in promotions are neither payable with bonuses nor earn rank bonuses. On: promotions and the rank compete, each item gets the one best privilege. The registration bonus stays out of the contest.',
  'program.f.itemBlocksCheck': 'An item promotion cancels check promotions',
  'program.f.itemBlocksCheck.help':
    'Only with «do not add up»: once an item promotion fires, a whole-check promotion does not.',
  'program.f.bonusPromoLines': 'Bonus payment for bonus-promotion items',
  'program.f.bonusPromoLines.help':
    'Off: no item in a promotion is payable with bonuses. On: items of promotions that only grant bonuses are payable; others still are not.',
  'program.f.changeToWallet': 'Change to the bonus wallet',
  'program.f.changeToWallet.help':
    'When the guest pays more than the order, the till offers to put the change on the bonus wallet.',
  'program.f.phoneAuth': 'Guest by phone number',
  'program.f.phoneAuth.help': 'The cashier may find the guest by typing the phone number.',
  'program.f.singleActiveCard': 'One active card',
  'program.f.singleActiveCard.help':
    'When on, binding a new loyalty card to a guest makes all the guest’s other cards invalid. One setting for the whole organization, changed by the owner and managers.',
  'program.f.emailReceipt': 'E-mail after each order',
  'program.f.emailReceipt.help':
    'The guest gets an e-mail with the order, payment, rank and bonuses — if the profile has an e-mail.',
  'program.g.pos.help':
    'POS promotions and program promotions may work in one check: items the POS promotion applied to are neither paid with bonuses nor earn them. The switches below ban more — for the whole order that has at least one POS promotion. Any of them may be on, all three too.',
  'program.f.posNoBonusPayment': 'No bonus payment',
  'program.f.posNoBonusPayment.help':
    'When on, the guest cannot pay for any item of the check with bonuses if a POS promotion of the restaurant applied to the order.',
  'program.f.posNoAccrual': 'No bonus accrual',
  'program.f.posNoAccrual.help':
    'When on, an order with discounts from the POS system’s promotions earns no bonuses.',
  'program.f.posNoPromotions': 'Program promotions do not fire',
  'program.f.posNoPromotions.help':
    'When on, promotions set up in the loyalty program do not fire on orders with at least one POS promotion.',
  'program.f.promoLifetime': 'Promo code lifetime, minutes',
  'program.f.promoLifetime.help':
    'How long the guest has to enter a promo code for an order; after that it no longer works.',
  'program.f.accrualBase': 'Accrue on',
  'program.f.accrualBase.help':
    'What the guest pays after program discounts, or the line sum from the till.',
  'program.base.after_discounts': 'After program discounts',
  'program.base.before_discounts': 'Line sum from the till',
  'program.f.rounding': 'Accrual rounding',
  'program.f.rounding.help': 'How the order’s bonus total is rounded.',
  'program.rounding.down': 'Down',
  'program.rounding.half_up': 'Half up',
  'program.rounding.up': 'Up',
  'program.f.roundingUnit': 'Accrual precision',
  'program.f.roundingUnit.help': 'To hundredths of a point or to whole points.',
  'program.unit.1': 'Hundredths of a point',
  'program.unit.100': 'Whole points',
  'program.f.pendingDays': 'Bonuses available after, days',
  'program.f.pendingDays.help': 'Accrued bonuses become spendable this many days after the close.',
  'program.f.expiryDays': 'Bonuses expire after, days',
  'program.f.expiryDays.help': 'Days after becoming spendable; empty — never.',
  'program.f.excludedItems': 'No accrual: items',
  'program.f.excludedItems.help': 'These items earn no bonuses.',
  'program.f.excludedCategories': 'No accrual: categories',
  'program.f.excludedCategories.help': 'Items of these categories earn no bonuses.',
  'program.f.paymentExcludedItems': 'No bonus payment: items',
  'program.f.paymentExcludedItems.help': 'These items cannot be paid with bonuses.',
  'program.f.paymentExcludedCategories': 'No bonus payment: categories',
  'program.f.paymentExcludedCategories.help':
    'Items of these categories cannot be paid with bonuses.',
  'program.f.rankPeriod': 'Rank period',
  'program.f.rankPeriod.help': 'The spend period that decides the guest’s rank.',
  'program.period.all_time': 'All time',
  'program.period.1': 'Month',
  'program.period.2': 'Two months',
  'program.period.3': 'Quarter',
  'program.period.4': 'Four months',
  'program.period.6': 'Half a year',
  'program.period.12': 'Year',
  'program.f.footerText': 'Footer text',
  'program.f.footerText.help': 'Printed at the end of receipts and pre-receipts.',
  'program.f.showBalance': 'Print the bonus balance',
  'program.f.showBalance.help': 'The guest sees the balance on the receipt.',
  'program.f.showRank': 'Print the rank',
  'program.f.showRank.help': 'The guest’s current rank.',
  'program.f.showToNextRank': 'Print what is left to the next rank',
  'program.f.showToNextRank.help': 'The spend left to reach the next rank.',
  'program.f.showPaymentCode': 'Print the payment code',
  'program.f.showPaymentCode.help':
    'A one-time 4-character code to pay with bonuses without a card.',
  'program.f.footerWidth': 'Line width, characters',
  'program.f.footerWidth.help': 'Characters per line on the till’s printer.',
  'program.f.footerMaxLength': 'Footer length, characters',
  'program.f.footerMaxLength.help': 'Nothing beyond this is printed.',
  'program.f.footerLanguage': 'Footer language',
  'program.f.footerLanguage.help': 'Language of the balance and rank lines.',
  'program.lang.ru': 'Russian',
  'program.lang.en': 'English',
};
