// A refused body is read to its end before the answer goes out (see drainRefusedBody).
import type { IncomingMessage } from 'node:http';

/** A refused body is read this far (or this long) before the answer, see drainRefusedBody. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 10_000;

/**
 * Reads and discards the rest of a refused body before the answer goes out. Fastify closes the
 * connection after a 413, and a socket closed with unread input is reset by the kernel: a client
 * still uploading would see a connection reset instead of the 413. Bounded, so a client cannot
 * keep the server reading forever.
 */
export function drainRefusedBody(raw: IncomingMessage): Promise<void> {
  if (raw.complete || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const finish = () => {
      clearTimeout(timer);
      raw.off('data', onData).off('end', finish).off('error', finish).off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > DRAIN_BYTES) finish();
    };
    const timer = setTimeout(finish, DRAIN_MS);
    raw.on('data', onData).once('end', finish).once('error', finish).once('close', finish);
    raw.resume();
  });
}
