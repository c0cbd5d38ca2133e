// Apple Push Notification service for Wallet passes: an empty JSON notification to each device
// token, topic = the pass type, over HTTP/2 with the pass type's certificate as the TLS client
// certificate (node:http2). The phone then asks the web service which passes changed and
// fetches them. Behind an interface so tests and other transports can stand in for Apple.
import { connect, constants, type ClientHttp2Session } from 'node:http2';

export interface PushCredentials {
  /** The pass type identifier: the APNs topic. */
  topic: string;
  certificatePem: string;
  keyPem: string;
}

export interface PushAnswer {
  token: string;
  /** APNs' HTTP status; null when no answer came (error says why). */
  status: number | null;
  /** APNs' reason (BadDeviceToken, Unregistered…) or the transport's error. */
  reason: string | null;
}

export interface PassPusher {
  /** One notification per token, all in one connection; every token's answer. */
  push(credentials: PushCredentials, tokens: readonly string[]): Promise<PushAnswer[]>;
}

export interface ApnsOptions {
  /** https://api.push.apple.com (KOPILKA_APNS_URL). */
  url: string;
  timeoutMs: number;
  /** Extra trusted authorities (a test's fake APNs). */
  ca?: string;
}

/** Answers after which the token is no use: the phone removed the pass or the token is wrong. */
export const GONE_REASONS = new Set(['Unregistered', 'BadDeviceToken', 'DeviceTokenNotForTopic']);

function sendOne(session: ClientHttp2Session, topic: string, token: string, timeoutMs: number) {
  return new Promise<PushAnswer>((resolve) => {
    const req = session.request({
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: `/3/device/${token}`,
      'apns-topic': topic,
      'content-type': 'application/json',
    });
    let status: number | null = null;
    let body = '';
    const timer = setTimeout(() => {
      req.close(constants.NGHTTP2_CANCEL);
      resolve({ token, status: null, reason: `no answer in ${timeoutMs} ms` });
    }, timeoutMs);
    req.setEncoding('utf8');
    req.on('response', (headers) => {
      status = Number(headers[constants.HTTP2_HEADER_STATUS]);
    });
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      clearTimeout(timer);
      let reason: string | null = null;
      try {
        reason = body ? ((JSON.parse(body) as { reason?: string }).reason ?? null) : null;
      } catch {
        reason = body.slice(0, 200);
      }
      resolve({ token, status, reason });
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      resolve({ token, status: null, reason: e.message });
    });
    req.end('{}');
  });
}

export function apnsPusher(o: ApnsOptions): PassPusher {
  return {
    async push(credentials, tokens) {
      if (tokens.length === 0) return [];
      const session = connect(o.url, {
        cert: credentials.certificatePem,
        key: credentials.keyPem,
        ...(o.ca ? { ca: o.ca } : {}),
      });
      // A refused connection fails every request on it; the answers say so.
      session.on('error', () => {});
      try {
        return await Promise.all(
          tokens.map((t) => sendOne(session, credentials.topic, t, o.timeoutMs)),
        );
      } finally {
        session.close();
      }
    },
  };
}
