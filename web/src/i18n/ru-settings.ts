// The loyalty program's settings as the cabinet names and explains them (sections/program/
// fields.ts), in Russian; spread into ru.ts. Each explanation says what the setting does in the
// words of a restaurant's staff.
export const ruSettings = {
  'program.g.main': 'Основные правила',
  'program.g.pos': 'Заказы с кассовой акцией',
  'program.g.system': 'Системные настройки',
  'program.g.accrual': 'Начисление бонусов',
  'program.g.ranks': 'Ранги',
  'program.g.footer': 'Подвал чека',
  'program.f.enabled': 'Программа действует',
  'program.f.enabled.help':
    'Выключите, чтобы остановить программу: не будут работать ни ранги, ни акции. Акции, показанные гостям, останутся видны, но ничего не дадут. Настройки при этом можно менять.',
  'program.f.maxBonusPayment': 'Оплата бонусами, не более',
  'program.f.maxBonusPayment.help':
    'Какую долю суммы чека гость может оплатить бонусами. Позиции, запрещённые к оплате бонусами, и позиции, участвовавшие в акциях, бонусами не оплачиваются.',
  'program.f.minFiscalPayment': 'Минимальная фискальная оплата',
  'program.f.minFiscalPayment.help':
    'Сумма, которая всегда остаётся к оплате деньгами, даже если бонусов хватает на весь счёт: чтобы ресторан зарегистрировал хотя бы минимальную фискальную оплату.',
  'program.f.nonSummation': 'Акции и ранги не суммируются',
  'program.f.nonSummation.help':
    'Выключено: срабатывают все подходящие акции (скидка не больше суммы заказа), а позиции из акций нельзя оплатить бонусами и на них не начисляются бонусы ранга. Включено: акции и ранг соревнуются, каждая позиция получает одну, самую выгодную привилегию. Бонус за регистрацию в соревновании не участвует и начисляется на все позиции.',
  'program.f.itemBlocksCheck': 'Акция на товар отменяет акцию на чек',
  'program.f.itemBlocksCheck.help':
    'Действует только вместе с «Акции и ранги не суммируются»: если сработала акция на какой-то товар, акция на весь чек уже не сработает.',
  'program.f.bonusPromoLines': 'Оплата бонусами позиций из бонусных акций',
  'program.f.bonusPromoLines.help':
    'Выключено: ни одну позицию, участвовавшую в акции, нельзя оплатить бонусами. Включено: можно оплатить бонусами позиции из акций, которые только начисляют бонусы; позиции из акций с другими привилегиями — по-прежнему нельзя.',
  'program.f.changeToWallet': 'Сдача на бонусный счёт',
  'program.f.changeToWallet.help':
    'Если гость платит больше суммы заказа, касса предложит зачислить сдачу на его бонусный счёт.',
  'program.f.phoneAuth': 'Гость по номеру телефона',
  'program.f.phoneAuth.help':
    'Кассир может найти гостя в заказе, набрав его номер телефона вручную, без карты.',
  'program.f.emailReceipt': 'Письмо гостю после заказа',
  'program.f.emailReceipt.help':
    'После каждого заказа гостю уходит письмо: что заказано, как оплачено, ранг и накопленные бонусы. Только гостям, у которых в профиле указан e-mail.',
  'program.g.pos.help':
    'Кассовые акции и акции программы могут применяться в одном чеке: позиции, на которые сработала кассовая акция, не оплачиваются бонусами и не приносят бонусов. Переключатели ниже запрещают больше — на весь заказ, в котором есть хоть одна кассовая акция. Можно включить любые, в том числе все три.',
  'program.f.posNoBonusPayment': 'Без оплаты бонусами',
  'program.f.posNoBonusPayment.help':
    'Если настройка включена, ни одну позицию в чеке гость не сможет оплатить бонусами, если в заказе применилась кассовая акция ресторана.',
  'program.f.posNoAccrual': 'Без начисления бонусов',
  'program.f.posNoAccrual.help':
    'Если настройка включена, по заказу, в котором есть скидки по акциям кассовой системы, бонусы не начисляются.',
  'program.f.posNoPromotions': 'Акции программы не срабатывают',
  'program.f.posNoPromotions.help':
    'Если настройка включена, акции, заведённые в программе лояльности, не срабатывают на заказы, в которых есть хоть одна кассовая акция.',
  'program.f.promoLifetime': 'Время жизни промокода, минут',
  'program.f.promoLifetime.help':
    'Сколько времени у гостя, чтобы ввести промокод и получить привилегии за заказ. Не успел — код перестаёт действовать.',
  'program.f.accrualBase': 'От какой суммы начислять',
  'program.f.accrualBase.help':
    'От того, что гость платит после скидок программы, или от суммы позиции, которую прислала касса.',
  'program.base.after_discounts': 'После скидок программы',
  'program.base.before_discounts': 'Сумма позиции с кассы',
  'program.f.rounding': 'Округление начисления',
  'program.f.rounding.help': 'Как округляется сумма бонусов за заказ.',
  'program.rounding.down': 'Вниз',
  'program.rounding.half_up': 'По правилам математики',
  'program.rounding.up': 'Вверх',
  'program.f.roundingUnit': 'Точность начисления',
  'program.f.roundingUnit.help': 'До сотых балла (копеек) или до целых баллов.',
  'program.unit.1': 'До сотых балла',
  'program.unit.100': 'До целых баллов',
  'program.f.pendingDays': 'Бонусы доступны через, дней',
  'program.f.pendingDays.help':
    'Начисленные бонусы можно тратить не сразу, а через столько дней после закрытия заказа: 0 — сразу.',
  'program.f.expiryDays': 'Бонусы сгорают через, дней',
  'program.f.expiryDays.help':
    'Через сколько дней после того, как бонусы стали доступны, они сгорают. Пусто — не сгорают.',
  'program.f.excludedItems': 'Без начисления: блюда',
  'program.f.excludedItems.help': 'За эти позиции бонусы не начисляются.',
  'program.f.excludedCategories': 'Без начисления: категории',
  'program.f.excludedCategories.help': 'За позиции этих категорий бонусы не начисляются.',
  'program.f.paymentExcludedItems': 'Без оплаты бонусами: блюда',
  'program.f.paymentExcludedItems.help': 'Эти позиции нельзя оплатить бонусами.',
  'program.f.paymentExcludedCategories': 'Без оплаты бонусами: категории',
  'program.f.paymentExcludedCategories.help': 'Позиции этих категорий нельзя оплатить бонусами.',
  'program.f.rankPeriod': 'Период расчёта ранга',
  'program.f.rankPeriod.help':
    'За какой период суммируются траты гостя, чтобы определить его ранг: за всё время или за календарный период.',
  'program.period.all_time': 'За всё время',
  'program.period.1': 'Месяц',
  'program.period.2': 'Два месяца',
  'program.period.3': 'Квартал',
  'program.period.4': 'Четыре месяца',
  'program.period.6': 'Полгода',
  'program.period.12': 'Год',
  'program.f.footerText': 'Текст подвала',
  'program.f.footerText.help':
    'Печатается в конце чека и пречека: место для сообщения гостям — о программе, акциях, приложении.',
  'program.f.showBalance': 'Печатать баланс бонусов',
  'program.f.showBalance.help': 'Гость видит на чеке, сколько у него бонусов.',
  'program.f.showRank': 'Печатать ранг',
  'program.f.showRank.help': 'Текущий ранг гостя.',
  'program.f.showToNextRank': 'Печатать, сколько до следующего ранга',
  'program.f.showToNextRank.help': 'Сумма, которую осталось потратить до следующего ранга.',
  'program.f.showPaymentCode': 'Печатать код оплаты',
  'program.f.showPaymentCode.help':
    'Одноразовый код из четырёх символов, которым гость может оплатить бонусами без карты.',
  'program.f.footerWidth': 'Ширина строки, символов',
  'program.f.footerWidth.help': 'Сколько символов помещается в строку на ленте принтера кассы.',
  'program.f.footerMaxLength': 'Длина подвала, символов',
  'program.f.footerMaxLength.help': 'Больше этого подвал не печатается.',
  'program.f.footerLanguage': 'Язык подвала',
  'program.f.footerLanguage.help': 'На каком языке печатаются строки о балансе и ранге.',
  'program.lang.ru': 'Русский',
  'program.lang.en': 'Английский',
};
