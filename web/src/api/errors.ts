// The server's error answer, read for the screen: the message in the cabinet's language and,
// per field, what is wrong with it (problems[] paths such as "body/email" or "/lines/0/price").
export interface ApiProblem {
  path: string;
  message: string;
}

export interface ApiErrorBody {
  error?: {
    code?: string;
    message?: string;
    details?: unknown;
    problems?: { path?: string; field?: string; message?: string }[];
  };
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: ApiProblem[],
    readonly details: unknown,
  ) {
    super(message);
  }
}

/** "body/guest/phone", "/guest/phone", "guest.phone" → "guest.phone". */
export function fieldOf(path: string): string {
  return path
    .replace(/^(body|querystring|params)(?=\/|$)/, '')
    .split(/[/.]/)
    .filter(Boolean)
    .join('.');
}

/**
 * A problem shown under its field does not repeat the field's key: the server starts some
 * messages with it («ranks[1].threshold: порог…», «поле «amount»: …») for readers of the raw answer.
 */
function atField(raw: string, message: string): string {
  // The server names a field by its path («/latitude») or by its key («latitude»).
  const names = [raw, fieldOf(raw)].filter(Boolean);
  const prefixes = names.flatMap((n) => [
    `${n}: `,
    `поле «${n}»: `,
    `поле «${n}» `,
    `field "${n}" `,
  ]);
  for (const prefix of prefixes) {
    if (message.startsWith(prefix)) {
      const rest = message.slice(prefix.length);
      return rest.charAt(0).toUpperCase() + rest.slice(1);
    }
  }
  return message;
}

export function toFailure(status: number, body: unknown): ApiFailure {
  const e = (body as ApiErrorBody | undefined)?.error;
  const listed = Array.isArray(e?.problems)
    ? e.problems
    : Array.isArray(e?.details)
      ? (e.details as { path?: string; message?: string }[])
      : [];
  const problems = listed
    .filter((p) => typeof (p.path ?? (p as { field?: string }).field) === 'string')
    .map((p) => {
      const raw = String(p.path ?? (p as { field?: string }).field);
      return { path: fieldOf(raw), message: atField(raw, String(p.message ?? e?.message ?? '')) };
    });
  return new ApiFailure(
    status,
    e?.code ?? `http_${status}`,
    e?.message ?? `HTTP ${status}`,
    problems,
    e?.details,
  );
}

/** Unwraps an openapi-fetch answer: the data, or an ApiFailure thrown. */
export async function unwrap<T>(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toFailure(response.status, error);
  return data as T;
}

/** The message for one field, if the server named it (exactly or as the last path segment). */
export function problemFor(failure: unknown, field: string): string | undefined {
  if (!(failure instanceof ApiFailure)) return undefined;
  return failure.problems.find((p) => p.path === field || p.path.endsWith(`.${field}`))?.message;
}
