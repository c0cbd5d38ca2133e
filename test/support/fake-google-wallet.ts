// A local stand-in for Google's OAuth2 token endpoint and the Wallet REST API: the token
// endpoint checks the JWT bearer assertion (RS256 against the service account's public key,
// the scope, aud = its own address) and hands out a token; the API takes PATCH and POST of
// loyalty classes and objects with that token only, keeps them, and records every request.
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
  classes: Map<string, Record<string, unknown>>;
  /** Answer the API calls with this status instead (a failing Google), while set. */
  failWith: number | null;
  /** Statuses for the next API calls, one each, before they are served again. */
  script: number[];
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

/** A service-account key file as Google Cloud hands it out, for this private key. */
export function serviceAccountKeyFile(
  privateKeyPem: string,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: 'kopilka-test',
    private_key_id: 'a1b2c3d4e5',
    private_key: privateKeyPem,
    client_email: 'wallet@kopilka-test.iam.gserviceaccount.com',
    token_uri: 'https://evil.example/token',
    ...extra,
  });
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
    classes: new Map(),
    failWith: null,
    script: [],
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
      const failing = fake.script.shift() ?? fake.failWith;
      if (failing) return answer(failing, { error: { message: 'failing on purpose' } });
      const m = path.match(/^\/walletobjects\/v1\/loyalty(Object|Class)(?:\/([^/]+))?$/);
      if (!m) return answer(404, { error: { message: 'no such resource' } });
      const kept = m[1] === 'Class' ? fake.classes : fake.objects;
      const id = m[2] ? decodeURIComponent(m[2]) : undefined;
      if (req.method === 'POST' && !id) {
        if (kept.has(body.id)) return answer(409, { error: { message: 'exists' } });
        kept.set(body.id, body);
        return answer(200, body);
      }
      if (req.method === 'PATCH' && id) {
        const had = kept.get(id);
        if (!had) return answer(404, { error: { message: 'not found' } });
        kept.set(id, { ...had, ...body });
        return answer(200, kept.get(id));
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
