// What every use case gets: the database, the clock and the loyalty hook. Tests pass a fixed
// clock; the server passes the real one. Nothing in app/ reads the time any other way. The
// loyalty program is wired by default: with no program saved, an organization runs on the
// seed-003 defaults (no ranks, no promotions), so closes only get the L2/L3 bonus limits.
import type { Database, Tx } from '../db/connect.ts';
import type { LoyaltyHook } from './loyalty-hook.ts';
import { ProgramLoyalty } from './loyalty/hook.ts';
import { ProgramStore } from './loyalty/program-store.ts';
import { ephemeralSecretBox, type SecretBox } from './stored-secrets.ts';

// Use cases name the handle they write through from here; the modules the context itself is
// built from (the loyalty hook, the ledger repository) import it from db/, or they would cycle.
export type { Tx };

export interface AppContext {
  db: Database;
  now: () => Date;
  loyalty: LoyaltyHook;
  /**
   * Compiled loyalty programs for reads outside a close (the guest's page, Wallet passes),
   * checked against the program's version on every load.
   */
  programs: ProgramStore;
  /** Seals stored passwords; the server passes the installation's key (stored-secrets.ts). */
  secrets: SecretBox;
}

export function createContext(
  db: Database,
  options: Partial<Omit<AppContext, 'db'>> = {},
): AppContext {
  return {
    db,
    now: options.now ?? (() => new Date()),
    loyalty: options.loyalty ?? new ProgramLoyalty(),
    programs: options.programs ?? new ProgramStore(),
    // A key of this process only: right for tests; a server passes the persisted one.
    secrets: options.secrets ?? ephemeralSecretBox(),
  };
}

/** The authenticated POS terminal a request comes from. */
export interface PosPrincipal {
  orgId: number;
  restaurantId: number;
  terminalId: number;
  terminalName: string;
}

/** Who performs an admin or CLI action, for the audit log. */
export interface Actor {
  orgId: number;
  type: 'user' | 'cli' | 'system' | 'import' | 'guest' | 'operator';
  id: string | null;
  name: string;
}

const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/**
 * Runs `work` in one transaction. Lock order makes deadlocks impossible by design; the retry
 * is the safety net PostgreSQL asks every client to have for 40001 / 40P01.
 */
export async function inTransaction<T>(ctx: AppContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  // An adapter composing several use cases in one transaction passes { ...ctx, db: tx }: join it.
  if (ctx.db.isTransaction) return work(ctx.db);
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.transaction().execute(work);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt < 4 && code && RETRYABLE.has(code)) continue;
      throw e;
    }
  }
}
