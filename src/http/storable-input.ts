// Text PostgreSQL cannot store — a NUL character, or half of a UTF-16 surrogate pair that
// JSON's \u escapes can spell — is refused at the door as 400 unstorable_text naming the
// field, in the body, the query string and the path alike. Left to the database it failed as
// a 500 (and an error-level log line) on whichever statement met it first. Likewise a whole
// number beyond 2^53 (1e308 passes a schema's "integer"): no id or amount is that large, and
// the database's bigint refused it with a 500; it is 400 validation_failed, its problem
// number_out_of_range.
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.ts';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function storable(s: string): boolean {
  return !s.includes('\0') && !LONE_SURROGATE.test(s);
}

/** The JSON pointer of the first string (key or value) in `value` that cannot be stored, or null. */
export function unstorableField(value: unknown, at = ''): string | null {
  if (typeof value === 'string') return storable(value) ? null : at;
  if (typeof value === 'number')
    return Number.isInteger(value) && !Number.isSafeInteger(value) ? at : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableField(value[i], `${at}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const path = `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!storable(k)) return path;
      const found = unstorableField(v, path);
      if (found !== null) return found;
    }
  }
  return null;
}

/** The value at a JSON pointer unstorableField returned. */
function at(value: unknown, pointer: string): unknown {
  let v = value;
  for (const part of pointer.split('/').slice(1))
    v = (v as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

function unstorable(
  where: 'body' | 'querystring' | 'params',
  pointer: string,
  value: unknown,
): DomainError {
  const field = pointer.replace(/^\//, '') || where;
  if (typeof value === 'number') {
    // A schema's own range error, caught before the schema sees it: answered as one.
    const message = {
      ru: `Неверный запрос: число в поле «${field}» слишком велико`,
      en: `Invalid request: the number in ${field} is too large`,
    };
    return new DomainError('validation', 'validation_failed', message, {
      field,
      in: where,
      problems: [{ field, code: 'number_out_of_range', ...message }],
    });
  }
  return new DomainError(
    'validation',
    'unstorable_text',
    {
      ru: `Неверный запрос: поле «${field}» содержит символ, который нельзя сохранить (NUL или одиночный суррогат UTF-16)`,
      en: `Invalid request: ${field} contains a character that cannot be stored (NUL or a lone UTF-16 surrogate)`,
    },
    { field, in: where },
  );
}

/** JSON bodies, query strings and path parameters of `app`'s routes refuse unstorable text. */
export function addStorableJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    parseJson(req, body as string, (err, value) => {
      if (err) return done(err);
      const field = unstorableField(value);
      if (field !== null) return done(unstorable('body', field, at(value, field)), undefined);
      done(null, value);
    });
  });
  app.addHook('preValidation', async (req) => {
    for (const where of ['querystring', 'params'] as const) {
      const field = unstorableField(where === 'params' ? req.params : req.query);
      if (field !== null) throw unstorable(where, field, '');
    }
  });
}
