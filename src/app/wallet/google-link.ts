// «Добавить в Google Wallet»: the guest's loyalty object, made on first use with a random id,
// signed with the organization's service-account key into a savetowallet link. The link carries
// the class too, so the first guest's save works even before the queued class reached Google;
// from then on the queue keeps both live (google-queue.ts). Only guests who asked for the link
// have an object, and only theirs are updated after a balance change.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { passContent } from './apple-pass.ts';
import { saveLink } from './google-jwt.ts';
import { loyaltyClass, loyaltyObject } from './google-objects.ts';
import { googleIssuer, type GoogleIssuer } from './google-settings.ts';

/** The organization's loyalty class as Google keeps it. */
export const classOf = (issuer: GoogleIssuer, orgId: number, organization: string) =>
  loyaltyClass(issuer.issuerId, orgId, {
    programName: organization,
    logoUrl: issuer.logoUrl,
    backgroundColor: issuer.backgroundColor,
  });

/** The guest's object id suffix, made on first use. */
export async function objectSuffix(ctx: AppContext, orgId: number, guestId: number) {
  await ctx.db
    .insertInto('wallet_google_objects')
    .values({
      org_id: orgId,
      guest_id: guestId,
      object_suffix: `g-${randomBytes(16).toString('base64url')}`,
      created_at: ctx.now(),
    })
    .onConflict((oc) => oc.columns(['org_id', 'guest_id']).doNothing())
    .execute();
  const row = await ctx.db
    .selectFrom('wallet_google_objects')
    .select('object_suffix')
    .where('org_id', '=', orgId)
    .where('guest_id', '=', guestId)
    .executeTakeFirstOrThrow();
  return row.object_suffix;
}

/** The save link for the guest; `origin`: the page that shows it. Refuses when not set up. */
export async function googleSaveLink(
  ctx: AppContext,
  orgId: number,
  guestId: number,
  origin: string,
): Promise<string> {
  const issuer = await googleIssuer(ctx, orgId);
  const suffix = await objectSuffix(ctx, orgId, guestId);
  const content = await passContent(ctx, orgId, guestId);
  return saveLink(
    issuer.account,
    {
      loyaltyClasses: [classOf(issuer, orgId, content.organization)],
      loyaltyObjects: [loyaltyObject(issuer.issuerId, orgId, suffix, content)],
    },
    [origin],
    ctx.now(),
  );
}
