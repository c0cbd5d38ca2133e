// Calls to the guest API, and the guest's session kept on this phone. The session is short
// (the server ends it after half an hour); with it the link's token is kept, so signing in again
// knows the venue.
import type { Lang } from './i18n/index.ts';

const SESSION_KEY = 'kopilka.guest.session';
const LINK_KEY = 'kopilka.guest.link';

export interface Session {
  token: string;
  expires_at: string;
  joined: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly ru: string,
    readonly en: string,
  ) {
    super(en);
  }
  text(lang: Lang) {
    return lang === 'ru' ? this.ru : this.en;
  }
}

export const savedLink = () => localStorage.getItem(LINK_KEY);
export const saveLink = (token: string) => localStorage.setItem(LINK_KEY, token);

export function savedSession(): Session | null {
  const raw = localStorage.getItem(SESSION_KEY);
  const s = raw ? (JSON.parse(raw) as Session) : null;
  return s && new Date(s.expires_at) > new Date() ? s : null;
}
export const saveSession = (s: Session) => localStorage.setItem(SESSION_KEY, JSON.stringify(s));
export const dropSession = () => localStorage.removeItem(SESSION_KEY);

const NETWORK = {
  ru: 'Нет связи с сервером. Проверьте интернет и повторите.',
  en: 'No connection to the server. Check the internet and try again.',
};

export async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const session = savedSession();
  let res: Response;
  try {
    res = await fetch(`/api/guest/v1${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(session && path.startsWith('/me') ? { authorization: `Bearer ${session.token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', NETWORK.ru, NETWORK.en);
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json();
  if (!res.ok) {
    const e = data.error ?? {};
    if (res.status === 401) dropSession();
    throw new ApiError(res.status, e.code ?? 'error', e.message_ru ?? '', e.message_en ?? '');
  }
  return data as T;
}
