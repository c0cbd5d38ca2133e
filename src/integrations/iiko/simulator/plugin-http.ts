// How the plugin model talks to Kopilka: one connection per request (the C# plugin opens a
// fresh HttpClient call each time), JSON in and out, the till's key as a bearer token.
import { request } from 'node:http';

export type Answer = Record<string, unknown>;

export interface Link {
  /** Kopilka's base URL (or the simulated network's). */
  url: string;
  /** The till's terminal key. */
  key: string;
  /** Deadline of the request, ms. */
  timeoutMs: number;
}

/** POSTs `body` to `/api/iiko/v1<path>`; rejects when no answer arrives (the outcome is unknown). */
export function postJson(
  link: Link,
  path: string,
  body: object,
): Promise<{ status: number; json: Answer }> {
  const url = new URL(`${link.url}/api/iiko/v1${path}`);
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${link.key}`,
          'content-type': 'application/json',
          'content-length': payload.length,
          connection: 'close',
        },
        timeout: link.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({
              status: res.statusCode ?? 0,
              json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Answer,
            });
          } catch (e) {
            reject(e);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}
