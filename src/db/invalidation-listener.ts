// The PostgreSQL connection a server process listens on for cache invalidations
// (app/invalidation.ts says what they are; this file only carries them). One dedicated client,
// outside the pool: a LISTEN lives as long as its connection. When the connection is lost the
// process cannot know what changed meanwhile, so on every (re)connection it clears all its
// caches; until then the caches' short expiry bounds how stale they can be, and /health/ready
// says the process is not listening.
import pg from 'pg';

/** The caches a process keeps and how a notification on `channel` clears them. */
export interface ListenedCaches {
  channel: string;
  /** A notification arrived with this payload. */
  clear(payload: string): void;
  /** Anything may have changed while nobody listened. */
  clearAll(): void;
}

const RETRY_MS = 1_000;
/** A half-open connection raises no error: a ping finds it. */
const PING_MS = 15_000;

export interface InvalidationListener {
  /** null while listening, otherwise why not. */
  problem(): string | null;
  close(): Promise<void>;
}

export async function listenForInvalidations(
  url: string,
  caches: ListenedCaches,
): Promise<InvalidationListener> {
  let current: pg.Client | null = null;
  let listening = false;
  let problem: string | null = 'connecting';
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const lost = (c: pg.Client, e: unknown) => {
    if (c !== current || closed) return;
    current = null;
    listening = false;
    problem = `not listening: ${(e as Error).message ?? String(e)}`;
    c.end().catch(() => {});
    retry ??= setTimeout(() => {
      retry = undefined;
      void connect();
    }, RETRY_MS);
  };

  const connect = async () => {
    const c = new pg.Client({
      connectionString: url,
      application_name: 'kopilka-listen',
      keepAlive: true,
    });
    current = c;
    c.on('notification', (m) => {
      if (m.channel === caches.channel && m.payload !== undefined) caches.clear(m.payload);
    });
    c.on('error', (e) => lost(c, e));
    c.on('end', () => lost(c, new Error('the connection ended')));
    try {
      await c.connect();
      await c.query(`listen ${pg.escapeIdentifier(caches.channel)}`);
      if (c !== current) return;
      listening = true;
      problem = null;
      // Whatever was announced while nobody listened here is unknown: start afresh.
      caches.clearAll();
    } catch (e) {
      lost(c, e);
    }
  };

  const ping = setInterval(() => {
    const c = current;
    if (c && listening) c.query('select 1').catch((e: unknown) => lost(c, e));
  }, PING_MS);
  ping.unref();

  await connect();
  return {
    problem: () => problem,
    close: async () => {
      closed = true;
      clearInterval(ping);
      clearTimeout(retry);
      await current?.end().catch(() => {});
      current = null;
    },
  };
}
