// Shared set-up for the iiko Server client tests: a simulator per test, settings pointing at
// it, and the assertions every failure path shares (a clear error, no seat left behind).

import assert from 'node:assert/strict';
import { DomainError } from '../../../src/domain/errors.ts';
import { IikoServerClient } from '../../../src/integrations/iiko/server-client.ts';
import type { IikoServerSettings } from '../../../src/integrations/iiko/server-settings.ts';
import {
  IikoServerSimulator,
  type IikoSimulatorOptions,
} from '../../../src/integrations/iiko/simulator/server.ts';

/** 2024-03-15 12:00 UTC: the clock of every test, for the OLAP look-back window. */
export const NOW = Date.parse('2024-03-15T12:00:00Z');

export function settingsFor(
  port: number,
  over: Partial<IikoServerSettings> = {},
): IikoServerSettings {
  return {
    serverName: 'Мой ресторан',
    protocol: 'http',
    address: '127.0.0.1',
    port,
    login: 'kopilka',
    password: 'kopilka',
    timeoutMs: 2_000,
    ...over,
  };
}

export function clientFor(
  sim: IikoServerSimulator,
  over: Partial<IikoServerSettings> = {},
): IikoServerClient {
  return new IikoServerClient(settingsFor(sim.port, over), { now: () => new Date(NOW) });
}

export async function withSim(
  opts: IikoSimulatorOptions,
  fn: (sim: IikoServerSimulator) => Promise<void>,
): Promise<void> {
  const sim = await IikoServerSimulator.start({ now: () => NOW, ...opts });
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

/** Rejects with a DomainError of this code that has both a Russian and an English message. */
export async function rejectsWith(promise: Promise<unknown>, code: string): Promise<DomainError> {
  let caught: unknown;
  await assert.rejects(promise, (e: unknown) => {
    caught = e;
    return true;
  });
  assert.ok(caught instanceof DomainError, `expected a DomainError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.kind, 'rejected');
  assert.match(caught.messageRu, /[а-я]/);
  assert.ok(caught.message.length > 20);
  return caught;
}

/** Every key the simulator handed out was logged out with that key, and no seat is held. */
export function assertEverySessionLoggedOut(sim: IikoServerSimulator): void {
  const loggedOut = sim.callsTo('logout').map((c) => c.key);
  for (const key of sim.issuedKeys)
    assert.ok(loggedOut.includes(key), `session ${key} was never logged out`);
  assert.equal(loggedOut.length, sim.issuedKeys.length, 'one logout per session');
  assert.equal(sim.activeSessions(), 0, 'a licence seat is still held');
}
