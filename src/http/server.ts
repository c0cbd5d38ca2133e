// The HTTP server: strict JSON validation, one error shape, OpenAPI at /docs, and the route
// groups per audience (POS now; admin and guest as they land).
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { AppContext } from '../app/context.ts';
import { ApiErrorSchema, errorBody, handleError } from './errors.ts';
import { backupRoute, type BackupOptions } from './backup.ts';
import { databaseChecks, healthRoutes, type ReadyCheck } from './health.ts';
import { configuredMetrics, registerMetrics, type MetricsOptions } from './metrics.ts';
import { decorateOutcome } from './outcome.ts';
import { config } from '../config.ts';
import { cabinetFallback, cabinetRoutes } from './cabinet.ts';
import { adminRoutes } from './admin/routes.ts';
import { configuredEmail } from '../events/configured.ts';
import { unsubscribeRoutes } from './unsubscribe.ts';
import type { EmailOptions } from '../events/email/smtp.ts';
import { guestApiRoutes } from './guest/routes.ts';
import { guestPageRoutes } from './guest-pages.ts';
import { walletServiceRoutes } from './wallet/routes.ts';
import { smsFromConfig, type SmsSender } from '../app/guests/sms.ts';
import type { GuestLimits } from '../app/guests/attempts.ts';
import { posRoutes } from './pos/routes.ts';
import { signInBudget } from '../app/admin/sign-in.ts';
import type { TokenBucket } from '../app/token-bucket.ts';
import type { ReportDatabase } from '../db/replica.ts';
import { farCardsRoutes } from '../integrations/rkeeper/farcards/route.ts';
import { addStorableJsonParser } from './storable-input.ts';
import { apiContract } from './contract.ts';
import {
  isFarCardsUrl,
  refuseBadUrl,
  refuseFarCardsRoute,
  refuseUnparsable,
} from './refused-requests.ts';
import { requestSerializers } from './log-redaction.ts';
import { iikoPaymentRoutes } from '../integrations/iiko/payment/routes.ts';

export interface ServerOptions {
  logger?: FastifyServerOptions['logger'];
  bodyLimit?: number;
  /** Sign-ins allowed per client address per minute (src/http/rate-limits.ts). */
  signInPerMinute?: number;
  /** A streaming replica the reports read from (DATABASE_REPLICA_URL); none, the primary. */
  replica?: ReportDatabase;
  /** Sign-ins checked per second across all addresses (default: KOPILKA_SIGN_IN_CHECKS_PER_SECOND). */
  signInBudget?: TokenBucket;
  /** Prometheus metrics at /metrics; false leaves them out (default: KOPILKA_METRICS). */
  metrics?: false | MetricsOptions;
  /** The built cabinet (web/dist); false serves none. */
  cabinetDir?: string | false;
  /** More for /health/ready besides the database's (e.g. the invalidation listener). */
  readyChecks?: ReadyCheck[];
  /** A running embedded database's backups for `kopilka backup` (http/backup.ts). */
  backup?: BackupOptions;
  /** Sends guests' one-time codes (default: the configured KOPILKA_SMS_PROVIDER); null, none. */
  sms?: SmsSender | null;
  /** The demo (`kopilka demo`): with no SMS provider configured, guests' codes go to the log. */
  demo?: boolean;
  /** Attempt limits of the guest channels (default: GUEST_LIMITS). */
  guestLimits?: GuestLimits;
  /** Sends test letters, and which SMTP hosts are allowed (default: the configuration). */
  email?: EmailOptions;
  /** Whether webhooks may be saved for private and loopback addresses (default: KOPILKA_WEBHOOKS_ALLOW_PRIVATE). */
  webhooksAllowPrivate?: boolean;
  /** The built guest pages (web/dist-guest); false serves none. */
  guestPagesDir?: string | false;
}

