// Sending one letter through an organization's SMTP server with nodemailer, and saying in
// words a manager understands why it did not go: unreachable host, refused password, TLS, a
// rejected address. The host is resolved here and refused if it leads into the installation's
// own network (unless KOPILKA_SMTP_ALLOW_PRIVATE=on); the connection goes to the address that
// was checked, with the name kept for TLS, so a name re-pointed after saving changes nothing.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { createTransport } from 'nodemailer';
import type { Message } from '../../domain/errors.ts';
import type { SmtpSecurity } from '../../db/schema-email.ts';
import { isInternalAddress } from '../target-guard.ts';

export interface SmtpServer {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string;
  /** Opened from its seal just before sending; never logged, never stored elsewhere. */
  password: string | null;
  fromAddress: string;
  fromName: string;
}

export interface Letter {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** One-click unsubscribe (RFC 8058) for letters the law wants one on. */
  unsubscribeUrl?: string | null;
}

/** Why a letter did not go. `permanent`: sending it again cannot help (the address is refused). */
export interface SmtpFailure {
  code: string;
  message: Message;
  permanent: boolean;
}

export type SendOutcome = { ok: true; messageId: string } | { ok: false; failure: SmtpFailure };

export type MailSender = (server: SmtpServer, letter: Letter) => Promise<SendOutcome>;

/** What the admin API sends test letters with, and whether SMTP hosts may be internal. */
export interface EmailOptions {
  send: MailSender;
  /** KOPILKA_SMTP_ALLOW_PRIVATE. */
  allowPrivate: boolean;
}

const failure = (code: string, ru: string, en: string, permanent = false): SmtpFailure => ({
  code,
  message: { ru, en },
  permanent,
});

/** The address to connect to, or the reason not to. */
export async function checkedAddress(
  host: string,
  allowPrivate: boolean,
): Promise<string | SmtpFailure> {
  const bare = host.replace(/^\[|\]$/g, '');
  let address = bare;
  if (!isIP(bare)) {
    try {
      address = (await lookup(bare)).address;
    } catch {
      return failure(
        'smtp_host_unknown',
        `Почтовый сервер ${host} не найден (имя не разрешается в DNS)`,
        `The mail server ${host} was not found (the name does not resolve)`,
      );
    }
  }
  if (!allowPrivate && isInternalAddress(address)) {
    return failure(
      'smtp_host_private',
      `Почтовый сервер ${host} находится во внутренней сети (${address}): такие адреса запрещены настройкой установки`,
      `The mail server ${host} is in an internal network (${address}): the installation does not allow such hosts`,
    );
  }
  return address;
}

/**
 * Why the server's certificate was not accepted, in words, or null when the failure was not the
 * certificate. With `tls` Node's own code survives as nodemailer's `originalCode`; STARTTLS
 * wraps the error, so its message is read too.
 */
function certificateProblem(err: { originalCode?: string; message?: string }) {
  const code = err.originalCode ?? '';
  const msg = err.message ?? '';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || /does not match certificate/i.test(msg)) {
    return { ru: 'выдан на другое имя', en: 'was issued for another name' };
  }
  if (
    /CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/.test(code) ||
    /certificate (has expired|is not yet valid)/i.test(msg)
  ) {
    return { ru: 'просрочен или ещё не действует', en: 'has expired or is not valid yet' };
  }
  if (
    /SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)|CERT_UNTRUSTED|CERT_REVOKED/.test(code) ||
    /self[- ]signed certificate|unable to (verify|get local issuer)|certificate revoked/i.test(msg)
  ) {
    return {
      ru: 'не подписан доверенным центром сертификации',
      en: 'is not signed by a trusted authority',
    };
  }
  return null;
}

