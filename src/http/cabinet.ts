// The cabinet (web/, built into web/dist by scripts/ensure-cabinet.mjs) served from the same
// origin at `/`. Hashed assets are cached for a year; index.html is revalidated every time so
// a new build reaches browsers at once. Any other GET outside the APIs is a cabinet address
// (/guests/123) and gets index.html; API paths, /rk/ and /docs keep their JSON 404s.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

const NOT_CABINET = /^\/(api|rk|docs|health|metrics|assets|g)(\/|$|\?)/;
const YEAR = 365 * 24 * 3600;

/** Serves the built cabinet if it exists; returns whether it does. */
export async function cabinetRoutes(app: FastifyInstance, dir: string): Promise<boolean> {
  if (!existsSync(resolve(dir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader(
        'cache-control',
        path.includes('/assets/') ? `public, max-age=${YEAR}, immutable` : 'no-cache',
      );
    },
  });
  return true;
}

/** For the not-found handler: true when it answered with the cabinet's index.html. */
export function cabinetFallback(req: FastifyRequest, reply: FastifyReply): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (NOT_CABINET.test(req.url) || !reply.sendFile) return false;
  void reply.sendFile('index.html');
  return true;
}
