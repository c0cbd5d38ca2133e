// Health for orchestrators and load balancers. /health/live: the process answers (restart it
// when it stops answering). /health/ready: it can serve a till now — the database answers and
// its schema is the one this build expects (take it out of rotation otherwise). /health is
// the old fixed answer, kept for monitors configured against it.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../app/context.ts';
import { MIGRATIONS } from '../db/migrate.ts';

/** A database that takes longer than this to answer `select` is not ready for a till either. */
const READY_WITHIN_MS = 2_000;

export interface ReadyCheck {
  name: string;
  /** null when fine, otherwise what is wrong, for the operator. */
  check(): Promise<string | null>;
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The database answers, and every migration this build knows is applied (and none it does not). */
export function databaseChecks(ctx: AppContext): ReadyCheck[] {
  return [
    {
      name: 'database',
      check: async () => {
        await within(READY_WITHIN_MS, sql`select 1`.execute(ctx.db));
        return null;
      },
    },
    {
      name: 'migrations',
      check: async () => {
        const rows = await within(
          READY_WITHIN_MS,
          sql<{ name: string }>`select name from kysely_migration`.execute(ctx.db),
        );
        const applied = new Set(rows.rows.map((r) => r.name));
        const missing = Object.keys(MIGRATIONS).filter((m) => !applied.has(m));
        const unknown = [...applied].filter((m) => !(m in MIGRATIONS));
        if (missing.length > 0) return `not applied: ${missing.join(', ')}`;
        if (unknown.length > 0) return `applied by a newer Kopilka: ${unknown.join(', ')}`;
        return null;
      },
    },
  ];
}

export function healthRoutes(app: FastifyInstance, checks: readonly ReadyCheck[]): void {
  const hide = { schema: { hide: true } };
  app.get('/health', hide, async () => ({ status: 'ok' }));
  app.get('/health/live', hide, async () => ({ status: 'ok' }));
  app.get('/health/ready', hide, async (_req, reply) => {
    const results = await Promise.all(
      checks.map(async (c) => {
        try {
          return [c.name, (await c.check()) ?? 'ok'] as const;
        } catch (e) {
          return [c.name, (e as Error).message || String(e)] as const;
        }
      }),
    );
    const ready = results.every(([, r]) => r === 'ok');
    return reply
      .status(ready ? 200 : 503)
      .send({ status: ready ? 'ok' : 'unavailable', checks: Object.fromEntries(results) });
  });
}
