// Keeps the documented API contract honest: every answer an HTTP test receives from a route
// with response schemas is validated against the schema documented for its status. An
// undocumented status or a body that does not match turns into a 500 whose body (and stderr)
// says what was wrong, so the test that provoked it fails right there.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { ApiErrorSchema } from '../../src/http/errors.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under tsx.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(ApiErrorSchema);
const compiled = new WeakMap<object, ValidateFunction>();

function validatorOf(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** The schema documented for `status`: exact, then its class (4xx), then default. */
export function documentedSchema(
  responses: Record<string, unknown>,
  status: number,
): object | undefined {
  const s = String(status);
  return (responses[s] ?? responses[`${s[0]}xx`] ?? responses.default) as object | undefined;
}

export function checkResponses(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    const responses = req.routeOptions.schema?.response as Record<string, unknown> | undefined;
    if (!responses) return payload;
    // A route whose success answer is not typed yet is checked only in its errors.
    const typedSuccess = Object.keys(responses).some((k) => k.startsWith('2'));
    if (reply.statusCode < 300 && !typedSuccess) return payload;
    const route = `${req.method} ${req.routeOptions.url}`;
    const schema = documentedSchema(responses, reply.statusCode);
    let problem: unknown = null;
    if (!schema) problem = `status ${reply.statusCode} is not documented`;
    else if (typeof payload === 'string' && payload !== '') {
      const validate = validatorOf(schema);
      if (!validate(JSON.parse(payload))) problem = validate.errors;
    }
    if (problem === null) return payload;
    const message = `${route} answered ${reply.statusCode} against its documented schema`;
    console.error(message, JSON.stringify(problem, null, 1), payload);
    reply.code(500);
    return JSON.stringify({
      error: {
        code: 'response_contract_violated',
        message,
        message_ru: message,
        message_en: message,
        details: { problem, payload },
      },
    });
  });
}
