// One HTTP exchange with iiko Server over node:http(s), with a hard deadline and socket errors
// translated into the client's failure reasons. node:http rather than fetch because it exposes
// the socket error codes (ECONNREFUSED, certificate codes) directly and takes a pinned CA.

import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import * as errors from './server-errors.ts';

export interface HttpResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface Exchange {
  method: 'GET' | 'POST';
  url: URL;
  /** Path for messages, without the query (which may hold the password hash or the key). */
  path: string;
  body?: string;
  timeoutMs: number;
  /** PEM of a CA or self-signed certificate to trust for https. */
  tlsCa?: string;
}

const TLS_CODE = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY/;

function translate(err: NodeJS.ErrnoException, ctx: errors.IikoServerContext): Error {
  const code = err.code ?? '';
  if (code === 'ECONNREFUSED') return errors.refused(ctx);
  if (TLS_CODE.test(code)) return errors.tls(ctx, code);
  if (code) return errors.unreachable(ctx, code);
  return errors.unreachable(ctx, err.message);
}

export function exchange(x: Exchange, ctx: errors.IikoServerContext): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const send = x.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { accept: 'application/json, text/plain, */*' };
    if (x.body !== undefined) {
      headers['content-type'] = 'application/json; charset=utf-8';
      headers['content-length'] = String(Buffer.byteLength(x.body));
    }
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const req = send(
      x.url,
      { method: x.method, headers, ...(x.tlsCa === undefined ? {} : { ca: x.tlsCa }) },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e: NodeJS.ErrnoException) => finish(() => reject(translate(e, ctx))));
        res.on('end', () =>
          finish(() =>
            resolve({
              status: res.statusCode ?? 0,
              contentType: String(res.headers['content-type'] ?? ''),
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          ),
        );
      },
    );
    // The deadline covers connect, headers and body alike; destroying the request closes the
    // socket so a late answer cannot arrive after we have given up.
    const timer = setTimeout(() => {
      finish(() => reject(errors.timeout(ctx, x.path, x.timeoutMs)));
      req.destroy();
    }, x.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish(() => reject(translate(e, ctx))));
    req.end(x.body);
  });
}
