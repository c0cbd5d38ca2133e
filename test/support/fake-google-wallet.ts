// A local stand-in for Google's OAuth2 token endpoint and the Wallet REST API: the token
// endpoint checks the JWT bearer assertion (RS256 against the service account's public key,
// the scope, aud = its own address) and hands out a token; the API takes PATCH and POST of
// loyalty objects with that token only, keeps the objects, and records every request.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export interface FakeRequest {
  method: string;
  path: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface FakeGoogle {
  tokenUrl: string;
  apiUrl: string;
  requests: FakeRequest[];
  tokensIssued: number;
  objects: Map<string, Record<string, unknown>>;
  /** Answer the next API calls with this status instead (a failing Google). */
  failWith: number | null;
  close(): Promise<void>;
}

/** Verifies a compact RS256 JWS; its claims, or null. */
export function verifiedClaims(jwt: string, publicKey: KeyObject): Record<string, unknown> | null {
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) return null;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
  if (header.alg !== 'RS256') return null;
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'));
  return ok
    ? (JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>)
    : null;
}

export async function startFakeGoogle(privateKeyPem: string): Promise<FakeGoogle> {
  const publicKey = createPublicKey(privateKeyPem);
  const holder: { server?: Server } = {};
  const fake: FakeGoogle = {
    tokenUrl: '',
    apiUrl: '',
    requests: [],
    tokensIssued: 0,
    objects: new Map(),
    failWith: null,
    close: () => new Promise((resolve) => holder.server?.close(() => resolve())),
  };
  const tokens = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const path = req.url ?? '';
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (path === '/token') {
        const form = new URLSearchParams(raw);
        const claims = verifiedClaims(form.get('assertion') ?? '', publicKey);
        fake.requests.push({ method: req.method ?? '', path, body: claims });
        if (
          form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' ||
          !claims ||
          claims.aud !== fake.tokenUrl ||
          claims.scope !== 'https://www.googleapis.com/auth/wallet_object.issuer'
        )
          return answer(400, { error: 'invalid_grant' });
        const token = `ya29.fake-${++fake.tokensIssued}`;
        tokens.add(token);
        return answer(200, { access_token: token, expires_in: 3600, token_type: 'Bearer' });
      }
      const body = raw ? JSON.parse(raw) : null;
      fake.requests.push({ method: req.method ?? '', path, body });
      const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!tokens.has(bearer))
        return answer(401, { error: { code: 401, message: 'Unauthorized' } });
      if (fake.failWith) return answer(fake.failWith, { error: { message: 'failing on purpose' } });
      const m = path.match(/^\/walletobjects\/v1\/loyaltyObject(?:\/([^/]+))?$/);
      if (!m) return answer(404, { error: { message: 'no such resource' } });
      const id = m[1] ? decodeURIComponent(m[1]) : undefined;
      if (req.method === 'POST' && !id) {
        if (fake.objects.has(body.id)) return answer(409, { error: { message: 'exists' } });
        fake.objects.set(body.id, body);
        return answer(200, body);
      }
      if (req.method === 'PATCH' && id) {
        const had = fake.objects.get(id);
        if (!had) return answer(404, { error: { message: 'object not found' } });
        fake.objects.set(id, { ...had, ...body });
        return answer(200, fake.objects.get(id));
      }
      return answer(405, { error: { message: 'method not allowed' } });
    });
  });
  holder.server = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.tokenUrl = `http://127.0.0.1:${port}/token`;
  fake.apiUrl = `http://127.0.0.1:${port}/walletobjects/v1`;
  return fake;
}
