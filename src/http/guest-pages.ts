// The guest pages (web/guest, built into web/dist-guest by scripts/ensure-cabinet.mjs): a
// light app of its own, apart from the cabinet, at /join/<token> (the registration link) and
// /me (the guest's page). Its hashed assets live under /g/ and are cached for a year; the page
// itself is revalidated every time, so a new build reaches phones at once.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const YEAR = 365 * 24 * 3600;

/** Serves the built guest pages if they exist; returns whether they do. */
export async function guestPageRoutes(app: FastifyInstance, dir: string): Promise<boolean> {
  if (!existsSync(resolve(dir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: resolve(dir, 'g'),
    prefix: '/g/',
    decorateReply: false,
    cacheControl: false,
    setHeaders: (res) => res.setHeader('cache-control', `public, max-age=${YEAR}, immutable`),
  });
  const page = async (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html', dir);
  app.get('/join/:token', { schema: { hide: true } }, page);
  app.get('/me', { schema: { hide: true } }, page);
  return true;
}
