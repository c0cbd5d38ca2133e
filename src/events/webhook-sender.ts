// One webhook request: POST the signed body, wait at most `timeoutMs`, keep the first bytes of
// the answer for the delivery log. The socket's DNS lookup refuses internal addresses unless
// the installation allows them (target-guard.ts). Keep-alive agents: a receiver taking many
// events reuses its connections.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, InternalTargetError, isInternalAddress } from './target-guard.ts';

/** What one attempt came to: an HTTP status, or no answer and why. */
export interface AttemptOutcome {
  status: number | null;
  response: string | null;
  error: string | null;
  durationMs: number;
  /** Retrying cannot help (the target is refused): the delivery is dead at once. */
  permanent?: boolean;
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type WebhookSender = (req: WebhookRequest) => Promise<AttemptOutcome>;

const RESPONSE_KEPT = 1024;

export function httpSender(opts: { allowPrivate: boolean; timeoutMs: number }): WebhookSender {
  const lookup = guardedLookup(opts.allowPrivate);
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets: 16, lookup }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets: 16, lookup }),
  };
  return (req) =>
    new Promise((resolve) => {
      const started = performance.now();
      const took = () => Math.round(performance.now() - started);
      const u = new URL(req.url);
      const literal = u.hostname.replace(/^\[|\]$/g, '');
      // A socket to an IP literal asks no lookup: the guard checks it here.
      if (!opts.allowPrivate && isIP(literal) && isInternalAddress(literal)) {
        const error = new InternalTargetError(literal).message;
        resolve({ status: null, response: null, error, durationMs: 0, permanent: true });
        return;
      }
      const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
      const agent = u.protocol === 'https:' ? agents['https:'] : agents['http:'];
      const done = (o: Omit<AttemptOutcome, 'durationMs'>) => resolve({ ...o, durationMs: took() });
      const r = send(
        u,
        {
          method: 'POST',
          agent,
          timeout: opts.timeoutMs,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Kopilka-Webhooks/1',
            'content-length': Buffer.byteLength(req.body),
            ...req.headers,
          },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (c: Buffer) => {
            if (kept < RESPONSE_KEPT) chunks.push(c);
            kept += c.length;
          });
          res.on('end', () =>
            done({
              status: res.statusCode ?? null,
              response: Buffer.concat(chunks).subarray(0, RESPONSE_KEPT).toString('utf8'),
              error: null,
            }),
          );
          res.on('error', (e) =>
            done({ status: res.statusCode ?? null, response: null, error: e.message }),
          );
        },
      );
      r.on('timeout', () => r.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
      r.on('error', (e) =>
        e instanceof InternalTargetError
          ? done({ status: null, response: null, error: e.message, permanent: true })
          : done({
              status: null,
              response: null,
              error: `${(e as NodeJS.ErrnoException).code ?? 'error'}: ${e.message}`,
            }),
      );
      r.end(req.body);
    });
}
