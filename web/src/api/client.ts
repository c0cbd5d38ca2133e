// The admin API client, typed by schema.d.ts (generated from the server's OpenAPI by
// `npm run gen:api`). Every request carries the session's token and the cabinet's language;
// a 401 on any call but sign-in means the session ended, and the app returns to the login page.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { session } from '../app/session.ts';
import { storedLang } from '../i18n/index.tsx';

export const api = createClient<paths>({ baseUrl: '' });

const auth: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    request.headers.set('Accept-Language', storedLang());
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !request.url.endsWith('/auth/login') && session.token()) {
      session.expire();
    }
    return response;
  },
};
api.use(auth);
