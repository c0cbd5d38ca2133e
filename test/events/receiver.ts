// A webhook receiver on 127.0.0.1 for tests: answers each request with what `answer` says and
// keeps every request it got, checking its Standard Webhooks signature against `secret`.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signature } from '../../src/events/signing.ts';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
}

export async function receiver(answer: (n: number, r: Received) => number | Promise<number>) {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const r: Received = { headers: req.headers, body, json: JSON.parse(body) };
      got.push(r);
      const status = await answer(got.length, r);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    /** Whether one of the request's signatures is the one `secret` makes. */
    signedWith: (r: Received, secret: string) => {
      const id = String(r.headers['webhook-id']);
      const ts = Number(r.headers['webhook-timestamp']);
      const expected = signature(secret, id, ts, r.body);
      return String(r.headers['webhook-signature']).split(' ').includes(expected);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
