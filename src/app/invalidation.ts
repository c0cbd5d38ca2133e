// Caches that must not outlive a change, in every server process and on every server. A change
// is announced in the transaction that makes it (PostgreSQL's NOTIFY: delivered on commit, never
// for a rollback, whichever process made it — a server, a worker, the CLI), and every server
// process listens (db/invalidation-listener.ts) and clears its copy. The process that made the
// change clears its own at once after the commit. The embedded database serves one process:
// the local clear is all it needs.
import { sql } from 'kysely';
import type { ListenedCaches } from '../db/invalidation-listener.ts';
import type { Tx } from './context.ts';

export type CacheTopic =
  'terminal-keys' | 'farcards-keys' | 'pos-dictionary' | 'iiko-deposit-types';

export const CACHE_TOPICS: readonly CacheTopic[] = [
  'terminal-keys',
  'farcards-keys',
  'pos-dictionary',
  'iiko-deposit-types',
];

/** The PostgreSQL notification channel the announcements travel on. */
export const INVALIDATION_CHANNEL = 'kopilka_invalidate';

const clearers = new Map<CacheTopic, (() => void)[]>();
const generations = new Map<CacheTopic, number>();

export const isCacheTopic = (x: unknown): x is CacheTopic =>
  typeof x === 'string' && (CACHE_TOPICS as readonly string[]).includes(x);

/** Registers how this process clears its cache of `topic`. */
export function onInvalidate(topic: CacheTopic, clear: () => void): void {
  clearers.set(topic, [...(clearers.get(topic) ?? []), clear]);
}

/**
 * Moves on at every clear. A cache reads it before its database read and stores the answer
 * only if it has not moved: an answer read before a change must not outlive the change's clear.
 */
export function generation(topic: CacheTopic): number {
  return generations.get(topic) ?? 0;
}

/** Clears this process's cache of `topic`. */
export function clearLocal(topic: CacheTopic): void {
  generations.set(topic, generation(topic) + 1);
  for (const clear of clearers.get(topic) ?? []) clear();
}

/** Announces a change of `topic` to every server process, in the transaction making it. */
export async function announce(tx: Tx, topic: CacheTopic): Promise<void> {
  await sql`select pg_notify(${INVALIDATION_CHANNEL}, ${topic})`.execute(tx);
}

/** After the commit: this process's cache, at once (the others hear the announcement). */
export function invalidate(topic: CacheTopic): void {
  clearLocal(topic);
}

/** This process's caches as the listener (db/invalidation-listener.ts) clears them. */
export const processCaches: ListenedCaches = {
  channel: INVALIDATION_CHANNEL,
  clear: (payload) => {
    if (isCacheTopic(payload)) clearLocal(payload);
  },
  clearAll: () => {
    for (const topic of CACHE_TOPICS) clearLocal(topic);
  },
};
