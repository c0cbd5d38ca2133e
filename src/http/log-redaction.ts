// What the server's log may say about a request. A FarCards address (/rk/<address>/…) is the
// restaurant's secret — r_keeper's DLL can authenticate no other way — so no log line carries
// it, at any level. Nor does a Wallet pass's download link (/api/wallet/download/<serial>/<key>).
import type { FastifyRequest } from 'fastify';

const FARCARDS_ADDRESS = /^(\/rk\/)[^/?#]+/;
const PASS_DOWNLOAD = /^(\/api\/wallet\/download\/[^/?#]+\/)[^/?#]+/;

/** The URL as a log line may show it: the FarCards address and a download key replaced by «***». */
export function redactUrl(url: string): string {
  return url.replace(FARCARDS_ADDRESS, '$1***').replace(PASS_DOWNLOAD, '$1***');
}

/** Fastify's request serializer, with the URL redacted. */
export const requestSerializers = {
  req: (req: FastifyRequest) => ({
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
};
