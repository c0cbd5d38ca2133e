// Google Wallet's credentials and signed tokens. An organization with a Google Wallet issuer
// account gives its issuer id and a service-account key (the JSON file Google Cloud hands
// out). The key signs, RS256 by node:crypto, two kinds of JWT: the «Добавить в Google Wallet»
// link's "savetowallet" token (Google's published format: iss = the service account,
// aud "google", typ "savetowallet", payload.loyaltyObjects), and the assertion exchanged for an
// OAuth2 access token to the Wallet REST API (RFC 7523 JWT bearer grant).
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { fail } from '../../domain/errors.ts';

/** The OAuth2 scope of the Wallet REST API. */
export const WALLET_SCOPE = 'https://www.googleapis.com/auth/wallet_object.issuer';
/** Where a guest's phone opens the save link. */
export const SAVE_URL = 'https://pay.google.com/gp/v/save/';

export interface ServiceAccount {
  clientEmail: string;
  privateKeyId: string;
  key: KeyObject;
}

const invalid = (code: string, ru: string, en: string, field: string): never =>
  fail('validation', code, { ru, en }, { field });

/**
 * Reads a service-account key file. Only its e-mail, key id and private key are kept: the
 * file's own `token_uri` is ignored, so an uploaded file cannot send signed assertions to a
 * host of its choosing. Refusals never quote the file.
 */
export function readServiceAccount(json: string, field = 'service_account_key'): ServiceAccount {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return invalid(
      'service_account_invalid',
      'Ключ сервисного аккаунта не читается: нужен JSON-файл, скачанный в Google Cloud',
      'The service-account key cannot be read: the JSON file downloaded from Google Cloud is expected',
      field,
    );
  }
  const f = (parsed ?? {}) as Record<string, unknown>;
  const email = typeof f.client_email === 'string' ? f.client_email : '';
  const keyId = typeof f.private_key_id === 'string' ? f.private_key_id : '';
  if (f.type !== 'service_account' || !/^[^@\s]+@[^@\s]+$/.test(email) || !keyId)
    invalid(
      'service_account_invalid',
      'Это не ключ сервисного аккаунта: нужны type "service_account", client_email и private_key_id',
      'This is not a service-account key: type "service_account", client_email and private_key_id are expected',
      field,
    );
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: String(f.private_key ?? ''), format: 'pem' });
  } catch {
    return invalid(
      'service_account_key_invalid',
      'Закрытый ключ (private_key) в файле не читается',
      'The private key (private_key) in the file cannot be read',
      field,
    );
  }
  if (key.asymmetricKeyType !== 'rsa')
    invalid(
      'service_account_key_invalid',
      'Закрытый ключ сервисного аккаунта должен быть RSA',
      'The service account’s private key must be RSA',
      field,
    );
  return { clientEmail: email, privateKeyId: keyId, key };
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** A compact JWS, RS256. */
export function signJwt(account: ServiceAccount, claims: Record<string, unknown>): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: account.privateKeyId }));
  const body = b64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), account.key);
  return `${head}.${body}.${b64url(signature)}`;
}

/**
 * The «Добавить в Google Wallet» link: the class and objects ride in the token, so Google creates
 * them when the guest saves (or links the existing ones). `origins`: the pages that show the link.
 */
export function saveLink(
  account: ServiceAccount,
  payload: { loyaltyClasses?: object[]; loyaltyObjects: object[] },
  origins: string[],
  now: Date,
): string {
  const jwt = signJwt(account, {
    iss: account.clientEmail,
    aud: 'google',
    typ: 'savetowallet',
    iat: Math.floor(now.getTime() / 1000),
    origins,
    payload,
  });
  return SAVE_URL + jwt;
}

/** The assertion of the JWT bearer grant for an access token to the Wallet REST API. */
export function tokenAssertion(account: ServiceAccount, tokenUrl: string, now: Date): string {
  const iat = Math.floor(now.getTime() / 1000);
  return signJwt(account, {
    iss: account.clientEmail,
    scope: WALLET_SCOPE,
    aud: tokenUrl,
    iat,
    exp: iat + 3600,
  });
}
