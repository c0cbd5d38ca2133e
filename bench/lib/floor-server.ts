// The stack's floor for a FarCards Sale, a third figure of bench/farcards.ts: Fastify, the same
// packet read by the same parser and planned by the same posting rules, two prepared round
// trips to PostgreSQL carrying nothing, and the same answer. Whatever a check costs Kopilka's
// server beyond this is the close itself: finding the card, the loyalty rules, planning the
// ledger, building and sending its statements, and the garbage they leave.
//
//   PORT=… DATABASE_URL=… node --import tsx bench/lib/floor-server.ts
import Fastify from 'fastify';
import pg from 'pg';
import { planPosting } from '../../src/integrations/rkeeper/farcards/posting.ts';
import { parseFarCardsRequest } from '../../src/integrations/rkeeper/farcards/requests.ts';
import { buildTransactionsExResponse } from '../../src/integrations/rkeeper/farcards/responses.ts';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 16 });
const app = Fastify({ logger: false });
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.post<{ Params: { key: string; method: string } }>('/rk/:key/:method', async (req, reply) => {
  const parsed = parseFarCardsRequest(req.body as Buffer, req.headers['content-type'], { method: 'transactionsex' });
  if (!parsed.ok || parsed.value.method !== 'transactionsex') throw new Error('not a transactionsex packet');
  planPosting(parsed.value);
  await pool.query({ name: 'read', text: 'select $1::text as card, $2::bigint as org', values: ['61366822', 1] });
  await pool.query({ name: 'write', text: 'select $1::text as claim, $2::bigint as org', values: ['sale', 1] });
  return reply.type('text/xml; charset=utf-8').send(buildTransactionsExResponse({ ok: true }));
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
console.log('ready');
