// Every JSON API (admin, guest, POS, iiko plugin, Wallet) is a typed contract: the cabinet's
// client is generated from the OpenAPI document (npm run gen:api) and integrators read the
// same document. So every operation must name itself, and every answer it gives is
// documented — the error answers, one shape for all, are added here.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const ApiErrorRef = Type.Ref('ApiError');

export function apiContract(app: FastifyInstance) {
  // Response schemas document the answers; they must not filter or coerce them, as Fastify's
  // compiled serializers would. The HTTP tests validate every answer against them instead.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addHook('onRoute', (route) => {
    if (route.method === 'HEAD') return;
    const schema = route.schema ?? {};
    if (!schema.operationId)
      throw new Error(`route ${String(route.method)} ${route.url} declares no operationId`);
    route.schema = {
      ...schema,
      response: { ...(schema.response as object), '4xx': ApiErrorRef, '5xx': ApiErrorRef },
    };
  });
}
