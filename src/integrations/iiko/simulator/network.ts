// The network between the simulated iikoFront and Kopilka: a TCP relay on 127.0.0.1 that can
// fail the way a restaurant's network does. Each connection takes the next fault queued:
// - 'lose-answer': the request reaches Kopilka and is carried out, and the answer is dropped
//   on its way back (the till sees the connection reset) — the case that loses money when a
//   plugin takes "no answer" for "not done";
// - 'drop': the connection breaks before the request leaves the till, so nothing arrives;
// - 'hold': the request is stuck on the way; the till gives up waiting, and the request reaches
//   Kopilka only when `release()` is called — a lost request arriving late.
// The plugin opens one connection per request (no keep-alive), so a fault hits one request.
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type NetworkFault = 'lose-answer' | 'drop' | 'hold';

export interface NetworkEvent {
  fault: NetworkFault | 'pass';
  /** The first line of the request, e.g. "POST /api/iiko/v1/pay HTTP/1.1". */
  request: string;
  /** The status line Kopilka answered with, when it answered (also for a lost answer). */
  answer: string | null;
}

interface Held {
  bytes: Buffer[];
  event: NetworkEvent;
}

const firstLine = (b: Buffer) => b.toString('latin1').split('\r\n', 1)[0] ?? '';

export class LossyNetwork {
  /** Every connection the till opened, in order, with what became of it. */
  readonly events: NetworkEvent[] = [];
  private readonly faults: NetworkFault[] = [];
  private readonly held: Held[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly upstream: { host: string; port: number },
  ) {}

  /** Starts relaying to Kopilka's base URL (http only: the simulator runs beside Kopilka). */
  static async start(kopilkaUrl: string): Promise<LossyNetwork> {
    const u = new URL(kopilkaUrl);
    if (u.protocol !== 'http:')
      throw new Error(`The simulated network relays http, not ${u.protocol}`);
    const upstream = { host: u.hostname, port: Number(u.port || 80) };
    const server = createServer();
    const net = new LossyNetwork(server, upstream);
    server.on('connection', (client) => net.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return net;
  }

  /** The base URL the plugin calls instead of Kopilka's. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues faults for the next connections, in order; later connections pass. */
  fail(...faults: NetworkFault[]): void {
    this.faults.push(...faults);
  }

  /** Requests still stuck on the way. */
  get pending(): number {
    return this.held.length;
  }

  /** Delivers the held requests to Kopilka now; resolves with their answers' status lines. */
  async release(): Promise<(string | null)[]> {
    const held = this.held.splice(0);
    return Promise.all(held.map((h) => this.deliverLate(h)));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(s: Socket): Socket {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
    return s;
  }

  private accept(client: Socket): void {
    this.track(client);
    const fault = this.faults.shift();
    const event: NetworkEvent = { fault: fault ?? 'pass', request: '', answer: null };
    this.events.push(event);
    if (fault === 'drop') {
      client.once('data', (b: Buffer) => {
        event.request = firstLine(b);
        client.destroy();
      });
      return;
    }
    if (fault === 'hold') {
      const h: Held = { bytes: [], event };
      this.held.push(h);
      client.on('data', (b: Buffer) => {
        if (h.bytes.length === 0) event.request = firstLine(b);
        h.bytes.push(b);
      });
      return; // the till times out and hangs up; the bytes wait for release()
    }
    const server = this.track(connect(this.upstream.port, this.upstream.host));
    client.on('data', (b: Buffer) => {
      if (!event.request) event.request = firstLine(b);
      server.write(b);
    });
    client.on('end', () => server.end());
    client.on('close', () => {
      if (fault !== 'lose-answer') server.destroy();
    });
    server.on('data', (b: Buffer) => {
      if (event.answer === null) event.answer = firstLine(b);
      // Kopilka answers only after its transaction committed: the work is done, the answer is lost.
      if (fault === 'lose-answer') client.destroy();
      else client.write(b);
    });
    server.on('end', () => client.end());
    server.on('close', () => client.destroy());
  }

  private deliverLate(h: Held): Promise<string | null> {
    return new Promise((resolve) => {
      const server = this.track(connect(this.upstream.port, this.upstream.host));
      server.on('connect', () => {
        for (const b of h.bytes) server.write(b);
      });
      server.on('data', (b: Buffer) => {
        if (h.event.answer === null) h.event.answer = firstLine(b);
      });
      server.on('close', () => resolve(h.event.answer));
    });
  }
}
