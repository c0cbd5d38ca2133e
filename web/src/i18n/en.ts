// Every English string of the cabinet, key for key as ru.ts.
import type { Catalogue } from './index.tsx';

export const en: Catalogue = {
  'app.name': 'Kopilka',
  'app.loading': 'Loading…',
  'app.error': 'Could not load: {message}',
  'app.retry': 'Retry',
  'app.notFound': 'No such page',
  'app.forbidden': 'Your role may not open this section',
  'app.menu': 'Menu',
  'app.language': 'Language',
  'app.skip': 'Skip to content',

  'role.owner': 'Owner',
  'role.manager': 'Manager',
  'role.marketer': 'Marketer',
  'role.analyst': 'Analyst',
  'role.integrator': 'Integrator',
  'role.support': 'Support',

  'login.title': 'Sign in to the cabinet',
  'login.email': 'E-mail',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.locked':
    'Five failed attempts in a row: signing in with this address is locked for {minutes} minutes. Try later or ask the owner to reset the password',
  'login.expired': 'Your session has expired — sign in again to return where you were',
  'login.loggedOut': 'You have signed out',
  'login.hint': "The demo owner's credentials are in data/demo-admin.txt",

  'shell.logout': 'Sign out',
  'shell.signedInAs': '{name} · {role}',

  'nav.dashboard': 'Overview',
  'nav.guests': 'Guests',
  'nav.program': 'Loyalty program',
  'nav.reports': 'Reports',
  'nav.venues': 'Venues and tills',
  'nav.users': 'Users',
  'nav.audit': 'Audit log',

  'dashboard.deposits': 'Guest deposits',
  'dashboard.bonuses': 'Guest bonuses (points)',
  'dashboard.asOf': 'as of {time}',
  'dashboard.pending': 'of which pending: {n}',

  'form.save': 'Save',
  'form.cancel': 'Cancel',
  'form.saved': 'Saved',
  'form.required': 'Required',
  'form.failed': 'Not saved: {message}',

  'list.more': 'Show more',
  'list.empty': 'Nothing found',
  'list.search': 'Search',
};
