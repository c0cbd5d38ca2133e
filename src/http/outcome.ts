// What a request's handler learned about it — a refusal, a close, a replay — noted on the
// request for the metrics hook (http/metrics.ts) to count once the answer is sent. Noting costs
// a property write, so handlers note whether or not metrics are on.
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** What a request's handler learned, counted once the answer is sent. */
export interface Outcome {
  refusal?: string;
  close?: boolean;
  replayed?: boolean;
  softOffline?: boolean;
  /** A FarCards Sale: written optimistically, tried so and then locked, or locked at once. */
  salePath?: 'optimistic' | 'fallback' | 'locked' | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    outcome: Outcome | null;
  }
}

/** Notes what happened to the request; counted by the metrics hook (when metrics are on). */
export function note(req: FastifyRequest, outcome: Outcome): void {
  req.outcome = req.outcome ? Object.assign(req.outcome, outcome) : outcome;
}

/** Every request starts with nothing noted (one shape for all requests). */
export function decorateOutcome(app: FastifyInstance): void {
  app.decorateRequest('outcome', null);
}
