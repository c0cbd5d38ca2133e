// Every way a conversation with iiko Server can fail, each with a stable code and a message
// an integrator can act on (Russian first). All of them are DomainErrors of kind 'rejected':
// the request to Kopilka was fine, the restaurant's iiko said no or did not answer.

import { DomainError } from '../../domain/errors.ts';

export const IikoServerErrorCode = {
  /** TCP connection refused: nothing listens on that address and port. */
  refused: 'iiko.server.refused',
  /** Name not resolved, host unreachable, connection reset. */
  unreachable: 'iiko.server.unreachable',
  timeout: 'iiko.server.timeout',
  tls: 'iiko.server.tls',
  /** 401 on /auth. */
  wrongCredentials: 'iiko.server.wrong_credentials',
  /** 403 on /auth: every licence seat is taken. */
  licenceSeatBusy: 'iiko.server.licence_seat_busy',
  /** 403 on a request: the user lacks a right, or the licence lacks the module. */
  forbidden: 'iiko.server.forbidden',
  /** 401 mid-session, still 401 after logging in again once. */
  sessionExpired: 'iiko.server.session_expired',
  /** HTTP 200 with {"result":"ERROR"}. */
  errorEnvelope: 'iiko.server.error_envelope',
  /** HTML, non-JSON, or JSON of the wrong shape. */
  unexpectedResponse: 'iiko.server.unexpected_response',
  /** Any other non-2xx status. */
  httpStatus: 'iiko.server.http_status',
} as const;
export type IikoServerErrorCode = (typeof IikoServerErrorCode)[keyof typeof IikoServerErrorCode];

/** What every message needs to say where it happened. */
export interface IikoServerContext {
  serverName: string;
  baseUrl: string;
  login: string;
}

function where(c: IikoServerContext): { ru: string; en: string } {
  const name = c.serverName ? `«${c.serverName}» ` : '';
  const nameEn = c.serverName ? `"${c.serverName}" ` : '';
  return { ru: `Сервер iiko ${name}(${c.baseUrl})`, en: `iiko Server ${nameEn}(${c.baseUrl})` };
}

function error(
  code: IikoServerErrorCode,
  ru: string,
  en: string,
  c: IikoServerContext,
  details: Record<string, unknown> = {},
): DomainError {
  return new DomainError('rejected', code, { ru, en }, { server: c.baseUrl, ...details });
}

export function refused(c: IikoServerContext): DomainError {
  const w = where(c);
  return error(
    IikoServerErrorCode.refused,
    `${w.ru} отклонил подключение. Проверьте адрес и порт (их видно в окне входа iikoOffice) и что служба iikoServer запущена.`,
    `${w.en} refused the connection. Check the address and port (shown in the iikoOffice login window) and that the iikoServer service is running.`,
    c,
  );
}

export function unreachable(c: IikoServerContext, reason: string): DomainError {
  const w = where(c);
  return error(
    IikoServerErrorCode.unreachable,
    `${w.ru} недоступен: ${reason}. Проверьте адрес сервера и сеть.`,
    `${w.en} is unreachable: ${reason}. Check the server address and the network.`,
    c,
    { reason },
  );
}

export function timeout(c: IikoServerContext, path: string, ms: number): DomainError {
  const w = where(c);
  const s = (ms / 1000).toString();
  return error(
    IikoServerErrorCode.timeout,
    `${w.ru} не ответил за ${s} с (${path}). Сервер перегружен или недоступен; повторите позже или увеличьте тайм-аут.`,
    `${w.en} did not answer within ${s} s (${path}). The server is overloaded or unreachable; retry later or raise the timeout.`,
    c,
    { path, timeoutMs: ms },
  );
}

export function tls(c: IikoServerContext, reason: string): DomainError {
  const w = where(c);
  return error(
    IikoServerErrorCode.tls,
    `${w.ru}: не удалось установить защищённое соединение (${reason}). Проверьте протокол http/https и сертификат сервера; для самоподписанного сертификата укажите его в настройках подключения.`,
    `${w.en}: the TLS handshake failed (${reason}). Check the http/https protocol and the server certificate; for a self-signed certificate add it to the connection settings.`,
    c,
    { reason },
  );
}

