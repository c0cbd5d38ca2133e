// A connection check or import reaches any host and port an integrator typed, and the reason
// it failed (refused, timed out, not found, TLS, an HTTP status, the server's own answer) tells
// what listens there: a map of the network behind Kopilka. Only a role with
// integration.diagnose (the owner) hears the reason; everyone else hears one generic failure.
// The audit log, which managers, analysts and support read, keeps only the failure's code.
import type { FastifyRequest } from 'fastify';
import { DomainError, type Message } from '../../domain/errors.ts';
import { can } from '../../domain/roles.ts';

export const CONNECTION_FAILED = 'connection_failed';

export const CONNECTION_FAILED_TEXT: Message = {
  ru: 'Не удалось подключиться к серверу кассы. Причину видит владелец организации, проверив подключение',
  en: "Could not connect to the POS server. The organization's owner sees why by checking the connection",
};

/** Error codes of a conversation with a POS server, as opposed to Kopilka's own refusals. */
const CONNECTION_ERROR_PREFIXES = ['rkeeper.xml_interface.', 'iiko.server.'];

export function mayDiagnose(req: FastifyRequest): boolean {
  return can(req.admin.role, 'integration.diagnose');
}

/** The error as this caller may see it: a POS server's failure becomes the generic one. */
export function connectionErrorFor(req: FastifyRequest, e: unknown): unknown {
  if (
    e instanceof DomainError &&
    CONNECTION_ERROR_PREFIXES.some((p) => e.code.startsWith(p)) &&
    !mayDiagnose(req)
  ) {
    return new DomainError('rejected', CONNECTION_FAILED, CONNECTION_FAILED_TEXT);
  }
  return e;
}

/** Runs an import (or anything that talks to a POS server) and hides its failure's reason from a non-owner. */
export async function diagnosedFor<T>(req: FastifyRequest, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw connectionErrorFor(req, e);
  }
}
