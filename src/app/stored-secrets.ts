// Secrets Kopilka has to send to another system in a usable form (the r_keeper XML-interface
// password, the iiko Server password digest, and later SMTP passwords, Wallet certificates,
// webhook keys) cannot be hashed. They are sealed with AES-256-GCM under the installation's
// key, and the address they were entered for is the sealed value's associated data: opened for
// any other address, the seal does not verify. So a person who may edit a connection but never
// saw its password cannot point the connection at a host of theirs and have Kopilka send the
// password there — changing the address requires typing the password again.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { config, decodeSecretKey, SECRET_KEY_BYTES as KEY_BYTES, type Config } from '../config.ts';
import { fail } from '../domain/errors.ts';

const VERSION = 'v1';
const IV_BYTES = 12;

/** Where a secret may be sent: scheme, host and port, spelled one way only. */
export function endpointOf(scheme: string, host: string, port: number): string {
  let h = host.trim().toLowerCase().replace(/\.$/, '');
  if (h.includes(':') && !h.startsWith('[')) h = `[${h}]`; // IPv6
  return `${scheme.trim().toLowerCase()}://${h}:${port}`;
}

function secretUnreadable(): never {
  // The key changed (or the row was altered): the only way on is to type the secret again.
  fail('conflict', 'secret_unreadable', {
    ru: 'Сохранённый пароль не удаётся прочитать (ключ шифрования сменился): введите пароль заново',
    en: 'The stored password cannot be read (the encryption key changed): enter the password again',
  });
}

/** Seals and opens secrets under one 256-bit key. */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`a secret key is ${KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
  }

  /** `purpose` names what the secret is for, so a sealed value cannot be moved to another use. */
  seal(purpose: string, endpoint: string, plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(aad(purpose, endpoint));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
    return [VERSION, ...parts].join('.');
  }

  /** The plain secret; refuses (409 secret_unreadable) if it was sealed for anything else. */
  open(purpose: string, endpoint: string, sealed: string): string {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined) {
      secretUnreadable();
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(aad(purpose, endpoint));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      secretUnreadable();
    }
  }

  /**
   * An HMAC-SHA256 of `data` under a key derived from the installation's key for `purpose`
   * (HKDF): links Kopilka signs (an unsubscribe link) stay valid as long as the key does, and a
   * signature made for one purpose is worthless for another.
   */
  mac(purpose: string, data: string): Buffer {
    const key = Buffer.from(hkdfSync('sha256', this.#key, Buffer.alloc(0), `mac:${purpose}`, 32));
    return createHmac('sha256', key).update(data, 'utf8').digest();
  }
}

const aad = (purpose: string, endpoint: string) => Buffer.from(`${purpose}\n${endpoint}`, 'utf8');

/** A key that lives as long as the process: for tests and in-memory runs only. */
export function ephemeralSecretBox(): SecretBox {
  return new SecretBox(randomBytes(KEY_BYTES));
}

function parseKeyFile(file: string): Buffer {
  const key = decodeSecretKey(readFileSync(file, 'utf8'));
  if (!key) throw new Error(`${file}: the secret key must be 32 bytes, as 64 hex digits or base64`);
  return key;
}

/**
 * The installation's key: KOPILKA_SECRET_KEY when set (required when several hosts share one
 * PostgreSQL database, since each would otherwise make its own), else `secret.key` in the data
 * directory, created once (mode 600) on first start. Losing it means re-entering the stored
 * passwords, nothing more: no money or guest data depends on it.
 */
export function loadSecretBox(cfg: Pick<Config, 'secretKey' | 'dataDir'> = config): {
  box: SecretBox;
  source: string;
} {
  if (cfg.secretKey) return { box: new SecretBox(cfg.secretKey), source: 'KOPILKA_SECRET_KEY' };
  const file = join(cfg.dataDir, 'secret.key');
  try {
    return { box: new SecretBox(parseKeyFile(file)), source: file };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    // 'wx': of two processes starting at once, one creates the file and the other reads it.
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return { box: new SecretBox(parseKeyFile(file)), source: file };
}

/** A stored secret as its settings row keeps it: the address it is bound to and the seal. */
export interface BoundSecret {
  endpoint: string;
  sealed: string | null;
}

/**
 * The sealed value to store when a connection is saved. A new secret is sealed for the new
 * address. Without one, the stored secret is kept only if the address is unchanged; otherwise
 * the save is refused (400 secret_requires_reentry) and nothing is sent anywhere. Returns null
 * when there is neither a new nor a stored secret: the caller says which field is missing.
 */
export function sealOnSave(
  box: SecretBox,
  purpose: string,
  endpoint: string,
  plain: string | undefined,
  before: BoundSecret | null,
): string | null {
  if (plain !== undefined) return box.seal(purpose, endpoint, plain);
  if (!before?.sealed) return null;
  if (before.endpoint !== endpoint) {
    fail(
      'validation',
      'secret_requires_reentry',
      {
        ru: 'Адрес подключения изменился: введите пароль заново — сохранённый пароль отправляется только на тот адрес, для которого его ввели',
        en: 'The connection address changed: enter the password again — a stored password is only sent to the address it was entered for',
      },
      { field: 'password' },
    );
  }
  return before.sealed;
}
