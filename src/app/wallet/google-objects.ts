// What a guest's card looks like in Google Wallet: one loyalty class per organization (its
// name, logo and colour) and one loyalty object per guest — the card number as accountId and
// as a QR barcode the till reads, bonus points as the loyalty points, the deposit in roubles as
// the secondary points, and the level with what is left to the next as text modules. The same
// content as the Apple pass (apple-pass.ts passContent), in Google's LoyaltyObject format.
import type { PassContent } from './apple-pass.ts';

/** Google's ids are "<issuer id>.<suffix>", the suffix of letters, digits, '.', '_' and '-'. */
export const classIdOf = (issuerId: string, orgId: number) => `${issuerId}.kopilka-org-${orgId}`;

export interface GoogleClassDesign {
  programName: string;
  logoUrl: string;
  backgroundColor: string;
}

export function loyaltyClass(issuerId: string, orgId: number, d: GoogleClassDesign) {
  return {
    id: classIdOf(issuerId, orgId),
    issuerName: d.programName,
    programName: d.programName,
    programLogo: { sourceUri: { uri: d.logoUrl } },
    hexBackgroundColor: d.backgroundColor,
    reviewStatus: 'UNDER_REVIEW',
  };
}

const points = (hundredths: number) =>
  hundredths % 100 === 0 ? String(hundredths / 100) : (hundredths / 100).toFixed(2);

const roubles = (kopecks: number) => ({
  micros: String(BigInt(kopecks) * 10_000n),
  currencyCode: 'RUB',
});

/** What changes with the guest's balances: the body of the PATCH after a close. */
export function objectFields(content: PassContent) {
  const modules: { id: string; header: string; body: string }[] = [];
  if (content.rank?.name) modules.push({ id: 'level', header: 'Уровень', body: content.rank.name });
  if (content.rank?.next)
    modules.push({
      id: 'next_level',
      header: `До уровня «${content.rank.next.name}»`,
      body: `осталось потратить ${points(content.rank.next.left)} ₽`,
    });
  return {
    state: content.cardNumber ? 'ACTIVE' : 'INACTIVE',
    loyaltyPoints: { label: 'Бонусы', balance: { string: points(content.balances.bonus) } },
    secondaryLoyaltyPoints: {
      label: 'Депозит',
      balance: { money: roubles(content.balances.deposit) },
    },
    textModulesData: modules,
    ...(content.cardNumber
      ? {
          accountId: content.cardNumber,
          barcode: {
            type: 'QR_CODE',
            value: content.cardNumber,
            alternateText: content.cardNumber,
          },
        }
      : {}),
  };
}

/** The whole object, as the save link carries it and as an insert sends it. */
export function loyaltyObject(
  issuerId: string,
  orgId: number,
  objectSuffix: string,
  content: PassContent,
) {
  return {
    id: `${issuerId}.${objectSuffix}`,
    classId: classIdOf(issuerId, orgId),
    accountName: content.organization,
    ...objectFields(content),
  };
}
