// The signed-in session outside React: the bearer token kept in this browser, and the
// "session ended" signal the API client raises on a 401 so the app can send the person to the
// login page and back to where they were afterwards.
const TOKEN_KEY = 'kopilka.token';
const ENDED_KEY = 'kopilka.ended';
type Listener = () => void;
const listeners = new Set<Listener>();

export const session = {
  token: (): string | null => localStorage.getItem(TOKEN_KEY),
  set(token: string) {
    localStorage.setItem(TOKEN_KEY, token);
    sessionStorage.removeItem(ENDED_KEY);
  },
  /** Signed out by the person. */
  clear() {
    localStorage.removeItem(TOKEN_KEY);
    sessionStorage.setItem(ENDED_KEY, 'logout');
  },
  /** The server refused the token (expired or revoked): forget it and tell the app. */
  expire() {
    localStorage.removeItem(TOKEN_KEY);
    sessionStorage.setItem(ENDED_KEY, 'expired');
    for (const l of listeners) l();
  },
  /** How the last session in this tab ended: signed out, or refused by the server. */
  ended: (): string | null => sessionStorage.getItem(ENDED_KEY),
  onExpire(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
