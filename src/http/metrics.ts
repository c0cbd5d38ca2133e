// Prometheus metrics at /metrics (prom-client): per till protocol and route, request rate and
// latency; closes, refusals by reason, idempotent replays, the FarCards Sale's optimistic path
// and its fallbacks, soft-offline posts; the PostgreSQL pool; the process's memory and event
// loop. Routes are labelled by their pattern, never by the URL: a FarCards address carries the
// restaurant's secret. What a handler learns (a refusal, a close) it notes on the request;
// one hook counts it when the answer has left. KOPILKA_METRICS=off leaves all of it out.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ReportDatabase } from '../db/replica.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import client from 'prom-client';
import { config, type Config } from '../config.ts';
import { isFarCardsMethod } from '../integrations/rkeeper/farcards/requests.ts';
import { inWorker, metricsOfAllWorkers, reportToPrimary } from './cluster-metrics.ts';
import { errorBody } from './errors.ts';

export type Protocol = 'pos' | 'farcards' | 'iiko' | 'admin' | 'other';

/** KOPILKA_METRICS and KOPILKA_METRICS_TOKEN; `pool`: the server's PostgreSQL pool. */
export function configuredMetrics(
  pool?: pg.Pool,
  cfg: Pick<Config, 'metrics' | 'metricsToken'> = config,
  replica?: ReportDatabase,
): false | MetricsOptions {
  if (!cfg.metrics) return false;
  return {
    ...(pool ? { pool } : {}),
    ...(replica ? { replica } : {}),
    ...(cfg.metricsToken ? { token: cfg.metricsToken } : {}),
  };
}

// Process metrics are the process's, once, whatever the number of servers built in it (tests).
let processRegistry: client.Registry | null = null;
function processMetrics(): client.Registry {
  if (!processRegistry) {
    processRegistry = new client.Registry();
    client.collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const PREFIXES: readonly [string, Protocol][] = [
  ['/api/pos/', 'pos'],
  ['/rk/', 'farcards'],
  ['/api/iiko/', 'iiko'],
  ['/api/admin/', 'admin'],
];

function protocolOf(route: string): Protocol {
  for (const [prefix, protocol] of PREFIXES) if (route.startsWith(prefix)) return protocol;
  return 'other';
}

/** The route's pattern; a FarCards function by name when it is one (a bounded set). */
function routeOf(req: FastifyRequest): string {
  const pattern = req.routeOptions.url;
  if (!pattern) return 'unmatched';
  const method = (req.params as { method?: unknown } | undefined)?.method;
  if (pattern === '/rk/:key/:method' && typeof method === 'string') {
    const name = method.toLowerCase();
    return isFarCardsMethod(name) ? `/rk/:key/${name}` : pattern;
  }
  return pattern;
}

const isLoopback = (address: string | undefined) =>
  !!address && (/^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address));

/** A proxy on this machine would make every caller look local: what it forwards is not. */
const proxied = (req: FastifyRequest) =>
  req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export interface MetricsOptions {
  /** The PostgreSQL pool whose use is shown; none on the embedded database. */
  pool?: pg.Pool;
  /** KOPILKA_METRICS_TOKEN: scrapers send it as a bearer token; unset, loopback only. */
  token?: string;
  /** The reports' read replica, whose lag is shown. */
  replica?: ReportDatabase;
}

export function registerMetrics(app: FastifyInstance, options: MetricsOptions): void {
  const registry = new client.Registry();
  const labels = ['protocol', 'route', 'method', 'status'] as const;
  const duration = new client.Histogram({
    name: 'kopilka_http_request_duration_seconds',
    help: 'Time from a request arriving to its answer sent, by till protocol and route pattern',
    labelNames: labels,
    // A till waits on these: most answers take milliseconds, a slow one is a problem.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const counter = (name: string, help: string, labelNames: string[]) =>
    new client.Counter({ name, help, labelNames, registers: [registry] });
  const closes = counter('kopilka_closes_total', 'Checks closed (replays not counted)', [
    'protocol',
  ]);
  const refusals = counter('kopilka_refusals_total', 'Requests refused, by error code', [
    'protocol',
    'reason',
  ]);
  const replays = counter(
    'kopilka_idempotent_replays_total',
    'Repeated operations answered with their first answer, nothing posted again',
    ['protocol'],
  );
  const softOffline = counter(
    'kopilka_soft_offline_posts_total',
    'Checks the till posted late (soft offline) and Kopilka accepted',
    ['protocol'],
  );
  const salePaths = counter(
    'kopilka_sale_path_total',
    'FarCards Sales by how they were written: optimistic (no lock), fallback (optimistic write undone, then locked), locked (at once)',
    ['path'],
  );
  const pool = options.pool;
  if (pool) {
    new client.Gauge({
      name: 'kopilka_db_pool_connections',
      help: 'PostgreSQL connections of this process by state; waiting: queries queued for one',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'busy' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
        this.set({ state: 'max' }, pool.options.max ?? 10);
      },
    });
  }

  const replica = options.replica;
  if (replica) {
    new client.Gauge({
      name: 'kopilka_replica_lag_seconds',
      help: 'How far the read replica the reports use is behind the primary',
      registers: [registry],
      async collect() {
        this.set(await replica.lagSeconds());
      },
    });
  }

  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    const route = routeOf(req);
    const protocol = protocolOf(route);
    const status = reply.statusCode;
    duration.observe(
      { protocol, route, method: req.method, status: String(status) },
      reply.elapsedTime / 1000,
    );
    const o = req.outcome;
    const replayed = o?.replayed ?? reply.getHeader('idempotent-replayed') === 'true';
    if (replayed) replays.inc({ protocol });
    if (o?.refusal) refusals.inc({ protocol, reason: o.refusal });
    // The POS API's close answers 201 once; its replays answer 200.
    if (o?.close || (route === '/api/pos/v1/orders/close' && status === 201))
      closes.inc({ protocol });
    if (o?.softOffline && !replayed) softOffline.inc({ protocol });
    if (o?.salePath && !replayed) salePaths.inc({ path: o.salePath });
  });

  if (inWorker()) reportToPrimary([processMetrics(), registry]);

  const token = options.token ? sha256(options.token) : null;
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (token) {
      const given = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      if (!timingSafeEqual(sha256(given), token)) {
        return reply
          .status(401)
          .send(
            errorBody(
              req,
              'metrics_token_required',
              'Нужен токен метрик',
              'The metrics token is required',
            ),
          );
      }
    } else if (!isLoopback(req.socket.remoteAddress) || proxied(req)) {
      return reply
        .status(403)
        .send(
          errorBody(
            req,
            'metrics_loopback_only',
            'Метрики без токена доступны только с этого же компьютера: задайте KOPILKA_METRICS_TOKEN',
            'Without a token, metrics answer only on this machine: set KOPILKA_METRICS_TOKEN',
          ),
        );
    }
    const text = inWorker()
      ? await metricsOfAllWorkers()
      : (await processMetrics().metrics()) + (await registry.metrics());
    return reply.header('content-type', client.contentType).send(text);
  });
}
