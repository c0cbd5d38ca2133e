// English strings of the installation operator's screens, key for key as ru-installation.ts.
import type { ruInstallation } from './ru-installation.ts';

export const enInstallation: Record<keyof typeof ruInstallation, string> = {
  'role.operator': 'Installation operator',
  'nav.organizations': 'Organizations',
  'nav.announcements': 'News and maintenance',
  'nav.installationAudit': 'Installation log',

  'orgs.intro':
    "The organizations of this Kopilka installation. The installation's operator creates an organization and its first owner and adds restaurants; an organization's guests, operations and reports are seen only by its staff.",
  'orgs.add': 'New organization',
  'orgs.name': 'Organization name',
  'orgs.owner': 'First owner',
  'orgs.owners': 'Owners',
  'orgs.ownerEmail': "Owner's e-mail",
  'orgs.ownerName': "Owner's name",
  'orgs.ownerHint': 'The owner sets the password through a one-time link you get after saving.',
  'orgs.restaurants': 'Restaurants',
  'orgs.noRestaurants': 'No restaurants yet',
  'orgs.addRestaurant': 'Add a restaurant',
  'orgs.addRestaurantTo': 'New restaurant of «{name}»',
  'orgs.created': 'Created {date}',
  'orgs.awaitingSetup': 'has not set a password yet',
  'orgs.newLink': 'New link',
  'orgs.empty': 'No organizations yet',
  'orgs.linkTitle': "The owner's link",
  'orgs.linkOnceTitle': 'The link is shown once',
  'orgs.linkOnce':
    'Give it to the owner of «{name}» ({email}): with it they set their password and sign in. It works once, until {until}. Kopilka keeps only its hash: if it is lost, make a new one.',
  'orgs.done': 'Done',

  'ilog.org': 'Organization',
  'ilog.intro':
    "Everything the installation's operators did: sign-ins, new organizations, owners, restaurants, links.",

  'news.intro':
    "A letter to every organization of the installation: Kopilka's news or a planned-maintenance notice. It goes to the addresses each organization chose for «News» or «Planned maintenance» under Notifications, in its letters' language. The same letter is never sent twice.",
  'news.form': 'A new letter to the organizations',
  'news.type': 'What to send',
  'news.type.news': 'News',
  'news.type.maintenance': 'Planned maintenance',
  'news.subject': 'Subject',
  'news.text': 'Text',
  'news.textHelp':
    'A blank line separates paragraphs. Kopilka adds a line saying why the reader gets the letter, and the unsubscribe link.',
  'news.english': 'An English version — for organizations whose letters are in English',
  'news.subjectEn': 'Subject (English version)',
  'news.textEn': 'Text (English version)',
  'news.html': 'Your own HTML (optional)',
  'news.htmlRu': "The letter's HTML",
  'news.htmlHelp':
    "An HTML fragment for the letter's body instead of the text; Kopilka inserts it as it is, unchecked. Empty: the letter is made from the text.",
  'news.htmlEn': 'HTML (English version)',
  'news.send': 'Send',
  'news.confirmTitle': 'Send to every organization?',
  'news.confirm':
    'The letter «{subject}» goes to the «{type}» recipients of every organization of the installation. It cannot be recalled.',
  'news.sent':
    'Sent: {organizations} organizations, {letters} letters. They leave in the background; each organization sees its own in its letters log.',
  'news.repeat': 'This letter was already sent {at} — nothing was sent again.',
  'news.sentList': 'Sent',
  'news.none': 'Nothing sent yet',
  'news.when': 'When',
  'news.what': 'Letter',
  'news.by': 'Sent by',
  'news.byCli': '{name} (kopilka notify command)',
  'news.reach': 'Organizations / letters',
  'news.reachOf': '{organizations} / {letters}',

  'setup.title': 'Set your password',
  'setup.forUser': 'Set the password of {email} in the organization «{organization}».',
  'setup.firstOperator':
    "Create the installation's first operator, who creates organizations and their owners. The link works once.",
  'setup.name': 'Your name',
  'setup.password': 'New password',
  'setup.submit': 'Save and sign in',
  'setup.invalid':
    'The link is invalid, already used or expired. Ask whoever sent it for a new one.',
  'setup.until': 'The link works until {until}.',

  'venues.addRestaurant': 'New restaurant',
  'venues.integrationHint':
    'Restaurants on r_keeper 7, iiko and the POS API start in test mode; on r_keeper Lite, live at once.',
};
