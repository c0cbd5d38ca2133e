// Every error leaves as { error: { code, message, message_ru, message_en, details } } with a
// 4xx status for the client's mistakes. Only a fault of ours is a 500, and it says so.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError, type ErrorKind } from '../domain/errors.ts';
import { drainRefusedBody } from './drain-body.ts';
import { note } from './outcome.ts';

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

/** One thing wrong with a request: the field it concerns (a dotted path, '' for the whole). */
export interface Problem {
  field: string;
  code: string;
  message: string;
  message_ru: string;
  message_en: string;
}

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

interface AjvIssue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** The answer to a list of complaints of a schema: every problem, each with its field. */
export function schemaProblems(issues: readonly AjvIssue[]): Omit<Problem, 'message'>[] {
  const problems = condense(issues).map(toProblem);
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.field}|${p.code}|${p.message_en}`;
      return seen.has(key) ? false : (seen.add(key), true);
    })
    .slice(0, MAX_PROBLEMS);
}

const MAX_PROBLEMS = 50;

/**
 * A union (anyOf) reports a failure per branch and one for itself. When every branch fails at
 * the field itself (a wrong type or value), that is one problem: "one of these". When some
 * branch gets further (an object of the right kind), that branch's complaints are the real
 * ones, and the other branches are noise.
 */
function condense(issues: readonly AjvIssue[]): AjvIssue[] {
  const unions = issues.filter((i) => i.keyword === 'anyOf');
  // Items of one array share a schema path: an issue is a union's when both paths are under it.
  const inUnion = (i: AjvIssue, u: AjvIssue) =>
    i.schemaPath.startsWith(`${u.schemaPath}/`) &&
    (i.instancePath === u.instancePath || i.instancePath.startsWith(`${u.instancePath}/`));
  // Outermost unions first; nested ones are handled by the recursion.
  const outer = unions.filter((u) => !unions.some((o) => o !== u && inUnion(u, o)));
  const rest = issues.filter((i) => !outer.some((u) => u === i || inUnion(i, u)));
  const out = [...rest];
  for (const u of outer) {
    const branches = new Map<string, AjvIssue[]>();
    for (const i of issues) {
      if (i === u || !inUnion(i, u)) continue;
      const b = i.schemaPath.slice(u.schemaPath.length + 1).split('/')[0] ?? '';
      branches.set(b, [...(branches.get(b) ?? []), i]);
    }
    // A branch fails "at the field" when the value is of another type or value, or when the
    // object's discriminator (a property fixed by const, like type or kind) names another branch.
    const discriminator = (i: AjvIssue) =>
      i.keyword === 'const' &&
      new RegExp(`^${escapeRegExp(u.schemaPath)}/\\d+/properties/[^/]+/const$`).test(i.schemaPath);
    const atField = (b: AjvIssue[]) =>
      b.some(
        (i) =>
          (i.instancePath === u.instancePath && ['type', 'const', 'enum'].includes(i.keyword)) ||
          discriminator(i),
      );
    const further = [...branches.values()].filter((b) => !atField(b));
    if (further.length === 0) {
      const all = [...branches.values()].flat();
      const kinds = all.filter(discriminator);
      const at = kinds[0]?.instancePath ?? u.instancePath;
      const fieldLevel = all.filter((i) => i.instancePath === at);
      out.push({
        ...u,
        instancePath: at,
        keyword: 'oneOfValues',
        params: {
          values: fieldLevel.filter((i) => i.keyword === 'const').map((i) => i.params.allowedValue),
          types: fieldLevel.filter((i) => i.keyword === 'type').map((i) => i.params.type),
        },
      });
    } else {
      // The branch with the fewest complaints is the one the client meant.
      const best = further.sort((a, b) => a.length - b.length)[0] ?? [];
      out.push(...condense(best));
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fieldOf(i: AjvIssue): string {
  const base = i.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const extra =
    i.keyword === 'required'
      ? String(i.params.missingProperty)
      : i.keyword === 'additionalProperties'
        ? String(i.params.additionalProperty)
        : '';
  return [base, extra].filter(Boolean).join('.');
}

const TYPE_RU: Record<string, string> = {
  string: 'строка',
  number: 'число',
  integer: 'целое число',
  boolean: 'true или false',
  object: 'объект',
  array: 'список',
  null: 'null',
};

function toProblem(i: AjvIssue): Omit<Problem, 'message'> {
  const field = fieldOf(i);
  const f = field ? `поле «${field}»` : 'запрос';
  const F = field ? `field "${field}"` : 'the request';
  const p = i.params;
  const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => JSON.stringify(x)).join(', ') : '');
  const types = (v: unknown, ru: boolean) =>
    (Array.isArray(v) ? v : [v])
      .flatMap((t) => String(t).split(','))
      .map((t) => (ru ? (TYPE_RU[t] ?? t) : t))
      .join(ru ? ' или ' : ' or ');
  const text: Record<string, [string, string]> = {
    required: [`не хватает поля «${field}»`, `${F} is required`],
    additionalProperties: [`лишнее поле «${field}»`, `unknown ${F}`],
    type: [`${f}: ожидается ${types(p.type, true)}`, `${F} must be ${types(p.type, false)}`],
    oneOfValues:
      Array.isArray(p.values) && p.values.length > 0
        ? [`${f}: допустимые значения — ${list(p.values)}`, `${F} must be one of ${list(p.values)}`]
        : [`${f}: ожидается ${types(p.types, true)}`, `${F} must be ${types(p.types, false)}`],
    const: [
      `${f}: допустимо только ${JSON.stringify(p.allowedValue)}`,
      `${F} must be ${JSON.stringify(p.allowedValue)}`,
    ],
    enum: [
      `${f}: допустимые значения — ${list(p.allowedValues)}`,
      `${F} must be one of ${list(p.allowedValues)}`,
    ],
    minimum: [`${f}: не меньше ${String(p.limit)}`, `${F} must be ≥ ${String(p.limit)}`],
    exclusiveMinimum: [`${f}: больше ${String(p.limit)}`, `${F} must be > ${String(p.limit)}`],
    maximum: [`${f}: не больше ${String(p.limit)}`, `${F} must be ≤ ${String(p.limit)}`],
    exclusiveMaximum: [`${f}: меньше ${String(p.limit)}`, `${F} must be < ${String(p.limit)}`],
    minLength: [
      `${f}: не короче ${String(p.limit)} симв.`,
      `${F} must have at least ${String(p.limit)} characters`,
    ],
    maxLength: [
      `${f}: не длиннее ${String(p.limit)} симв.`,
      `${F} must have at most ${String(p.limit)} characters`,
    ],
    pattern: [`${f} в неверном формате`, `${F} has the wrong format`],
    format: [
      `${f} в неверном формате (${String(p.format)})`,
      `${F} must be a valid ${String(p.format)}`,
    ],
    minItems: [
      `${f}: не меньше ${String(p.limit)} элем.`,
      `${F} must have at least ${String(p.limit)} items`,
    ],
    maxItems: [
      `${f}: не больше ${String(p.limit)} элем.`,
      `${F} must have at most ${String(p.limit)} items`,
    ],
    minProperties: [`${f}: слишком мало полей`, `${F} has too few properties`],
    maxProperties: [`${f}: слишком много полей`, `${F} has too many properties`],
    multipleOf: [
      `${f}: нужно кратное ${String(p.multipleOf)}`,
      `${F} must be a multiple of ${String(p.multipleOf)}`,
    ],
  };
  const [ru, en] = text[i.keyword] ?? [
    `${f}: ${i.message ?? i.keyword}`,
    `${F} ${i.message ?? i.keyword}`,
  ];
  return {
    field,
    code:
      i.keyword === 'oneOfValues'
        ? Array.isArray(p.values) && p.values.length > 0
          ? 'enum'
          : 'type'
        : i.keyword,
    message_ru: ru,
    message_en: en,
  };
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
function frameworkError(err: FastifyError): {
  status: number;
  code: string;
  ru: string;
  en: string;
  details?: unknown;
  problems?: Omit<Problem, 'message'>[];
} | null {
  if (err.validation) {
    const problems = schemaProblems(err.validation as AjvIssue[]);
    return {
      status: 400,
      code: 'validation_failed',
      ru: headline(problems, true),
      en: headline(problems, false),
      details: { in: err.validationContext ?? 'body' },
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
  const known = frameworkError(err);
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
