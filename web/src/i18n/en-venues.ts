// English strings of the venue's service settings in Заведения и кассы, key for key as
// ru-venues.ts.
import type { ruVenues } from './ru-venues.ts';

export const enVenues: Record<keyof typeof ruVenues, string> = {
  'venues.tab.etips': 'Tips',

  'etips.help':
    "E-tips: a guest tips through a link to the recipient's page at a tips service. The link prints in the receipt footer after «Tips (service):», and the till prints a QR code of it; the guest's page shows the link and QR code of their last check's venue. When the check's waiter has a recipient of their own the link leads to their page, otherwise to the venue's.",
  'etips.service': 'Tips service',
  'etips.enabled': 'E-tips on',
  'etips.enabledHint': 'When off, the link is neither printed nor shown to guests',
  'etips.service_name': 'Service name',
  'etips.service_nameHint': 'As guests know it, e.g. «CloudTips»',
  'etips.link_template': 'Link template',
  'etips.link_templateHint':
    "The https:// address of a recipient's page at the service, {recipient} where the recipient id goes: https://pay.cloudtips.ru/p/{recipient}",
  'etips.recipient': "The venue's recipient",
  'etips.recipientHint':
    "The venue's (the team's) id at the service: 1–64 Latin letters, digits and . _ ~ -. Its link is used when the check's waiter is unknown or has no recipient",
  'etips.on_receipt': 'Print the link on the receipt',
  'etips.on_guest_page': "Show the link and QR code on the guest's page",
  'etips.notSet': 'E-tips are not set up for this venue yet.',
  'etips.delete': "Remove the venue's e-tips",
  'etips.deleteWarning':
    "The venue's tips settings and all its waiters' recipients are removed; the link stops printing on receipts and showing to guests.",
  'etips.preview': 'What the guest sees',
  'etips.previewOf': 'Whose link',
  'etips.previewVenue': 'The venue (no waiter)',
  'etips.receiptLines': 'Lines in the receipt footer',
  'etips.receiptTitle': 'Tips ({service}):',
  'etips.qrOf': 'QR code of {url}',
  'etips.notPrinted': 'The link is not printed on receipts now: {why}.',
  'etips.why.disabled': 'e-tips are off',
  'etips.why.offReceipt': 'printing on the receipt is off',
  'etips.savedLinkNote': 'The saved link is shown; changes appear after «Save».',
  'etips.waiters': 'Waiters',
  'etips.waitersHelp':
    "A waiter's own recipient at the same service. A waiter is named as the till names the check's operator: the r_keeper waiter, the operator field of the POS API.",
  'etips.noWaiters':
    "No waiter has a recipient of their own: every link leads to the venue's page.",
  'etips.waiter': 'Waiter',
  'etips.waiterHint': 'Exactly as in the till, e.g. «Ivanova Anna»',
  'etips.waiterRecipient': "The waiter's recipient",
  'etips.waiterMissing': 'Type the waiter as the till names them',
  'etips.waiterRecipientHint':
    'Their id at the same service: 1–64 Latin letters, digits and . _ ~ -',
  'etips.link': 'Link',
  'etips.addWaiter': 'Add a waiter',
  'etips.editWaiter': 'Recipient of «{waiter}»',
  'etips.showQr': 'Show QR',
  'etips.removeWaiter': 'Remove',
  'etips.removeWaiterOf': "Remove «{waiter}»'s recipient",
  'etips.removeWaiterWarning': "This waiter's checks will lead to the venue's page.",

  'venues.tab.hours': 'Opening hours',
  'hours.help':
    "The venue's opening hours per weekday, in the venue's local time ({zone}; the time zone is changed on the venue card). A close before the open means open past midnight, until the next morning. Up to three intervals a day, e.g. lunch and dinner; a day without intervals is a day off.",
  'hours.copyMonday': "Monday's hours for every day",
  'hours.closed': 'Closed',
  'hours.openOf': '{day}, interval {n}: opens',
  'hours.closeOf': '{day}, interval {n}: closes',
  'hours.nextMorning': 'until the next morning',
  'hours.remove': 'Remove',
  'hours.removeOf': '{day}: remove interval {n}',
  'hours.add': 'Add an interval',
  'hours.addOf': '{day}: add an interval',
  'hours.timeInvalid': 'A time as 09:00: hours 00 to 23, minutes 00 to 59',

  'offline.title': 'Soft-offline limits',
  'offline.help':
    'Soft offline: the till could not reach Kopilka, served the guest by itself and sent the check later. Kopilka posts such a check with its own time and marks it in the operation history in the «Soft offline» column — within these limits only. A check over a limit is refused whole (FarCards code 2101), nothing is written, and it stays in the till’s queue of delayed transactions for a manager to decide. An empty field is no limit.',
  'offline.none': 'No limit',
  'offline.hoursSuffix': ' h',
  'offline.maxAgeHours': 'A check at most this old',
  'offline.maxAgeHours.help':
    'A check closed more than 15 minutes before it arrives is late. A check older than this is not posted: post it by hand. 72 hours when the address is issued.',
  'offline.maxPerCheck': 'One card in one check — up to',
  'offline.maxPerCheck.help':
    "How much a soft-offline check may pay with one guest's card, deposit and points together. The till took this payment without asking Kopilka for the balance: the limit bounds such payments.",
  'offline.maxPerCardPerDay': 'One card in one day — up to',
  'offline.maxPerCardPerDay.help':
    "All payments with one card in soft-offline checks in one day of the venue's local time, this check included.",
};
