// The guest's card as an Apple Wallet pass (a storeCard): the venue's logo and colours, the
// card number as a QR code the till reads, bonus and deposit balances, the level and what is
// left to the next one. Signed with the organization's Pass Type ID certificate: a manifest of
// the files' SHA-1 hashes, its detached PKCS#7 signature made with node:crypto (cms.ts), zipped
// by fflate. (passkit-generator did this until its node-forge signing, RSA in plain JavaScript,
// proved to be 80 % of a pass's time; bench/pkpass.ts.) The same file
// serves Wallet on iOS and WalletPasses on Android, and both keep it live through the web
// service (web-service.ts): the pass carries its address and its authentication token.
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import { accountsOf } from '../cards.ts';
import type { AppContext } from '../context.ts';
import { guestRank } from '../admin/guest-standing.ts';
import { balancesOf, rankShown } from '../guests/page.ts';
import { appleSigner, rgb, type AppleSigner } from './apple-settings.ts';
import { detachedSignature } from './cms.ts';
import type { PassRow } from './passes.ts';

export const PKPASS_TYPE = 'application/vnd.apple.pkpass';

/** What the pass shows of the guest, read when the pass is made. */
export interface PassContent {
  organization: string;
  cardNumber: string | null;
  /** Hundredths of a point, kopecks. */
  balances: { bonus: number; deposit: number };
  rank: { name: string | null; next: { name: string; left: number } | null } | null;
}

export async function passContent(
  ctx: AppContext,
  orgId: number,
  guestId: number,
): Promise<PassContent> {
  const db = ctx.db;
  const [org, card, accounts, rank] = await Promise.all([
    db.selectFrom('organizations').select('name').where('id', '=', orgId).executeTakeFirstOrThrow(),
    db
      .selectFrom('cards')
      .select('number')
      .where('org_id', '=', orgId)
      .where('guest_id', '=', guestId)
      .where('status', '=', 'active')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    accountsOf(db, orgId, guestId),
    guestRank(db, orgId, guestId, ctx.now(), ctx.programs),
  ]);
  return {
    organization: org.name,
    cardNumber: card?.number ?? null,
    balances: balancesOf(accounts),
    rank: rankShown(rank),
  };
}

/** Labels are keys: pass.strings in ru.lproj and en.lproj say them in the phone's language. */
const STRINGS: Record<'ru' | 'en', Record<string, string>> = {
  ru: {
    bonus: 'Бонусы',
    bonus_changed: 'Бонусов теперь: %@',
    deposit: 'Депозит',
    deposit_changed: 'Депозит теперь: %@',
    level: 'Уровень',
    next_level: 'Следующий уровень',
    to_next: 'Осталось потратить',
    card: 'Карта',
    show: 'Покажите код на кассе',
    description: 'Карта гостя',
  },
  en: {
    bonus: 'Points',
    bonus_changed: 'Points now: %@',
    deposit: 'Deposit',
    deposit_changed: 'Deposit now: %@',
    level: 'Level',
    next_level: 'Next level',
    to_next: 'Left to spend',
    card: 'Card',
    show: 'Show the code at the till',
    description: 'Guest card',
  },
};

/** pass.json of a storeCard; `webServiceUrl` is where phones ask for updates. */
export function passJson(
  signer: Pick<AppleSigner, 'passTypeId' | 'teamId' | 'colors'>,
  pass: Pick<PassRow, 'serial' | 'authToken'>,
  content: PassContent,
  webServiceUrl: string,
) {
  const { bonus, deposit } = content.balances;
  const secondary: object[] = [
    {
      key: 'deposit',
      label: 'deposit',
      value: deposit / 100,
      currencyCode: 'RUB',
      changeMessage: 'deposit_changed',
    },
  ];
  if (content.rank?.name)
    secondary.push({ key: 'level', label: 'level', value: content.rank.name });
  const auxiliary: object[] = [];
  if (content.rank?.next)
    auxiliary.push(
      { key: 'next_level', label: 'next_level', value: content.rank.next.name },
      {
        key: 'to_next',
        label: 'to_next',
        value: content.rank.next.left / 100,
        currencyCode: 'RUB',
      },
    );
  return {
    formatVersion: 1,
    passTypeIdentifier: signer.passTypeId,
    teamIdentifier: signer.teamId,
    serialNumber: pass.serial,
    authenticationToken: pass.authToken,
    webServiceURL: webServiceUrl,
    organizationName: content.organization,
    description: 'description',
    logoText: content.organization,
    backgroundColor: rgb(signer.colors.background),
    foregroundColor: rgb(signer.colors.foreground),
    labelColor: rgb(signer.colors.label),
    sharingProhibited: true,
    ...(content.cardNumber
      ? {
          barcodes: [
            {
              format: 'PKBarcodeFormatQR',
              message: content.cardNumber,
              messageEncoding: 'iso-8859-1',
              altText: content.cardNumber,
            },
          ],
        }
      : {}),
    storeCard: {
      primaryFields: [
        {
          key: 'bonus',
          label: 'bonus',
          value: bonus / 100,
          numberStyle: 'PKNumberStyleDecimal',
          changeMessage: 'bonus_changed',
        },
      ],
      secondaryFields: secondary,
      auxiliaryFields: auxiliary,
      backFields: [
        ...(content.cardNumber ? [{ key: 'card', label: 'card', value: content.cardNumber }] : []),
        { key: 'show', label: 'show', value: '' },
      ],
    },
  };
}

const strings = (lang: 'ru' | 'en') =>
  Buffer.from(
    Object.entries(STRINGS[lang])
      .map(([k, v]) => `"${k}" = "${v.replace(/"/g, '\\"')}";`)
      .join('\n'),
    'utf8',
  );

/** The signed .pkpass file. */
export function signPass(
  signer: AppleSigner,
  pass: Pick<PassRow, 'serial' | 'authToken'>,
  content: PassContent,
  webServiceUrl: string,
  at: Date = new Date(),
): Buffer {
  const files: Record<string, Buffer> = {
    'pass.json': Buffer.from(JSON.stringify(passJson(signer, pass, content, webServiceUrl))),
    'icon.png': signer.logo,
    'logo.png': signer.logo,
    'ru.lproj/pass.strings': strings('ru'),
    'en.lproj/pass.strings': strings('en'),
  };
  const manifest = Buffer.from(
    JSON.stringify(
      Object.fromEntries(
        Object.entries(files).map(([name, body]) => [
          name,
          createHash('sha1').update(body).digest('hex'),
        ]),
      ),
    ),
  );
  const zip: Zippable = {
    ...files,
    'manifest.json': manifest,
    signature: detachedSignature(signer.cms, manifest, at),
  };
  // Stored, not deflated: the PNGs are compressed already and the rest is ~3 KB, while
  // deflating costs ~1 ms a pass (5× the signature).
  return Buffer.from(zipSync(zip, { level: 0, mtime: at }));
}

/** The guest's pass as it is now. */
export async function buildPass(
  ctx: AppContext,
  pass: PassRow,
  webServiceUrl: string,
): Promise<Buffer> {
  const [signer, content] = await Promise.all([
    appleSigner(ctx, pass.orgId),
    passContent(ctx, pass.orgId, pass.guestId),
  ]);
  return signPass(signer, pass, content, webServiceUrl);
}
