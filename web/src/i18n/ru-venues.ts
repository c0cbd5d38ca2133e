// Russian strings of the venue's service settings in Заведения и кассы (e-tips, opening hours,
// soft-offline limits), kept apart so that ru.ts stays readable; ru.ts spreads them into the
// one catalogue. en-venues.ts has the same keys.
export const ruVenues = {
  'venues.tab.etips': 'Чаевые',

  'etips.help':
    'Электронные чаевые: гость оставляет чаевые по ссылке на страницу получателя в сервисе чаевых. Ссылка печатается в подвале чека строкой «Чаевые (сервис):», касса печатает по ней QR-код; на странице гостя — ссылка и QR-код заведения его последнего чека. Если у официанта чека есть свой получатель, ссылка ведёт на его страницу, иначе — на страницу заведения.',
  'etips.service': 'Сервис чаевых',
  'etips.enabled': 'Электронные чаевые включены',
  'etips.enabledHint': 'Выключенные чаевые не печатаются в чеке и не показываются гостю',
  'etips.service_name': 'Название сервиса',
  'etips.service_nameHint': 'Как его знают гости, например «CloudTips»',
  'etips.link_template': 'Шаблон ссылки',
  'etips.link_templateHint':
    'Адрес https:// страницы получателя в сервисе, {recipient} — на месте идентификатора получателя: https://pay.cloudtips.ru/p/{recipient}',
  'etips.recipient': 'Получатель заведения',
  'etips.recipientHint':
    'Идентификатор заведения (команды) в сервисе: 1–64 латинских букв, цифр и знаков . _ ~ -. Его ссылка — когда официант чека неизвестен или у него нет своего получателя',
  'etips.on_receipt': 'Печатать ссылку в чеке',
  'etips.on_guest_page': 'Показывать ссылку и QR-код на странице гостя',
  'etips.notSet': 'Для этого заведения электронные чаевые ещё не настроены.',
  'etips.delete': 'Удалить чаевые заведения',
  'etips.deleteWarning':
    'Настройки чаевых заведения и получатели всех его официантов будут удалены; ссылка перестанет печататься в чеках и показываться гостям.',
  'etips.preview': 'Как это видит гость',
  'etips.previewOf': 'Чья ссылка',
  'etips.previewVenue': 'Заведение (без официанта)',
  'etips.receiptLines': 'Строки в подвале чека',
  'etips.receiptTitle': 'Чаевые ({service}):',
  'etips.qrOf': 'QR-код ссылки {url}',
  'etips.notPrinted': 'Ссылка сейчас не печатается в чеке: {why}.',
  'etips.why.disabled': 'чаевые выключены',
  'etips.why.offReceipt': 'печать в чеке выключена',
  'etips.savedLinkNote': 'Показана сохранённая ссылка; изменения появятся после «Сохранить».',
  'etips.waiters': 'Официанты',
  'etips.waitersHelp':
    'Свой получатель официанта в том же сервисе. Официант называется так, как касса передаёт оператора чека: официант r_keeper, поле operator в API кассы.',
  'etips.noWaiters': 'У официантов своих получателей нет — все ссылки ведут на страницу заведения.',
  'etips.waiter': 'Официант',
  'etips.waiterHint': 'Точно как в кассе, например «Иванова Анна»',
  'etips.waiterRecipient': 'Получатель официанта',
  'etips.waiterMissing': 'Введите официанта так, как его называет касса',
  'etips.waiterRecipientHint':
    'Его идентификатор в том же сервисе: 1–64 латинских букв, цифр и знаков . _ ~ -',
  'etips.link': 'Ссылка',
  'etips.addWaiter': 'Добавить официанта',
  'etips.editWaiter': 'Получатель официанта «{waiter}»',
  'etips.showQr': 'Показать QR',
  'etips.removeWaiter': 'Удалить',
  'etips.removeWaiterOf': 'Удалить получателя официанта «{waiter}»',
  'etips.removeWaiterWarning': 'Чеки этого официанта будут вести на страницу заведения.',

  'venues.tab.hours': 'Часы работы',
  'hours.help':
    'Часы работы заведения по дням недели — по местному времени заведения ({zone}; часовой пояс меняется в карточке заведения). Закрытие раньше открытия — работа после полуночи, до утра следующего дня. В день — до трёх интервалов, например обед и ужин; день без интервалов — выходной.',
  'hours.copyMonday': 'Как в понедельник — на все дни',
  'hours.closed': 'Выходной',
  'hours.openOf': '{day}, интервал {n}: открытие',
  'hours.closeOf': '{day}, интервал {n}: закрытие',
  'hours.nextMorning': 'до утра следующего дня',
  'hours.remove': 'Убрать',
  'hours.removeOf': '{day}: убрать интервал {n}',
  'hours.add': 'Добавить интервал',
  'hours.addOf': '{day}: добавить интервал',
  'hours.timeInvalid': 'Время как 09:00 — часы от 00 до 23, минуты от 00 до 59',
};
