// Russian strings of the installation operator's screens, the password set-up page and a new
// restaurant; spread into ru.ts (its keys are the catalogue's keys).
export const ruInstallation = {
  'role.operator': 'Оператор установки',
  'nav.organizations': 'Организации',
  'nav.installationAudit': 'Журнал установки',

  'orgs.intro':
    'Организации этой установки Kopilka. Оператор установки заводит организацию и её первого владельца, добавляет заведения — а гостей, операции и отчёты организаций видят только их сотрудники.',
  'orgs.add': 'Новая организация',
  'orgs.name': 'Название организации',
  'orgs.owner': 'Первый владелец',
  'orgs.owners': 'Владельцы',
  'orgs.ownerEmail': 'E-mail владельца',
  'orgs.ownerName': 'Имя владельца',
  'orgs.ownerHint':
    'Пароль владелец задаст сам по одноразовой ссылке — вы её получите после сохранения.',
  'orgs.restaurants': 'Заведения',
  'orgs.noRestaurants': 'Заведений пока нет',
  'orgs.addRestaurant': 'Добавить заведение',
  'orgs.addRestaurantTo': 'Новое заведение организации «{name}»',
  'orgs.created': 'Создана {date}',
  'orgs.awaitingSetup': 'ещё не задал пароль',
  'orgs.newLink': 'Новая ссылка',
  'orgs.empty': 'Организаций пока нет',
  'orgs.linkTitle': 'Ссылка для владельца',
  'orgs.linkOnceTitle': 'Ссылка показывается один раз',
  'orgs.linkOnce':
    'Передайте её владельцу «{name}» ({email}): по ней он сам задаст пароль и войдёт. Ссылка одноразовая и действует до {until}. Kopilka хранит только её хеш — если она потеряется, выпустите новую.',
  'orgs.done': 'Готово',

  'ilog.org': 'Организация',
  'ilog.intro':
    'Всё, что делали операторы установки: входы, новые организации, владельцы, заведения, ссылки.',

  'setup.title': 'Установка пароля',
  'setup.forUser': 'Задайте пароль для {email} в организации «{organization}».',
  'setup.firstOperator':
    'Создайте первого оператора установки: он заводит организации и их владельцев. Ссылка одноразовая.',
  'setup.name': 'Ваше имя',
  'setup.password': 'Новый пароль',
  'setup.submit': 'Сохранить и войти',
  'setup.invalid':
    'Ссылка недействительна, уже использована или устарела. Попросите новую у того, кто её прислал.',
  'setup.until': 'Ссылка действует до {until}.',

  'venues.addRestaurant': 'Новое заведение',
  'venues.integrationHint':
    'Заведения на r_keeper 7, iiko и API кассы начинают в тестовом режиме; на r_keeper Lite — сразу в рабочем.',
} as const;
