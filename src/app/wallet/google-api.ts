// The Google Wallet REST API behind an interface: the worker keeps the organization's loyalty
// class and guests' loyalty objects live through it (a PATCH after a change; an insert when
// there is none yet), and tests put a local fake behind the same calls. Access tokens come from the OAuth2
// token endpoint by the JWT bearer grant and are kept per service account until shortly
// before they expire. Both addresses come from the configuration (KOPILKA_GOOGLE_WALLET_API_URL,
// KOPILKA_GOOGLE_OAUTH_TOKEN_URL), never from the uploaded key file.
import { tokenAssertion, type ServiceAccount } from './google-jwt.ts';

export interface GoogleAnswer {
  /** null: no answer (network, timeout). */
  status: number | null;
  error?: string;
}

export type GoogleResource = 'loyaltyClass' | 'loyaltyObject';

export interface GoogleWalletApi {
  /** PATCH {resource}/{id}: only the fields given change; 404 when there is none yet. */
  patch(
    account: ServiceAccount,
    resource: GoogleResource,
    id: string,
    fields: object,
  ): Promise<GoogleAnswer>;
  /** POST {resource}: the whole body, its id inside. */
  insert(account: ServiceAccount, resource: GoogleResource, body: object): Promise<GoogleAnswer>;
}

export interface GoogleHttpOptions {
  apiUrl: string;
  tokenUrl: string;
  timeoutMs: number;
  now?: () => Date;
}

const EARLY_MS = 60_000;

export function googleWalletHttp(o: GoogleHttpOptions): GoogleWalletApi {
  const now = o.now ?? (() => new Date());
  const tokens = new Map<string, { token: string; until: number }>();

  async function accessToken(account: ServiceAccount): Promise<string> {
    const key = `${account.clientEmail}\n${account.privateKeyId}`;
    const kept = tokens.get(key);
    if (kept && kept.until > now().getTime()) return kept.token;
    const res = await fetch(o.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: tokenAssertion(account, o.tokenUrl, now()),
      }),
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
    };
    if (!res.ok || !body.access_token)
      throw new TokenRefused(res.status, body.error ?? 'no access_token');
    const until = now().getTime() + (body.expires_in ?? 3600) * 1000 - EARLY_MS;
    tokens.set(key, { token: body.access_token, until });
    return body.access_token;
  }

  async function call(
    account: ServiceAccount,
    method: 'PATCH' | 'POST',
    path: string,
    body: object,
  ): Promise<GoogleAnswer> {
    try {
      const token = await accessToken(account);
      const res = await fetch(`${o.apiUrl.replace(/\/$/, '')}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(o.timeoutMs),
      });
      const text = await res.text();
      if (res.status === 401) tokens.delete(`${account.clientEmail}\n${account.privateKeyId}`);
      return res.ok ? { status: res.status } : { status: res.status, error: errorOf(text) };
    } catch (e) {
      if (e instanceof TokenRefused) return { status: e.status, error: `token: ${e.message}` };
      return { status: null, error: (e as Error).message };
    }
  }

  return {
    patch: (account, resource, id, fields) =>
      call(account, 'PATCH', `/${resource}/${encodeURIComponent(id)}`, fields),
    insert: (account, resource, body) => call(account, 'POST', `/${resource}`, body),
  };
}

class TokenRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Google's error message, short; never the request (it carries nothing secret, but is long). */
function errorOf(text: string): string {
  try {
    const m = (JSON.parse(text) as { error?: { message?: string } }).error?.message;
    if (m) return m.slice(0, 300);
  } catch {
    // not JSON
  }
  return text.slice(0, 300);
}
