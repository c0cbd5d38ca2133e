// Connection settings for one iiko Server, as an integrator types them from the iikoOffice
// login window (server, protocol, address, port) plus the API user's login and password.

import { fail } from '../../domain/errors.ts';

export interface IikoServerSettings {
  /** The name shown in the iikoOffice login window ("Мой ресторан"); for messages only. */
  serverName: string;
  protocol: 'http' | 'https';
  /** Host name or IP, as in the iikoOffice login window. */
  address: string;
  port: number;
  login: string;
  /** Plain text; only its SHA-1 hex digest is sent, as iiko requires. */
  password: string;
  /** Deadline of each HTTP request. */
  timeoutMs: number;
  /** PEM certificate to trust for https (a self-signed on-premises server). */
  tlsCa?: string;
}

/** Settings as Kopilka stores them: the SHA-1 digest iiko's /auth takes, never the password. */
export type StoredIikoServerSettings = Omit<IikoServerSettings, 'password'> & {
  passwordSha1: string;
};

export const DEFAULT_TIMEOUT_MS = 30_000;

function invalid(field: string, ru: string, en: string): never {
  return fail('validation', 'iiko.settings.invalid', { ru, en }, { field });
}

/** Settings as saved: the password may be omitted to keep the stored one (same address only). */
export type IikoServerSettingsInput = Omit<IikoServerSettings, 'password'> & { password?: string };

/** Validates settings typed by an integrator; defaults the timeout and the server name. */
export function parseIikoServerSettings(input: unknown): IikoServerSettings {
  const s = parseIikoServerSettingsInput(input);
  if (s.password === undefined) missingPassword();
  return { ...s, password: s.password };
}

function missingPassword(): never {
  invalid('password', 'Укажите пароль пользователя iiko.', 'Enter the iiko user password.');
}

/** As parseIikoServerSettings, but an absent password is allowed (an empty one is not). */
export function parseIikoServerSettingsInput(input: unknown): IikoServerSettingsInput {
  if (typeof input !== 'object' || input === null) {
    invalid(
      'settings',
      'Настройки подключения к iiko не заданы.',
      'iiko connection settings are missing.',
    );
  }
  const o = input as Record<string, unknown>;
  const text = (key: string): string =>
    typeof o[key] === 'string' ? (o[key] as string).trim() : '';
  const protocol = text('protocol');
  if (protocol !== 'http' && protocol !== 'https') {
    invalid('protocol', 'Протокол должен быть http или https.', 'Protocol must be http or https.');
  }
  const address = text('address');
  if (!address || /[\s/]/.test(address)) {
    invalid(
      'address',
      'Адрес сервера — только имя хоста или IP, без протокола, порта и пути.',
      'The server address is a host name or IP only, without protocol, port or path.',
    );
  }
  const port = o.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    invalid(
      'port',
      'Порт — целое число от 1 до 65535.',
      'Port must be an integer from 1 to 65535.',
    );
  }
  const login = text('login');
  if (!login) invalid('login', 'Укажите логин пользователя iiko.', 'Enter the iiko user login.');
  if (o.password !== undefined && (typeof o.password !== 'string' || o.password === '')) {
    missingPassword();
  }
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (
    typeof timeoutMs !== 'number' ||
    !Number.isInteger(timeoutMs) ||
    timeoutMs < 100 ||
    timeoutMs > 600_000
  ) {
    invalid(
      'timeoutMs',
      'Тайм-аут — от 100 мс до 10 минут.',
      'Timeout must be from 100 ms to 10 minutes.',
    );
  }
  const tlsCa = o.tlsCa;
  if (tlsCa !== undefined && (typeof tlsCa !== 'string' || !tlsCa.includes('-----BEGIN'))) {
    invalid('tlsCa', 'Сертификат должен быть в формате PEM.', 'The certificate must be PEM.');
  }
  return {
    serverName: text('serverName'),
    protocol,
    address,
    port,
    login,
    ...(o.password === undefined ? {} : { password: o.password }),
    timeoutMs,
    ...(tlsCa === undefined ? {} : { tlsCa }),
  };
}
