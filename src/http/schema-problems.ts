// Fastify's schema complaints (ajv, allErrors) as the problems of one refusal: every problem,
// each with the request part and the field it concerns, in Russian and English. Fastify stops
// at the first part that fails (params, body, querystring, headers); the parts after it are
// checked here too, so a request wrong in its query and its body hears about both at once.
import type { FastifyRequest } from 'fastify';

/** One thing wrong with a request: the field it concerns (a dotted path, '' for the whole). */
export interface Problem {
  field: string;
  /** The request part of a schema problem: body, querystring, params or headers. */
  in?: HttpPart;
  code: string;
  message: string;
  message_ru: string;
  message_en: string;
}

export type HttpPart = 'params' | 'body' | 'querystring' | 'headers';
/** Fastify's order of validation. */
const PARTS: readonly HttpPart[] = ['params', 'body', 'querystring', 'headers'];

const INPUT: Record<HttpPart, (req: FastifyRequest) => unknown> = {
  params: (req) => req.params,
  body: (req) => req.body,
  querystring: (req) => req.query,
  headers: (req) => req.headers,
};

/** The problems of the part Fastify refused and of every part it did not get to. */
export function requestProblems(
  req: FastifyRequest,
  failed: HttpPart,
  issues: readonly AjvIssue[],
): Omit<Problem, 'message'>[] {
  const all = schemaProblems(issues).map((p) => ({ ...p, in: failed }));
  for (const part of PARTS.slice(PARTS.indexOf(failed) + 1)) {
    const validate = req.getValidationFunction(part);
    // A body schema per content type is an object of validators: not ours, left alone.
    if (typeof validate !== 'function' || validate(INPUT[part](req))) continue;
    const more = (validate.errors ?? []) as unknown as AjvIssue[];
    all.push(...schemaProblems(more).map((p) => ({ ...p, in: part })));
  }
  return all.slice(0, MAX_PROBLEMS);
}

export interface AjvIssue {
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
