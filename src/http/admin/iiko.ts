// Admin API for iiko (M4, C4): the iiko Server connection (save, check, import dictionaries)
// and which imported payment type pays each deposit scheme × fiscalization mode. Integration
// settings are for specialists: reading needs integration.read, anything else integration.write.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import { listDictionary } from '../../app/admin/dictionary.ts';
import {
  checkServerConnection,
  getServerSettings,
  IIKO_REFS,
  importIikoDictionaries,
  saveServerSettings,
} from '../../integrations/iiko/connection.ts';
import {
  listDepositPaymentTypes,
  saveDepositPaymentType,
} from '../../integrations/iiko/deposit-settings.ts';
import { DepositPaymentTypeSchema, ServerSettingsSchema } from '../../integrations/iiko/config.ts';
import { actorOf } from './auth.ts';
import {
  CONNECTION_FAILED,
  CONNECTION_FAILED_TEXT,
  diagnosedFor,
  mayDiagnose,
} from './connection-diagnosis.ts';
import {
  DepositPaymentTypes,
  Dictionary,
  IikoCheck,
  IikoImport,
  IikoServer,
  SavedDepositPaymentType,
} from './integration-answers.ts';

const tags = ['Admin API v1: iiko'];
const security = [{ adminSession: [] }];
// The imported dictionaries by name, for the cabinet's lists (payment types to choose from).
const RefNameParam = Type.Object(
  { refName: Type.Union(Object.values(IIKO_REFS).map((n) => Type.Literal(n))) },
  { additionalProperties: false },
);

export async function iikoAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/iiko/server',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'getIikoServer',
        tags,
        security,
        summary: 'iiko Server connection settings (without the password)',
        response: { 200: IikoServer },
      },
    },
    async (req) => ({ settings: await getServerSettings(ctx, req.admin.orgId) }),
  );

  r.put(
    '/iiko/server',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'saveIikoServer',
        tags,
        security,
        summary: 'Save the iiko Server connection',
        body: ServerSettingsSchema,
        response: { 200: IikoServer },
      },
    },
    async (req) => ({ settings: await saveServerSettings(ctx, actorOf(req), req.body) }),
  );

  r.post(
    '/iiko/server/check',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'checkIikoServer',
        tags,
        security,
        summary: 'Log in to iiko Server, read the payment types, log out; says why it failed',
        response: { 200: IikoCheck },
      },
    },
    async (req) => {
      const result = await checkServerConnection(ctx, actorOf(req));
      return result.ok || mayDiagnose(req)
        ? result
        : { ...result, code: CONNECTION_FAILED, message: CONNECTION_FAILED_TEXT, details: {} };
    },
  );

  r.post(
    '/iiko/import',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'importIikoDictionaries',
        tags,
        security,
        summary: 'Import products, groups, categories and payment types into the dictionaries',
        response: { 200: IikoImport },
      },
    },
    async (req) => diagnosedFor(req, () => importIikoDictionaries(ctx, actorOf(req))),
  );

  r.get(
    '/iiko/dictionaries/:refName',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'getIikoDictionary',
        tags,
        security,
        summary:
          'An imported iiko dictionary (products, groups, categories, payment types with their fiscal flag)',
        params: RefNameParam,
        response: { 200: Dictionary(RefNameParam.properties.refName) },
      },
    },
    async (req) => ({
      ref_name: req.params.refName,
      rows: await listDictionary(ctx, req.admin.orgId, 'iiko', req.params.refName),
      next_cursor: null,
    }),
  );

  r.get(
    '/iiko/deposit-payment-types',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'listIikoDepositPaymentTypes',
        tags,
        security,
        summary:
          'Per scheme × fiscalization: what seed 001 requires, what is chosen, whether it fits',
        response: { 200: DepositPaymentTypes },
      },
    },
    async (req) => ({
      rows: await listDepositPaymentTypes(ctx, req.admin.orgId),
      next_cursor: null,
    }),
  );

  r.put(
    '/iiko/deposit-payment-types',
    {
      config: { permission: 'integration.write' },
      schema: {
        operationId: 'saveIikoDepositPaymentType',
        tags,
        security,
        summary: 'Choose the iiko payment type for one scheme × fiscalization (checked on save)',
        body: DepositPaymentTypeSchema,
        response: { 200: SavedDepositPaymentType },
      },
    },
    async (req) => saveDepositPaymentType(ctx, actorOf(req), req.body),
  );
}
