// A real SMTP server on 127.0.0.1 for tests (smtp-server): accepts letters, optionally asks for
// a user name and password, keeps every letter parsed (mailparser). Not a mock of the client:
// Kopilka's nodemailer speaks SMTP to it over a socket.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedLetter {
  from: string;
  to: string[];
  /** Whether the letter came over TLS (from the first byte, or after STARTTLS). */
  secure: boolean;
  mail: ParsedMail;
  raw: string;
}

export async function smtpReceiver(
  o: {
    user?: string;
    password?: string;
    /** `tls`: TLS from the first byte; `starttls`: plain, upgraded by STARTTLS (required). */
    tls?: { mode: 'tls' | 'starttls'; keyPem: string; certificatePem: string };
  } = {},
) {
  const got: ReceivedLetter[] = [];
  const server = new SMTPServer({
    disabledCommands: [
      ...(o.tls?.mode === 'starttls' ? [] : ['STARTTLS']),
      ...(o.user ? [] : ['AUTH']),
    ],
    ...(o.tls
      ? { secure: o.tls.mode === 'tls', key: o.tls.keyPem, cert: o.tls.certificatePem }
      : {}),
    authOptional: !o.user,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === o.user && auth.password === o.password) {
        return callback(null, { user: auth.username });
      }
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((mail) => {
            got.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              secure: session.secure,
              mail,
              raw,
            });
            callback();
          })
          .catch(callback);
      });
    },
  });
  // A client that gives up mid-handshake (a test of the wrong mode) is the client's failure,
  // not this server's: nothing to report.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    got,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
