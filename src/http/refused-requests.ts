// Requests refused before any route sees them still get the product's answer: a URL that is not
// valid percent-encoding, a path segment over Fastify's length limit, a request line or headers
// over Node's 16 KB, and bodies over the limit. FarCards (/rk/) answers in its protocol's XML,
// everything else in the JSON error shape; never Fastify's or Node's own body, never a 5xx.
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { protocolError } from '../integrations/rkeeper/farcards/errors.ts';
import {
  buildProtocolErrorResponse,
  FARCARDS_CONTENT_TYPE,
} from '../integrations/rkeeper/farcards/responses.ts';
import { isFarCardsMethod } from '../integrations/rkeeper/farcards/requests.ts';
import { errorBody } from './errors.ts';
import { note } from './outcome.ts';

const FARCARDS_PREFIX = '/rk/';

/** The FarCards function a URL names (its last segment), for an answer in that function's XML. */
function farCardsMethodOf(url: string) {
  const last = (url.split('?')[0] ?? '').split('/').pop()?.toLowerCase() ?? '';
  return isFarCardsMethod(last) ? last : undefined;
}

const BAD_ADDRESS = {
  ru: 'Неверный адрес запроса: проверьте адрес в ExtDllHttp.ini',
  en: 'Malformed request address: check the address in ExtDllHttp.ini',
};

function farCardsRefusal(url: string): string {
  return buildProtocolErrorResponse(
    farCardsMethodOf(url),
    protocolError('rkeeper.xml.malformed', BAD_ADDRESS),
  );
}

/** Fastify's `frameworkErrors`: a URL it cannot route (bad percent-encoding, an over-long segment). */
export function refuseBadUrl(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const tooLong = err.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const code = tooLong ? 'url_too_long' : 'malformed_url';
  note(req, { refusal: code });
  if (req.url.startsWith(FARCARDS_PREFIX)) {
    return reply
      .status(200)
      .header('content-type', FARCARDS_CONTENT_TYPE)
      .send(farCardsRefusal(req.url));
  }
  return reply
    .status(tooLong ? 414 : 400)
    .send(
      tooLong
        ? errorBody(req, code, 'Слишком длинный адрес запроса', 'The request address is too long')
        : errorBody(
            req,
            code,
            'Неверный адрес запроса: недопустимая %-последовательность',
            'Malformed request address: an invalid %-escape',
          ),
    );
}

/** Any other /rk/ address (a GET, a path of another shape) is not FarCards either: say so in its XML. */
export function refuseFarCardsRoute(req: FastifyRequest, reply: FastifyReply) {
  note(req, { refusal: 'rkeeper.request.unknown' });
  return reply
    .status(200)
    .header('content-type', FARCARDS_CONTENT_TYPE)
    .send(
      buildProtocolErrorResponse(
        farCardsMethodOf(req.url),
        protocolError('rkeeper.request.unknown', {
          ru: 'Нет такого адреса FarCards: проверьте ExtDllHttp.ini',
          en: 'No such FarCards address: check ExtDllHttp.ini',
        }),
      ),
    );
}

export const isFarCardsUrl = (url: string) => url.startsWith(FARCARDS_PREFIX);

function rawAnswer(status: number, reason: string, contentType: string, body: string): string {
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${contentType}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/**
 * Node's `clientError`: a request Node could not parse — most often a request line or headers
 * over 16 KB (431) — answered in the product's shape before the socket closes. The request line
 * (in the error's raw packet) says whether it was FarCards.
 */
export function refuseUnparsable(
  err: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const line = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.toString('latin1') : '';
  const path = /^[A-Z]+ (\S+)/.exec(line)?.[1] ?? '';
  let answer: string;
  if (path.startsWith(FARCARDS_PREFIX)) {
    answer = rawAnswer(200, 'OK', FARCARDS_CONTENT_TYPE, farCardsRefusal(path));
  } else {
    const overflow = err.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({
      error: overflow
        ? {
            code: 'request_too_large',
            message: 'Слишком длинный адрес или заголовки запроса',
            message_ru: 'Слишком длинный адрес или заголовки запроса',
            message_en: 'The request address or headers are too long',
          }
        : {
            code: 'malformed_request',
            message: 'Неверный HTTP-запрос',
            message_ru: 'Неверный HTTP-запрос',
            message_en: 'Malformed HTTP request',
          },
    });
    answer = overflow
      ? rawAnswer(431, 'Request Header Fields Too Large', 'application/json; charset=utf-8', body)
      : rawAnswer(400, 'Bad Request', 'application/json; charset=utf-8', body);
  }
  if (socket.writable) socket.write(answer);
  socket.destroy();
}
