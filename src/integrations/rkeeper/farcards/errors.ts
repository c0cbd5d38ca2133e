// Typed protocol errors for everything r_keeper sends us. Parsers return them instead of
// throwing, so an HTTP handler can always answer with the protocol's own error and never crash.
import { DomainError, type Message } from '../../../domain/errors.ts';

export type ProtocolErrorCode =
  | 'rkeeper.xml.too_large'
  | 'rkeeper.xml.encoding'
  | 'rkeeper.xml.dtd_forbidden'
  | 'rkeeper.xml.malformed'
  | 'rkeeper.request.unknown'
  | 'rkeeper.request.missing_field'
  | 'rkeeper.request.bad_value';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: DomainError };

export function protocolError(
  code: ProtocolErrorCode,
  message: Message,
  details?: Record<string, unknown>,
): DomainError {
  return new DomainError('validation', code, message, details);
}

/** Thrown only inside the parsers and caught at their boundary (see `guard`). */
class ProtocolFailure extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

export function reject(code: ProtocolErrorCode, message: Message, details?: Record<string, unknown>): never {
  throw new ProtocolFailure(protocolError(code, message, details));
}

export function missingField(field: string): never {
  return reject(
    'rkeeper.request.missing_field',
    { ru: `В запросе нет обязательного поля ${field}`, en: `The request lacks the required field ${field}` },
    { field },
  );
}

export function badValue(field: string, value: string): never {
  return reject(
    'rkeeper.request.bad_value',
    { ru: `Недопустимое значение поля ${field}`, en: `Invalid value of the field ${field}` },
    { field, value: value.slice(0, 64) },
  );
}

/**
 * Runs a parser and turns every failure into a typed result. Anything that is not our own
 * ProtocolFailure (a library bug, a stack overflow) is still reported as malformed input:
 * the caller must be able to answer r_keeper whatever the body was.
 */
export function guard<T>(parse: () => T): ParseResult<T> {
  try {
    return { ok: true, value: parse() };
  } catch (e) {
    if (e instanceof ProtocolFailure) return { ok: false, error: e.error };
    return {
      ok: false,
      error: protocolError(
        'rkeeper.xml.malformed',
        { ru: 'Не удалось разобрать XML', en: 'The XML could not be parsed' },
        { cause: e instanceof Error ? e.name : typeof e },
      ),
    };
  }
}
