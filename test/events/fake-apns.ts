// A local HTTP/2 stand-in for Apple's push service: TLS with client certificates (only a
// certificate issued by the given WWDR authority gets in), POST /3/device/<token>, and answers
// from a script — 200 by default — so tests see what was pushed, with which topic and
// certificate, and how failures are retried.
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { makeServerCertificate } from '../support/wallet-certs.ts';

export interface ApnsRequest {
  token: string;
  topic: string | undefined;
  body: string;
  /** The client certificate's UID: the pass type it belongs to. */
  clientUid: string | undefined;
  at: number;
}

export interface FakeApns {
  url: string;
  /** Trust this to reach the fake. */
  ca: string;
  requests: ApnsRequest[];
  /** The next answers, in order; then 200. */
  script: { status: number; reason?: string }[];
  /** Resolves at the next request. */
  nextRequest(): Promise<ApnsRequest>;
  close(): Promise<void>;
}

export async function startFakeApns(wwdrPem: string): Promise<FakeApns> {
  const tls = makeServerCertificate();
  const requests: ApnsRequest[] = [];
  const script: FakeApns['script'] = [];
  const waiting: ((r: ApnsRequest) => void)[] = [];
  const server: Http2SecureServer = createSecureServer({
    key: tls.keyPem,
    cert: tls.certificatePem,
    ca: wwdrPem,
    requestCert: true,
    rejectUnauthorized: true,
  });
  server.on('stream', (stream, headers) => {
    let body = '';
    stream.setEncoding('utf8');
    stream.on('data', (c: string) => (body += c));
    stream.on('end', () => {
      const peer = (stream.session?.socket as TLSSocket).getPeerCertificate();
      const r: ApnsRequest = {
        token: String(headers[':path']).replace('/3/device/', ''),
        topic: headers['apns-topic'] as string | undefined,
        body,
        clientUid: (peer.subject as unknown as Record<string, string>)?.UID,
        at: Date.now(),
      };
      requests.push(r);
      waiting.splice(0).forEach((w) => w(r));
      const answer = script.shift() ?? { status: 200 };
      stream.respond({ ':status': answer.status, 'content-type': 'application/json' });
      stream.end(answer.reason ? JSON.stringify({ reason: answer.reason }) : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://localhost:${port}`,
    ca: tls.certificatePem,
    requests,
    script,
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
