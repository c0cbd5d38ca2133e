// Every environment variable Kopilka reads, validated once at start. The rest of the code reads
// `config.xxx`, never process.env (ESLint enforces it), so a wrong value stops the process at
// once with the variable named, instead of failing later in the middle of a till's request.
// A new variable is added here and to the README's configuration table (a test compares them).
// KOPILKA_OPTIMIZE_FOR is also applied by bin/kopilka.mjs, which must set V8's flags before
// any of this code is loaded; it is validated here as well so that the table stays one.
import { resolve } from 'node:path';

export type LogLevel = (typeof LOG_LEVELS)[number];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface Config {
  /** DATABASE_URL: PostgreSQL; unset, the embedded PGlite under dataDir. */
  databaseUrl: string | undefined;
  /** DATABASE_REPLICA_URL: a streaming replica of DATABASE_URL the reports read from. */
  replicaUrl: string | undefined;
  /** KOPILKA_DATA_DIR: the embedded database, the generated secret key, the demo's keys. */
  dataDir: string;
  /** KOPILKA_SECRET_KEY, decoded: seals stored passwords; unset, dataDir/secret.key. */
  secretKey: Buffer | undefined;
  /** KOPILKA_DB_POOL: PostgreSQL connections per server process. */
  dbPool: number;
  optimizeFor: 'memory' | 'speed';
  /** KOPILKA_SIGN_IN_CHECKS_PER_SECOND: admin sign-ins a server checks per second, all addresses. */
  signInChecksPerSecond: number;
  /** KOPILKA_WORKERS: the default of `serve --workers`. */
  workers: number;
  host: string;
  port: number;
  /** KOPILKA_METRICS: whether /metrics and the per-request counting exist. */
  metrics: boolean;
  metricsToken: string | undefined;
  /** KOPILKA_EVENTS: whether changes write events to the outbox (docs/events.md). */
  events: boolean;
  /** KOPILKA_EVENT_WORKER: whether a server process delivers events beside serving HTTP. */
  eventWorker: boolean;
  /** KOPILKA_WEBHOOKS_ALLOW_PRIVATE: webhooks may go to private and loopback addresses. */
  webhooksAllowPrivate: boolean;
  /** KOPILKA_SMTP_ALLOW_PRIVATE: an organization's SMTP server may be a private or loopback address. */
  smtpAllowPrivate: boolean;
  logLevel: LogLevel;
  /** KOPILKA_CABINET_DIR, absolute. */
  cabinetDir: string;
  /** KOPILKA_PUBLIC_URL: Kopilka's address as tills reach it (the default of `rkeeper ini --url`). */
  publicUrl: string;
  /** KOPILKA_PASSWORD: the password of `kopilka user create` and `kopilka operator create`; unset, read from standard input. */
  newUserPassword: string | undefined;
  /** USER: who the audit log names for changes made with the `kopilka` command. */
  cliUserName: string;
  /** KOPILKA_GUEST_PAGES_DIR, absolute: the built guest pages (/join/…, /me). */
  guestPagesDir: string;
  /** KOPILKA_GUEST_URL: the address guests' phones reach; unset, the admin request's address. */
  guestUrl: string | undefined;
  /** KOPILKA_APNS_URL: where Wallet pass updates are pushed (Apple's APNs). */
  apnsUrl: string;
  /** KOPILKA_GOOGLE_WALLET_API_URL: the Google Wallet REST API's base address. */
  googleWalletApiUrl: string;
  /** KOPILKA_GOOGLE_OAUTH_TOKEN_URL: where the service account's signed assertion buys a token. */
  googleOAuthTokenUrl: string;
  /** KOPILKA_SMS_PROVIDER and its settings: how guests' one-time codes are sent; unset, 'none'. */
  sms:
    | { provider: 'none' }
    | { provider: 'log' }
    | { provider: 'smsru'; apiId: string; from: string | undefined; url: string };
}

export const SECRET_KEY_BYTES = 32;

/** 64 hex digits or base64 of 32 bytes (KOPILKA_SECRET_KEY, or the secret.key file); else null. */
export function decodeSecretKey(text: string): Buffer | null {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  return key.length === SECRET_KEY_BYTES ? key : null;
}

/** A wrong value: names the variable, says what it must be, in Russian and English. */
interface Problem {
  variable: string;
  ru: string;
  en: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: Problem[]) {
    super(
      [
        'Kopilka не запускается: неверные переменные окружения / invalid environment variables:',
        ...problems.map((p) => `  ${p.variable}: ${p.ru} / ${p.en}`),
        'Описание каждой — в README, раздел Configuration / each is described in the README, Configuration.',
      ].join('\n'),
    );
  }
}

type Env = Record<string, string | undefined>;

