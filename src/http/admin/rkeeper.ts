// Admin API for r_keeper 7: the XML-interface connection (save, check, import dictionaries,
// list them by name) and each restaurant's FarCards endpoint (issue or rotate its address,
// soft-offline limits). Reading needs integration.read, anything else integration.write.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import { listDictionary } from '../../app/admin/dictionary.ts';
import {
  INI_FORMS,
  endpointInfo,
  extDllHttpIni,
  issueFarCardsKey,
  setOfflineLimits,
} from '../../integrations/rkeeper/farcards/endpoints.ts';
import {
  checkXmlConnection,
  getXmlSettings,
  importXmlDictionaries,
  saveXmlSettings,
} from '../../integrations/rkeeper/xml-interface/settings.ts';
import { REF_NAMES, type RefName } from '../../integrations/rkeeper/xml-interface/protocol.ts';
import { OfflineLimitsSchema, XmlSettingsSchema } from '../../integrations/rkeeper/config.ts';
import { actorOf } from './auth.ts';
import {
  Dictionary,
  FarCardsEndpoint,
  IssuedFarCardsAddress,
  XmlCheck,
  XmlImport,
  XmlSettings,
} from './integration-answers.ts';
import {
  CONNECTION_FAILED,
  CONNECTION_FAILED_TEXT,
  diagnosedFor,
  mayDiagnose,
} from './connection-diagnosis.ts';

const tags = ['Admin API v1: r_keeper'];
const security = [{ adminSession: [] }];

const RefNameParam = Type.Object({ refName: Type.Union(REF_NAMES.map((n) => Type.Literal(n))) });
const RestaurantParam = Type.Object({ id: Type.String({ pattern: '^\\d{1,15}$' }) });

export async function rkeeperAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const read = { permission: 'integration.read' } as const;
  const write = { permission: 'integration.write' } as const;

  r.get(
    '/rkeeper/xml-settings',
    {
      config: read,
      schema: {
        operationId: 'getXmlSettings',
        tags,
        security,
        summary: 'XML-interface connection (no password)',
        response: { 200: XmlSettings },
      },
    },
    async (req) => getXmlSettings(ctx, req.admin.orgId),
  );

  r.put(
    '/rkeeper/xml-settings',
    {
      config: write,
      schema: {
        operationId: 'saveXmlSettings',
        tags,
        security,
        summary: 'Save the XML-interface connection',
        body: XmlSettingsSchema,
        response: { 200: XmlSettings },
      },
    },
    async (req) => saveXmlSettings(ctx, actorOf(req), req.body),
  );

  r.post(
    '/rkeeper/xml-settings/check',
    {
      config: write,
      schema: {
        operationId: 'checkXmlConnection',
        tags,
        security,
        summary: 'Check the connection (GetSystemInfo) and say why it fails',
        response: { 200: XmlCheck },
      },
    },
    async (req) => {
      const result = await checkXmlConnection(ctx, actorOf(req));
      return result.ok || mayDiagnose(req)
        ? result
        : {
            ok: false as const,
            code: CONNECTION_FAILED,
            reason: CONNECTION_FAILED_TEXT.ru,
            reason_en: CONNECTION_FAILED_TEXT.en,
          };
    },
  );

  r.post(
    '/rkeeper/dictionaries/import',
    {
      config: write,
      schema: {
        operationId: 'importXmlDictionaries',
        tags,
        security,
        summary: 'Import DISCOUNTS, MENUITEMS, CATEGLIST, CURRENCIES, RESTAURANTS, CASHES',
        response: { 200: XmlImport },
      },
    },
    async (req) => diagnosedFor(req, () => importXmlDictionaries(ctx, actorOf(req))),
  );

  r.get(
    '/rkeeper/dictionaries/:refName',
    {
      config: read,
      schema: {
        operationId: 'getXmlDictionary',
        tags,
        security,
        summary: 'An imported dictionary, by name',
        params: RefNameParam,
        response: { 200: Dictionary(RefNameParam.properties.refName) },
      },
    },
    async (req) => ({
      ref_name: req.params.refName,
      rows: await listDictionary(ctx, req.admin.orgId, 'rkeeper', req.params.refName as RefName),
      next_cursor: null,
    }),
  );

  r.get(
    '/rkeeper/restaurants/:id/farcards',
    {
      config: read,
      schema: {
        operationId: 'getFarCardsEndpoint',
        tags,
        security,
        summary: 'The FarCards endpoint of a restaurant',
        params: RestaurantParam,
        response: { 200: FarCardsEndpoint },
      },
    },
    async (req) => endpointInfo(ctx, req.admin.orgId, Number(req.params.id)),
  );

  r.post(
    '/rkeeper/restaurants/:id/farcards',
    {
      config: write,
      schema: {
        operationId: 'issueFarCardsAddress',
        tags,
        security,
        params: RestaurantParam,
        response: { 200: IssuedFarCardsAddress },
        summary:
          'Issue the FarCards address (or rotate it with ?rotate=1) and return ExtDllHttp.ini once',
        querystring: Type.Object({
          rotate: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')])),
          ini_form: Type.Optional(
            Type.Union(
              INI_FORMS.map((f) => Type.Literal(f)),
              {
                description:
                  "method (default): Address is scheme://host:port and each function path carries the restaurant's secret; address: the secret in the Address path",
              },
            ),
          ),
        }),
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const issued = await issueFarCardsKey(ctx, Number(req.params.id), {
        orgId: actor.orgId,
        rotate: req.query.rotate === '1',
        actor: { type: actor.type, id: actor.id, name: actor.name },
      });
      const base = `${req.protocol}://${req.host}`;
      return {
        restaurant_id: issued.restaurantId,
        created: issued.created,
        ini: extDllHttpIni(base, issued.key, issued.restaurantName, req.query.ini_form ?? 'method'),
      };
    },
  );

  r.put(
    '/rkeeper/restaurants/:id/farcards/offline-limits',
    {
      config: write,
      schema: {
        operationId: 'setOfflineLimits',
        tags,
        security,
        params: RestaurantParam,
        body: OfflineLimitsSchema,
        summary: 'Soft-offline limits (kopecks, hours); an absent field is no limit',
        response: { 200: OfflineLimitsSchema },
      },
    },
    async (req) => setOfflineLimits(ctx, actorOf(req), Number(req.params.id), req.body),
  );
}