/** nodemailer's error, in a manager's words. Never includes the password. */
export function describeSmtpError(e: unknown, s: Pick<SmtpServer, 'host' | 'port'>): SmtpFailure {
  const err = e as {
    code?: string;
    originalCode?: string;
    responseCode?: number;
    response?: string;
    message?: string;
  };
  const where = `${s.host}:${s.port}`;
  const said = err.response ? ` (${err.response.slice(0, 200)})` : '';
  const cert = certificateProblem(err);
  if (cert) {
    return failure(
      'smtp_certificate_invalid',
      `Сертификат почтового сервера ${where} не принят: он ${cert.ru}. Проверьте имя сервера (оно должно совпадать с именем в сертификате) или сертификат сервера`,
      `The certificate of the mail server ${where} was not accepted: it ${cert.en}. Check the host name (it must be the name in the certificate) or the server's certificate`,
    );
  }
  // TLS spoken to a plain port (the handshake gets an SMTP greeting back), or a plain greeting
  // awaited from a port that waits for a TLS handshake: the encryption mode does not fit the port.
  const mode =
    (err.code === 'ESOCKET' &&
      (/^ERR_SSL_/.test(err.originalCode ?? '') ||
        /wrong version number|SSL routines/i.test(err.message ?? ''))) ||
    (err.code === 'ETIMEDOUT' && /Greeting never received/i.test(err.message ?? ''));
  switch (mode ? 'ETLS' : err.code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return failure(
        'smtp_auth_failed',
        `Почтовый сервер ${where} не принял логин и пароль${said}`,
        `The mail server ${where} refused the user name and password${said}`,
      );
    case 'ETLS':
    case 'EREQUIRETLS':
      return failure(
        'smtp_tls_failed',
        `Не удалось установить защищённое соединение с ${where}: проверьте режим шифрования и порт`,
        `No secure connection to ${where}: check the encryption mode and the port`,
      );
    case 'EENVELOPE':
      return failure(
        'smtp_recipient_refused',
        `Почтовый сервер ${where} отказался принять адрес отправителя или получателя${said}`,
        `The mail server ${where} refused the sender or recipient address${said}`,
        (err.responseCode ?? 0) >= 500,
      );
    case 'EMESSAGE':
      return failure(
        'smtp_message_refused',
        `Почтовый сервер ${where} отказался принять письмо${said}`,
        `The mail server ${where} refused the letter${said}`,
        (err.responseCode ?? 0) >= 500,
      );
    case 'ECONNECTION':
    case 'ETIMEDOUT':
    case 'ESOCKET':
    case 'EDNS':
      return failure(
        'smtp_unreachable',
        `Почтовый сервер ${where} недоступен: соединение не установлено или оборвалось`,
        `The mail server ${where} is unreachable: no connection, or it broke`,
      );
    default:
      return failure(
        'smtp_failed',
        `Почтовый сервер ${where} ответил ошибкой${said || ` (${err.code ?? 'unknown'})`}`,
        `The mail server ${where} answered with an error${said || ` (${err.code ?? 'unknown'})`}`,
      );
  }
}

export function smtpSender(o: {
  allowPrivate: boolean;
  timeoutMs: number;
  /** Authorities trusted besides Node's own (tests; an installation uses NODE_EXTRA_CA_CERTS). */
  ca?: string[];
}): MailSender {
  return async (s, letter) => {
    const address = await checkedAddress(s.host, o.allowPrivate);
    if (typeof address !== 'string') return { ok: false, failure: address };
    const transport = createTransport({
      host: address,
      port: s.port,
      secure: s.security === 'tls',
      requireTLS: s.security === 'starttls',
      ignoreTLS: s.security === 'none',
      // The certificate is checked against the name that was typed, not the resolved address.
      tls: { servername: isIP(s.host) ? undefined : s.host, ...(o.ca ? { ca: o.ca } : {}) },
      auth: s.username ? { user: s.username, pass: s.password ?? '' } : undefined,
      connectionTimeout: o.timeoutMs,
      greetingTimeout: o.timeoutMs,
      socketTimeout: o.timeoutMs,
      dnsTimeout: o.timeoutMs,
      logger: false,
      debug: false,
    });
    try {
      const info = await transport.sendMail({
        from: { name: s.fromName, address: s.fromAddress },
        to: letter.to,
        subject: letter.subject,
        text: letter.text,
        html: letter.html,
        // RFC 8058 one-click: the link alone, and the header saying a POST to it unsubscribes.
        list: letter.unsubscribeUrl ? { unsubscribe: letter.unsubscribeUrl } : undefined,
        headers: letter.unsubscribeUrl
          ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
          : undefined,
      });
      return { ok: true, messageId: String(info.messageId) };
    } catch (e) {
      return { ok: false, failure: describeSmtpError(e, s) };
    } finally {
      transport.close();
    }
  };
}
