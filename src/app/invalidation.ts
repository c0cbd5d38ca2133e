// Caches that must not outlive a change, in every server process. A change clears this
// process's copy at once, and a relay takes the news to the other processes: the cluster's
// primary when `kopilka serve` runs several workers (cli/serve.ts). One process has no relay.
export type CacheTopic = 'terminal-keys' | 'farcards-keys' | 'pos-dictionary' | 'iiko-deposit-types';

const clearers = new Map<CacheTopic, (() => void)[]>();
let relay: ((topic: CacheTopic) => void) | null = null;

/** Registers how this process clears its cache of `topic`. */
export function onInvalidate(topic: CacheTopic, clear: () => void): void {
  clearers.set(topic, [...(clearers.get(topic) ?? []), clear]);
}

/** Clears this process's cache of `topic`: what a relayed change does. */
export function clearLocal(topic: CacheTopic): void {
  for (const clear of clearers.get(topic) ?? []) clear();
}

/** A change made here: cleared here, then relayed to the other processes. */
export function invalidate(topic: CacheTopic): void {
  clearLocal(topic);
  relay?.(topic);
}

export function relayInvalidations(send: ((topic: CacheTopic) => void) | null): void {
  relay = send;
}

export const CACHE_TOPICS: readonly CacheTopic[] = [
  'terminal-keys',
  'farcards-keys',
  'pos-dictionary',
  'iiko-deposit-types',
];
