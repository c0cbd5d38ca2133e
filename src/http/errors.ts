// Every error leaves as { error: { code, message, message_ru, message_en, details } } with a
// 4xx status for the client's mistakes. Only a fault of ours is a 500, and it says so.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError, type ErrorKind } from '../domain/errors.ts';
import { note } from './outcome.ts';

const STATUS: Record<ErrorKind, number> = {
  validation: 400,
  auth: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rejected: 422,
  too_many: 429,
};

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    message_ru: string;
    message_en: string;
    details?: unknown;
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
): ErrorBody {
  return {
    error: {
      code,
      message: prefersEnglish(req) ? en : ru,
      message_ru: ru,
      message_en: en,
      ...(details === undefined ? {} : { details }),
    },
  };
}

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** The most telling schema complaint in words a cashier's integrator reads at once. */
function describeValidation(
  issues: readonly AjvIssue[],
  where: string,
): { ru: string; en: string } {
  // A union reports one failure per branch; the deepest non-"required" one is the real mistake.
  const best = [...issues].sort((a, b) => {
    const rank = (i: AjvIssue) =>
      i.instancePath.split('/').length * 10 +
      (i.keyword === 'required' || i.keyword === 'anyOf' ? 0 : 5);
    return rank(b) - rank(a);
  })[0];
  if (!best) return { ru: 'Неверный запрос', en: 'Invalid request' };
  const field =
    (best.keyword === 'required'
      ? `${best.instancePath}/${String(best.params.missingProperty)}`
      : best.keyword === 'additionalProperties'
        ? `${best.instancePath}/${String(best.params.additionalProperty)}`
        : best.instancePath
    ).replace(/^\//, '') || where;
  const ru: Record<string, string> = {
    required: `не хватает поля «${field}»`,
    additionalProperties: `лишнее поле «${field}»`,
    type: `поле «${field}» должно быть типа ${String(best.params.type)}`,
    minimum: `поле «${field}» меньше допустимого`,
    maximum: `поле «${field}» больше допустимого`,
    minLength: `поле «${field}» слишком короткое`,
    maxLength: `поле «${field}» слишком длинное`,
    pattern: `поле «${field}» в неверном формате`,
    format: `поле «${field}» в неверном формате (${String(best.params.format)})`,
    minItems: `в поле «${field}» слишком мало элементов`,
    maxItems: `в поле «${field}» слишком много элементов`,
    const: `недопустимое значение поля «${field}»`,
    enum: `недопустимое значение поля «${field}»`,
  };
  return {
    ru: `Неверный запрос: ${ru[best.keyword] ?? `поле «${field}»: ${best.message ?? best.keyword}`}`,
    en: `Invalid request: ${field} ${best.message ?? best.keyword}`,
  };
}

/** Fastify's own failures (parsing, limits, schema) mapped to stable codes. */
function frameworkError(
  err: FastifyError,
): { status: number; code: string; ru: string; en: string; details?: unknown } | null {
  if (err.validation) {
    const text = describeValidation(err.validation as AjvIssue[], err.validationContext ?? 'body');
    return {
      status: 400,
      code: 'validation_failed',
      ...text,
      details: err.validation.map((v) => ({
        path: `${err.validationContext ?? ''}${v.instancePath}`,
        message: v.message,
        params: v.params,
      })),
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

export function handleError(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainError) {
    note(req, { refusal: err.code });
    return reply
      .status(STATUS[err.kind])
      .send(errorBody(req, err.code, err.messageRu, err.message, err.details));
  }
  const known = frameworkError(err);
  if (known) {
    note(req, { refusal: known.code });
    return reply
      .status(known.status)
      .send(errorBody(req, known.code, known.ru, known.en, known.details));
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
