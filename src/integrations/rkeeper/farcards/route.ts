// The FarCards HTTP processing server: POST /rk/<restaurant key>/<function>, as ExtDllHTTP.dll
// calls it. Bodies are taken raw whatever the content type (the parser reads the encoding);
// every failure — a wrong key, broken XML, an unknown card, a refused posting — is answered in
// the protocol's own terms with HTTP 200, because the DLL reads only the XML. Only a fault of
// ours is a 500.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { authenticateFarCards, recordLicenseNotice } from './endpoints.ts';
import { findGuestByEmail, postFarCardsTransactions } from './transactions.ts';
import { farCardInfo } from './presented-cards.ts';
import type { AppContext } from '../../../app/context.ts';
import { DomainError } from '../../../domain/errors.ts';
import { cardInfoAnswer } from './card-answer.ts';
import { protocolError } from './errors.ts';
import { planPosting, PostingError } from './posting.ts';
import { isFarCardsMethod, parseFarCardsRequest, type FarCardsMethod } from './requests.ts';
import {
  FARCARDS_CONTENT_TYPE,
  buildCardNotFoundResponse,
  buildFindEmailResponse,
  buildGetCardImageExError,
  buildGetCardInfoExResponse,
  buildLicenseInfoResponse,
  buildProtocolErrorResponse,
  buildTransactionsExResponse,
  errorNumber,
} from './responses.ts';
import { DEFAULT_XML_LIMITS } from './xml.ts';
import { note } from '../../../http/outcome.ts';
import { drainRefusedBody } from '../../../http/drain-body.ts';
import type { CardExtras } from './card-answer.ts';

/** Bodies up to this are read and refused by the parser's own limit (1 MiB) with its answer. */
const READ_LIMIT = DEFAULT_XML_LIMITS.maxBytes * 2;

/** TRRESPONSE error_code of refusals by kind; protocol errors keep their own 1xxx numbers. */
const KIND_NUMBERS: Record<string, number> = {
  rejected: 2001,
  not_found: 2002,
  conflict: 2003,
  validation: 2004,
  auth: 2005,
  forbidden: 2006,
};

function businessNumber(e: DomainError): number {
  if (e.code.startsWith('rkeeper.offline.')) return 2101;
  return e.code.startsWith('rkeeper.xml') || e.code.startsWith('rkeeper.request')
    ? errorNumber(e.code)
    : (KIND_NUMBERS[e.kind] ?? 2999);
}

const WRONG_KEY = protocolError('rkeeper.request.unknown', {
  ru: 'Неверный адрес FarCards (ключ ресторана): проверьте ExtDllHttp.ini',
  en: 'Wrong FarCards address (restaurant key): check ExtDllHttp.ini',
});

const TOO_LARGE = protocolError('rkeeper.xml.too_large', {
  ru: 'Запрос слишком большой',
  en: 'The request is too large',
});

function methodOf(raw: string | undefined): FarCardsMethod | undefined {
  const m = (raw ?? '').toLowerCase();
  return isFarCardsMethod(m) ? m : undefined;
}

function xml(reply: FastifyReply, body: string, status = 200) {
  return reply.status(status).header('content-type', FARCARDS_CONTENT_TYPE).send(body);
}

export async function farCardsRoutes(app: FastifyInstance, ctx: AppContext) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: READ_LIMIT }, (_req, body, done) => done(null, body));
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const method = methodOf((req.params as { method?: string } | undefined)?.method);
    if (err.statusCode !== undefined && err.statusCode < 500) {
      if (err.statusCode === 413) await drainRefusedBody(req.raw);
      const e = err.statusCode === 413 ? TOO_LARGE : protocolError('rkeeper.xml.malformed', { ru: 'Неверный запрос', en: 'Bad request' });
      note(req, { refusal: e.code });
      return xml(reply, buildProtocolErrorResponse(method, e));
    }
    req.log.error({ err }, 'FarCards request failed');
    return xml(reply, buildProtocolErrorResponse(method, protocolError('rkeeper.request.unknown', {
      ru: 'Внутренняя ошибка Kopilka: повторите позже',
      en: 'Kopilka internal error: retry later',
    })), 500);
  });

  app.post<{ Params: { key: string; method: string } }>('/:key/:method', { schema: { hide: true } }, async (req, reply) => {
    const method = methodOf(req.params.method);
    if (!method) {
      const unknown = protocolError('rkeeper.request.unknown', {
        ru: `Неизвестная функция FarCards ${req.params.method.slice(0, 40)}`,
        en: `Unknown FarCards function ${req.params.method.slice(0, 40)}`,
      });
      note(req, { refusal: unknown.code });
      return xml(reply, buildProtocolErrorResponse(undefined, unknown));
    }
    const p = await authenticateFarCards(ctx, req.params.key);
    if (!p) {
      note(req, { refusal: 'rkeeper.wrong_key' });
      return xml(reply, buildProtocolErrorResponse(method, WRONG_KEY));
    }
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const parsed = parseFarCardsRequest(body, req.headers['content-type'], { method });
    if (!parsed.ok) {
      note(req, { refusal: parsed.error.code });
      return xml(reply, buildProtocolErrorResponse(method, parsed.error));
    }
    const r = parsed.value;
    try {
      switch (r.method) {
        case 'getcardinfoex': {
          const found = await farCardInfo(ctx, p, r.card);
          if (!found) {
            note(req, { refusal: 'card_not_found' });
            return xml(reply, buildCardNotFoundResponse('Карта не найдена'));
          }
          // Rank and the receipt footer (balance, payment code) from the loyalty program.
          const { loyalty } = found;
          const extras: CardExtras = {
            rank: loyalty.rank?.name ?? null,
            footer: loyalty.receipt_footer ? loyalty.receipt_footer.split('\n') : [],
          };
          return xml(reply, buildGetCardInfoExResponse(cardInfoAnswer(found, extras)));
        }
        case 'transactionsex': {
          const posted = await postFarCardsTransactions(ctx, p, planPosting(r));
          note(req, {
            replayed: posted.replayed,
            close: !posted.replayed && (posted.op === 'sale' || posted.op === 'return_rollback'),
            softOffline: posted.soft_offline,
            salePath: posted.path,
          });
          return xml(reply, buildTransactionsExResponse({ ok: true }));
        }
        case 'findemail': {
          const g = await findGuestByEmail(ctx, p, r.email);
          return xml(reply, buildFindEmailResponse(g
            ? { found: true, account: g.uid && /^\d{1,9}$/.test(g.uid) ? Number(g.uid) : g.cardId, cardCode: g.number, name: g.name }
            : { found: false, errorText: 'Гость с таким e-mail не найден' }));
        }
        case 'getcardimageex':
          return xml(reply, buildGetCardImageExError('Kopilka не хранит изображений карт'));
        case 'licenseinfo':
          req.log.warn({ orgId: p.orgId, restaurantId: p.restaurantId, notice: r.notice }, 'ExtDllHTTP licensing notice');
          await recordLicenseNotice(ctx, p, r.notice);
          return xml(reply, buildLicenseInfoResponse());
      }
    } catch (e) {
      if (e instanceof PostingError) {
        note(req, { refusal: e.code });
        return xml(reply, buildTransactionsExResponse({ ok: false, errorCode: 2004, errorText: e.ru }));
      }
      if (!(e instanceof DomainError)) throw e;
      note(req, { refusal: e.code });
      if (method === 'transactionsex') {
        return xml(reply, buildTransactionsExResponse({ ok: false, errorCode: businessNumber(e), errorText: e.messageRu }));
      }
      return xml(reply, buildProtocolErrorResponse(method, e));
    }
  });
}