export async function buildServer(
  ctx: AppContext,
  options: ServerOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withRedactedRequests(options.logger ?? false),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Money must arrive as numbers: "100" is a client's mistake, not something to coerce.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
    return503OnClosing: true,
    frameworkErrors: refuseBadUrl,
    clientErrorHandler: refuseUnparsable,
  });
  app.setErrorHandler(handleError);
  decorateOutcome(app);
  const metrics = options.metrics ?? configuredMetrics();
  if (metrics) registerMetrics(app, metrics);
  let withCabinet = false;
  app.setNotFoundHandler((req, reply) => {
    if (withCabinet && cabinetFallback(req, reply)) return;
    if (isFarCardsUrl(req.url)) return refuseFarCardsRoute(req, reply);
    return reply
      .status(404)
      .send(
        errorBody(
          req,
          'route_not_found',
          `Нет такого адреса: ${req.method} ${req.url}`,
          `No such route: ${req.method} ${req.url}`,
        ),
      );
  });

  app.addSchema(ApiErrorSchema);
  await app.register(swagger, {
    // Shared schemas keep their $id as their component name (components.schemas.ApiError).
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
    openapi: {
      info: {
        title: 'Kopilka API',
        version: '1',
        description: 'Loyalty and guest deposits for restaurants. Amounts are integer kopecks.',
      },
      components: {
        securitySchemes: {
          terminalKey: { type: 'http', scheme: 'bearer', description: 'Terminal key: kp_…' },
          adminSession: {
            type: 'http',
            scheme: 'bearer',
            description: 'Admin session token from /api/admin/v1/auth/login: ks_…',
          },
          guestSession: {
            type: 'http',
            scheme: 'bearer',
            description:
              'Guest session token from /api/guest/v1/links/{token}/join or sign-in: kg_…',
          },
          applePass: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'ApplePass <the pass’s authenticationToken>',
          },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  healthRoutes(app, [...databaseChecks(ctx), ...(options.readyChecks ?? [])]);
  if (options.backup) backupRoute(app, options.backup);
  // The JSON route groups refuse text the database cannot store and are a documented contract
  // (operationIds, the error answers); FarCards parses its own XML and answers in it.
  const json =
    (routes: (scope: FastifyInstance) => Promise<void>) => async (scope: FastifyInstance) => {
      addStorableJsonParser(scope);
      apiContract(scope);
      await routes(scope);
    };
  await app.register(
    json((pos) => posRoutes(pos, ctx)),
    { prefix: '/api/pos/v1' },
  );
  await app.register(
    json((admin) =>
      adminRoutes(admin, ctx, {
        signInBudget: options.signInBudget ?? signInBudget(config.signInChecksPerSecond),
        signInPerMinute: options.signInPerMinute,
        reports: options.replica,
        email: options.email ?? configuredEmail(),
        webhooksAllowPrivate: options.webhooksAllowPrivate ?? config.webhooksAllowPrivate,
      }),
    ),
    {
      prefix: '/api/admin/v1',
    },
  );
  // At warn, so the development SMS provider's codes show with the default log level.
  const log = (line: string) => app.log.warn(line);
  const channels = {
    sms:
      options.sms === undefined
        ? smsFromConfig(log, config.sms, options.demo ?? false)
        : options.sms,
    log,
    ...(options.guestLimits ? { limits: options.guestLimits } : {}),
  };
  await app.register(
    json((guest) => guestApiRoutes(guest, ctx, channels)),
    { prefix: '/api/guest/v1' },
  );
  await app.register(
    json((wallet) => walletServiceRoutes(wallet, ctx)),
    { prefix: '/api/wallet' },
  );
  await app.register(async (rk) => farCardsRoutes(rk, ctx), { prefix: '/rk' });
  await app.register(
    json((iiko) => iikoPaymentRoutes(iiko, ctx)),
    { prefix: '/api/iiko/v1' },
  );
  await app.register(async (scope) => unsubscribeRoutes(scope, ctx));
  const cabinetDir = options.cabinetDir ?? config.cabinetDir;
  if (cabinetDir !== false) withCabinet = await cabinetRoutes(app, cabinetDir);
  const guestPagesDir = options.guestPagesDir ?? config.guestPagesDir;
  if (guestPagesDir !== false) await guestPageRoutes(app, guestPagesDir);
  return app;
}

/** A logger configuration with the request serializer that keeps secrets out of the log. */
function withRedactedRequests(logger: FastifyServerOptions['logger']) {
  if (!logger) return logger;
  const config = logger === true ? {} : logger;
  return { ...config, serializers: { ...config.serializers, ...requestSerializers } };
}
