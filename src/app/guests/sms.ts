import type { Config } from '../../config.ts';

// Sending one-time codes by SMS. The server picks a provider from its settings
// (KOPILKA_SMS_PROVIDER): `log` writes the message to the server's log (development and demos:
// no SMS leaves the machine), `smsru` posts it to SMS.ru's HTTP API. With none set, the demo
// writes to the log and any other server sends nothing: guests cannot ask for codes. The API key is a secret:
// it goes only into the request body, never into a URL, a log line or an error.

export interface SmsSender {
  /** Which provider this is, for the readiness and start-up lines. */
  readonly name: string;
  /** Sends `text` to `phone` (digits, country code first); throws when the provider refuses. */
  send(phone: string, text: string): Promise<void>;
}

/** Shows a phone in logs with its middle hidden: 7916*****67. */
export const maskedPhone = (phone: string) =>
  phone.length > 6
    ? `${phone.slice(0, 4)}${'*'.repeat(phone.length - 6)}${phone.slice(-2)}`
    : '***';

/** The development provider: the message goes to the log, so a developer can read the code. */
export function logSms(log: (line: string) => void): SmsSender {
  return {
    name: 'log',
    async send(phone, text) {
      log(`SMS to ${maskedPhone(phone)}: ${text}`);
    },
  };
}

export class SmsProviderError extends Error {}

interface SmsRuAnswer {
  status?: string;
  status_code?: number;
  status_text?: string;
  sms?: Record<string, { status?: string; status_code?: number; status_text?: string }>;
}

/** SMS.ru: POST /sms/send with api_id, to, msg (and from, when the sender name is approved). */
export function smsRu(options: {
  apiId: string;
  from?: string | undefined;
  baseUrl?: string | undefined;
  timeoutMs?: number;
}): SmsSender {
  const url = new URL('/sms/send', options.baseUrl ?? 'https://sms.ru');
  return {
    name: 'smsru',
    async send(phone, text) {
      const body = new URLSearchParams({ api_id: options.apiId, to: phone, msg: text, json: '1' });
      if (options.from) body.set('from', options.from);
      const res = await fetch(url, {
        method: 'POST',
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!res.ok) throw new SmsProviderError(`SMS.ru answered HTTP ${res.status}`);
      const answer = (await res.json()) as SmsRuAnswer;
      const one = answer.sms?.[phone];
      if (answer.status !== 'OK' || one?.status !== 'OK') {
        const refusal = answer.status !== 'OK' ? answer : (one ?? {});
        throw new SmsProviderError(
          `SMS.ru refused the message: ${refusal.status_code ?? '?'} ${refusal.status_text ?? ''}`.trim(),
        );
      }
    },
  };
}

/**
 * The provider the configuration names (KOPILKA_SMS_PROVIDER, src/config.ts); with none named,
 * the log for the demo and null (no codes sent) for any other server.
 */
export function smsFromConfig(
  log: (line: string) => void,
  sms: Config['sms'],
  demo: boolean,
): SmsSender | null {
  if (sms.provider === 'none') return demo ? logSms(log) : null;
  if (sms.provider === 'log') return logSms(log);
  return smsRu({ apiId: sms.apiId, from: sms.from, baseUrl: sms.url });
}