/** Reads and checks every variable; throws one ConfigError listing every wrong value. */
export function loadConfig(env: Env): Config {
  const problems: Problem[] = [];
  /** The value, or undefined when unset or empty (an empty variable means "not set"). */
  const raw = (name: string) => (env[name] === '' ? undefined : env[name]);
  const problem = (variable: string, ru: string, en: string) => {
    problems.push({ variable, ru, en });
    return undefined;
  };

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const v = raw(name);
    if (v === undefined) return fallback;
    if (/^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max) return Number(v);
    problem(
      name,
      `«${v}» — нужно целое число от ${min} до ${max}`,
      `"${v}" is not a whole number from ${min} to ${max}`,
    );
    return fallback;
  };

  const oneOf = <T extends string>(name: string, choices: readonly T[], fallback: T): T => {
    const v = raw(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if ((choices as readonly string[]).includes(v)) return v as T;
    const list = choices.join(', ');
    problem(name, `«${v}» — допустимо: ${list}`, `"${v}" is not one of ${list}`);
    return fallback;
  };

  const url = (name: string, protocols: string[], fallback?: string): string | undefined => {
    const v = raw(name);
    if (v === undefined) return fallback;
    let parsed: URL | null = null;
    try {
      parsed = new URL(v);
    } catch {
      // reported below
    }
    if (parsed && protocols.includes(parsed.protocol)) return v;
    // The value is not echoed: a database address carries its password.
    const list = protocols.map((p) => `${p}//…`).join(', ');
    return problem(name, `нужен адрес вида ${list}`, `expected an address like ${list}`);
  };

  const secretText = raw('KOPILKA_SECRET_KEY');
  const secretKey = secretText === undefined ? undefined : decodeSecretKey(secretText);
  if (secretKey === null) {
    problem(
      'KOPILKA_SECRET_KEY',
      'ключ должен быть 32 байта: 64 шестнадцатеричные цифры или base64 (openssl rand -hex 32)',
      'the key must be 32 bytes, as 64 hex digits or base64 (openssl rand -hex 32)',
    );
  }

  function smsSettings(): Config['sms'] {
    const chosen = raw('KOPILKA_SMS_PROVIDER');
    const provider = oneOf('KOPILKA_SMS_PROVIDER', ['log', 'smsru'] as const, 'log');
    const apiId = raw('KOPILKA_SMSRU_API_ID');
    const from = raw('KOPILKA_SMSRU_FROM');
    const smsUrl = url('KOPILKA_SMSRU_URL', ['http:', 'https:'], 'https://sms.ru') as string;
    // Unset is not `log`: one-time codes in a production log would let whoever reads it sign in
    // as any guest. Only the demo falls back to the log (app/guests/sms.ts).
    if (chosen === undefined) return { provider: 'none' };
    if (provider === 'log') return { provider };
    if (apiId === undefined) {
      problem(
        'KOPILKA_SMSRU_API_ID',
        'нужен ключ API SMS.ru, когда KOPILKA_SMS_PROVIDER=smsru',
        'the SMS.ru API key is needed with KOPILKA_SMS_PROVIDER=smsru',
      );
      return { provider: 'log' };
    }
    return { provider, apiId, from, url: smsUrl };
  }

  const config: Config = {
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    replicaUrl: url('DATABASE_REPLICA_URL', ['postgres:', 'postgresql:']),
    dataDir: raw('KOPILKA_DATA_DIR') ?? './data',
    secretKey: secretKey ?? undefined,
    dbPool: integer('KOPILKA_DB_POOL', 10, 1, 1000),
    optimizeFor: oneOf('KOPILKA_OPTIMIZE_FOR', ['memory', 'speed'] as const, 'memory'),
    signInChecksPerSecond: integer('KOPILKA_SIGN_IN_CHECKS_PER_SECOND', 1, 1, 1000),
    workers: integer('KOPILKA_WORKERS', 1, 1, 256),
    host: raw('HOST') ?? '127.0.0.1',
    port: integer('PORT', 8080, 0, 65535),
    metrics: oneOf('KOPILKA_METRICS', ['on', 'off'] as const, 'on') === 'on',
    metricsToken: raw('KOPILKA_METRICS_TOKEN'),
    events: oneOf('KOPILKA_EVENTS', ['on', 'off'] as const, 'on') === 'on',
    eventWorker: oneOf('KOPILKA_EVENT_WORKER', ['on', 'off'] as const, 'on') === 'on',
    webhooksAllowPrivate:
      oneOf('KOPILKA_WEBHOOKS_ALLOW_PRIVATE', ['on', 'off'] as const, 'off') === 'on',
    smtpAllowPrivate: oneOf('KOPILKA_SMTP_ALLOW_PRIVATE', ['on', 'off'] as const, 'off') === 'on',
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'warn'),
    cabinetDir: resolve(raw('KOPILKA_CABINET_DIR') ?? 'web/dist'),
    publicUrl: url('KOPILKA_PUBLIC_URL', ['http:', 'https:'], 'http://127.0.0.1:8080')!,
    newUserPassword: env.KOPILKA_PASSWORD,
    cliUserName: raw('USER') ?? 'cli',
    guestPagesDir: resolve(raw('KOPILKA_GUEST_PAGES_DIR') ?? 'web/dist-guest'),
    guestUrl: url('KOPILKA_GUEST_URL', ['http:', 'https:']),
    apnsUrl: url('KOPILKA_APNS_URL', ['https:'], 'https://api.push.apple.com') as string,
    googleWalletApiUrl: url(
      'KOPILKA_GOOGLE_WALLET_API_URL',
      ['https:'],
      'https://walletobjects.googleapis.com/walletobjects/v1',
    ) as string,
    googleOAuthTokenUrl: url(
      'KOPILKA_GOOGLE_OAUTH_TOKEN_URL',
      ['https:'],
      'https://oauth2.googleapis.com/token',
    ) as string,
    sms: smsSettings(),
  };
  if (config.replicaUrl && !config.databaseUrl) {
    problem(
      'DATABASE_REPLICA_URL',
      'реплика бывает только у PostgreSQL: задайте и DATABASE_URL',
      'a replica needs a PostgreSQL primary: set DATABASE_URL too',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The process's configuration; a wrong value ends the process with the list (exit code 2). */
function loadProcessConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
}

export const config: Config = loadProcessConfig();
