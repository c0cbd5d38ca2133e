// Per-address limits in front of the entry points that need no credentials (signing in): a
// guesser from one address is slowed to a trickle before any password is checked. The POS
// routes have none: a restaurant's tills share one address, and their code checks are
// limited per terminal and per organization in the database instead.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.ts';

/** Sign-ins per address per minute, unless the server is told otherwise. */
export const SIGN_IN_PER_MINUTE = 20;

/** Makes `config.rateLimit` available to the routes of `app` (none is limited by default). */
export async function perAddressLimits(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) =>
      new DomainError(
        'too_many',
        'too_many_requests',
        {
          ru: `Слишком много запросов с этого адреса: повторите через ${Math.ceil(context.ttl / 1000)} с`,
          en: `Too many requests from this address: try again in ${Math.ceil(context.ttl / 1000)} s`,
        },
        { retry_after_seconds: Math.ceil(context.ttl / 1000) },
      ),
  });
}

export const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: 60_000 } });
