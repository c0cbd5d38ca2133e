// GET /ops/backup: a running server's embedded database as a backup (db/pglite-backup.ts), for
// `kopilka backup` — the only process that may read the database while the server holds it.
// Answered on loopback only, to the bearer of the token the server wrote beside its data
// (control.json, readable by the data's owner alone): whoever can read that could copy the
// database's files anyway.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors.ts';

export interface BackupOptions {
  token: string;
  dump(): Promise<Buffer>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();
const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

export function backupRoute(app: FastifyInstance, options: BackupOptions): void {
  const token = sha256(options.token);
  app.get('/ops/backup', { schema: { hide: true } }, async (req, reply) => {
    const given = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const local = LOOPBACK.test(req.socket.remoteAddress ?? '') && !req.headers['x-forwarded-for'];
    if (!local || !timingSafeEqual(sha256(given), token)) {
      return reply
        .status(403)
        .send(
          errorBody(
            req,
            'backup_forbidden',
            'Резервную копию берёт только kopilka backup на этом же компьютере',
            'Only kopilka backup on this machine may take a backup',
          ),
        );
    }
    const dump = await options.dump();
    return reply.header('content-type', 'application/gzip').send(dump);
  });
}
