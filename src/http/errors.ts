// Every error leaves as { error: { code, message, message_ru, message_en, details } } with a
// 4xx status for the client's mistakes. Only a fault of ours is a 500, and it says so.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError, type ErrorKind } from '../domain/errors.ts';
import { drainRefusedBody } from './drain-body.ts';
import { note } from './outcome.ts';
import { requestProblems, type AjvIssue, type HttpPart, type Problem } from './schema-problems.ts';

export type { Problem } from './schema-problems.ts';

const STATUS: Record<ErrorKind, number> = {
  validation: 400,
  auth: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rejected: 422,
  too_many: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    message_ru: string;
    message_en: string;
    details?: unknown;
    problems?: Problem[];
  };
}

/** The error answer as the OpenAPI document shows it, a shared component named ApiError. */
export const ApiErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable: clients switch on it' }),
      message: Type.String({ description: 'In the language of Accept-Language (Russian first)' }),
      message_ru: Type.String(),
      message_en: Type.String(),
      details: Type.Optional(Type.Unknown({ description: 'What the code concerns, per code' })),
      problems: Type.Optional(
        Type.Array(
          Type.Object({
            field: Type.String({
              description: "Dotted path in the request part (body, query), '' for the whole",
            }),
            in: Type.Optional(
              Type.Union(
                ['params', 'body', 'querystring', 'headers'].map((p) => Type.Literal(p)),
                { description: 'The request part of a schema problem' },
              ),
            ),
            code: Type.String(),
            message: Type.String(),
            message_ru: Type.String(),
            message_en: Type.String(),
          }),
          {
            description:
              'Every problem of a refused request (400), each with its field: a form shows each next to its field',
          },
        ),
      ),
    }),
  },
  { $id: 'ApiError', description: 'Every error answer' },
);

function prefersEnglish(req: FastifyRequest): boolean {
  return /^en\b/i.test(req.headers['accept-language'] ?? '');
}

export function errorBody(
  req: FastifyRequest,
  code: string,
  ru: string,
  en: string,
  details?: unknown,
  problems?: readonly Omit<Problem, 'message'>[],
): ErrorBody {
  const english = prefersEnglish(req);
  return {
    error: {
      code,
      message: english ? en : ru,
      message_ru: ru,
      message_en: en,
      ...(details === undefined ? {} : { details }),
      ...(problems === undefined
        ? {}
        : {
            problems: problems.map((p) => ({
              ...p,
              message: english ? p.message_en : p.message_ru,
            })),
          }),
    },
  };
}

/**
 * A refused request lists every problem. The loyalty validators gather theirs in
 * details.problems; any other validation error is a problem of its own, with its field.
 */
function domainProblems(err: DomainError): Omit<Problem, 'message'>[] | undefined {
  if (err.kind !== 'validation') return undefined;
  const listed = err.details?.problems;
  if (Array.isArray(listed)) {
    return (listed as { code: string; ru: string; en: string; field?: unknown }[]).map((p) => ({
      field: typeof p.field === 'string' ? p.field : '',
      code: p.code,
      message_ru: p.ru,
      message_en: p.en,
    }));
  }
  const field = err.details?.field;
  return [
    {
      field: typeof field === 'string' ? field : '',
      code: err.code,
      message_ru: err.messageRu,
      message_en: err.message,
    },
  ];
}

/** The headline of a list of problems: the first ones, and how many more. */
function headline(problems: readonly Omit<Problem, 'message'>[], ru: boolean): string {
  const shown = problems.slice(0, 3).map((p) => (ru ? p.message_ru : p.message_en));
  const more = problems.length - shown.length;
  const tail = more > 0 ? (ru ? ` (и ещё ${more})` : ` (and ${more} more)`) : '';
  return `${ru ? 'Неверный запрос' : 'Invalid request'}: ${shown.join('; ')}${tail}`;
}

/** The problems travel in error.problems, once. */
function withoutProblems(details: Record<string, unknown> | undefined) {
  if (!details || !('problems' in details)) return details;
  return Object.fromEntries(Object.entries(details).filter(([k]) => k !== 'problems'));
}

/** Fastify's own failures (parsing, limits, schema) mapped to stable codes. */
function frameworkError(
  err: FastifyError,
  req: FastifyRequest,
): {
  status: number;
  code: string;
  ru: string;
  en: string;
  details?: unknown;
  problems?: Omit<Problem, 'message'>[];
} | null {
  if (err.validation) {
    const part = (err.validationContext ?? 'body') as HttpPart;
    const problems = requestProblems(req, part, err.validation as AjvIssue[]);
    return {
      status: 400,
      code: 'validation_failed',
      ru: headline(problems, true),
      en: headline(problems, false),
      details: { in: part },
      problems,
    };
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        code: 'body_too_large',
        ru: 'Слишком большой запрос',
        en: 'Request body too large',
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: 'unsupported_media_type',
        ru: 'Тело запроса должно быть JSON (Content-Type: application/json)',
        en: 'The body must be JSON (Content-Type: application/json)',
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        code: 'empty_body',
        ru: 'Пустое тело запроса',
        en: 'Empty request body',
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        code: 'invalid_content_length',
        ru: 'Неверная длина запроса',
        en: 'Invalid Content-Length',
      };
  }
  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return {
      status: 400,
      code: 'malformed_json',
      ru: 'Тело запроса — не корректный JSON',
      en: 'The body is not valid JSON',
    };
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, code: 'bad_request', ru: 'Неверный запрос', en: err.message };
  }
  return null;
}

export async function handleError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainError) {
    note(req, { refusal: err.code });
    const retryAfter = err.details?.retry_after_seconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    return reply
      .status(STATUS[err.kind])
      .send(
        errorBody(
          req,
          err.code,
          err.messageRu,
          err.message,
          withoutProblems(err.details),
          domainProblems(err),
        ),
      );
  }
  const known = frameworkError(err, req);
  if (known) {
    note(req, { refusal: known.code });
    if (known.status === 413) await drainRefusedBody(req.raw);
    return reply
      .status(known.status)
      .send(errorBody(req, known.code, known.ru, known.en, known.details, known.problems));
  }
  req.log.error({ err }, 'unhandled error');
  return reply
    .status(500)
    .send(
      errorBody(
        req,
        'internal_error',
        'Внутренняя ошибка Kopilka; операция не выполнена',
        'Internal Kopilka error; the operation was not performed',
      ),
    );
}
