// Every Russian string of the cabinet. Keys are flat and dotted by screen; en.ts must have the
// same keys (its type says so). Placeholders are {name}.
export const ru = {
  'app.name': 'Kopilka',
  'app.loading': 'Загрузка…',
  'app.error': 'Не удалось загрузить: {message}',
  'app.retry': 'Повторить',
  'app.notFound': 'Такой страницы нет',
  'app.forbidden': 'Вашей роли этот раздел недоступен',
  'app.menu': 'Меню',
  'app.language': 'Язык',
  'app.skip': 'Перейти к содержимому',

  'role.owner': 'Владелец',
  'role.manager': 'Управляющий',
  'role.marketer': 'Маркетолог',
  'role.analyst': 'Аналитик',
  'role.integrator': 'Интегратор',
  'role.support': 'Поддержка',

  'login.title': 'Вход в кабинет',
  'login.email': 'E-mail',
  'login.password': 'Пароль',
  'login.submit': 'Войти',
  'login.locked':
    'Пять неудачных попыток подряд: вход для этого адреса заблокирован на {minutes} минут. Попробуйте позже или попросите владельца сменить пароль',
  'login.expired': 'Сеанс истёк — войдите снова, и вы вернётесь туда, где были',
  'login.loggedOut': 'Вы вышли из кабинета',
  'login.hint': 'Данные демо-владельца — в файле data/demo-admin.txt',

  'shell.logout': 'Выйти',
  'shell.signedInAs': '{name} · {role}',

  'nav.dashboard': 'Обзор',
  'nav.guests': 'Гости',
  'nav.program': 'Программа лояльности',
  'nav.reports': 'Отчёты',
  'nav.venues': 'Заведения и кассы',
  'nav.users': 'Пользователи',
  'nav.audit': 'Журнал аудита',

  'dashboard.deposits': 'Депозиты гостей',
  'dashboard.bonuses': 'Бонусы гостей (баллы)',
  'dashboard.asOf': 'на {time}',
  'dashboard.pending': 'из них ожидают доступности: {n}',

  'form.save': 'Сохранить',
  'form.cancel': 'Отмена',
  'form.saved': 'Сохранено',
  'form.required': 'Обязательное поле',
  'form.failed': 'Не сохранено: {message}',

  'list.more': 'Показать ещё',
  'list.empty': 'Ничего не найдено',
  'list.search': 'Поиск',
} as const;
