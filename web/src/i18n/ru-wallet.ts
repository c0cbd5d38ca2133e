// Карты в Wallet: the Apple Wallet and Google Wallet set-ups of the program's «Wallet» tab, in
// Russian; spread into ru.ts.
export const ruWallet = {
  'program.tab.wallet': 'Wallet',
  'wallet.intro':
    'Гость может носить карту в телефоне вместо пластиковой: кнопки «Добавить в Apple Wallet» и «Добавить в Google Wallet» появляются на его странице, когда здесь настроен соответствующий кошелёк. Баланс на карте обновляется сам через несколько секунд после закрытия чека.',
  'wallet.on': 'Настроено',
  'wallet.off': 'Не настроено',
  'wallet.savedAt': 'Сохранено {at}',
  'wallet.delete': 'Удалить',
  'wallet.confirmDelete':
    'Удалить настройку {wallet}? Гостям перестанет предлагаться карта, а сохранённые карты перестанут обновляться.',
  'wallet.deleted': 'Настройка удалена',
  'wallet.replace': 'Загрузить заново',
  'wallet.keyNever':
    'Ключ хранится зашифрованным и никогда не показывается — для замены загрузите файл заново.',
  'wallet.background': 'Цвет фона карты',
  'wallet.readOnly': 'Менять настройку может владелец или интегратор.',

  'wallet.apple': 'Apple Wallet',
  'wallet.apple.help':
    'Нужен аккаунт Apple Developer и идентификатор Pass Type ID с сертификатом. Загрузите сертификат, его закрытый ключ и промежуточный сертификат Apple WWDR в формате PEM (из .p12: openssl pkcs12 -in pass.p12 -clcerts -nokeys -out cert.pem и openssl pkcs12 -in pass.p12 -nocerts -nodes -out key.pem).',
  'wallet.apple.passType': 'Pass Type ID',
  'wallet.apple.team': 'Команда',
  'wallet.apple.expires': 'Сертификат действует до {at}',
  'wallet.apple.certificate': 'Сертификат Pass Type ID (.pem)',
  'wallet.apple.key': 'Закрытый ключ сертификата (.pem)',
  'wallet.apple.passphrase': 'Пароль ключа',
  'wallet.apple.passphrase.help': 'Если ключ зашифрован. Пароль не сохраняется.',
  'wallet.apple.wwdr': 'Промежуточный сертификат Apple WWDR (.pem)',
  'wallet.apple.foreground': 'Цвет значений',
  'wallet.apple.label': 'Цвет подписей',
  'wallet.apple.logo': 'Логотип (PNG, до 256 КБ)',

  'wallet.google': 'Google Wallet',
  'wallet.google.help':
    'Нужен аккаунт эмитента в Google Pay & Wallet Console и сервисный аккаунт Google Cloud с доступом к нему. Укажите идентификатор эмитента и загрузите JSON-ключ сервисного аккаунта. После сохранения класс карты создаётся в Google.',
  'wallet.google.issuer': 'Идентификатор эмитента (Issuer ID)',
  'wallet.google.account': 'Сервисный аккаунт',
  'wallet.google.keyFile': 'Ключ сервисного аккаунта (.json)',
  'wallet.google.logoUrl': 'Адрес логотипа (https://…)',
  'wallet.google.logoUrl.help': 'Google сам загружает картинку по этой ссылке.',
  'wallet.google.class.pending': 'Класс карты отправляется в Google…',
  'wallet.google.class.sent': 'Класс карты создан в Google',
  'wallet.google.class.dead': 'Google не принял класс карты: {error}',
  'wallet.google.class.retrying': 'Google пока не принял класс карты, повторим: {error}',
};
