// Admin API: the installation's scheduled jobs — what each does, when it last ran, when it runs
// next and the last error. Read-only: the jobs belong to the installation, so every
// organization's integrators see the same list (docs/events.md).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../app/context.ts';
import { SCHEDULED_JOBS } from '../../scheduler/jobs.ts';
import { jobStatuses } from '../../scheduler/scheduler.ts';
import { adminSecurity as security, Nullable, Strict, tags, Time } from './schemas.ts';

const Words = Strict({ ru: Type.String(), en: Type.String() });
const Job = Strict({
  name: Type.String(),
  description: Words,
  schedule: Words,
  next_run_at: Nullable(Time),
  running: Type.Boolean({ description: 'A process is running the job now' }),
  last_started_at: Nullable(Time),
  last_finished_at: Nullable(Time),
  last_success_at: Nullable(Time),
  last_error: Nullable(
    Type.String({
      description:
        "The last run's error kind and code (the server log has its message, under the run's start, last_started_at); null after a successful one",
    }),
  ),
  runs: Type.Integer(),
  failures: Type.Integer(),
});

export async function scheduledJobRoutes(app: FastifyInstance, ctx: AppContext) {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/scheduled-jobs',
    {
      config: { permission: 'integration.read' },
      schema: {
        operationId: 'listScheduledJobs',
        tags: tags('scheduled jobs'),
        security,
        summary:
          "The installation's scheduled jobs: last run, next run, last error (each runs once per period, whichever process takes it)",
        response: { 200: Strict({ rows: Type.Array(Job), next_cursor: Type.Null() }) },
      },
    },
    async () => ({ rows: await jobStatuses(ctx, SCHEDULED_JOBS), next_cursor: null }),
  );
}
