// English strings of the program's «Wallet» tab, key for key as ru-wallet.ts.
import type { ruWallet } from './ru-wallet.ts';

export const enWallet: Record<keyof typeof ruWallet, string> = {
  'program.tab.wallet': 'Wallet',
  'wallet.intro':
    "A guest can carry the card in the phone instead of plastic: «Add to Apple Wallet» and «Add to Google Wallet» appear on the guest's page once the wallet is set up here. The card's balance updates itself within seconds of a check's close.",
  'wallet.on': 'Set up',
  'wallet.off': 'Not set up',
  'wallet.savedAt': 'Saved {at}',
  'wallet.delete': 'Delete',
  'wallet.confirmDelete':
    'Delete the {wallet} set-up? Guests will no longer be offered the card, and saved cards will stop updating.',
  'wallet.deleted': 'The set-up is deleted',
  'wallet.replace': 'Upload again',
  'wallet.keyNever':
    'The key is stored encrypted and never shown — to replace it, upload the file again.',
  'wallet.background': 'Card background',
  'wallet.readOnly': 'The owner or an integrator can change the set-up.',

  'wallet.apple': 'Apple Wallet',
  'wallet.apple.help':
    'You need an Apple Developer account and a Pass Type ID with its certificate. Upload the certificate, its private key and Apple’s WWDR intermediate certificate as PEM (from a .p12: openssl pkcs12 -in pass.p12 -clcerts -nokeys -out cert.pem and openssl pkcs12 -in pass.p12 -nocerts -nodes -out key.pem).',
  'wallet.apple.passType': 'Pass Type ID',
  'wallet.apple.team': 'Team',
  'wallet.apple.expires': 'The certificate is valid until {at}',
  'wallet.apple.certificate': 'Pass Type ID certificate (.pem)',
  'wallet.apple.key': 'Its private key (.pem)',
  'wallet.apple.passphrase': 'Key passphrase',
  'wallet.apple.passphrase.help': 'If the key is encrypted. The passphrase is not stored.',
  'wallet.apple.wwdr': 'Apple WWDR intermediate certificate (.pem)',
  'wallet.apple.foreground': 'Values colour',
  'wallet.apple.label': 'Labels colour',
  'wallet.apple.logo': 'Logo (PNG, up to 256 KB)',

  'wallet.google': 'Google Wallet',
  'wallet.google.help':
    'You need an issuer account in the Google Pay & Wallet Console and a Google Cloud service account with access to it. Give the issuer id and upload the service account’s JSON key. On saving, the card’s class is created at Google.',
  'wallet.google.issuer': 'Issuer ID',
  'wallet.google.account': 'Service account',
  'wallet.google.keyFile': 'Service-account key (.json)',
  'wallet.google.logoUrl': 'Logo address (https://…)',
  'wallet.google.logoUrl.help': 'Google fetches the image from this link itself.',
  'wallet.google.class.pending': 'The card’s class is being sent to Google…',
  'wallet.google.class.sent': 'The card’s class is created at Google',
  'wallet.google.class.dead': 'Google did not accept the card’s class: {error}',
  'wallet.google.class.retrying': 'Google has not accepted the card’s class yet, retrying: {error}',
};
