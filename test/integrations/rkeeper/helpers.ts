// A FarCards endpoint on an in-process server (fastify.inject) with seed 000's guest, and the
// fake till's bodies, so tests post exactly what ExtDllHTTP.dll posts.
import type { Card } from '../../../src/db/schema.ts';
import { issueFarCardsKey } from '../../../src/integrations/rkeeper/farcards/endpoints.ts';
import { FakeTill } from '../../../src/integrations/rkeeper/simulator/till.ts';
import { SEED_000_CARD, SEED_000_STATION } from '../../../src/integrations/rkeeper/simulator/dictionaries.ts';
import { parseXmlText, attr, findAll } from '../../../src/integrations/rkeeper/farcards/xml.ts';
import type { TestDatabase } from '../../support/db.ts';
import { makeGuest, makeOrg, manualClock, testServer } from '../../support/fixtures.ts';

/** 11:25 in Moscow on seed 000's day: its check (closed 11:22) arrives on time. */
export const SEED_000_NOW = new Date('2024-03-04T08:25:00Z');

export async function farCardsSetup(t: TestDatabase, funds = 500_000, clock = manualClock(SEED_000_NOW)) {
  const server = await testServer(t.db, clock);
  const org = await makeOrg(server.ctx);
  const guest = await makeGuest(server.ctx, org, { number: SEED_000_CARD.code, uid: String(SEED_000_CARD.uid), funds });
  const issued = await issueFarCardsKey(server.ctx, org.restaurantId);
  const till = new FakeTill({ baseUrl: 'unused', restaurant: 9999, station: SEED_000_STATION });
  const post = async (method: string, body: string | Buffer, key = issued.key, contentType = 'text/xml; charset=utf-8') => {
    const res = await server.app.inject({ method: 'POST', url: `/rk/${key}/${method}`, headers: { 'content-type': contentType }, payload: body });
    return { status: res.statusCode, body: res.body, root: res.body.startsWith('<?xml') ? parseXmlText(res.body) : null };
  };
  return { server, org, guest, key: issued.key, till, post };
}

/** The attributes of the answer's first element named `name`. */
export function answerAttrs(root: ReturnType<typeof parseXmlText> | null, name: string): Record<string, string> {
  if (!root) return {};
  const el = findAll(root, [name])[0];
  return el ? Object.fromEntries(Object.keys(el.attrs).map((k) => [k, attr(el, k) ?? ''])) : {};
}

export async function counts(t: TestDatabase) {
  const n = async (table: 'ledger_entries' | 'orders' | 'pos_requests' | 'order_lines') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { entries: await n('ledger_entries'), orders: await n('orders'), requests: await n('pos_requests'), lines: await n('order_lines') };
}

export async function depositBalance(t: TestDatabase, card: Pick<Card, 'id'> | { cardId: number }) {
  const id = 'cardId' in card ? card.cardId : card.id;
  const row = await t.db
    .selectFrom('accounts as a')
    .innerJoin('cards as c', (j) => j.onRef('c.org_id', '=', 'a.org_id').onRef('c.guest_id', '=', 'a.guest_id'))
    .select('a.balance')
    .where('c.id', '=', id)
    .where('a.kind', '=', 'deposit')
    .executeTakeFirstOrThrow();
  return row.balance;
}