export function wrongCredentials(c: IikoServerContext): DomainError {
  const w = where(c);
  return error(
    IikoServerErrorCode.wrongCredentials,
    `${w.ru} не принял логин «${c.login}» или пароль (HTTP 401). Проверьте их в карточке сотрудника в iikoOffice.`,
    `${w.en} rejected the login "${c.login}" or the password (HTTP 401). Check them on the employee's card in iikoOffice.`,
    c,
  );
}

export function licenceSeatBusy(c: IikoServerContext, body: string): DomainError {
  const w = where(c);
  return error(
    IikoServerErrorCode.licenceSeatBusy,
    `${w.ru}: все лицензионные места для подключения заняты (HTTP 403). Закройте лишний сеанс iikoOffice или другой интеграции и повторите; Kopilka занимает одно место только на время запроса и сразу выходит.`,
    `${w.en}: every licence seat is taken (HTTP 403). Close a spare iikoOffice or integration session and retry; Kopilka holds one seat only for the duration of a request and logs out at once.`,
    c,
    { body },
  );
}

export function forbidden(c: IikoServerContext, path: string, body: string): DomainError {
  const w = where(c);
  const module = body.includes('blocked within current license');
  return error(
    IikoServerErrorCode.forbidden,
    module
      ? `${w.ru}: лицензия сервера не включает модуль, нужный для ${path} (HTTP 403).`
      : `${w.ru}: у пользователя «${c.login}» нет прав на ${path} (HTTP 403). Выдайте права в iikoOffice (см. docs/integrations/iiko-server.md).`,
    module
      ? `${w.en}: the server licence lacks the module needed for ${path} (HTTP 403).`
      : `${w.en}: user "${c.login}" has no rights for ${path} (HTTP 403). Grant them in iikoOffice (see docs/integrations/iiko-server.md).`,
    c,
    { path, body },
  );
}

export function sessionExpired(c: IikoServerContext, path: string): DomainError {
  const w = where(c);
  return error(
    IikoServerErrorCode.sessionExpired,
    `${w.ru} отверг ключ сессии (HTTP 401 на ${path}) и после повторного входа. Проверьте, не перезапускается ли сервер, и повторите.`,
    `${w.en} rejected the session key (HTTP 401 on ${path}) even after logging in again. Check whether the server is restarting, and retry.`,
    c,
    { path },
  );
}

export function errorEnvelope(c: IikoServerContext, path: string, errors: string): DomainError {
  const w = where(c);
  return error(
    IikoServerErrorCode.errorEnvelope,
    `${w.ru} вернул ошибку на ${path}: ${errors}.`,
    `${w.en} returned an error for ${path}: ${errors}.`,
    c,
    { path, errors },
  );
}

export function unexpectedResponse(
  c: IikoServerContext,
  path: string,
  detail: string,
): DomainError {
  const w = where(c);
  return error(
    IikoServerErrorCode.unexpectedResponse,
    `${w.ru} вернул неожиданный ответ на ${path}: ${detail}. Проверьте, что адрес и порт ведут на iiko Server, а не на прокси или другую службу.`,
    `${w.en} returned an unexpected response for ${path}: ${detail}. Check that the address and port lead to iiko Server, not to a proxy or another service.`,
    c,
    { path, detail },
  );
}

export function httpStatus(
  c: IikoServerContext,
  path: string,
  status: number,
  body: string,
): DomainError {
  const w = where(c);
  return error(
    IikoServerErrorCode.httpStatus,
    `${w.ru} ответил HTTP ${status} на ${path}: ${body || 'без текста'}.`,
    `${w.en} answered HTTP ${status} for ${path}: ${body || 'no text'}.`,
    c,
    { path, status, body },
  );
}
