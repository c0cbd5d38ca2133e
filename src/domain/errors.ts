// One error type for every rule the domain enforces. `code` is stable (clients switch on it);
// the messages are for people, Russian first. `kind` says what sort of failure it is, and the
// HTTP layer maps kinds to status codes, so the domain never speaks HTTP.

export type ErrorKind =
  | 'validation' // the request is malformed or a value is out of range
  | 'auth' // missing, wrong or revoked credentials
  | 'forbidden' // authenticated, but not allowed to do this
  | 'not_found' // no such card / order / account in this organization
  | 'conflict' // clashes with what exists (idempotency key reused with other data, duplicate)
  | 'rejected' // well-formed, but a business rule says no (insufficient funds, blocked card)
  | 'too_many' // too many requests of this sort right now: try again later
  | 'unavailable'; // the installation is not set up for this (e.g. no SMS provider)

export interface Message {
  ru: string;
  en: string;
}

export class DomainError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly messageRu: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(kind: ErrorKind, code: string, message: Message, details?: Record<string, unknown>) {
    super(message.en);
    this.name = 'DomainError';
    this.kind = kind;
    this.code = code;
    this.messageRu = message.ru;
    this.details = details;
  }
}

export function fail(
  kind: ErrorKind,
  code: string,
  message: Message,
  details?: Record<string, unknown>,
): never {
  throw new DomainError(kind, code, message, details);
}
